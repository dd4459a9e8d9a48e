// What the clerk's window downloads and parses: every .js file of the built renderer, gzipped with zlib
// (default level, as a web server would serve it), summed. Rebuilt with electron-vite first when the
// build is missing or older than the renderer's sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from './child.ts';
import { round } from './measure.ts';

const RENDERER_OUT = join(PROJECT_ROOT, 'out', 'renderer');
const RENDERER_SOURCES = [join(PROJECT_ROOT, 'src-renderer'), join(PROJECT_ROOT, 'electron.vite.config.ts'), join(PROJECT_ROOT, 'package-lock.json')];

export type RendererSize =
  | { js_files: number; js_raw_kb: number; js_gzip_kb: number; rebuilt: boolean }
  | { skipped: string };

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((name) => join(path, name))
    .filter((file) => statSync(file).isFile());
}

function newestChange(paths: readonly string[]): number {
  return Math.max(0, ...paths.flatMap(filesUnder).map((file) => statSync(file).mtimeMs));
}

function isStale(): boolean {
  const built = filesUnder(RENDERER_OUT);
  if (built.length === 0) return true;
  const oldestOutput = Math.min(...built.map((file) => statSync(file).mtimeMs));
  return newestChange(RENDERER_SOURCES) > oldestOutput;
}

/** @param mayBuild false: measure what is there, never run a build (the tiny run inside the tests). */
export function measureRendererSize(mayBuild: boolean, log: (line: string) => void): RendererSize {
  let rebuilt = false;
  if (isStale()) {
    if (!mayBuild) return { skipped: 'out/renderer is missing or older than src-renderer/ (run `npx electron-vite build`)' };
    log('renderer: building with electron-vite (out/renderer is missing or stale)…');
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    if (build.status !== 0) return { skipped: `electron-vite build failed: ${(build.stderr || build.stdout).trim().slice(-500)}` };
    rebuilt = true;
  }
  const scripts = filesUnder(RENDERER_OUT).filter((file) => file.endsWith('.js'));
  let raw = 0;
  let gzipped = 0;
  for (const file of scripts) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzipped += gzipSync(bytes).length;
  }
  return { js_files: scripts.length, js_raw_kb: round(raw / 1000, 1), js_gzip_kb: round(gzipped / 1000, 1), rebuilt };
}
