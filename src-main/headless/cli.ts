// `npm run headless`: the box office without Electron — the core service behind the HTTP bridge, optionally
// with the built-in sandbox (--demo) and the built renderer (--serve-renderer, i.e. `npm run web`).
// Prints `bridge listening on http://127.0.0.1:PORT` (tests wait for it) and the URL to open.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { engineStateOf, type ApiEvent } from '../core/contract.ts';
import { DatabaseInUseError } from '../core/db/instance-lock.ts';
import { createBoxOffice, type BoxOffice } from '../core/service.ts';
import { startSandbox, type Sandbox } from '../sandbox/server.ts';
import { createBridge, type Bridge } from './bridge.ts';
import { defaultDbFile, DEMO_ORDERS, parseCliArgs, USAGE, type HeadlessSettings } from './cli-args.ts';

const EXIT_BAD_ARGUMENTS = 2;
const DEMO_SEED = 20_261_128;

function log(message: string): void {
  console.log(`${new Date().toISOString()} ${message}`);
}

/** What the operator of a headless box office wants to see in its log: state changes and failures. */
function logEvent(event: ApiEvent): void {
  if (event.type === 'engine') log(`sync ${engineStateOf(event.status)} (pending ${event.status.pending}, failed ${event.status.failed})`);
  if (event.type === 'edit' && event.edit.state === 'failed') {
    log(`edit ${event.edit.id} of order ${event.edit.order_id} failed: ${event.edit.error ?? 'no reason given'}`);
  }
  if (event.type === 'import' && event.done) log(`import done: ${event.imported} orders`);
}

// A reader that goes away (`| head`, a closed terminal) must not crash the box office with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    console.log(USAGE);
    return;
  }
  if (parsed.kind === 'error') {
    console.error(`${parsed.message}\n\n${USAGE}`);
    process.exitCode = EXIT_BAD_ARGUMENTS;
    return;
  }
  const settings = parsed.settings;
  for (const warning of settings.warnings) console.error(warning);
  const rendererDir = settings.rendererDir === null ? undefined : resolve(settings.rendererDir);
  if (rendererDir !== undefined && !existsSync(join(rendererDir, 'index.html'))) {
    console.error(`${rendererDir} has no index.html: build the renderer first (npm run build), or use npm run web`);
    process.exitCode = EXIT_BAD_ARGUMENTS;
    return;
  }

  const cleanups: (() => Promise<void> | void)[] = [];
  let shuttingDown = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (shuttingDown) {
      log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    shuttingDown = true;
    log(`${signal}: stopping (requests in flight finish first)`);
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('while stopping:', error);
      }
    }
    log('stopped');
    process.exit();
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await run(settings, rendererDir, cleanups);
  } catch (error) {
    console.error(startFailure(error, settings));
    process.exitCode = 1;
    await shutdown('start-up failure');
  }
}

async function run(
  settings: HeadlessSettings,
  rendererDir: string | undefined,
  cleanups: (() => Promise<void> | void)[],
): Promise<void> {
  let apiUrl = settings.apiUrl;
  let apiKey = settings.apiKey ?? '';
  let sandbox: Sandbox | null = null;
  if (settings.demo) {
    sandbox = await startSandbox({ orders: DEMO_ORDERS, seed: DEMO_SEED });
    const demoSandbox = sandbox;
    cleanups.push(() => demoSandbox.stop());
    apiUrl = sandbox.url;
    apiKey = sandbox.apiKey;
    log(`demo: sandbox with ${DEMO_ORDERS} orders at ${sandbox.url}`);
  }

  const dbFile = resolveDbFile(settings, cleanups);
  mkdirSync(dirname(dbFile), { recursive: true });
  const boxOffice: BoxOffice = createBoxOffice({
    dbFile,
    apiUrl,
    apiKey,
    processKind: 'headless',
    ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
  });
  cleanups.push(() => boxOffice.stop());
  const stopLogging = boxOffice.api.subscribe(logEvent);
  cleanups.push(stopLogging);
  log(`database ${dbFile}; Ticketscloud at ${apiUrl}`);
  boxOffice.start();

  if (sandbox !== null) {
    const imported = await boxOffice.api.importOrders({});
    if (imported.ok) log(`demo: imported ${imported.value.imported} orders into the cache`);
    else log(`demo: import failed: ${imported.errors.map((e) => e.message.en).join('; ')}`);
  }

  const bridge: Bridge = await createBridge({
    api: boxOffice.api,
    token: settings.token,
    port: settings.port,
    ...(rendererDir === undefined ? {} : { rendererDir }),
  });
  cleanups.push(() => bridge.close());
  console.log(`bridge listening on ${bridge.url}`);
  // Only a token made up here is printed (nobody else knows it); one the operator gave is never echoed
  // into a log or a terminal's scrollback. The token travels in the fragment: browsers never send it.
  if (settings.tokenGenerated) {
    if (rendererDir !== undefined) console.log(`open ${bridge.url}/#token=${encodeURIComponent(settings.token)}`);
    console.log(`API token: ${settings.token}`);
  } else if (rendererDir !== undefined) {
    console.log(`open ${bridge.url}/#token=<your-token>`);
  }
}

function resolveDbFile(settings: HeadlessSettings, cleanups: (() => Promise<void> | void)[]): string {
  if (settings.dbFile !== null) return resolve(settings.dbFile);
  if (!settings.demo) return defaultDbFile(process.platform, process.env);
  // A demo never touches the clerk's real database: it gets a fresh one that goes away with it.
  const folder = mkdtempSync(join(tmpdir(), 'tc-box-office-demo-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return join(folder, 'box-office.sqlite');
}

function startFailure(error: unknown, settings: HeadlessSettings): string {
  // Another live box office drains this database: its message names the file and that process.
  if (error instanceof DatabaseInUseError) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return `port ${settings.port} is already in use: choose another with --port`;
  if (code === 'EACCES') return `not allowed to listen on port ${settings.port}: choose another with --port`;
  return `could not start: ${error instanceof Error ? error.message : String(error)}`;
}

await main();
