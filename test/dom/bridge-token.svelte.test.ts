import { describe, expect, it, vi } from 'vitest';
import { takeBridgeToken } from '../../src-renderer/lib/token.ts';

function place(hash: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const replaceState = vi.fn();
  return {
    place: {
      location: { hash, pathname: '/', search: '' },
      history: { replaceState },
      storage: { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) },
    },
    storage,
    replaceState,
  };
}

describe('the bridge token in browser mode', () => {
  it('is taken from the #token= fragment, kept for this tab and wiped from the address bar', () => {
    const { place: where, storage, replaceState } = place('#token=abc123-token');
    expect(takeBridgeToken(where)).toBe('abc123-token');
    expect([...storage.values()]).toEqual(['abc123-token']);
    expect(replaceState).toHaveBeenCalledWith(null, '', '/');
  });

  it('survives a reload of the tab (the fragment is gone by then)', () => {
    const { place: where, replaceState } = place('', { 'box-office.bridge-token': 'kept-token' });
    expect(takeBridgeToken(where)).toBe('kept-token');
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('is missing when the page was opened without the printed link', () => {
    expect(takeBridgeToken(place('').place)).toBeNull();
  });
});
