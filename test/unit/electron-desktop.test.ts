// What only the desktop app does, checked on the BUILT main process in plain Node with the stand-in
// electron (electron-desktop-runtime.mjs), its page played by the BUILT preload: the API key the clerk
// enters reaches safeStorage and never comes back over IPC; a keyring-less Linux gets the weak-protection
// warning; a second start focuses the first window, and a start without the single-instance lock opens
// nothing; quit waits for a request in flight and records its answer; `npm start` and the installed app
// use one user data folder.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import builderConfig from '../../electron-builder.config.ts';
import { BASIC_TEXT_WARNING } from '../../src-main/electron/secrets.ts';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/server.ts';
import { buildApp, type TempBuild } from './electron-temp-build.ts';

const API_KEY = 'tc-desktop-key-0001';

interface DesktopTrace {
  scenario: string;
  windows: number;
  userData: string;
  replies: Record<string, { ok?: boolean; value?: unknown } | unknown>;
  sent: { type: string; [field: string]: unknown }[];
  encrypted: boolean[];
  messageBoxes: { message: string; detail: string }[];
  restored: number;
  focused: number;
  quitPrevented: boolean;
  errors: string[];
}

interface Run {
  trace: DesktopTrace;
  stdout: string;
  stderr: string;
  status: number | null;
}

let build: TempBuild;
let mainFile: string;
const appDataFolders: string[] = [];

beforeAll(() => {
  build = buildApp(['main', 'preload']);
  mainFile = join(build.outDir, 'main', 'main.js');
}, 120_000);

afterAll(() => {
  build?.remove();
  for (const folder of appDataFolders) rmSync(folder, { recursive: true, force: true });
});

function newAppData(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tc-desktop-app-data-'));
  appDataFolders.push(folder);
  return folder;
}

/** Runs out/main/main.js with the stand-in electron; asynchronous, so a server in this process can answer it. */
function runDesktop(scenario: string, appData: string, env: Record<string, string> = {}): Promise<Run> {
  const runtime = pathToFileURL(join(import.meta.dirname, 'electron-desktop-runtime.mjs')).href;
  const hook = `export async function resolve(specifier, context, next) {
    return specifier === 'electron' ? { url: ${JSON.stringify(runtime)}, shortCircuit: true } : next(specifier, context);
  }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(register)}`, mainFile], {
    cwd: build.dir,
    env: {
      ...process.env,
      FAKE_ELECTRON_APP_DATA: appData,
      FAKE_ELECTRON_APP_PATH: build.dir,
      // A closed local port unless the test gives its own Ticketscloud: never the real one.
      TICKETSCLOUD_API_URL: 'http://127.0.0.1:9',
      DESKTOP_SCENARIO: scenario,
      DESKTOP_API_KEY: API_KEY,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 50_000);
  return new Promise((resolve, reject) => {
    child.on('close', (status) => {
      clearTimeout(killer);
      const line = stdout.split('\n').find((text) => text.startsWith('DESKTOP_TRACE '));
      if (!line) reject(new Error(`no trace from the main process (status ${status}):\n${stdout}\n${stderr}`));
      else resolve({ trace: JSON.parse(line.slice('DESKTOP_TRACE '.length)) as DesktopTrace, stdout, stderr, status });
    });
  });
}

describe('the desktop app, built, with the stand-in electron and the built preload as its page', () => {
  it('stores the API key the clerk enters through window.boxOffice with safeStorage, and never hands it back', async () => {
    const appData = newAppData();
    const { trace, stdout, stderr, status } = await runDesktop('key', appData);
    expect(trace.errors).toEqual([]);
    expect(status).toBe(0);
    expect(trace.replies.setApiKey).toMatchObject({ ok: true });
    // The key went through safeStorage, once, and is on disk only encrypted.
    expect(trace.encrypted).toEqual([true]);
    const keyFile = join(appData, 'TC Box Office', 'api-key.bin');
    expect(existsSync(keyFile)).toBe(true);
    expect(readFileSync(keyFile).toString()).not.toContain(API_KEY);
    // Nothing the page received — answers of every read method, events — and nothing logged carries it.
    expect(Object.keys(trace.replies).sort()).toEqual(['getOrder', 'historyCsv', 'listEdits', 'listEvents', 'search', 'setApiKey', 'status']);
    expect(JSON.stringify([trace.replies, trace.sent])).not.toContain(API_KEY);
    expect(stdout + stderr).not.toContain(API_KEY);
    // An OS keyring (the stand-in's default): no warning.
    expect(trace.messageBoxes).toEqual([]);
  });

  it('warns the clerk in both languages when Linux has no keyring (basic_text), Russian first on a Russian system', async () => {
    const { trace, stdout, stderr, status } = await runDesktop('key', newAppData(), { DESKTOP_KEYRING: 'basic_text' });
    expect(trace.errors).toEqual([]);
    expect(status).toBe(0);
    expect(trace.replies.setApiKey).toMatchObject({ ok: true });
    expect(trace.messageBoxes).toEqual([{ message: BASIC_TEXT_WARNING.ru, detail: BASIC_TEXT_WARNING.en }]);
    expect(stderr).toContain('no system keyring');
    expect(stdout + stderr).not.toContain(API_KEY);
  });

  it('brings the running window back (restored, focused) when the app is started a second time', async () => {
    const { trace, status } = await runDesktop('second-instance', newAppData());
    expect(trace.errors).toEqual([]);
    expect(status).toBe(0);
    expect(trace.windows).toBe(1);
    expect(trace.restored).toBe(1);
    expect(trace.focused).toBe(1);
  });

  it('opens no window and no database when another start holds the single-instance lock', async () => {
    const appData = newAppData();
    const { trace, status } = await runDesktop('locked', appData);
    expect(trace.errors).toEqual([]);
    expect(status).toBe(0);
    expect(trace.windows).toBe(0);
    expect(existsSync(join(appData, 'TC Box Office', 'box-office.sqlite'))).toBe(false);
  });

  it('uses the same user data folder when installed as under npm start: the one named after the product', async () => {
    const appData = newAppData();
    const development = await runDesktop('key', appData);
    const installed = await runDesktop('packaged', appData);
    expect(development.trace.errors).toEqual([]);
    expect(installed.trace.errors).toEqual([]);
    expect(installed.status).toBe(0);
    expect(builderConfig.productName).toBe('TC Box Office');
    expect(development.trace.userData).toBe(join(appData, builderConfig.productName!));
    expect(installed.trace.userData).toBe(development.trace.userData);
    // The installed start found the key the development start stored there (it did not ask again).
    expect(installed.trace.encrypted).toEqual([true]);
    expect(existsSync(join(development.trace.userData, 'box-office.sqlite'))).toBe(true);
  });
});

describe('quitting the desktop app while a request is in flight', () => {
  let sandbox: Sandbox;
  let ticketscloud: Server;
  let url: string;
  const steps: string[] = [];
  let patchArrived!: () => void;
  const arrived = new Promise<void>((resolve) => (patchArrived = resolve));
  let answerPatch!: () => void;
  const released = new Promise<void>((resolve) => (answerPatch = resolve));

  function body(request: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks)));
    });
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ orders: 20, seed: 5, apiKey: API_KEY });
    // Ticketscloud as the app sees it: the sandbox, except that a PATCH is held until the app has been
    // told to quit. The app's stand-in page drives the steps through /control.
    ticketscloud = createServer((request, response) => {
      void (async () => {
        if (request.url === '/control/patch-arrived') {
          await arrived;
          return response.end('ok');
        }
        if (request.url === '/control/quit-requested') {
          steps.push('quit requested');
          answerPatch();
          return response.end('ok');
        }
        const sent = await body(request);
        if (request.method === 'PATCH') {
          steps.push('PATCH arrived');
          patchArrived();
          await released;
        }
        const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => ['authorization', 'content-type', 'accept'].includes(name))) as Record<string, string>;
        const answer = await fetch(`${sandbox.url}${request.url}`, { method: request.method!, headers, ...(sent.length > 0 ? { body: new Uint8Array(sent) } : {}) });
        const text = Buffer.from(await answer.arrayBuffer());
        if (request.method === 'PATCH') steps.push(`PATCH answered ${answer.status}`);
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
      })();
    });
    await new Promise<void>((listening) => ticketscloud.listen(0, '127.0.0.1', listening));
    const address = ticketscloud.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    await new Promise((closed) => ticketscloud?.close(closed));
    await sandbox?.stop();
  });

  it('waits for the answer before it exits, and records it: the edit is synced, not sent again next time', async () => {
    // An editable order that does not send tickets yet: the edit turns it on.
    const orderId = sandbox.orderIds().find((id) => {
      const order = sandbox.getOrderState(id)!;
      return ['executed', 'in_progress'].includes(order.status) && order.settings.send_tickets !== true;
    })!;
    const appData = newAppData();
    const { trace, status } = await runDesktop('quit-in-flight', appData, {
      TICKETSCLOUD_API_URL: url,
      DESKTOP_CONTROL_URL: `${url}/control`,
      DESKTOP_ORDER_ID: orderId,
    });
    expect(trace.errors).toEqual([]);
    expect(status).toBe(0);
    expect(trace.replies.saveEdit).toMatchObject({ ok: true, value: { state: 'pending' } });
    // Quit was held back while the PATCH was out, and the app exited only after its answer came.
    expect(trace.quitPrevented).toBe(true);
    expect(steps).toEqual(['PATCH arrived', 'quit requested', 'PATCH answered 200']);
    expect(sandbox.appliedPatches(orderId)).toHaveLength(1);
    expect(sandbox.getOrderState(orderId)!.settings.send_tickets).toBe(true);

    const database = new Database(join(appData, 'TC Box Office', 'box-office.sqlite'), { readonly: true });
    try {
      expect(database.prepare('SELECT state FROM edits').all()).toEqual([{ state: 'synced' }]);
    } finally {
      database.close();
    }
  });
});
