// How this start of the desktop app is configured: demo mode from the command line, the Ticketscloud
// URL from the environment or the settings file. Pure: main.ts reads argv, env and the file and shows
// the error, if any, to the user.
import type { Result } from '../core/contract.ts';
import { kindOf, refusal } from '../core/messages/catalog.ts';
import { checkApiUrl } from '../core/ticketscloud/api-url.ts';

export const DEFAULT_API_URL = 'https://ticketscloud.com';

export interface LaunchOptions {
  /** `--demo`: run against the built-in Ticketscloud sandbox with seeded orders. */
  demo: boolean;
  apiUrl: string;
}

export interface LaunchSources {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Contents of userData/settings.json, or null when there is none. */
  settingsText: string | null;
  settingsFile: string;
}

/** `{"apiUrl": "https://…"}`; anything else in the file is a mistake worth saying out loud. */
function apiUrlFromSettings(text: string, file: string): Result<string | null> {
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch {
    return refusal(422, file, 'settings_not_json', { file });
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    return refusal(422, file, 'settings_not_object', { file, example: '{"apiUrl": "https://ticketscloud.com"}' });
  }
  const { apiUrl, ...rest } = settings as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey !== undefined) return refusal(422, `${file}: ${unknownKey}`, 'settings_unknown', { file, key: unknownKey });
  if (apiUrl === undefined) return { ok: true, value: null };
  if (typeof apiUrl !== 'string') return refusal(422, `${file}: apiUrl`, 'not_a_string', { got: kindOf(apiUrl) });
  return checkApiUrl(apiUrl, `${file}: apiUrl`);
}

/** The environment wins over the settings file (a one-off start against a test server), then the default. */
export function launchOptions({ argv, env, settingsText, settingsFile }: LaunchSources): Result<LaunchOptions> {
  const demo = argv.includes('--demo');
  const fromEnv = env.TICKETSCLOUD_API_URL;
  if (fromEnv !== undefined && fromEnv !== '') {
    const checked = checkApiUrl(fromEnv, 'TICKETSCLOUD_API_URL');
    return checked.ok ? { ok: true, value: { demo, apiUrl: checked.value } } : checked;
  }
  if (settingsText !== null) {
    const fromFile = apiUrlFromSettings(settingsText, settingsFile);
    if (!fromFile.ok) return fromFile;
    if (fromFile.value !== null) return { ok: true, value: { demo, apiUrl: fromFile.value } };
  }
  return { ok: true, value: { demo, apiUrl: DEFAULT_API_URL } };
}
