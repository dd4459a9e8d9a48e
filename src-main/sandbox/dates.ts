// Ticketscloud's date format: "YYYY-MM-DD HH:MM:SS", no zone; the project reads it as UTC.

/**
 * The start of a data set generated without one: every generated date (orders, events) is an offset from
 * a data set's start, and the dates written in the sources (event starts in catalog.ts) are as seen from
 * this one. The sandbox starts its data set at its own start instead.
 */
export const DEFAULT_DATASET_START = '2026-11-28 21:00:00';

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * Epoch seconds → "YYYY-MM-DD HH:MM:SS" (UTC). Integer arithmetic (H. Hinnant's civil-from-days)
 * instead of Date#toISOString: the generator formats three dates per order, a million orders per run.
 */
export function formatServerDate(epochSeconds: number): string {
  const seconds = Math.floor(epochSeconds);
  const days = Math.floor(seconds / 86_400);
  const secondOfDay = seconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const second = secondOfDay % 60;
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]} ${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}`;
}

/** "YYYY-MM-DD HH:MM:SS" (UTC) → epoch seconds. */
export function parseServerDate(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`) / 1000;
}

// ISO 8601 as list filters take it: a date, optionally a time (seconds and fraction optional), optionally
// a zone. No zone means UTC, the same reading as the server's own dates.
const ISO_8601 = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/** ISO 8601 → "YYYY-MM-DD HH:MM:SS" (UTC), comparable as text with the orders' dates; null when unreadable. */
export function isoToServerDate(text: string): string | null {
  const match = ISO_8601.exec(text.trim());
  if (!match) return null;
  const [, date, time = '00:00:00', zone = 'Z'] = match;
  const normalisedZone = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const withSeconds = time.length === 5 ? `${time}:00` : time;
  const ms = Date.parse(`${date}T${withSeconds}${normalisedZone}`);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls "2026-02-31" over into March; a date that does not exist is an error instead.
  if (zone === 'Z' && new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return formatServerDate(Math.floor(ms / 1000));
}

/** DEFAULT_DATASET_START in epoch milliseconds, the unit of every `startedAt` option. */
export const DEFAULT_STARTED_AT_MS = parseServerDate(DEFAULT_DATASET_START) * 1000;
