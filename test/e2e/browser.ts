// Which Chromium the end-to-end suite drives, found without any setup step, so `npm ci && npm test`
// is all a fresh machine needs. In this order:
//   1. CHROMIUM_PATH, when set (a developer's own build; a missing file is an error, not a fallback);
//   2. Debian's /usr/bin/chromium (`apt-get install chromium`);
//   3. @sparticuz/chromium, a headless Chromium inside an npm package (Linux x64 only), unpacked once
//      into node_modules/.cache;
//   4. Chrome, then Edge, installed on macOS or Windows (playwright-core's `channel`).
// @sparticuz/chromium is a devDependency, not an optional one: it has no os/cpu field, so it installs on
// every platform anyway; npm has no "optional devDependency" (listed in both, it is a plain dev one); and an
// optionalDependency counts as a production one, which electron-builder would pack into every installer.
// `chooseBrowser` is the decision, pure, over what the machine has (unit-tested in
// test/unit/e2e-browser.test.ts); `browserLaunchOptions` turns the choice into playwright-core options.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export type BrowserChoice =
  | { kind: 'path'; source: 'CHROMIUM_PATH' | 'debian'; executablePath: string }
  | { kind: 'npm' }
  | { kind: 'channel'; channel: 'chrome' | 'msedge'; executablePath: string };

/** What `chooseBrowser` may look at: passed in, so the order is tested for every kind of machine. */
export interface Machine {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  arch: string;
  exists(path: string): boolean;
  /** Whether the @sparticuz/chromium package is installed (it is a devDependency, so normally yes). */
  hasNpmChromium: boolean;
}

/** Where Chrome and Edge install themselves; playwright-core's `channel` looks in the same places. */
function installedBrowsers(machine: Machine): { channel: 'chrome' | 'msedge'; paths: string[] }[] {
  if (machine.platform === 'darwin') {
    return [
      { channel: 'chrome', paths: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'] },
      { channel: 'msedge', paths: ['/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'] },
    ];
  }
  if (machine.platform === 'win32') {
    const roots = [machine.env.LOCALAPPDATA, machine.env.PROGRAMFILES, machine.env['PROGRAMFILES(X86)']].filter((root): root is string => !!root);
    return [
      { channel: 'chrome', paths: roots.map((root) => `${root}\\Google\\Chrome\\Application\\chrome.exe`) },
      { channel: 'msedge', paths: roots.map((root) => `${root}\\Microsoft\\Edge\\Application\\msedge.exe`) },
    ];
  }
  return [];
}

export function chooseBrowser(machine: Machine): BrowserChoice {
  const fromEnv = machine.env.CHROMIUM_PATH;
  if (fromEnv) {
    // Asked for by name: running a different browser instead would hide the mistake.
    if (!machine.exists(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist`);
    return { kind: 'path', source: 'CHROMIUM_PATH', executablePath: fromEnv };
  }
  if (machine.platform === 'linux' && machine.exists(DEBIAN_CHROMIUM)) return { kind: 'path', source: 'debian', executablePath: DEBIAN_CHROMIUM };
  // The package ships one binary, for Linux x64; it installs everywhere but runs only there.
  if (machine.platform === 'linux' && machine.arch === 'x64' && machine.hasNpmChromium) return { kind: 'npm' };
  for (const { channel, paths } of installedBrowsers(machine)) {
    const found = paths.find((path) => machine.exists(path));
    if (found) return { kind: 'channel', channel, executablePath: found };
  }
  throw new Error(
    `No Chromium for the end-to-end tests on ${machine.platform}/${machine.arch}: set CHROMIUM_PATH to a Chromium or Chrome binary, ` +
      `install Debian's (${DEBIAN_CHROMIUM}), run on Linux x64 (npm's @sparticuz/chromium), or install Chrome or Edge (macOS, Windows).`,
  );
}

function npmChromiumPackageFile(projectRoot: string): string {
  return join(projectRoot, 'node_modules', '@sparticuz', 'chromium', 'package.json');
}

/** The machine this process runs on. */
export function thisMachine(projectRoot: string): Machine {
  return {
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    exists: existsSync,
    hasNpmChromium: existsSync(npmChromiumPackageFile(projectRoot)),
  };
}

/** The flags ../shared/STACK.md gives for Debian's Chromium on these machines (also fine for any other build). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * @sparticuz/chromium's flags are made for serverless sandboxes and include two that switch off what the
 * suite checks (the same-origin rules the bridge's Origin check relies on, mixed content): dropped.
 */
const NPM_CHROMIUM_UNWANTED_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);

export interface BrowserLaunch {
  /** For the test log: which browser this is. */
  description: string;
  executablePath?: string;
  channel?: string;
  args: string[];
}

export async function browserLaunchOptions(choice: BrowserChoice, projectRoot: string): Promise<BrowserLaunch> {
  switch (choice.kind) {
    case 'path':
      return { description: `${choice.executablePath} (${choice.source})`, executablePath: choice.executablePath, args: CHROMIUM_ARGS };
    case 'channel':
      // A desktop's own Chrome or Edge keeps its sandbox: --no-sandbox is only for root on Linux.
      return { description: `${choice.executablePath} (channel ${choice.channel})`, channel: choice.channel, args: CHROMIUM_ARGS.filter((arg) => arg !== '--no-sandbox') };
    case 'npm': {
      const { default: npmChromium } = await import('@sparticuz/chromium');
      const executablePath = await unpackNpmChromium(projectRoot);
      return {
        description: `${executablePath} (@sparticuz/chromium)`,
        executablePath,
        args: npmChromium.args.filter((arg) => !NPM_CHROMIUM_UNWANTED_ARGS.has(arg)),
      };
    }
  }
}

const execFileAsync = promisify(execFile);

/**
 * `chromium.executablePath()` unpacks the browser (≈ 200 MB, a few seconds) into os.tmpdir() and, the
 * next time, trusts whatever file is there — a copy cut short by a killed run would break every later
 * run, and two runs unpacking at once write the same files. So it runs in a child process whose TMPDIR
 * is a fresh staging folder, and the finished folder is renamed into node_modules/.cache in one step:
 * a cached copy is always whole, and a new `npm ci` starts from a clean cache.
 */
async function unpackNpmChromium(projectRoot: string): Promise<string> {
  const cacheRoot = join(projectRoot, 'node_modules', '.cache');
  // Named by version: an upgraded package never runs an older unpacked browser.
  const { version } = JSON.parse(readFileSync(npmChromiumPackageFile(projectRoot), 'utf8')) as { version: string };
  const cached = join(cacheRoot, `tc-box-office-chromium-${version}`);
  const binary = join(cached, 'chromium');
  if (existsSync(binary)) return binary;

  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(join(cacheRoot, 'tc-box-office-chromium-unpacking-'));
  try {
    const script = "const { default: chromium } = await import('@sparticuz/chromium'); process.stdout.write(await chromium.executablePath());";
    const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: projectRoot,
      env: { ...process.env, TMPDIR: staging },
    });
    if (resolve(stdout.trim()) !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${stdout.trim()}, not into ${staging}`);
    try {
      renameSync(staging, cached);
    } catch (error) {
      // Another run finished first: its copy is as good as ours.
      if (!existsSync(binary)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}
