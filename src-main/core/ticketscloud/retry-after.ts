// Reads a Retry-After header (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date.
// Pure: the caller passes "now", so tests need no clock.

const DELAY_SECONDS = /^\d+$/;

// The three HTTP-date forms. Checked before Date.parse because Date.parse accepts almost anything
// ("5 apples" is a date in 2001 to V8), and a garbage header must mean "no hint", not "some year".
const IMF_FIXDATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850_DATE = /^[A-Za-z]+, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * The wait the server asks for, in milliseconds; `null` when the header is absent or unreadable.
 * A date in the past means "now" (0), never a negative wait.
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null;
  const value = header.trim();
  if (DELAY_SECONDS.test(value)) {
    const seconds = Number(value);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : null;
  }
  const isHttpDate = IMF_FIXDATE.test(value) || RFC850_DATE.test(value) || ASCTIME_DATE.test(value);
  if (!isHttpDate) return null;
  // asctime carries no zone; HTTP says it is GMT, Date.parse would read it as local time.
  const when = Date.parse(ASCTIME_DATE.test(value) ? `${value} GMT` : value);
  if (Number.isNaN(when)) return null;
  return Math.max(0, when - nowMs);
}
