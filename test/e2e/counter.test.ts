// The clerk at the counter, end to end, over BOTH ways the renderer reaches the core: the production
// build of the renderer in Chromium (test/e2e/browser.ts), talking to the real core, SQLite file and
// Ticketscloud sandbox either over the HTTP bridge (browser mode) or through window.boxOffice, the BUILT
// preload and the real IPC handlers (the desktop app; test/e2e/desktop-ipc.ts). The flows issue 5 names:
// find by a Cyrillic name prefix, scan a barcode, edit offline and see it pending, see it sync by itself
// when the server is back, a bad promocode explained next to the code in Russian and English, a failed
// edit retried, and the status bar's counts all along. Screenshots go to test/e2e/screenshots/ (the
// desktop run's with a `desktop-` prefix).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src-main/core/contract.ts';
import {
  buildDesktopApp,
  launchChromium,
  SCREENSHOTS,
  startDesktopStack,
  startStack,
  until,
  type AppBuild,
  type Browser,
  type Core,
  type DesktopStack,
  type Stack,
} from './harness.ts';

const EDITABLE = new Set(['executed', 'in_progress']);
const OPERATOR = 'Анна Кассирова';

let build: AppBuild;

beforeAll(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  build = buildDesktopApp();
}, 120_000);

afterAll(() => build?.remove());

type Transport = 'http' | 'ipc';

describe.each<Transport>(['http', 'ipc'])('the counter in Chromium over %s', (transport) => {
  /** Browser mode's stack (transport http) or the desktop app's (transport ipc): the same core either way. */
  let http: Stack | undefined;
  let desktop: DesktopStack | undefined;
  let stack: Core;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** Every request the page made to /api: the desktop run must make none. */
  const apiRequests: string[] = [];

  function orders(): Order[] {
    return stack.sandbox.orderIds().map((id) => stack.sandbox.getOrderState(id)!);
  }

  /** Editable orders with a customer name, so each flow below gets an order of its own. */
  function editableOrders(): Order[] {
    return orders().filter((order) => EDITABLE.has(order.status) && typeof order.settings.customer?.name === 'string');
  }

  const searchBox = (): Locator => page.getByLabel('Find an order', { exact: true });
  const statusBar = (testId: string): Locator => page.getByTestId(testId);

  async function barText(testId: string): Promise<string> {
    return ((await statusBar(testId).textContent()) ?? '').trim();
  }

  async function waitForBar(testId: string, expected: string): Promise<void> {
    await until(`status bar ${testId} = "${expected}"`, async () => (await barText(testId)) === expected);
  }

  /** Opens an order the way a clerk with a keyboard does: F2, its number, Enter. */
  async function openByNumber(order: Order): Promise<void> {
    await page.keyboard.press('F2');
    await page.keyboard.type(String(order.number));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Order ${order.number}` }).waitFor();
  }

  async function screenshot(name: string): Promise<void> {
    // Only the middle of the app scrolls, so the viewport is the whole screen the clerk sees.
    await page.screenshot({ path: join(SCREENSHOTS, `${transport === 'ipc' ? 'desktop-' : ''}${name}.png`) });
  }

  beforeAll(async () => {
    if (transport === 'http') {
      http = await startStack(build.rendererDir);
      stack = http;
    } else {
      desktop = await startDesktopStack(build);
      stack = desktop;
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()} at ${message.location().url}`);
    });
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiRequests.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    // Name the request behind a "Failed to load resource" line, so a failure here explains itself.
    page.on('response', (response) => {
      if (response.status() >= 400) {
        pageErrors.push(`HTTP ${response.status()} ${response.request().method()} ${response.url().replace(/token=[^&]*/, 'token=…')}`);
      }
    });
    page.on('requestfailed', (request) => {
      // The event stream is cut when the page closes; anything else failing is worth knowing.
      if (!request.url().includes('/api/events')) pageErrors.push(`request failed: ${request.method()} ${request.url()}`);
    });
    if (http) {
      await page.goto(`${http.bridge.url}/#token=${http.token}`);
    } else {
      // The desktop window loads its index page with no token: the preload is its access.
      await desktop!.ipc.attach(page, desktop!.indexUrl);
      await page.goto(desktop!.indexUrl);
    }
    await searchBox().waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  // The desktop run: whatever main refused during a test fails that test, naming the channel and the
  // argument (a renderer call the IPC rules or the sender check refuse is a mismatch, not a clerk error).
  let refusalsSeen = 0;
  afterEach(() => {
    if (!desktop) return;
    const refused = desktop.ipc.invocations.filter((invocation) => !invocation.ok);
    const fresh = refused.slice(refusalsSeen);
    refusalsSeen = refused.length;
    expect(fresh, 'IPC requests main refused during this test').toEqual([]);
  });

  it('starts in the search box, with the status bar counting nothing pending or failed', async () => {
    await until('the search box has the focus', () => searchBox().evaluate((input) => input === document.activeElement));
    // Only browser mode has an access token (in the URL's fragment); the desktop page never had one.
    expect(page.url()).not.toContain('token');
    await waitForBar('bar-online', 'Online');
    await waitForBar('bar-pending', 'Not yet sent: 0');
    await waitForBar('bar-failed', 'Failed: 0');

    // The clerk signs in by name once; F2 takes them back to the search box.
    await page.getByLabel('Operator').fill(OPERATOR);
    await page.keyboard.press('F2');
    await until('the search box has the focus', () => searchBox().evaluate((input) => input === document.activeElement));
  });

  it('finds an order by the first letters of a Cyrillic name', async () => {
    // А-я leaves out ё: the prefix typed is plain Cyrillic letters.
    const target = editableOrders().find((order) => /^[А-Яа-я]{4}/u.test(order.settings.customer!.name!.split(' ').at(-1)!));
    expect(target).toBeDefined();
    const surname = target!.settings.customer!.name!.split(' ').at(-1)!;
    const prefix = surname.slice(0, 4).toLowerCase();

    await page.keyboard.type(prefix);
    const result = page.locator(`button.result[data-order-id="${target!.id}"]`);
    await result.waitFor();
    expect(await result.textContent()).toContain(surname);
    await screenshot('search');

    // Keyboard only: ↓ into the results, then Enter on the one we want.
    await page.keyboard.press('ArrowDown');
    await result.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Order ${target!.number}` }).waitFor();
  });

  it('opens the order of a scanned barcode with no click (fast keystrokes + Enter)', async () => {
    const paid = orders().find((order) => order.status === 'done' && order.tickets[0]?.barcode)!;
    const barcode = paid.tickets[0]!.barcode!;
    // Opening an order hands the focus back to the search box with its text selected: a scan replaces it.
    await until('the search box has the focus', () => searchBox().evaluate((input) => input === document.activeElement));
    await page.keyboard.type(barcode, { delay: 5 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Order ${paid.number}` }).waitFor();
    expect(await page.locator('table.tickets').textContent()).toContain(barcode);
  });

  it('saves a customer edit while Ticketscloud is down and shows it as not yet sent', async () => {
    const target = editableOrders()[0]!;
    await stack.takeSandboxDown();
    await openByNumber(target);

    await page.keyboard.press('Alt+KeyC');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Алла Пугачёва');
    await page.keyboard.press('Enter');

    const nameField = page.locator('.field', { has: page.getByLabel('Name', { exact: true }) });
    await nameField.getByText('not yet sent').waitFor();
    await waitForBar('bar-pending', 'Not yet sent: 1');
    await until('the status bar says offline', async () => (await barText('bar-online')).startsWith('Offline'));
    await screenshot('order-pending');
  });

  it('sends the pending edit by itself when Ticketscloud is back (same port), with no click', async () => {
    const target = editableOrders()[0]!;
    const sandbox = await stack.bringSandboxBack();

    await waitForBar('bar-pending', 'Not yet sent: 0');
    await waitForBar('bar-online', 'Online');
    const nameField = page.locator('.field', { has: page.getByLabel('Name', { exact: true }) });
    await until('the pending mark is gone', async () => (await nameField.getByText('not yet sent').count()) === 0);
    await page.locator('.edit-item[data-edit-id] [data-state="synced"]').first().waitFor();
    expect(sandbox.getOrderState(target.id)!.settings.customer!.name).toBe('Алла Пугачёва');
    expect(await barText('bar-last-sync')).not.toContain('never');
  });

  it('shows a bad promocode’s error next to that code, in English and in Russian', async () => {
    const target = editableOrders()[1]!;
    await openByNumber(target);
    await page.keyboard.press('Alt+KeyP');
    await page.keyboard.type('NOSUCHCODE7');
    await page.keyboard.press('Enter');

    const attempt = page.locator('.promo-attempt[data-code="nosuchcode7"]');
    await attempt.getByText('Promocode not found. Check the spelling with the customer and try again.').waitFor();

    await page.getByRole('button', { name: 'Русский' }).click();
    await attempt.getByText('Промокод не найден. Уточните написание у покупателя и попробуйте снова.').waitFor();
    await attempt.scrollIntoViewIfNeeded();
    await screenshot('order-promocode-error-ru');
    await page.getByRole('button', { name: 'English' }).click();
    await attempt.getByText('Promocode not found.', { exact: false }).waitFor();
    await attempt.scrollIntoViewIfNeeded();
    await screenshot('order-promocode-error');
  });

  it('explains a minimum-ticket promocode with the number of tickets it needs', async () => {
    const target = editableOrders().find((order, index) => index > 1 && order.tickets.length < 3)!;
    await openByNumber(target);
    await page.keyboard.press('Alt+KeyP');
    await page.keyboard.type(stack.sandbox.promocodes.minTickets!);
    await page.keyboard.press('Enter');
    const code = stack.sandbox.promocodes.minTickets!.toLowerCase();
    await page.locator(`.promo-attempt[data-code="${code}"]`).getByText(/The order needs (at least \d+|more) tickets/).waitFor();
  });

  it('shows a refused edit with the server’s reason, counts it as failed, and retries it on request', async () => {
    const target = editableOrders().at(-1)!;
    const openedAt = Date.now();
    await openByNumber(target);
    // Opening refreshed the copy (one GET through the order's lane); only then does the web shop sell it,
    // behind the counter's back, so the cache still says it is editable and the server is the judge.
    await until('the order was refreshed on open', async () => {
      const fetchedAt = (await stack.boxOffice.api.getOrder(target.id)).fetched_at;
      return fetchedAt !== null && Date.parse(fetchedAt) >= openedAt;
    });
    stack.sandbox.setOrderStatus(target.id, 'done');

    await page.keyboard.press('Alt+KeyT');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Save', exact: true }).press('Enter');

    const refused = page.getByText(/Ticketscloud refused it: .*done/);
    await refused.waitFor();
    await waitForBar('bar-failed', 'Failed: 1');
    await refused.scrollIntoViewIfNeeded();
    await screenshot('order-failed');

    stack.sandbox.setOrderStatus(target.id, 'in_progress');
    await page.getByRole('button', { name: 'Retry' }).press('Enter');
    await waitForBar('bar-failed', 'Failed: 0');
    await waitForBar('bar-pending', 'Not yet sent: 0');
    await until('Ticketscloud has the change', () => stack.sandbox.getOrderState(target.id)!.settings.send_tickets === !target.settings.send_tickets);
  });

  it('lists every edit in the history with its operator and outcome', async () => {
    await page.keyboard.press('F9');
    await page.getByRole('heading', { name: 'History of changes' }).waitFor();
    const rows = page.locator('table.history tbody tr');
    await until('four edits in the history', async () => (await rows.count()) === 4);
    const history = (await page.locator('table.history').textContent()) ?? '';
    expect(history).toContain('name → Алла Пугачёва');
    expect(history).toContain(OPERATOR);
    await screenshot('history');
    await page.keyboard.press('Escape');
    await until('back in the search box', () => searchBox().evaluate((input) => input === document.activeElement));
  });

  it('finishes a reservation by keyboard alone: found by name, a promocode, the customer, confirmed paid, barcodes shown', async () => {
    // Not an order an earlier flow used (the first two, the last, and the one with few tickets).
    const target = editableOrders()
      .slice(2, -1)
      .find((order) => order.status === 'executed' && order.tickets.length >= 3 && order.promocodes.length === 0)!;
    expect(target).toBeDefined();
    const started = performance.now();

    await until('the search box has the focus', () => searchBox().evaluate((input) => input === document.activeElement));
    await page.keyboard.type(target.settings.customer!.name!);
    const result = page.locator(`button.result[data-order-id="${target.id}"]`);
    await result.waitFor();
    await page.keyboard.press('ArrowDown');
    for (let step = 0; step < 20 && !(await result.evaluate((button) => button === document.activeElement)); step++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Order ${target.number}` }).waitFor();

    await page.keyboard.press('Alt+KeyP');
    await page.keyboard.type(stack.sandbox.promocodes.fixed!);
    await page.keyboard.press('Enter');
    await until('Ticketscloud applied the promocode', () => stack.sandbox.getOrderState(target.id)!.promocodes.length === 1);

    await page.keyboard.press('Alt+KeyC');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Ольга Кассирова');
    await page.keyboard.press('Enter');
    await until('Ticketscloud has the customer', () => stack.sandbox.getOrderState(target.id)!.settings.customer?.name === 'Ольга Кассирова');

    const toCollect = stack.sandbox.getOrderState(target.id)!.values.full;
    await until('the total to collect is the discounted one', async () => ((await page.getByTestId('total-to-collect').textContent()) ?? '').trim() === toCollect);
    await page.keyboard.press('Alt+KeyF');
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText(`Take ${toCollect} from the customer first`, { exact: false }).waitFor();
    await screenshot('order-confirm-paid');
    await page.keyboard.press('Enter');

    await page.locator('.order-head').getByText('Paid', { exact: true }).waitFor();
    const barcodes = stack.sandbox.getOrderState(target.id)!.tickets.map((ticket) => ticket.barcode!);
    expect(barcodes.every((barcode) => /^\d{13}$/.test(barcode))).toBe(true);
    await until('every barcode is shown', async () => {
      const table = (await page.locator('table.tickets').textContent()) ?? '';
      return barcodes.every((barcode) => table.includes(barcode));
    });
    console.log(`[e2e ${transport}] found, promocode, customer and paid by keyboard in ${Math.round(performance.now() - started)} ms`);

    // A paid order takes no change: every form is locked, and the screen says why.
    await page.getByTestId('read-only-reason').getByText(`Order ${target.number} is Paid`, { exact: false }).waitFor();
    expect(await page.getByTestId('order-edits').evaluate((fieldset) => (fieldset as HTMLFieldSetElement).disabled)).toBe(true);
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    await screenshot('order-paid');
  });

  it('ran under the strict CSP without a single page error', () => {
    expect(pageErrors).toEqual([]);
  });

  // Browser mode only: there the core sits behind an HTTP bridge that can go away while the page stays.
  // In the desktop app the core runs in the main process that owns the window, so they go together.
  if (transport === 'http') {
    it('says so when the core itself goes away, and recovers by itself when it is back', async () => {
      const lost = page.getByRole('alert').filter({ hasText: 'No connection to the box office core' });
      await http!.takeBridgeDown();
      await lost.waitFor();
      await waitForBar('bar-online', 'Status unknown');
      await screenshot('core-unreachable');

      await http!.bringBridgeBack();
      // The event stream reconnects on its own; its first event brings the status back.
      await lost.waitFor({ state: 'detached' });
      await waitForBar('bar-online', 'Online');
    });
  }

  // The desktop app only: proof that this run really went renderer → preload → IPC → core.
  if (transport === 'ipc') {
    it('reached the core only through window.boxOffice and the IPC channels, never over HTTP', async () => {
      const ipc = desktop!.ipc;
      expect(ipc.exposedKeys).toEqual(['boxOffice']);
      const names = await page.evaluate(() => Object.keys(window.boxOffice ?? {}));
      expect(names).toEqual(ipc.exposedNames);
      expect(apiRequests).toEqual([]);
      const channels = new Set(ipc.invocations.map((invocation) => invocation.channel));
      for (const method of ['status', 'search', 'getOrder', 'saveEdit', 'retryEdit', 'listEdits']) expect(channels).toContain(`box-office:${method}`);
      // Every answer was a success: a refused sender (403) or an argument the IPC rules refuse (422)
      // would be a mismatch between the renderer, the preload and main.
      expect(ipc.invocations.filter((invocation) => !invocation.ok)).toEqual([]);
      expect(ipc.eventsSent()).toBeGreaterThan(0);
    });
  }
});
