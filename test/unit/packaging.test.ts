// Packaging for the venues (issue 7), checked where Electron cannot be downloaded: the builder config
// itself, the dist script's order of steps, and a real electron-builder run over a stand-in Electron
// distribution — the layout of the package, the unpacked native module, the migrations and the fuses
// are then read back from what electron-builder produced.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration, FileSet } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../electron-builder.config.ts';
import { BUILDER_CONFIG, runDist } from '../../scripts/dist.mjs';
import { openDatabase } from '../../src-main/core/db/open.ts';
import { PRODUCT_NAME, appPaths } from '../../src-main/electron/paths.ts';
import { buildApp, projectRoot, type TempBuild } from './electron-temp-build.ts';

/**
 * What the packaged binary must say of each fuse (the reasons are in electron-builder.config.ts). Off for
 * grantFileProtocolExtraPrivileges: the renderer loads from app://, not file://.
 */
const PRODUCTION_FUSES = Object.fromEntries([
  ['runAsNode', false],
  ['enableCookieEncryption', true],
  ['enableNodeOptionsEnvironmentVariable', false],
  ['enableNodeCliInspectArguments', false],
  ['enableEmbeddedAsarIntegrityValidation', true],
  ['onlyLoadAppFromAsar', true],
  ['grantFileProtocolExtraPrivileges', false],
]);


// electron-builder's own modules, resolved the way electron-builder resolves them.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const libRequire = createRequire(builderRequire.resolve('app-builder-lib'));

interface Asar {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  statFile(archive: string, file: string): { unpacked?: boolean };
  extractFile(archive: string, file: string): Buffer;
}

const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  build?: unknown;
};
const journal = JSON.parse(readFileSync(join(projectRoot, 'drizzle', 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };

function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(file);
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(data.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it('is valid for electron-builder 26 (its own schema check)', async () => {
    const { validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: Configuration, logger: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => {} })).resolves.toBeUndefined();
  });

  it('names the product and builds NSIS for Windows, AppImage and .deb for Linux, a dmg for macOS', () => {
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux).toMatchObject({ category: 'Office', maintainer: expect.stringMatching(/<.+@.+>/) });
    expect(config.mac?.target).toEqual(['dmg']);
  });

  it('keeps the database when the app is uninstalled on Windows', () => {
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
  });

  it('packs the built app and ships the migrations where the packaged app reads them', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(packageJson.main).toBe('out/main/main.js');
    const resources = config.extraResources as FileSet[];
    expect(resources).toEqual([expect.objectContaining({ from: 'drizzle', to: 'drizzle' })]);
    const packaged = appPaths({ isPackaged: true, appPath: '/opt/tc/resources/app.asar', resourcesPath: '/opt/tc/resources', userDataPath: '/home/u' });
    expect(packaged.migrationsFolder).toBe(join('/opt/tc/resources', resources[0]?.to ?? ''));
  });

  it('unpacks better-sqlite3 from the asar archive and rebuilds it for Electron only while packaging', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(true);
    // Never at install time: a postinstall rebuild would leave the tests with Electron's ABI.
    for (const script of ['postinstall', 'install', 'preinstall', 'prepare']) expect(packageJson.scripts[script]).toBeUndefined();
    expect(JSON.stringify(packageJson.scripts)).not.toContain('install-app-deps');
    expect(packageJson.build).toBeUndefined();
  });

  it('sets the production fuses: no RunAsNode, encrypted cookies, no NODE_OPTIONS or --inspect, asar only and checked, no extra file:// privileges', () => {
    expect(config.electronFuses).toEqual(PRODUCTION_FUSES);
  });

  it('has the icons it names, as square PNGs of 512 and 256 pixels', () => {
    expect(pngSize(join(projectRoot, 'build/icons/512x512.png'))).toEqual({ width: 512, height: 512 });
    expect(pngSize(join(projectRoot, 'build/icons/256x256.png'))).toEqual({ width: 256, height: 256 });
    for (const icon of [config.win?.icon, config.mac?.icon, config.linux?.icon]) {
      expect(icon).toBeTruthy();
      expect(existsSync(join(projectRoot, icon ?? ''))).toBe(true);
    }
  });
});

describe('npm run dist (scripts/dist.mjs)', () => {
  function recorder(statuses: Record<string, number>) {
    const ran: string[] = [];
    const run = (command: string, args: string[]) => {
      const line = [command, ...args].join(' ');
      ran.push(line);
      return Object.entries(statuses).find(([start]) => line.startsWith(start))?.[1] ?? 0;
    };
    return { ran, run, log: { log: () => {}, error: () => {} } };
  }

  it('builds, packages with our config, then restores the Node build of better-sqlite3', () => {
    const { ran, run, log } = recorder({});
    expect(runDist(['--linux', 'deb'], run, log)).toBe(0);
    expect(ran).toEqual([
      'npx electron-vite build',
      `npx electron-builder --config ${BUILDER_CONFIG} --publish never --linux deb`,
      'npm rebuild better-sqlite3',
    ]);
    expect(existsSync(join(projectRoot, BUILDER_CONFIG))).toBe(true);
  });

  it('restores better-sqlite3 even when packaging fails, and reports the failure', () => {
    const { ran, run, log } = recorder({ 'npx electron-builder': 7 });
    expect(runDist([], run, log)).toBe(7);
    expect(ran.at(-1)).toBe('npm rebuild better-sqlite3');
  });

  it('restores better-sqlite3 when packaging throws, and lets the error through', () => {
    const ran: string[] = [];
    const run = (command: string, args: string[]) => {
      ran.push([command, ...args].join(' '));
      if (args[0] === 'electron-builder') throw new Error('interrupted');
      return 0;
    };
    expect(() => runDist([], run, { log: () => {}, error: () => {} })).toThrow('interrupted');
    expect(ran.at(-1)).toBe('npm rebuild better-sqlite3');
  });

  it('packages nothing and rebuilds nothing when the app does not build', () => {
    const { ran, run, log } = recorder({ 'npx electron-vite': 1 });
    expect(runDist([], run, log)).toBe(1);
    expect(ran).toEqual(['npx electron-vite build']);
  });

  it('never fails silently when the restore fails', () => {
    const { run, log } = recorder({ 'npm rebuild': 3 });
    expect(runDist([], run, log)).toBe(3);
  });
});

// The fuse wire Electron carries in its binary (see @electron/fuses): a sentinel, version 1, the
// number of fuses, one byte per fuse: '1' on, '0' off. These are Electron 45's defaults.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_DEFAULT_FUSES = '10110001';
const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

function fuseWire(binary: string): string {
  const data = readFileSync(binary);
  const at = data.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  expect(data[at]).toBe(1);
  return data.subarray(at + 2, at + 2 + (data[at + 1] ?? 0)).toString('ascii');
}

describe('a package built by electron-builder with this configuration', () => {
  let build: TempBuild;
  let work: string;
  let resources: string;
  let asar: Asar;
  let archive: string;

  beforeAll(() => {
    build = buildApp(['main', 'preload', 'renderer']);
    work = mkdtempSync(join(tmpdir(), 'tc-packaging-'));

    // A stand-in for Electron's unpacked distribution: a "binary" carrying the fuse wire, nothing else.
    const electronDist = join(work, 'electron-dist');
    mkdirSync(join(electronDist, 'resources'), { recursive: true });
    writeFileSync(join(electronDist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from(ELECTRON_DEFAULT_FUSES)]), { mode: 0o755 });

    // Our configuration, with three things only a test needs: the stand-in Electron, our own build
    // instead of the shared out/, and no native rebuild (it would download Electron's headers).
    const testConfig: Configuration = {
      ...config,
      files: (config.files as string[]).map((pattern) => (pattern === 'out/**' ? { from: build.outDir, to: 'out', filter: ['**/*', '!**/*.map'] } : pattern)),
      electronDist,
      electronVersion: '45.5.0',
      npmRebuild: false,
      directories: { ...config.directories, output: join(work, 'dist') },
    };
    const configFile = join(build.dir, 'builder-config.json');
    writeFileSync(configFile, JSON.stringify(testConfig));
    const script = join(build.dir, 'pack.mjs');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
import { Platform, build } from 'electron-builder';
await build({ projectDir: ${JSON.stringify(projectRoot)}, targets: Platform.LINUX.createTarget('dir'), config: JSON.parse(readFileSync(${JSON.stringify(configFile)}, 'utf8')) });
`,
    );
    const packed = spawnSync(process.execPath, [script], { cwd: projectRoot, encoding: 'utf8' });
    if (packed.status !== 0) throw new Error(`electron-builder failed:\n${packed.stdout}\n${packed.stderr}`);

    resources = join(work, 'dist', 'linux-unpacked', 'resources');
    archive = join(resources, 'app.asar');
    asar = libRequire('@electron/asar') as Asar;
  }, 240_000);

  afterAll(() => {
    build?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the built main, preload and renderer and a package.json pointing at main in app.asar', () => {
    const files = asar.listPackage(archive, { isPack: false }).map((file) => file.replaceAll('\\', '/'));
    for (const file of ['/out/main/main.js', '/out/preload/preload.cjs', '/out/renderer/index.html', '/package.json']) expect(files).toContain(file);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const packagedJson = JSON.parse(asar.extractFile(archive, 'package.json').toString()) as { main: string };
    expect(packagedJson.main).toBe('out/main/main.js');
  });

  it('keeps better-sqlite3 outside the archive, native binary included, without its C sources', () => {
    const unpacked = join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
    expect(existsSync(join(unpacked, 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(asar.statFile(archive, 'node_modules/better-sqlite3/lib/index.js').unpacked).toBe(true);
    expect(existsSync(join(unpacked, 'deps'))).toBe(false);
    expect(existsSync(join(unpacked, 'src'))).toBe(false);
  });

  it('ships every migration in resources/drizzle, and they build a working database from there', () => {
    const migrations = appPaths({ isPackaged: true, appPath: archive, resourcesPath: resources, userDataPath: work }).migrationsFolder;
    const shipped = readdirSync(migrations);
    for (const { tag } of journal.entries) expect(shipped).toContain(`${tag}.sql`);
    expect(existsSync(join(migrations, 'meta', '_journal.json'))).toBe(true);

    const database = openDatabase(join(work, 'box-office.sqlite'), { migrationsFolder: migrations });
    try {
      const tables = database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['orders', 'edits', 'refs']));
    } finally {
      database.close();
    }
  });

  it('flips the production fuses in the packaged binary', () => {
    const wire = fuseWire(join(resources, '..', 'tc-box-office'));
    const fuses = Object.fromEntries(FUSE_ORDER.map((name, index) => [name, wire[index] === '1']));
    // loadBrowserProcessSpecificV8Snapshot is a fuse the binary has and the config leaves at its default (off).
    expect(fuses).toEqual({ ...PRODUCTION_FUSES, loadBrowserProcessSpecificV8Snapshot: false });
  });
});
