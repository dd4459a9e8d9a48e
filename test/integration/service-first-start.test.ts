// A first start of the desktop app has no API key yet. The clerk must be asked for one at once (the
// status says paused for auth), edits saved meanwhile must wait in the outbox without a single request
// to Ticketscloud, and entering the key must send them without any other click.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoxOffice, type BoxOffice } from '../../src-main/core/service.ts';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/server.ts';
import { waitUntil } from '../support/wait.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('first start without an API key', () => {
  it('starts paused for auth, keeps edits without sending, and drains them once a key is entered', async () => {
    const sandbox: Sandbox = await startSandbox({ seed: 11, orders: 20, apiKey: 'venue-key-0001' });
    cleanups.push(() => sandbox.stop());
    const dir = mkdtempSync(join(tmpdir(), 'tcbo-first-start-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const app: BoxOffice = createBoxOffice({ dbFile: join(dir, 'box-office.sqlite'), apiUrl: sandbox.url, apiKey: '' });
    cleanups.push(() => app.stop());
    app.start();

    expect(await app.api.status()).toMatchObject({ paused: 'auth', pending: 0 });

    const orderId = sandbox.orderIds()[0]!;
    const saved = await app.api.saveEdit(orderId, { settings: { send_tickets: true } }, 'anna');
    expect(saved.ok).toBe(true);
    expect(await app.api.status()).toMatchObject({ paused: 'auth', pending: 1 });
    expect(sandbox.stats().byMethod.PATCH ?? 0).toBe(0);

    expect(await app.api.setApiKey('venue-key-0001')).toMatchObject({ ok: true });
    const edits = await waitUntil(
      'the edit to be synced',
      async () => {
        const list = await app.api.listEdits({ order_id: orderId });
        return list.every((edit) => edit.state === 'synced') && list;
      },
      { timeoutMs: 30_000 },
    );
    expect(edits).toHaveLength(1);
    expect(sandbox.getOrderState(orderId)?.settings.send_tickets).toBe(true);
    expect(await app.api.status()).toMatchObject({ paused: null, pending: 0, failed: 0 });
  });
});
