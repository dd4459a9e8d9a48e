// What electron-vite builds for the desktop app, checked where Electron's binary cannot be downloaded:
// the main bundle resolves all its modules and fails only on `electron`; with a stand-in for electron it
// runs for real (core, SQLite, IPC, hardening, quit); the preload is CommonJS that needs nothing but
// electron, as a sandboxed preload must.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type TempBuild } from './electron-temp-build.ts';
import { CONTRACT_METHODS } from '../../src-main/core/transport-routes.ts';

let build: TempBuild;
let appDir: string;
let mainFile: string;
let preloadFile: string;

beforeAll(() => {
  // Main and preload only: the renderer is not this file's business (the fake window never renders).
  build = buildApp(['main', 'preload']);
  appDir = build.dir;
  mainFile = join(build.outDir, 'main', 'main.js');
  preloadFile = join(build.outDir, 'preload', 'preload.cjs');
  // A stand-in renderer for app:// to serve, with traps it must not: a dotfile and a link out of it.
  const rendererDir = join(build.outDir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Касса</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("box office")');
  writeFileSync(join(rendererDir, '.env'), 'FAKE_SECRET=1');
  writeFileSync(join(build.dir, 'outside-secret.txt'), 'FAKE_SECRET');
  symlinkSync(join(build.dir, 'outside-secret.txt'), join(rendererDir, 'linked-out'));
});

afterAll(() => build?.remove());

describe('built main process', () => {
  it('loads in plain Node with every module of ours found, failing only where it needs electron', () => {
    const run = spawnSync(process.execPath, [mainFile], { cwd: appDir, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/electron/i);
    expect(run.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);
  });

  interface Trace {
    sandboxEnabled: boolean;
    singleInstanceLock: boolean;
    userData: string;
    windows: { webPreferences: Record<string, unknown> }[];
    loadedFiles: string[];
    loadedUrls: string[];
    privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
    handledSchemes: string[];
    protocolAnswers: Record<string, { status: number | string; type?: string | null; csp?: string | null; leaked?: boolean }>;
    channels: string[];
    replies: Record<string, { ok: boolean; status?: number; value?: unknown; errors?: { code: string }[] }>;
    sent: { channel: string; payload: { type: string } }[];
    navigation: { away: boolean; reload: boolean; webview: boolean; newWindow: unknown };
    permissions: { request: boolean; check: boolean };
    requests: { remote: boolean; ownPage: boolean; fileUrl: boolean };
    errors: string[];
    dialogs: unknown[];
    quitPrevented: number;
    demoImported?: boolean;
  }

  /** Runs out/main/main.js with the stand-in electron module and returns what it saw. */
  function runWithFakeElectron(args: string[]): { trace: Trace; appData: string; userData: string; stderr: string; status: number | null } {
    const appData = mkdtempSync(join(tmpdir(), 'tc-electron-app-data-'));
    const userData = join(appData, 'TC Box Office');
    const fakeElectron = pathToFileURL(join(import.meta.dirname, 'electron-fake-runtime.mjs')).href;
    const hook = `export async function resolve(specifier, context, next) {
      return specifier === 'electron' ? { url: ${JSON.stringify(fakeElectron)}, shortCircuit: true } : next(specifier, context);
    }`;
    const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
    const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, mainFile, ...args], {
      cwd: appDir,
      encoding: 'utf8',
      timeout: 50_000,
      env: {
        ...process.env,
        FAKE_ELECTRON_APP_DATA: appData,
        FAKE_ELECTRON_APP_PATH: appDir,
        // A closed local port: the engine finds Ticketscloud offline, never the real one.
        TICKETSCLOUD_API_URL: 'http://127.0.0.1:9',
      },
    });
    const line = run.stdout.split('\n').find((text) => text.startsWith('FAKE_ELECTRON_TRACE '));
    if (!line) throw new Error(`no trace from the main process (status ${run.status}):\n${run.stdout}\n${run.stderr}`);
    return { trace: JSON.parse(line.slice('FAKE_ELECTRON_TRACE '.length)) as Trace, appData, userData, stderr: run.stderr, status: run.status };
  }

  it('starts the core, opens one hardened window, serves only its own page, and stops the core on quit', () => {
    const { trace, appData, userData, status } = runWithFakeElectron([]);
    try {
      expect(trace.errors).toEqual([]);
      expect(status).toBe(0);
      expect(trace.sandboxEnabled).toBe(true);
      expect(trace.singleInstanceLock).toBe(true);

      expect(trace.windows).toHaveLength(1);
      const preferences = trace.windows[0]?.webPreferences ?? {};
      expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
      expect(preferences.preload).toBe(preloadFile);
      expect(existsSync(preloadFile)).toBe(true);
      // The page comes through the app:// scheme, never from file:// (so the file-privileges fuse can be off).
      expect(trace.loadedFiles).toEqual([]);
      expect(trace.loadedUrls).toEqual(['app://renderer/index.html']);
      expect(trace.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
      expect(trace.handledSchemes).toEqual(['app']);
      expect(trace.protocolAnswers.page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', csp: expect.stringContaining("script-src 'self'") });
      expect(trace.protocolAnswers.asset).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
      for (const name of ['dotfile', 'symlinkOut', 'mainBundle']) {
        expect(trace.protocolAnswers[name], name).toMatchObject({ status: 404, leaked: false });
      }

      // One channel per contract method, each registered by the built main process.
      expect([...trace.channels].sort()).toEqual(CONTRACT_METHODS.map((method) => `box-office:${method}`).sort());
      expect(trace.replies.status).toMatchObject({ ok: true, value: { pending: 0, failed: 0 } });
      expect(trace.replies.badOrderId).toMatchObject({ ok: false, status: 422 });
      expect(trace.replies.fromStranger).toMatchObject({ ok: false, status: 403 });
      expect(trace.replies.fromOtherWindow).toMatchObject({ ok: false, status: 403 });
      expect(trace.replies.saved).toMatchObject({ ok: true, value: { state: 'pending', operator: 'anna' } });
      expect(trace.replies.russianLayoutKey).toMatchObject({ ok: false, status: 422, errors: [{ code: 'api_key_layout' }] });
      expect(trace.replies.apiKey).toMatchObject({ ok: true });
      expect(trace.sent.some((message) => message.channel === 'box-office:event' && message.payload.type === 'edit')).toBe(true);

      expect(trace.navigation).toEqual({ away: true, reload: false, webview: true, newWindow: { action: 'deny' } });
      expect(trace.permissions).toEqual({ request: false, check: false });
      expect(trace.requests).toEqual({ remote: true, ownPage: false, fileUrl: true });

      // The clerk's edit and the key are on disk in the user data folder named after the product
      // (the same in development and installed), the key not in clear.
      expect(trace.userData).toBe(userData);
      expect(existsSync(join(userData, 'box-office.sqlite'))).toBe(true);
      expect(readFileSync(join(userData, 'api-key.bin')).toString()).not.toContain('tc-smoke-key-0001');
      expect(JSON.stringify(trace)).not.toContain('tc-smoke-key-0001');
      // Quit waited for the core: the database was closed (SQLite removes the WAL file on a clean close).
      expect(trace.quitPrevented).toBeGreaterThanOrEqual(1);
      expect(existsSync(join(userData, 'box-office.sqlite-wal'))).toBe(false);
    } finally {
      rmSync(appData, { recursive: true, force: true });
    }
  });

  it('with --demo runs against the built-in sandbox: orders are imported and searchable, and the venue database is untouched', () => {
    const { trace, appData, userData, status } = runWithFakeElectron(['--demo']);
    try {
      expect(trace.errors).toEqual([]);
      expect(status).toBe(0);
      expect(trace.demoImported).toBe(true);
      expect(trace.replies.search).toMatchObject({ ok: true });
      const answer = trace.replies.search?.value as { results: unknown[] };
      expect(answer.results.length).toBeGreaterThan(0);
      expect(existsSync(join(userData, 'box-office.sqlite'))).toBe(false);
      expect(existsSync(join(userData, 'api-key.bin'))).toBe(false);
    } finally {
      rmSync(appData, { recursive: true, force: true });
    }
  });
});

describe('built preload', () => {
  it('is CommonJS that requires nothing but electron and exposes window.boxOffice over IPC', async () => {
    const code = readFileSync(preloadFile, 'utf8');
    const required: string[] = [];
    const exposed: Record<string, Record<string, (...args: unknown[]) => unknown>> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: Record<string, (...args: unknown[]) => unknown>) => (exposed[key] = value) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return { ok: true, value: { online: true } };
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    // A sandboxed preload gets a CommonJS `require` limited to a few modules: an `import` statement
    // would be a SyntaxError here, and any other require would fail in Electron too.
    vm.runInNewContext(code, {
      require: (id: string) => {
        required.push(id);
        if (id === 'electron') return electron;
        throw new Error(`a sandboxed preload cannot require ${id}`);
      },
      module: { exports: {} },
      exports: {},
    });
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['boxOffice']);
    await expect(exposed.boxOffice?.status?.()).resolves.toEqual({ online: true });
    expect(invoked).toEqual([['box-office:status']]);
  });
});
