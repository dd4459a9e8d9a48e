import { render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import ExpiryNotice from '../../src-renderer/components/ExpiryNotice.svelte';
import { preferences } from '../../src-renderer/lib/preferences.svelte.ts';
import { sampleOrder } from './fixtures.ts';

/** A server time ("YYYY-MM-DD HH:MM:SS", UTC) `seconds` from now. */
function serverTimeIn(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function reserved(secondsLeft: number) {
  return sampleOrder({ status: 'executed', expired_after: serverTimeIn(secondsLeft) });
}

describe('reservation time of an executed order', () => {
  beforeEach(() => preferences.setLang('en'));

  it('shows the time left and the end time in UTC, with no warning when nothing waits', () => {
    render(ExpiryNotice, { order: reserved(600), hasUnsent: false, online: true });
    const text = screen.getByTestId('expiry').textContent ?? '';
    expect(text).toMatch(/Reservation ends at \d{2}:\d{2} UTC: (09:5\d|10:00) left\./);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('warns that unsent changes may arrive too late when the reservation is about to end', () => {
    render(ExpiryNotice, { order: reserved(90), hasUnsent: true, online: true });
    expect(screen.getByRole('alert').textContent).toMatch(/may not reach Ticketscloud before the reservation ends at \d{2}:\d{2} UTC/);
  });

  it('warns when Ticketscloud cannot be reached while changes wait, whatever the time left', () => {
    render(ExpiryNotice, { order: reserved(600), hasUnsent: true, online: false });
    expect(screen.getByRole('alert').textContent).toContain('Ticketscloud cannot be reached');
  });

  it('names the date and counts days for a reservation that runs for days', () => {
    render(ExpiryNotice, { order: reserved(9 * 86_400 + 3_600), hasUnsent: false, online: true });
    expect(screen.getByTestId('expiry').textContent?.trim()).toMatch(/^Reservation ends \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC: 9 days left\.$/);
  });

  it('says plainly when the reservation is over', () => {
    render(ExpiryNotice, { order: reserved(-60), hasUnsent: false, online: true });
    expect(screen.getByTestId('expiry').textContent).toMatch(/The reservation ended at \d{2}:\d{2} UTC/);
  });

  it('shows nothing for an order that is not reserved', () => {
    render(ExpiryNotice, { order: sampleOrder({ status: 'done', expired_after: serverTimeIn(600) }), hasUnsent: true, online: false });
    expect(screen.queryByTestId('expiry')).toBeNull();
  });
});
