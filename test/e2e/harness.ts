// The real stack for end-to-end tests: the renderer built for production, the Ticketscloud sandbox, the
// box office core on a real SQLite file, the HTTP bridge serving the renderer, and a Chromium (found by
// browser.ts) driven by playwright-core. Nothing here is faked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { chromium, type BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { createBoxOffice, type BoxOffice } from '../../src-main/core/service.ts';
import { createBridge, type Bridge } from '../../src-main/headless/bridge.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src-main/sandbox/server.ts';
import { browserLaunchOptions, chooseBrowser, thisMachine } from './browser.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(PROJECT_ROOT, 'test/e2e/screenshots');

/** Builds src-renderer exactly as electron.vite.config.ts does (root src-renderer, base './'), into `outDir`. */
export async function buildRenderer(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: join(PROJECT_ROOT, 'src-renderer'),
    base: './',
    logLevel: 'warn',
    plugins: [svelte({ configFile: join(PROJECT_ROOT, 'svelte.config.js') })],
    build: { outDir, emptyOutDir: true },
  });
}

/** Polls `probe` until it returns something truthy; throws with `what` when the deadline passes. */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((tick) => setTimeout(tick, 50));
  }
}

export interface Stack {
  folder: string;
  token: string;
  sandbox: Sandbox;
  sandboxOptions: SandboxOptions;
  boxOffice: BoxOffice;
  bridge: Bridge;
  /** Stops the sandbox: the counter is offline. */
  takeSandboxDown(): Promise<void>;
  /** Starts the sandbox again on the same port with the same data: the counter is back online. */
  bringSandboxBack(): Promise<Sandbox>;
  /** Closes the bridge the page talks to (the core keeps running): the renderer loses its core. */
  takeBridgeDown(): Promise<void>;
  /** Serves the same core, renderer and token again on the same port. */
  bringBridgeBack(): Promise<void>;
  stop(): Promise<void>;
}

/** `rendererDir`: the built renderer the bridge serves at `/`; omitted for API-only tests. */
export async function startStack(rendererDir?: string): Promise<Stack> {
  const folder = mkdtempSync(join(tmpdir(), 'box-office-e2e-'));
  const token = 'e2e-token-0123456789abcdef';
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
  const bridgeOptions = { api: boxOffice.api, token, ...(rendererDir ? { rendererDir } : {}) };
  let bridge = await createBridge({ ...bridgeOptions, port: 0 });
  let bridgeUp = true;

  return {
    folder,
    token,
    get sandbox() {
      return sandbox;
    },
    sandboxOptions,
    boxOffice,
    get bridge() {
      return bridge;
    },
    async takeSandboxDown() {
      await sandbox.stop();
      sandboxUp = false;
    },
    async bringSandboxBack() {
      sandbox = await startSandbox({ ...sandboxOptions, port });
      sandboxUp = true;
      return sandbox;
    },
    async takeBridgeDown() {
      await bridge.close();
      bridgeUp = false;
    },
    async bringBridgeBack() {
      bridge = await createBridge({ ...bridgeOptions, port: bridge.port });
      bridgeUp = true;
    },
    async stop() {
      if (bridgeUp) await bridge.close();
      await boxOffice.stop();
      if (sandboxUp) await sandbox.stop();
      rmSync(folder, { recursive: true, force: true });
    },
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
