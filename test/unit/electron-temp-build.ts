// Builds the desktop app with the project's electron-vite config into a folder of its own, so the
// Electron and packaging tests check a fresh build without touching the shared out/ that other suites
// (browser mode, end-to-end) serve from.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '../..');

export type BuildPart = 'main' | 'preload' | 'renderer';

export interface TempBuild {
  /** Laid out like the project: <dir>/out/{main,preload,renderer}, <dir>/drizzle. */
  dir: string;
  outDir: string;
  remove(): void;
}

/**
 * Inside node_modules/.cache, so the bundle's external packages (better-sqlite3, drizzle-orm, …)
 * resolve from the project's node_modules exactly as they do from out/. The build runs in a child
 * process, so its NODE_ENV does not leak into the test worker.
 */
export function buildApp(parts: readonly BuildPart[]): TempBuild {
  const cache = join(projectRoot, 'node_modules', '.cache', 'tc-box-office-electron-build');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'app-'));
  const outDir = join(dir, 'out');
  const script = join(dir, 'build.mjs');
  // electron-vite's own config resolution, then vite's build for the parts asked for.
  writeFileSync(
    script,
    `import { resolveConfig } from 'electron-vite';
import { build } from 'vite';
process.env.NODE_ENV_ELECTRON_VITE = 'production';
const resolved = await resolveConfig(
  { configFile: ${JSON.stringify(join(projectRoot, 'electron.vite.config.ts'))}, build: { outDir: ${JSON.stringify(outDir)} }, logLevel: 'error' },
  'build',
  'production',
);
for (const part of ${JSON.stringify(parts)}) await build(resolved.config[part]);
`,
  );
  const built = spawnSync(process.execPath, [script], { cwd: projectRoot, encoding: 'utf8' });
  if (built.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`electron-vite build failed:\n${built.stdout}\n${built.stderr}`);
  }
  cpSync(join(projectRoot, 'drizzle'), join(dir, 'drizzle'), { recursive: true });
  return { dir, outDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
