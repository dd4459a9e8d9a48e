// A BoxOfficeApi that records what it was called with and answers with fixed values: the IPC tests
// check what reaches the core, not what the core does with it (the core has its own tests).
import { vi } from 'vitest';
import { sampleEdit } from '../support/fixtures.ts';
import type { ApiEvent, BoxOfficeApi, EditDto, Result, StatusDto } from '../../src-main/core/contract.ts';

export const STATUS: StatusDto = { online: true, paused: null, pending: 0, failed: 0, last_sync_at: null, deadline: null };

export const EDIT: EditDto = sampleEdit({ settings: { customer: { name: 'Иван Иванов' } } }, { id: 7 });

const saved: Result<EditDto> = { ok: true, value: EDIT };

export function fakeApi() {
  const listeners = new Set<(event: ApiEvent) => void>();
  const api = {
    status: vi.fn(async () => STATUS),
    saveEdit: vi.fn(async (_orderId: string, _edit: unknown, _operator?: string) => saved),
    getOrder: vi.fn(async (_orderId: string) => ({ order: null, server_order: null, refs: null, fetched_at: null, edits: [EDIT], older_edits: 0 })),
    refreshOrder: vi.fn(async (_orderId: string) => ({ order: null, server_order: null, refs: null, fetched_at: null, edits: [EDIT], older_edits: 0 })),
    listEdits: vi.fn(async (_filter?: unknown) => [EDIT]),
    cancelEdit: vi.fn(async (_editId: number) => saved),
    retryEdit: vi.fn(async (_editId: number) => saved),
    discardEdit: vi.fn(async (_editId: number) => saved),
    pauseSync: vi.fn(async () => ({ ...STATUS, paused: 'user' as const })),
    resumeSync: vi.fn(async () => STATUS),
    setApiKey: vi.fn(async (_key: string): Promise<Result<StatusDto>> => ({ ok: true, value: STATUS })),
    search: vi.fn(async (_query: unknown) => ({ results: [], took_ms: 1 })),
    listEvents: vi.fn(async () => [{ id: 'aaaaaaaaaaaaaaaaaaaaaaaa', title: 'Концерт' }]),
    importOrders: vi.fn(async (_filter: unknown) => ({ ok: true as const, value: { imported: 3, pages: 1, skipped: 0, skipped_orders: [] } })),
    historyCsv: vi.fn(async () => 'id,order_id\n7,5f2a0c9e1b2c3d4e5f607182\n'),
    subscribe: vi.fn((listener: (event: ApiEvent) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    }),
  } satisfies BoxOfficeApi;
  const emit = (event: ApiEvent) => {
    for (const listener of listeners) listener(event);
  };
  return { api, emit, listeners };
}
