// The two rules every entry point of a Ticketscloud key and URL goes through (settings, IPC, bridge,
// command line, environment, files): what may be sent in an Authorization header, and where.
import { describe, expect, it } from 'vitest';
import { API_KEY_MAX_LENGTH, apiKeyErrors } from '../../src-main/core/ticketscloud/api-key.ts';
import { checkApiUrl, isLoopbackHost } from '../../src-main/core/ticketscloud/api-url.ts';

describe('API key', () => {
  it.each([
    ['a key of letters, digits and punctuation', 'tc-live_7f3a9c0e.1d2b~4a6f'],
    ['every printable ASCII character', '!"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~'],
    [`${API_KEY_MAX_LENGTH} characters`, 'k'.repeat(API_KEY_MAX_LENGTH)],
  ])('accepts %s', (_case, key) => {
    expect(apiKeyErrors(key)).toEqual([]);
  });

  it.each([
    ['typed in the Russian layout', 'ыфтвищч-лун', 'api_key_layout', /Russian keyboard layout/, /русской раскладке/],
    ['with one accented letter', 'sandbox-kéy', 'api_key_layout', /Latin letters/, /латинские/],
    ['with a no-break space', 'key\u00a0pasted', 'api_key_layout', /Latin letters/, /латинские/],
    ['with a zero-width space', 'key\u200bpasted', 'api_key_layout', /Latin letters/, /латинские/],
    ['with a space', 'key pasted', 'api_key_spaces', /spaces or control characters/, /пробелы/],
    ['with a tab', 'key\tpasted', 'api_key_spaces', /spaces or control characters/, /пробелы/],
    ['with DEL', 'key\u007fpasted', 'api_key_spaces', /spaces or control characters/, /пробелы/],
    ['empty', '', 'required', /Required/, /Обязательное/],
    ['too long', 'k'.repeat(API_KEY_MAX_LENGTH + 1), 'too_long', /At most 200 characters \(you have 201\)/, /Максимум 200 символов/],
    ['not text', 42, 'not_a_string', /Must be text \(got a number\)/, /Нужен текст/],
  ])('refuses a key %s, in English and Russian, without quoting it', (_case, key, code, en, ru) => {
    const errors = apiKeyErrors(key);
    expect(errors).toEqual([{ path: 'key', code, message: { en: expect.stringMatching(en), ru: expect.stringMatching(ru) } }]);
    if (typeof key === 'string' && key !== '') expect(JSON.stringify(errors)).not.toContain(key);
  });
});

describe('Ticketscloud URL', () => {
  it.each([
    ['https://ticketscloud.com/', 'https://ticketscloud.com'],
    ['https://staging.ticketscloud.com:8443', 'https://staging.ticketscloud.com:8443'],
    ['http://127.0.0.1:4400', 'http://127.0.0.1:4400'],
    ['http://127.45.6.7/', 'http://127.45.6.7'],
    ['http://[::1]:4400/', 'http://[::1]:4400'],
    ['http://localhost:4400', 'http://localhost:4400'],
    ['http://LOCALHOST:4400', 'http://localhost:4400'],
  ])('accepts %s', (url, normalised) => {
    expect(checkApiUrl(url, '--api-url')).toEqual({ ok: true, value: normalised });
  });

  it.each([
    ['http://ticketscloud.com', 'url_plain_http', /must use https:\/\/: plain http:\/\/ would send the API key unencrypted to ticketscloud\.com/],
    ['http://10.0.0.5:8080', 'url_plain_http', /must use https:\/\//],
    ['http://localhost.evil.example/', 'url_plain_http', /must use https:\/\//],
    ['http://128.0.0.1/', 'url_plain_http', /must use https:\/\//],
    ['ftp://ticketscloud.com', 'url_scheme', /must start with https:\/\//],
    ['ticketscloud.com', 'not_a_url', /is not a URL/],
  ])('refuses %s and says why, naming where it came from', (url, code, problem) => {
    const checked = checkApiUrl(url, 'TICKETSCLOUD_API_URL');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors[0]).toMatchObject({ path: 'TICKETSCLOUD_API_URL', code });
    expect(checked.errors[0]?.message.en).toMatch(problem);
    expect(checked.errors[0]?.message.en).toContain('TICKETSCLOUD_API_URL');
    expect(checked.errors[0]?.message.ru).toContain('TICKETSCLOUD_API_URL');
  });

  it('counts only names that never leave this computer as loopback', () => {
    expect(['127.0.0.1', '127.255.255.254', '[::1]', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['126.0.0.1', '0.0.0.0', '[::2]', 'localhost.example', '127.0.0.1.nip.io'].some(isLoopbackHost)).toBe(false);
  });
});
