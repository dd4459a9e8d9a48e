// The core as the desktop app runs it: the venue's database and Ticketscloud, or, with --demo, the
// built-in sandbox and a throw-away database (the same demo headless mode starts). Plain Node, so it is
// tested without Electron.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBoxOffice, type BoxOffice } from '../core/service.ts';
import type { LaunchOptions } from './launch.ts';
import type { AppPaths } from './paths.ts';

/** The demo's size and seed: the same orders every demo start, as in `npm run headless -- --demo`. */
export const DEMO_ORDERS = 500;
export const DEMO_SEED = 20_261_128;

export interface Backend {
  core: BoxOffice;
  /** Stops the sync engine (requests in flight finish) and closes the database; for a demo also the sandbox. */
  stop(): Promise<void>;
}

export interface BackendOptions {
  launch: LaunchOptions;
  paths: Pick<AppPaths, 'dbFile' | 'migrationsFolder'>;
  /** The stored API key, read only when it is needed (not in demo mode). */
  readApiKey: () => string | null;
  log?: Pick<Console, 'warn'>;
}

export async function startBackend({ launch, paths, readApiKey, log = console }: BackendOptions): Promise<Backend> {
  if (launch.demo) return startDemo(paths.migrationsFolder, log);
  // No stored key yet: the engine starts paused (nothing is sent with an empty key) and the status bar asks the clerk for one.
  const core = createBoxOffice({
    dbFile: paths.dbFile,
    apiUrl: launch.apiUrl,
    apiKey: readApiKey() ?? '',
    migrationsFolder: paths.migrationsFolder,
    processKind: 'desktop',
  });
  core.start();
  return { core, stop: () => core.stop() };
}

async function startDemo(migrationsFolder: string, log: Pick<Console, 'warn'>): Promise<Backend> {
  // Loaded only for a demo start: a venue's normal start never runs the simulator.
  const { startSandbox } = await import('../sandbox/server.ts');
  const sandbox = await startSandbox({ port: 0, orders: DEMO_ORDERS, seed: DEMO_SEED });
  // A demo never touches the venue's real database.
  const folder = mkdtempSync(join(tmpdir(), 'tc-box-office-demo-'));
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  let core: BoxOffice;
  try {
    core = createBoxOffice({
      dbFile: join(folder, 'box-office.sqlite'),
      apiUrl: sandbox.url,
      apiKey: sandbox.apiKey,
      migrationsFolder,
      processKind: 'desktop demo',
    });
  } catch (error) {
    await sandbox.stop();
    removeFolder();
    throw error;
  }
  core.start();
  // The clerk opens the demo to orders already searchable; progress reaches the UI as `import` events.
  // (stop() need not wait for it: the core's stop lets a running import finish its page.)
  void core.api.importOrders({}).then((result) => {
    if (!result.ok) log.warn('box office: demo import failed', result.errors);
  });
  return {
    core,
    async stop() {
      await core.stop();
      await sandbox.stop();
      removeFolder();
    },
  };
}
