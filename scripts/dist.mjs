#!/usr/bin/env node
// `npm run dist [-- <electron-builder options>]`: builds the installers for this OS on a machine with
// internet (Electron and its headers are downloaded). Three steps:
//   1. electron-vite build                      → out/
//   2. electron-builder                         → dist/ ; rebuilds better-sqlite3 for Electron's ABI in
//                                                  node_modules on the way (npmRebuild in the config)
//   3. npm rebuild better-sqlite3               → puts back the Node build, so `npm test` keeps working
// Step 3 runs whenever step 2 started, even when it failed or was interrupted with Ctrl+C: a half-done
// packaging must never leave the tests with an Electron-ABI better-sqlite3.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const BUILDER_CONFIG = 'electron-builder.config.ts';

/** The commands, as [command, args]; extra arguments go to electron-builder (e.g. `--linux deb`). */
export function distSteps(builderArgs = []) {
  return {
    build: ['npx', ['electron-vite', 'build']],
    pack: ['npx', ['electron-builder', '--config', BUILDER_CONFIG, '--publish', 'never', ...builderArgs]],
    restore: ['npm', ['rebuild', 'better-sqlite3']],
  };
}

/** Runs the steps with `run(command, args) → exit status`; returns the status for the whole run. */
export function runDist(builderArgs, run, log = console) {
  const steps = distSteps(builderArgs);
  const built = run(...steps.build);
  if (built !== 0) {
    log.error(`dist: electron-vite build failed (status ${built}); nothing was packaged`);
    return built;
  }
  let packed = 1;
  try {
    packed = run(...steps.pack);
    if (packed !== 0) log.error(`dist: electron-builder failed (status ${packed})`);
  } finally {
    log.log('dist: restoring the Node build of better-sqlite3 for the tests');
    const restored = run(...steps.restore);
    if (restored !== 0) {
      log.error('dist: `npm rebuild better-sqlite3` failed: run it by hand before `npm test`');
      if (packed === 0) packed = restored;
    }
  }
  return packed;
}

function runCommand(command, args) {
  // npx/npm are .cmd scripts on Windows, which only a shell can start.
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) {
    console.error(`dist: could not run ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Ctrl+C stops the running step (the child gets the signal too) but not this script, so the
  // restore step still runs.
  process.on('SIGINT', () => {});
  process.exitCode = runDist(process.argv.slice(2), runCommand);
}
