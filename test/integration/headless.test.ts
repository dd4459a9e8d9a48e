// `npm run headless` / `npm run web` as a clerk or an operator starts them: a real process, real HTTP.
// Wrong arguments get a clear message and exit 2; --demo brings its own sandbox and data; the database
// goes to the user's data folder by default; the API key never appears in the output; SIGTERM stops it
// cleanly.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SearchAnswer, StatusDto } from '../../src-main/core/contract.ts';
import { parseCliArgs, userDataFolder } from '../../src-main/headless/cli-args.ts';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/server.ts';
import { watchChild } from '../support/child-output.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const START_DEADLINE_MS = 40_000;
const TOKEN = 'headless-test-token-0123456789';

let folder: string;
const started: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

function runCli(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/headless/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TICKETSCLOUD_API_KEY: '', BOX_OFFICE_TOKEN: '', ...env },
  });
  started.push(child);
  return watchChild(child);
}

async function waitForOutput(run: Run, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + START_DEADLINE_MS;
  let exitCode: number | null | undefined;
  void run.exited.then((code) => (exitCode = code));
  for (;;) {
    const match = pattern.exec(run.output());
    if (match) return match;
    if (exitCode !== undefined) throw new Error(`exited with ${exitCode} before ${pattern}:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} in time:\n${run.output()}`);
    await new Promise((resolveTick) => setTimeout(resolveTick, 50));
  }
}

async function listeningUrl(run: Run): Promise<string> {
  return (await waitForOutput(run, /bridge listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
}

async function getJson<T>(url: string, token = TOKEN): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'headless-test-'));
});

afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolveExit) => child.once('exit', resolveExit));
    }
  }
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('headless command line', () => {
  const env = { TICKETSCLOUD_API_KEY: '' };
  it.each([
    ['an unknown option', ['--colour', 'red'], /Unknown option '--colour'/],
    ['a port that is not a number', ['--api-key', 'k', '--port', 'http'], /--port must be a whole number from 0 to 65535/],
    ['a port out of range', ['--api-key', 'k', '--port', '70000'], /--port must be a whole number/],
    ['a concurrency of 0', ['--api-key', 'k', '--concurrency', '0'], /--concurrency must be a whole number from 1 to 32/],
    ['a token that is too short', ['--api-key', 'k', '--token', 'abc'], /token .*must be 16-200 characters/],
    ['a token with a space', ['--api-key', 'k', '--token', 'abcdefgh ijklmnopq'], /token .*must be 16-200 characters without spaces/],
    ['a token in Cyrillic', ['--api-key', 'k', '--token', 'токен-доступа-кассы-1'], /token .*printable ASCII/],
    ['an API URL that is not http', ['--api-key', 'k', '--api-url', 'ftp://example.com'], /--api-url must start with https:\/\//],
    ['a plain http:// API URL to another computer', ['--api-key', 'k', '--api-url', 'http://ticketscloud.com'], /--api-url must use https:\/\/: plain http:\/\/ would send the API key unencrypted to ticketscloud\.com/],
    ['a plain http:// API URL to a LAN address', ['--api-key', 'k', '--api-url', 'http://192.168.0.5:8080'], /--api-url must use https:\/\//],
    ['an API key typed in the Russian layout', ['--api-key', 'ыфтвищч-лун'], /the API key is not usable: .*Russian keyboard layout/],
    ['both --api-key and --api-key-file', ['--api-key', 'k', '--api-key-file', '/tmp/k'], /give --api-key or --api-key-file, not both/],
    ['both --token and --token-file', ['--api-key', 'k', '--token', 'abcdefghijklmnopq', '--token-file', '/tmp/t'], /give --token or --token-file, not both/],
    ['an API key file that does not exist', ['--api-key-file', '/nonexistent/key'], /--api-key-file \/nonexistent\/key cannot be read \(ENOENT\)/],
    ['a token file that does not exist', ['--api-key', 'k', '--token-file', '/nonexistent/token'], /--token-file \/nonexistent\/token cannot be read \(ENOENT\)/],
    ['an API URL with --demo', ['--demo', '--api-url', 'http://127.0.0.1:9'], /--demo runs its own sandbox/],
    ['no API key anywhere', [], /an API key is required: TICKETSCLOUD_API_KEY, --api-key-file FILE or --api-key KEY/],
    ['an API key with a space', ['--api-key', 'secret key'], /the API key is not usable/],
    ['a stray positional argument', ['--api-key', 'k', 'serve'], /serve/],
  ])('refuses %s with a clear message', (_name, args, message) => {
    const parsed = parseCliArgs(args, env);
    expect(parsed.kind).toBe('error');
    if (parsed.kind !== 'error') return;
    expect(parsed.message).toMatch(message);
    expect(parsed.message).not.toContain('secret key');
    expect(parsed.message).not.toContain('ыфтвищч');
  });

  it('refuses a Russian-layout key from TICKETSCLOUD_API_KEY or a key file too, without quoting it', () => {
    for (const parsed of [
      parseCliArgs([], { TICKETSCLOUD_API_KEY: 'ыфтвищч-лун' }),
      parseCliArgs(['--api-key-file', '/run/secrets/key'], {}, () => 'ыфтвищч-лун\n'),
    ]) {
      expect(parsed.kind).toBe('error');
      if (parsed.kind !== 'error') continue;
      expect(parsed.message).toMatch(/the API key is not usable: .*Russian keyboard layout/);
      expect(parsed.message).not.toContain('ыфтвищч');
    }
  });

  it('takes the key and the token from the environment or from files, without a warning; on the command line they are warned about', () => {
    const files: Record<string, string> = { '/run/secrets/key': 'file-key-0001\n', '/run/secrets/token': 'token-from-a-file-0123456789\r\n' };
    const read = (file: string): string => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return text;
    };
    expect(parseCliArgs(['--api-key-file', '/run/secrets/key', '--token-file', '/run/secrets/token'], {}, read)).toMatchObject({
      kind: 'run',
      settings: { apiKey: 'file-key-0001', token: 'token-from-a-file-0123456789', tokenGenerated: false, warnings: [] },
    });
    expect(parseCliArgs([], { TICKETSCLOUD_API_KEY: 'env-key', BOX_OFFICE_TOKEN: 'token-from-the-environment-01' })).toMatchObject({
      kind: 'run',
      settings: { apiKey: 'env-key', token: 'token-from-the-environment-01', tokenGenerated: false, warnings: [] },
    });
    // The option wins over the environment, and is said to be visible to other users.
    const onCommandLine = parseCliArgs(['--api-key', 'flag-key', '--token', 'token-on-the-command-line'], { TICKETSCLOUD_API_KEY: 'env-key' });
    expect(onCommandLine).toMatchObject({ kind: 'run', settings: { apiKey: 'flag-key', token: 'token-on-the-command-line' } });
    if (onCommandLine.kind !== 'run') return;
    expect(onCommandLine.settings.warnings).toEqual([
      expect.stringMatching(/--api-key is visible to other users of this computer \(ps\); prefer TICKETSCLOUD_API_KEY or --api-key-file/),
      expect.stringMatching(/--token is visible to other users of this computer \(ps\); prefer BOX_OFFICE_TOKEN or --token-file/),
    ]);
    expect(onCommandLine.settings.warnings.join(' ')).not.toMatch(/flag-key|token-on-the-command-line/);
    expect(parseCliArgs(['--api-key-file', '/run/secrets/empty'], {}, () => '\n')).toMatchObject({ kind: 'error', message: expect.stringMatching(/is empty/) });
  });

  it('allows plain http:// only to this computer (the sandbox, a local test server)', () => {
    for (const url of ['http://127.0.0.1:9', 'http://[::1]:9', 'http://localhost:9']) {
      expect(parseCliArgs(['--api-key', 'k', '--api-url', url], {}), url).toMatchObject({ kind: 'run' });
    }
  });

  it('takes the documented defaults: port 4317, a random token, the key from TICKETSCLOUD_API_KEY', () => {
    const parsed = parseCliArgs([], { TICKETSCLOUD_API_KEY: 'env-key' });
    expect(parsed).toMatchObject({
      kind: 'run',
      settings: { port: 4317, apiKey: 'env-key', apiUrl: 'https://ticketscloud.com', tokenGenerated: true, dbFile: null, demo: false },
    });
    const again = parseCliArgs([], { TICKETSCLOUD_API_KEY: 'env-key' });
    if (parsed.kind === 'run' && again.kind === 'run') expect(parsed.settings.token).not.toBe(again.settings.token);
    expect(parseCliArgs(['--demo'], {})).toMatchObject({ kind: 'run', settings: { demo: true, apiKey: null } });
  });

  it('puts the database in the data folder of each platform', () => {
    expect(userDataFolder('linux', { XDG_DATA_HOME: '/data' }, '/home/anna')).toBe('/data');
    expect(userDataFolder('linux', {}, '/home/anna')).toBe(join('/home/anna', '.local', 'share'));
    expect(userDataFolder('darwin', {}, '/Users/anna')).toBe(join('/Users/anna', 'Library', 'Application Support'));
    expect(userDataFolder('win32', { APPDATA: 'C:\\Users\\anna\\AppData\\Roaming' }, 'C:\\Users\\anna')).toBe(
      'C:\\Users\\anna\\AppData\\Roaming',
    );
  });

  it.each([
    ['wrong arguments', ['--port', 'http'], /--port must be a whole number/],
    ['a renderer folder without index.html', ['--api-key', 'k', '--serve-renderer', '/nonexistent-renderer'], /has no index\.html/],
  ])('exits with status 2 and the usage on %s, creating nothing', async (_name, args, message) => {
    const run = runCli(['--db', join(folder, 'never.sqlite'), ...args]);
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(message);
    expect(existsSync(join(folder, 'never.sqlite'))).toBe(false);
  });

  it('prints its usage on --help and exits 0', async () => {
    const run = runCli(['--help']);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('--serve-renderer DIR');
    expect(run.output()).toMatch(/--api-key-file FILE[\s\S]*--token-file FILE/);
    expect(run.output()).toMatch(/visible to other users/);
  });
});

describe('headless against a Ticketscloud server', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ orders: 20, seed: 3, apiKey: 'the-real-key-must-stay-secret' });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('keeps its database in the user data folder by default and takes the key from TICKETSCLOUD_API_KEY', async () => {
    const dataHome = join(folder, 'xdg');
    const run = runCli(['--api-url', sandbox.url, '--port', '0', '--token', TOKEN], {
      TICKETSCLOUD_API_KEY: sandbox.apiKey,
      XDG_DATA_HOME: dataHome,
    });
    const url = await listeningUrl(run);
    const status = await getJson<StatusDto>(`${url}/api/status`);
    expect(status.paused).toBeNull();
    expect(existsSync(join(dataHome, 'tc-box-office', 'box-office.sqlite'))).toBe(true);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain(sandbox.apiKey);
  });

  it('never prints the API key, even when the server refuses it', async () => {
    const wrongKey = 'wrong-key-that-must-not-leak-42';
    const run = runCli(['--db', join(folder, 'refused.sqlite'), '--api-url', sandbox.url, '--api-key', wrongKey, '--port', '0', '--token', TOKEN]);
    const url = await listeningUrl(run);
    const orderId = sandbox.orderIds()[0]!;
    const saved = await fetch(`${url}/api/orders/${orderId}/edits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ edit: { settings: { send_tickets: true } } }),
    });
    expect(saved.status).toBe(201);
    await waitForOutput(run, /sync paused:auth/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain(wrongKey);
  });

  it('prints a random token when none is given, and that token opens the API', async () => {
    const run = runCli(['--db', join(folder, 'random-token.sqlite'), '--api-url', sandbox.url, '--api-key', sandbox.apiKey, '--port', '0']);
    const url = await listeningUrl(run);
    const token = (await waitForOutput(run, /API token: (\S+)/))[1]!;
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect((await getJson<StatusDto>(`${url}/api/status`, token)).online).toBe(true);
    expect((await fetch(`${url}/api/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(401);
  });

  it('takes the key from a file and the token from BOX_OFFICE_TOKEN, and never prints either', async () => {
    const keyFile = join(folder, 'api-key.txt');
    writeFileSync(keyFile, `${sandbox.apiKey}\n`, { mode: 0o600 });
    const rendererDir = join(folder, 'renderer-for-token');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Касса</title>');
    const run = runCli(['--db', join(folder, 'secret-files.sqlite'), '--api-url', sandbox.url, '--api-key-file', keyFile, '--port', '0', '--serve-renderer', rendererDir], {
      BOX_OFFICE_TOKEN: TOKEN,
    });
    const url = await listeningUrl(run);
    expect((await waitForOutput(run, /open (\S+)/))[1]).toBe(`${url}/#token=<your-token>`);
    expect((await getJson<StatusDto>(`${url}/api/status`)).paused).toBeNull();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain(TOKEN);
    expect(run.output()).not.toContain(sandbox.apiKey);
    expect(run.output()).not.toMatch(/warning: /);
  });

  it('warns on stderr that --api-key and --token are visible to other users, and does not echo the token', async () => {
    const run = runCli(['--db', join(folder, 'flags.sqlite'), '--api-url', sandbox.url, '--api-key', sandbox.apiKey, '--port', '0', '--token', TOKEN]);
    await listeningUrl(run);
    expect(run.output()).toMatch(/warning: --api-key is visible to other users of this computer/);
    expect(run.output()).toMatch(/warning: --token is visible to other users of this computer/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain(TOKEN);
    expect(run.output()).not.toContain(sandbox.apiKey);
  });

  it('says plainly when its port is taken', async () => {
    const first = runCli(['--db', join(folder, 'port-a.sqlite'), '--api-url', sandbox.url, '--api-key', sandbox.apiKey, '--port', '0', '--token', TOKEN]);
    const port = new URL(await listeningUrl(first)).port;
    const second = runCli(['--db', join(folder, 'port-b.sqlite'), '--api-url', sandbox.url, '--api-key', sandbox.apiKey, '--port', port, '--token', TOKEN]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`port ${port} is already in use`);
  });
});

describe('demo and browser mode', () => {
  it('runs with its own sandbox and data, serves the renderer with the token in the URL fragment, and stops on SIGTERM', async () => {
    const rendererDir = join(folder, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Касса</title>');
    const run = runCli(['--demo', '--port', '0', '--token', TOKEN, '--serve-renderer', rendererDir]);
    const url = await listeningUrl(run);
    // A token the operator gave is theirs: the URL to open says where it goes, never what it is.
    const openLine = (await waitForOutput(run, /open (http:\/\/127\.0\.0\.1:\d+\/#token=(\S+))/))!;
    expect(openLine[2]).toBe('<your-token>');
    expect(openLine[1]!.startsWith(url)).toBe(true);

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");

    // The demo imported the sandbox's orders before listening: search works offline from the cache.
    const answer = await getJson<SearchAnswer>(`${url}/api/search?q=&limit=10`);
    expect(answer.results.length).toBe(10);
    const events = await getJson<{ events: unknown[] }>(`${url}/api/events-list`);
    expect(events.events.length).toBeGreaterThan(0);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('stopped');
    expect(run.output()).not.toContain(TOKEN);
  });

  it('prints the one-time URL with the token in its fragment only when it made the token up', async () => {
    const rendererDir = join(folder, 'renderer-generated');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Касса</title>');
    const run = runCli(['--demo', '--port', '0', '--serve-renderer', rendererDir]);
    const url = await listeningUrl(run);
    const token = decodeURIComponent((await waitForOutput(run, /open http:\/\/127\.0\.0\.1:\d+\/#token=(\S+)/))[1]!);
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect((await getJson<StatusDto>(`${url}/api/status`, token)).online).toBe(true);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});
