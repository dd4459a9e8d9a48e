import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import HistoryScreen from '../../src-renderer/screens/HistoryScreen.svelte';
import { preferences } from '../../src-renderer/lib/preferences.svelte.ts';
import { FakeApi } from './fake-api.ts';
import { ORDER_ID, sampleEdit } from './fixtures.ts';
import { apiContext } from '../../src-renderer/lib/api-context.ts';

describe('history', () => {
  beforeEach(() => preferences.setLang('en'));

  it('lists every edit with operator, time and outcome, and exports the CSV', async () => {
    const api = new FakeApi();
    api.csv = 'id,order_id,operator\n1,abc,anna\n';
    api.edits.push(
      sampleEdit({ settings: { customer: { email: 'a@b.ru' } } }, { state: 'synced', operator: 'anna', synced_at: '2026-11-28T19:05:00.000Z' }),
      sampleEdit({ vendor_data: { raw: { note: null } } }, { state: 'failed', operator: 'boris', error: 'Order not found' }),
    );
    const download = vi.fn();
    const onOpenOrder = vi.fn();
    render(HistoryScreen, { props: { onOpenOrder, download }, context: apiContext(api) });

    expect(await screen.findByText('email → a@b.ru')).toBeTruthy();
    expect(screen.getByText('remove field note')).toBeTruthy();
    expect(screen.getByText('anna')).toBeTruthy();
    expect(screen.getByText('Order not found')).toBeTruthy();
    expect(document.querySelectorAll('tbody tr')).toHaveLength(2);

    await fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(download).toHaveBeenCalledWith(api.csv, expect.stringMatching(/^box-office-history-\d{4}-\d{2}-\d{2}\.csv$/));

    await fireEvent.click(screen.getAllByRole('button', { name: ORDER_ID })[0]!);
    expect(onOpenOrder).toHaveBeenCalledWith(ORDER_ID);
  });

  it('exports `;`-separated CSV when the interface is Russian, as Russian-locale Excel expects', async () => {
    const api = new FakeApi();
    const download = vi.fn();
    render(HistoryScreen, { props: { onOpenOrder: vi.fn(), download }, context: apiContext(api) });
    preferences.setLang('ru');
    await fireEvent.click(await screen.findByRole('button', { name: 'Выгрузить CSV' }));
    expect(api.csvRequests).toEqual([{ separator: ';' }]);
    preferences.setLang('en');
    await fireEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    expect(api.csvRequests).toEqual([{ separator: ';' }, { separator: ',' }]);
  });

  it('starts filtered on failed edits when the clerk came from the failed count', async () => {
    const api = new FakeApi();
    api.edits.push(
      sampleEdit({ settings: { send_tickets: true } }, { state: 'synced' }),
      sampleEdit({ settings: { send_tickets: false } }, { state: 'failed', error: 'Not allow' }),
    );
    render(HistoryScreen, { props: { onOpenOrder: vi.fn(), initialFilter: 'failed' }, context: apiContext(api) });
    expect(await screen.findByText('send tickets by email: off')).toBeTruthy();
    expect(screen.queryByText('send tickets by email: on')).toBeNull();
  });
});
