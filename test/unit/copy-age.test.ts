// How the order screen says the age of the local copy: always with the zone once it is a clock time.
import { describe, expect, it } from 'vitest';
import { copyAge } from '../../src-renderer/lib/times.ts';

const NOW = new Date('2026-12-02T15:30:00Z');
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

describe('the age of a copy', () => {
  it.each([
    ['under a minute: the caller says "just now"', ago(20_000), 'en', 'UTC', null],
    ['minutes', ago(2 * 60_000 + 10_000), 'en', 'UTC', '2 minutes ago'],
    ['minutes, in Russian', ago(5 * 60_000), 'ru', 'UTC', '5 минут назад'],
    ['earlier today: the time with its zone', ago(3 * 3_600_000), 'en', 'Europe/Moscow', '15:30 Europe/Moscow'],
    ['yesterday in that zone', new Date('2026-12-01T15:05:00Z'), 'en', 'Europe/Moscow', 'yesterday 18:05 Europe/Moscow'],
    ['yesterday, in Russian', new Date('2026-12-01T15:05:00Z'), 'ru', 'Europe/Moscow', 'вчера 18:05 Europe/Moscow'],
  ])('%s', (_what, copiedAt, locale, zone, expected) => {
    expect(copyAge(copiedAt, NOW, locale, zone)).toBe(expected);
  });

  it('gives the date for anything older', () => {
    expect(copyAge(new Date('2026-11-20T09:00:00Z'), NOW, 'en', 'UTC')).toMatch(/20 Nov 2026|Nov 20, 2026/);
  });
});
