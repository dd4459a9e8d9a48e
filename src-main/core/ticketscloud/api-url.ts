// Whether a Ticketscloud base URL may be used: the one rule behind every way it comes in (the headless
// --api-url, the desktop app's TICKETSCLOUD_API_URL and settings.json). Every request carries the API key
// in a header, so plain http:// would send the key in clear over the network: it is allowed only to this
// computer itself (loopback: the built-in sandbox, a local test server). Pure.
import type { LocalizedText, Result } from '../contract.ts';

/** The URL as the client wants it (no trailing slash), or what is wrong with it, naming `source`. */
export function checkApiUrl(text: string, source: string): Result<string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid(source, { en: `${source} is not a URL (got "${text}")`, ru: `${source}: это не адрес URL ("${text}")` });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return invalid(source, {
      en: `${source} must start with https:// (got "${text}")`,
      ru: `${source} должен начинаться с https:// ("${text}")`,
    });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return invalid(source, {
      en: `${source} must use https://: plain http:// would send the API key unencrypted to ${url.hostname} (http:// is allowed only for this computer: 127.0.0.1, ::1, localhost)`,
      ru: `${source} должен использовать https://: по http:// ключ API ушёл бы на ${url.hostname} незашифрованным (http:// допустим только для этого компьютера: 127.0.0.1, ::1, localhost)`,
    });
  }
  return { ok: true, value: url.href.replace(/\/$/, '') };
}

/** 127.0.0.0/8, ::1 and localhost: names that never leave this computer. `hostname` as URL gives it. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  // URL has already normalised IPv4 (decimal, octal and short forms become dotted quads).
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function invalid(path: string, message: LocalizedText): Result<never> {
  return { ok: false, status: 422, errors: [{ path, code: 'invalid_value', message }] };
}
