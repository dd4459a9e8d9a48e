// Whether a Ticketscloud base URL may be used: the one rule behind every way it comes in (the headless
// --api-url, the desktop app's TICKETSCLOUD_API_URL and settings.json). Every request carries the API key
// in a header, so plain http:// would send the key in clear over the network: it is allowed only to this
// computer itself (loopback: the built-in sandbox, a local test server). Pure.
import type { Result } from '../contract.ts';
import { refusal } from '../messages/catalog.ts';

/** The URL as the client wants it (no trailing slash), or what is wrong with it, naming `source`. */
export function checkApiUrl(text: string, source: string): Result<string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refusal(422, source, 'not_a_url', { source, text });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refusal(422, source, 'url_scheme', { source, text });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return refusal(422, source, 'url_plain_http', { source, host: url.hostname });
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
