import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ImportPanel from '../../src-renderer/components/ImportPanel.svelte';
import { preferences } from '../../src-renderer/lib/preferences.svelte.ts';
import { FakeApi } from './fake-api.ts';
import { apiContext } from '../../src-renderer/lib/api-context.ts';

describe('import panel', () => {
  afterEach(() => preferences.setLang('en'));

  it('says how many orders were skipped as malformed, and why, in English and Russian', async () => {
    const api = new FakeApi();
    api.importResult = {
      imported: 999,
      pages: 6,
      skipped: 1,
      skipped_orders: [{ id: '5f0c1e2d3a4b5c6d7e8f9a0b', page: 2, reason: '`data[50].vendor_data` is missing' }],
    };
    const onImported = vi.fn();
    render(ImportPanel, { props: { events: [], onImported }, context: apiContext(api) });
    await fireEvent.click(screen.getByRole('button', { name: 'Load orders' }));

    const status = await screen.findByText(/Loaded 999 orders/);
    expect(status.textContent).toBe(
      'Loaded 999 orders (6 pages). 1 skipped: Ticketscloud sent them incomplete (`data[50].vendor_data` is missing).',
    );
    expect(onImported).toHaveBeenCalled();
    preferences.setLang('ru');
    expect((await screen.findByText(/Загружено заказов: 999/)).textContent).toContain('Пропущено: 1');
  });

  it('says nothing about skipped orders when there were none', async () => {
    const api = new FakeApi();
    api.importResult = { imported: 10, pages: 1, skipped: 0, skipped_orders: [] };
    render(ImportPanel, { props: { events: [], onImported: vi.fn() }, context: apiContext(api) });
    await fireEvent.click(screen.getByRole('button', { name: 'Load orders' }));
    expect((await screen.findByText(/Loaded 10 orders/)).textContent).toBe('Loaded 10 orders (1 pages).');
  });
});
