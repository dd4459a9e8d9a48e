import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result, StatusDto } from '../../src-main/core/contract.ts';
import StatusBar from '../../src-renderer/components/StatusBar.svelte';
import { preferences } from '../../src-renderer/lib/preferences.svelte.ts';

function setup(status: StatusDto | null, reachability: 'ok' | 'unreachable' | 'unauthorized' = 'ok') {
  const setApiKey = vi.fn(async (): Promise<Result<StatusDto>> => ({ ok: true, value: { ...status!, paused: null } }));
  const onPause = vi.fn(async () => undefined);
  const onResume = vi.fn(async () => undefined);
  const onShowFailed = vi.fn();
  render(StatusBar, { status, reachability, setApiKey, onPause, onResume, onShowFailed });
  return { setApiKey, onPause, onResume, onShowFailed };
}

const base: StatusDto = { online: true, paused: null, pending: 3, failed: 1, last_sync_at: '2026-11-28T19:30:00.000Z', deadline: null };

describe('status bar', () => {
  beforeEach(() => preferences.setLang('en'));

  it('shows online state, pending and failed counts and the last sync time with its zone', () => {
    setup(base);
    expect(screen.getByTestId('bar-online').textContent?.trim()).toBe('Online');
    expect(screen.getByTestId('bar-pending').textContent?.trim()).toBe('Not yet sent: 3');
    expect(screen.getByTestId('bar-failed').textContent?.trim()).toBe('Failed: 1');
    expect(screen.getByTestId('bar-last-sync').textContent).toMatch(/\d{2}:\d{2} \S+/);
  });

  it('warns when queued changes must beat a reservation’s end, in both languages', async () => {
    setup({ ...base, deadline: { edits: 3, ends_at: new Date(Date.now() + 3 * 60_000 + 30_000).toISOString() } });
    expect(screen.getByTestId('bar-deadline').textContent?.trim()).toBe(
      '3 changes must reach Ticketscloud within 4 min, or the reservation ends first',
    );
    preferences.setLang('ru');
    await Promise.resolve();
    expect((await screen.findByTestId('bar-deadline')).textContent?.trim()).toBe(
      '3 изменения нужно отправить в Ticketscloud в течение 4 мин, иначе бронь закончится раньше',
    );
  });

  it('says nothing of deadlines when no queued change is near one', () => {
    setup(base);
    expect(screen.queryByTestId('bar-deadline')).toBeNull();
  });

  it('says offline plainly, and in Russian when asked', async () => {
    setup({ ...base, online: false });
    expect(screen.getByTestId('bar-online').textContent).toContain('Offline');
    preferences.setLang('ru');
    await Promise.resolve();
    expect((await screen.findByTestId('bar-online')).textContent).toContain('Нет связи');
    expect(screen.getByTestId('bar-pending').textContent?.trim()).toBe('Не отправлено: 3');
  });

  it('asks for a new API key when Ticketscloud rejected the old one, and passes it on', async () => {
    const { setApiKey } = setup({ ...base, paused: 'auth' });
    expect(screen.getByText('Paused: Ticketscloud rejected the API key')).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('New API key'), { target: { value: ' new-key-123 ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Use this key' }));
    expect(setApiKey).toHaveBeenCalledWith('new-key-123');
    expect(await screen.findByText('Key saved. Sending resumes.')).toBeTruthy();
  });

  it('pauses and resumes sending on request', async () => {
    const { onPause } = setup(base);
    await fireEvent.click(screen.getByRole('button', { name: 'Pause sending' }));
    expect(onPause).toHaveBeenCalled();
  });

  it('leads from the failed count to the failed edits', async () => {
    const { onShowFailed } = setup(base);
    await fireEvent.click(screen.getByTestId('bar-failed'));
    expect(onShowFailed).toHaveBeenCalled();
  });

  it('tells the clerk when the core cannot be reached instead of failing silently', () => {
    setup(base, 'unreachable');
    expect(screen.getByRole('alert').textContent).toContain('No connection to the box office core');
    // The last known "Online" would be a guess now.
    expect(screen.getByTestId('bar-online').textContent?.trim()).toBe('Status unknown');
  });
});
