// A running core in front of a running sandbox, its orders imported: what the bridge, transport and e2e
// suites start once per file. Real parts: a SQLite file in a temp folder, HTTP to the sandbox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncPolicy } from '../../src-main/core/sync/policy.ts';
import { createBoxOffice, type BoxOffice } from '../../src-main/core/service.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src-main/sandbox/server.ts';

export interface ImportedCore {
  folder: string;
  dbFile: string;
  sandbox: Sandbox;
  boxOffice: BoxOffice;
  /** Stops the core and the sandbox and removes the folder. */
  stop(): Promise<void>;
}

export interface ImportedCoreOptions {
  prefix: string;
  sandbox: SandboxOptions;
  /** Short waits, so a retry or "back online" is seen within a second, not the production 30 s. */
  policy?: Partial<SyncPolicy>;
  /** Start the sync engine (default) or leave the core idle. */
  start?: boolean;
}

export async function startImportedCore(options: ImportedCoreOptions): Promise<ImportedCore> {
  const folder = mkdtempSync(join(tmpdir(), options.prefix));
  const sandbox = await startSandbox(options.sandbox);
  const dbFile = join(folder, 'box-office.sqlite');
  const boxOffice = createBoxOffice({
    dbFile,
    apiUrl: sandbox.url,
    apiKey: sandbox.apiKey,
    policy: options.policy ?? { retryBaseMs: 50, retryCapMs: 500, probeBaseMs: 50, probeCapMs: 500 },
  });
  if (options.start !== false) boxOffice.start();
  const imported = await boxOffice.api.importOrders({});
  if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.errors)}`);
  return {
    folder,
    dbFile,
    sandbox,
    boxOffice,
    async stop() {
      await boxOffice.stop();
      await sandbox.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
