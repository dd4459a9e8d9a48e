// GET /api/history.csv over real HTTP: the service on a real SQLite file, the answer streamed from the
// core's chunks, the separator picked by `?sep=` or `?locale=` (docs/bridge-api.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoxOffice, type BoxOffice } from '../../src-main/core/service.ts';
import { createBridge, type Bridge } from '../../src-main/headless/bridge.ts';

const TOKEN = 'history-csv-test-token-0123456789';
const ORDER = '5f0c1e2d3a4b5c6d7e8f9a0b';

let folder: string;
let boxOffice: BoxOffice;
let bridge: Bridge;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'bridge-csv-test-'));
  // No Ticketscloud needed: the engine is never started, edits stay pending.
  boxOffice = createBoxOffice({ dbFile: join(folder, 'box-office.sqlite'), apiUrl: 'http://127.0.0.1:9', apiKey: '' });
  const saved = await boxOffice.api.saveEdit(ORDER, { settings: { customer: { name: 'Ivan;=HYPERLINK("x")' } } }, 'anna');
  expect(saved.ok).toBe(true);
  bridge = await createBridge({ api: boxOffice.api, token: TOKEN, port: 0 });
});

afterAll(async () => {
  await bridge?.close();
  await boxOffice?.stop();
  rmSync(folder, { recursive: true, force: true });
});

async function csv(query: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await fetch(`http://127.0.0.1:${bridge.port}/api/history.csv${query}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('the history export over the bridge', () => {
  it('sends a UTF-8 BOM and comma-separated cells by default', async () => {
    const answer = await csv('');
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/csv/);
    expect([...answer.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = answer.bytes.toString('utf8');
    expect(text).toContain('\uFEFFid,order_id,created_at,operator,');
    expect(text).toContain(',anna,"customer.name = Ivan;=HYPERLINK(""x"")",pending,');
  });

  it.each(['?sep=semicolon', '?locale=ru'])('sends `;`-separated cells for %s', async (query) => {
    const text = (await csv(query)).bytes.toString('utf8');
    expect(text.startsWith('\uFEFFid;order_id;created_at;operator;')).toBe(true);
    expect(text).toContain(';anna;"customer.name = Ivan;=HYPERLINK(""x"")";pending;');
  });

  it('refuses an unknown separator with 422 naming the parameter', async () => {
    const answer = await csv('?sep=tab');
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.bytes.toString('utf8'))).toMatchObject({ errors: [{ path: 'options.separator', code: 'not_one_of' }] });
  });
});
