// The real stack for end-to-end tests: the desktop app built for production (renderer and preload, by
// electron-vite), the Ticketscloud sandbox, the box office core on a real SQLite file, and one of its two
// transports — the HTTP bridge serving the renderer (browser mode), or the built preload and the real IPC
// handlers (the desktop app, desktop-ipc.ts) with the renderer served by a plain static server — and a
// Chromium (found by browser.ts) driven by playwright-core. Only Electron itself is stood in for.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { createBoxOffice, type BoxOffice } from '../../src-main/core/service.ts';
import { CONTENT_SECURITY_POLICY } from '../../src-main/electron/security.ts';
import { createBridge, type Bridge } from '../../src-main/headless/bridge.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src-main/sandbox/server.ts';
import { buildApp, type TempBuild } from '../unit/electron-temp-build.ts';
import { browserLaunchOptions, chooseBrowser, thisMachine } from './browser.ts';
import { startDesktopIpc, type DesktopIpc } from './desktop-ipc.ts';
import { waitUntil } from '../support/wait.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(PROJECT_ROOT, 'test/e2e/screenshots');

export interface AppBuild {
  /** out/renderer: what `npm run web` serves and what the desktop window loads. */
  rendererDir: string;
  /** out/preload/preload.cjs */
  preloadFile: string;
  remove(): void;
}

/** The renderer and the preload as `electron-vite build` makes them, into a folder of their own. */
export function buildDesktopApp(): AppBuild {
  const build: TempBuild = buildApp(['renderer', 'preload']);
  return { rendererDir: join(build.outDir, 'renderer'), preloadFile: join(build.outDir, 'preload', 'preload.cjs'), remove: build.remove };
}

/** The e2e tests' wait: the shared one (test/support/wait.ts), with a pace that suits a browser. */
export function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 20_000) {
  return waitUntil(what, probe, { timeoutMs, intervalMs: 50 });
}

/** The core on a real SQLite file over the sandbox, whichever transport carries it to the renderer. */
export interface Core {
  folder: string;
  sandbox: Sandbox;
  sandboxOptions: SandboxOptions;
  boxOffice: BoxOffice;
  /** Stops the sandbox: the counter is offline. */
  takeSandboxDown(): Promise<void>;
  /** Starts the sandbox again on the same port with the same data: the counter is back online. */
  bringSandboxBack(): Promise<Sandbox>;
  stop(): Promise<void>;
}

async function startCore(): Promise<Core> {
  const folder = mkdtempSync(join(tmpdir(), 'box-office-e2e-'));
  const sandboxOptions: SandboxOptions = { orders: 120, seed: 7, processingMs: 5 };
  let sandbox = await startSandbox(sandboxOptions);
  const port = Number(new URL(sandbox.url).port);
  let sandboxUp = true;
  const boxOffice = createBoxOffice({
    dbFile: join(folder, 'box-office.sqlite'),
    apiUrl: sandbox.url,
    apiKey: sandbox.apiKey,
    // Short waits so "back online" is noticed within a second, not the production 30 s.
    policy: { retryBaseMs: 100, retryCapMs: 500, probeBaseMs: 100, probeCapMs: 500 },
  });
  boxOffice.start();
  const imported = await boxOffice.api.importOrders({});
  if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.errors)}`);
  return {
    folder,
    get sandbox() {
      return sandbox;
    },
    sandboxOptions,
    boxOffice,
    async takeSandboxDown() {
      await sandbox.stop();
      sandboxUp = false;
    },
    async bringSandboxBack() {
      sandbox = await startSandbox({ ...sandboxOptions, port });
      sandboxUp = true;
      return sandbox;
    },
    async stop() {
      await boxOffice.stop();
      if (sandboxUp) await sandbox.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Browser mode: the core behind the HTTP bridge. */
export interface Stack extends Core {
  token: string;
  bridge: Bridge;
  /** Closes the bridge the page talks to (the core keeps running): the renderer loses its core. */
  takeBridgeDown(): Promise<void>;
  /** Serves the same core, renderer and token again on the same port. */
  bringBridgeBack(): Promise<void>;
}

/** `rendererDir`: the built renderer the bridge serves at `/`; omitted for API-only tests. */
export async function startStack(rendererDir?: string): Promise<Stack> {
  const core = await startCore();
  const token = 'e2e-token-0123456789abcdef';
  const bridgeOptions = { api: core.boxOffice.api, token, ...(rendererDir ? { rendererDir } : {}) };
  let bridge = await createBridge({ ...bridgeOptions, port: 0 });
  let bridgeUp = true;
  const stopCore = core.stop;
  // Added onto the core object itself: its `sandbox` is a getter (the sandbox is replaced when it comes back).
  return Object.defineProperties(core as Stack, {
    token: { value: token },
    bridge: { get: () => bridge },
    takeBridgeDown: {
      value: async () => {
        await bridge.close();
        bridgeUp = false;
      },
    },
    bringBridgeBack: {
      value: async () => {
        bridge = await createBridge({ ...bridgeOptions, port: bridge.port });
        bridgeUp = true;
      },
    },
    stop: {
      value: async () => {
        if (bridgeUp) await bridge.close();
        await stopCore();
      },
    },
  });
}

/** The desktop app: the core behind the built preload and the real IPC handlers; the renderer served as files. */
export interface DesktopStack extends Core {
  ipc: DesktopIpc;
  /** The served index.html: the page the desktop window would show. */
  indexUrl: string;
}

export async function startDesktopStack(build: AppBuild): Promise<DesktopStack> {
  const core = await startCore();
  const rendererIndexFile = join(build.rendererDir, 'index.html');
  const ipc = startDesktopIpc({ api: core.boxOffice.api, preloadFile: build.preloadFile, rendererIndexFile });
  const server = await serveRenderer(build.rendererDir);
  const stopCore = core.stop;
  return Object.defineProperties(core as DesktopStack, {
    ipc: { value: ipc },
    indexUrl: { value: `${server.url}/index.html` },
    stop: {
      value: async () => {
        ipc.close();
        await server.close();
        await stopCore();
      },
    },
  });
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * The built renderer as plain files under the app's CSP, and nothing else: no /api, so a renderer that
 * fell back to HTTP instead of window.boxOffice fails loudly. (How the desktop window loads its files —
 * file:// or a custom protocol — is main.ts's business; the page and its CSP are the same.)
 */
async function serveRenderer(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const folder = resolve(root);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = resolve(folder, `.${path === '/' ? '/index.html' : path}`);
    const isFile = file.startsWith(folder + sep) && statSync(file, { throwIfNoEntry: false })?.isFile() === true;
    if (request.method !== 'GET' || !isFile) {
      response.writeHead(404, { 'Content-Security-Policy': CONTENT_SECURITY_POLICY }).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

export interface Browser {
  context: BrowserContext;
  /** Which browser this is (path and where it came from), for a failure message. */
  description: string;
  close(): Promise<void>;
}

/** Chromium with a fresh profile, so no cache, storage or session leaks in from another run. */
export async function launchChromium(): Promise<Browser> {
  const { description, ...launch } = await browserLaunchOptions(chooseBrowser(thisMachine(PROJECT_ROOT)), PROJECT_ROOT);
  const profile = mkdtempSync(join(tmpdir(), 'box-office-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...launch,
    headless: true,
    viewport: { width: 1400, height: 1100 },
    locale: 'en-GB',
    timezoneId: 'Europe/Moscow',
  });
  return {
    context,
    description,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
