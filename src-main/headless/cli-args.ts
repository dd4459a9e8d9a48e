// The headless command line, parsed into settings or a clear complaint. Pure (argv, environment, platform
// and the reading of a secret file come in as values), so the rules are easy to read and test.
//
// Secrets: a command line is visible to every user of the computer (`ps`, /proc/PID/cmdline), so the API
// key and the bridge token are better given by environment (TICKETSCLOUD_API_KEY, BOX_OFFICE_TOKEN) or
// by a file only the operator can read (--api-key-file, --token-file). --api-key and --token still work
// and earn a warning.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { apiKeyErrors } from '../core/ticketscloud/api-key.ts';
import { checkApiUrl } from '../core/ticketscloud/api-url.ts';
import { DEFAULT_PORT } from './bridge.ts';

export const USAGE = `Usage: npm run headless -- [options]

  --db FILE              SQLite database (default: <data folder>/tc-box-office/box-office.sqlite;
                         with --demo: a fresh temporary one)
  --api-url URL          Ticketscloud base URL (default: https://ticketscloud.com); https:// only,
                         http:// just for this computer (127.0.0.1, ::1, localhost)
  --api-key-file FILE    read the Ticketscloud API key from FILE (or set TICKETSCLOUD_API_KEY)
  --api-key KEY          the key itself: visible to other users of this computer (ps), so prefer
                         the two above; never printed
  --port N               port on 127.0.0.1 (default: ${DEFAULT_PORT}; 0 = any free port)
  --token-file FILE      read the bridge's bearer token from FILE (or set BOX_OFFICE_TOKEN)
  --token T              the token itself: visible to other users (ps), so prefer the two above.
                         A token you give is never printed; without one a random token is made and
                         printed once, with the URL to open
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
  /** Said on stderr at start: a secret given on the command line, visible to other users. */
  warnings: string[];
  concurrency: number | undefined;
  demo: boolean;
  rendererDir: string | null;
}

export type CliParse = { kind: 'run'; settings: HeadlessSettings } | { kind: 'help' } | { kind: 'error'; message: string };

/** Reads a secret file (--api-key-file, --token-file); tests hand in their own. */
export type ReadSecretFile = (file: string) => string;
const readSecretFileFromDisk: ReadSecretFile = (file) => readFileSync(file, 'utf8');

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv, readSecretFile: ReadSecretFile = readSecretFileFromDisk): CliParse {
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
        'api-key-file': { type: 'string' },
        port: { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
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
  const warnings: string[] = [];
  const demo = values.demo ?? false;

  const port = integerIn(values.port, 'port', 0, 65_535, problems) ?? DEFAULT_PORT;
  const concurrency = integerIn(values.concurrency, 'concurrency', CONCURRENCY.min, CONCURRENCY.max, problems);

  let apiUrl = values['api-url'] ?? DEFAULT_API_URL;
  const checkedUrl = checkApiUrl(apiUrl, '--api-url');
  if (checkedUrl.ok) apiUrl = checkedUrl.value;
  else problems.push(...checkedUrl.errors.map((error) => error.message.en));
  if (demo && values['api-url'] !== undefined) problems.push('--demo runs its own sandbox: leave out --api-url');

  // The key's value never appears in a message: it might be a real key typed in the wrong place.
  const problemsBeforeKey = problems.length;
  const apiKey = secret(
    { value: values['api-key'], file: values['api-key-file'], env: env.TICKETSCLOUD_API_KEY },
    { flag: '--api-key', fileFlag: '--api-key-file', envName: 'TICKETSCLOUD_API_KEY' },
    { readSecretFile, problems, warnings },
  );
  if (apiKey === null && !demo && problems.length === problemsBeforeKey) {
    problems.push('an API key is required: TICKETSCLOUD_API_KEY, --api-key-file FILE or --api-key KEY');
  }
  if (apiKey !== null) {
    const [keyProblem] = apiKeyErrors(apiKey);
    if (keyProblem) problems.push(`the API key is not usable: ${keyProblem.message.en}`);
  }

  const givenToken = secret(
    { value: values.token, file: values['token-file'], env: env.BOX_OFFICE_TOKEN },
    { flag: '--token', fileFlag: '--token-file', envName: 'BOX_OFFICE_TOKEN' },
    { readSecretFile, problems, warnings },
  );
  const tokenGenerated = givenToken === null;
  const token = givenToken ?? randomBytes(24).toString('base64url');
  if (!tokenGenerated && (token.length < TOKEN_LENGTH.min || token.length > TOKEN_LENGTH.max || !/^[\x21-\x7E]+$/.test(token))) {
    problems.push(`the token (--token, --token-file or BOX_OFFICE_TOKEN) must be ${TOKEN_LENGTH.min}-${TOKEN_LENGTH.max} characters without spaces (printable ASCII)`);
  }

  const dbFile = values.db ?? null;
  if (dbFile === '') problems.push('--db must name a file');
  const rendererDir = values['serve-renderer'] ?? null;
  if (rendererDir === '') problems.push('--serve-renderer must name a folder');

  if (problems.length > 0) return { kind: 'error', message: problems.join('\n') };
  return {
    kind: 'run',
    settings: { dbFile, apiUrl, apiKey, port, token, tokenGenerated, warnings, concurrency, demo, rendererDir },
  };
}

/**
 * One secret from the first place it is given: the option itself, then its file, then the environment.
 * Null when none is. The option and its file together are a mistake (which one was meant?).
 */
function secret(
  given: { value: string | undefined; file: string | undefined; env: string | undefined },
  names: { flag: string; fileFlag: string; envName: string },
  context: { readSecretFile: ReadSecretFile; problems: string[]; warnings: string[] },
): string | null {
  if (given.value !== undefined && given.file !== undefined) {
    context.problems.push(`give ${names.flag} or ${names.fileFlag}, not both`);
    return null;
  }
  if (given.value !== undefined) {
    context.warnings.push(
      `warning: ${names.flag} is visible to other users of this computer (ps); prefer ${names.envName} or ${names.fileFlag} FILE`,
    );
    return given.value;
  }
  if (given.file !== undefined) {
    let text: string;
    try {
      text = context.readSecretFile(given.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      context.problems.push(`${names.fileFlag} ${given.file} cannot be read${code ? ` (${code})` : ''}`);
      return null;
    }
    // A file written by `echo` or an editor ends with a line break; the secret is the line itself.
    const value = text.replace(/\r?\n$/, '');
    if (value === '') context.problems.push(`${names.fileFlag} ${given.file} is empty`);
    return value === '' ? null : value;
  }
  return nonEmpty(given.env) ?? null;
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

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}
