// Times, always shown with their zone. Ticketscloud sends "YYYY-MM-DD HH:MM:SS" with no zone, which the
// project reads as UTC; the core's own times are ISO 8601 UTC. A clerk must never guess which clock a
// time is on, so every formatted time carries its zone label.

/** "2026-11-28 19:30:00" (server, UTC) or an ISO string → Date; null when missing or unreadable. */
export function parseTime(text: string | null | undefined): Date | null {
  if (!text) return null;
  const serverShape = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text);
  const date = new Date(serverShape ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isNaN(date.getTime()) ? null : date;
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The computer's own zone, e.g. "Europe/Moscow". */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "28.11.2026, 19:30 UTC" / "28 Nov 2026, 19:30 Europe/Moscow". An unknown zone falls back to UTC. */
export function formatTime(date: Date, locale: string, zone = 'UTC', withDate = true): string {
  const shownZone = isValidZone(zone) ? zone : 'UTC';
  const format = new Intl.DateTimeFormat(locale, {
    timeZone: shownZone,
    ...(withDate ? { year: 'numeric', month: 'short', day: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${format.format(date)} ${shownZone}`;
}

/** "04:59" or "1:02:03"; negative durations count as zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/** The calendar day of a moment in a zone, as "2026-12-02" (to tell today from yesterday there). */
function dayIn(date: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/**
 * How old a copy is, in words: "just now" (null: the caller says it), "2 minutes ago", "18:05 Europe/Moscow"
 * earlier today, "yesterday 18:05 Europe/Moscow", else the date and time. The zone is always said.
 */
export function copyAge(copiedAt: Date, now: Date, locale: string, zone: string): string | null {
  const ms = now.getTime() - copiedAt.getTime();
  if (ms < 60_000) return null;
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (ms < 3_600_000) return relative.format(-Math.floor(ms / 60_000), 'minute');
  const shownZone = isValidZone(zone) ? zone : 'UTC';
  const time = formatTime(copiedAt, locale, shownZone, false);
  if (dayIn(copiedAt, shownZone) === dayIn(now, shownZone)) return time;
  if (dayIn(new Date(copiedAt.getTime() + 86_400_000), shownZone) === dayIn(now, shownZone)) return `${relative.format(-1, 'day')} ${time}`;
  return formatTime(copiedAt, locale, shownZone);
}
