// The end-to-end suite's choice of browser (test/e2e/browser.ts): CHROMIUM_PATH, then Debian's
// Chromium, then the one from npm, then an installed Chrome or Edge — on each kind of machine.
import { describe, expect, it } from 'vitest';
import { chooseBrowser, DEBIAN_CHROMIUM, type Machine } from '../../test/e2e/browser.ts';

const MAC_CHROME = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
const MAC_EDGE = '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
const WIN_EDGE = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
const WIN_CHROME = 'C:\\Users\\anna\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';

function machine(overrides: Partial<Machine> & { files?: string[] }): Machine {
  const files = new Set(overrides.files ?? []);
  return {
    env: {},
    platform: 'linux',
    arch: 'x64',
    hasNpmChromium: true,
    exists: (path) => files.has(path),
    ...overrides,
  };
}

const WINDOWS_ENV = { LOCALAPPDATA: 'C:\\Users\\anna\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' };

describe('choosing the browser for the end-to-end tests', () => {
  it('takes CHROMIUM_PATH first, over every other browser on the machine', () => {
    const choice = chooseBrowser(machine({ env: { CHROMIUM_PATH: '/opt/chromium/chrome' }, files: ['/opt/chromium/chrome', DEBIAN_CHROMIUM] }));
    expect(choice).toEqual({ kind: 'path', source: 'CHROMIUM_PATH', executablePath: '/opt/chromium/chrome' });
  });

  it('refuses a CHROMIUM_PATH that does not exist instead of quietly running another browser', () => {
    expect(() => chooseBrowser(machine({ env: { CHROMIUM_PATH: '/opt/typo/chrome' }, files: [DEBIAN_CHROMIUM] }))).toThrow(
      'CHROMIUM_PATH is /opt/typo/chrome, which does not exist',
    );
  });

  it('takes Debian’s Chromium next, over the one from npm', () => {
    expect(chooseBrowser(machine({ files: [DEBIAN_CHROMIUM] }))).toEqual({ kind: 'path', source: 'debian', executablePath: DEBIAN_CHROMIUM });
    // An empty CHROMIUM_PATH (`CHROMIUM_PATH= npm test`) counts as unset.
    expect(chooseBrowser(machine({ env: { CHROMIUM_PATH: '' }, files: [DEBIAN_CHROMIUM] }))).toMatchObject({ source: 'debian' });
  });

  it('falls back to npm’s @sparticuz/chromium on Linux x64 without Debian’s', () => {
    expect(chooseBrowser(machine({}))).toEqual({ kind: 'npm' });
  });

  it('does not offer npm’s Linux x64 binary on another architecture or when the package is not installed', () => {
    expect(() => chooseBrowser(machine({ arch: 'arm64' }))).toThrow(/No Chromium for the end-to-end tests on linux\/arm64: set CHROMIUM_PATH/);
    expect(() => chooseBrowser(machine({ hasNpmChromium: false }))).toThrow(/No Chromium/);
  });

  it('uses an installed Chrome on macOS, else Edge, through playwright-core’s channel', () => {
    const mac = { platform: 'darwin' as const, arch: 'arm64' };
    expect(chooseBrowser(machine({ ...mac, files: [MAC_CHROME, MAC_EDGE] }))).toEqual({ kind: 'channel', channel: 'chrome', executablePath: MAC_CHROME });
    expect(chooseBrowser(machine({ ...mac, files: [MAC_EDGE] }))).toEqual({ kind: 'channel', channel: 'msedge', executablePath: MAC_EDGE });
    expect(() => chooseBrowser(machine({ ...mac }))).toThrow(/No Chromium for the end-to-end tests on darwin\/arm64/);
  });

  it('uses Chrome on Windows when it is installed (per user or per machine), else Edge', () => {
    const windows = { platform: 'win32' as const, env: WINDOWS_ENV };
    expect(chooseBrowser(machine({ ...windows, files: [WIN_CHROME, WIN_EDGE] }))).toEqual({ kind: 'channel', channel: 'chrome', executablePath: WIN_CHROME });
    expect(chooseBrowser(machine({ ...windows, files: [WIN_EDGE] }))).toEqual({ kind: 'channel', channel: 'msedge', executablePath: WIN_EDGE });
  });

  it('never picks Debian’s path or npm’s binary on macOS or Windows', () => {
    const choice = chooseBrowser(machine({ platform: 'darwin', files: [DEBIAN_CHROMIUM, MAC_EDGE] }));
    expect(choice).toMatchObject({ kind: 'channel', channel: 'msedge' });
  });
});
