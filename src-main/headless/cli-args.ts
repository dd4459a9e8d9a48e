// The headless command line, parsed into settings or a clear complaint. Pure (argv, environment and
// platform come in as values), so the rules are easy to read and test.
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { apiKeyErrors } from '../core/service.ts';
import { DEFAULT_PORT } from './bridge.ts';

export const USAGE = `Usage: npm run headless -- [options]

  --db FILE              SQLite database (default: <data folder>/tc-box-office/box-office.sqlite;
                         with --demo: a fresh temporary one)
  --api-url URL          Ticketscloud base URL (default: https://ticketscloud.com)
  --api-key KEY          Ticketscloud API key (or TICKETSCLOUD_API_KEY); never printed
  --port N               port on 127.0.0.1 (default: ${DEFAULT_PORT}; 0 = any free port)
  --token T              bearer token for the API (default: a random one, printed)
  --concurrency N        orders sent in parallel, 1-32 (default: 4)
  --demo                 run the built-in Ticketscloud sandbox with 500 orders and import them
  --serve-renderer DIR   serve the built renderer (out/renderer) at /
  --help                 this text`;

export const DEFAULT_API_URL = 'https://ticketscloud.com';
export const DEMO_ORDERS = 500;
const TOKEN_LENGTH = { min: 16, max: 200 } as const;
const CONCURRENCY = { min: 1, max: 32 } as const;

export interface HeadlessSettings {
  /** null: the default (a data-folder file, or a temporary one in demo mode). */
  dbFile: string | null;
  apiUrl: string;
  /** null only in demo mode, where the sandbox's key is used. */
  apiKey: string | null;
  port: number;
  token: string;
  /** Whether the token was made up here (then it must be printed: nobody else knows it). */
  tokenGenerated: boolean;
  concurrency: number | undefined;
  demo: boolean;
  rendererDir: string | null;
}

export type CliParse = { kind: 'run'; settings: HeadlessSettings } | { kind: 'help' } | { kind: 'error'; message: string };

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliParse {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        db: { type: 'string' },
        'api-url': { type: 'string' },
        'api-key': { type: 'string' },
        port: { type: 'string' },
        token: { type: 'string' },
        concurrency: { type: 'string' },
        demo: { type: 'boolean' },
        'serve-renderer': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  const values = parsed.values;
  if (values.help) return { kind: 'help' };

  const problems: string[] = [];
  const demo = values.demo ?? false;

  const port = integerIn(values.port, 'port', 0, 65_535, problems) ?? DEFAULT_PORT;
  const concurrency = integerIn(values.concurrency, 'concurrency', CONCURRENCY.min, CONCURRENCY.max, problems);

  const apiUrl = values['api-url'] ?? DEFAULT_API_URL;
  if (!isHttpUrl(apiUrl)) problems.push(`--api-url must be an http:// or https:// URL (got "${apiUrl}")`);
  if (demo && values['api-url'] !== undefined) problems.push('--demo runs its own sandbox: leave out --api-url');

  // The key's value never appears in a message: it might be a real key typed in the wrong place.
  const apiKey = values['api-key'] ?? nonEmpty(env.TICKETSCLOUD_API_KEY) ?? null;
  if (apiKey === null && !demo) problems.push('an API key is required: --api-key KEY or TICKETSCLOUD_API_KEY');
  if (apiKey !== null) {
    const [keyProblem] = apiKeyErrors(apiKey);
    if (keyProblem) problems.push(`the API key is not usable: ${keyProblem.message.en}`);
  }

  let token = values.token;
  const tokenGenerated = token === undefined;
  if (token === undefined) token = randomBytes(24).toString('base64url');
  else if (token.length < TOKEN_LENGTH.min || token.length > TOKEN_LENGTH.max || /[\s\p{Cc}]/u.test(token)) {
    problems.push(`--token must be ${TOKEN_LENGTH.min}-${TOKEN_LENGTH.max} characters without spaces`);
  }

  const dbFile = values.db ?? null;
  if (dbFile === '') problems.push('--db must name a file');
  const rendererDir = values['serve-renderer'] ?? null;
  if (rendererDir === '') problems.push('--serve-renderer must name a folder');

  if (problems.length > 0) return { kind: 'error', message: problems.join('\n') };
  return {
    kind: 'run',
    settings: { dbFile, apiUrl, apiKey, port, token, tokenGenerated, concurrency, demo, rendererDir },
  };
}

/** Where an application keeps its data on this platform (the folder, without the app's name). */
export function userDataFolder(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home = homedir()): string {
  if (platform === 'win32') return nonEmpty(env.APPDATA) ?? join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return nonEmpty(env.XDG_DATA_HOME) ?? join(home, '.local', 'share');
}

export function defaultDbFile(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  return join(userDataFolder(platform, env), 'tc-box-office', 'box-office.sqlite');
}

function integerIn(
  text: string | undefined,
  name: string,
  min: number,
  max: number,
  problems: string[],
): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (value >= min && value <= max) return value;
  problems.push(`--${name} must be a whole number from ${min} to ${max} (got "${text}")`);
  return undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}
