// What the client puts on the wire and how it copes with answers the sandbox cannot produce, against a
// tiny real HTTP server on 127.0.0.1 (real sockets, no mocked fetch).
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTicketscloudClient, type TicketscloudClient } from '../../src-main/core/ticketscloud/client.ts';
import type { OrderPatch } from '../../src-main/core/ticketscloud/types.ts';
import { waitUntil } from '../support/wait.ts';

const ORDER_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const API_KEY = 'secret-key-123';

interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

let server: http.Server;
let handler: Handler;
let seen: SeenRequest[];
let client: TicketscloudClient;

function validOrderBody(): object {
  return {
    data: {
      id: ORDER_ID,
      number: 7,
      status: 'executed',
      created_at: '2026-12-01 10:00:00',
      event: 'cccccccccccccccccccccccc',
      settings: {},
      vendor_data: {},
      tickets: [],
      promocodes: [],
      values: { price: '0.00', nominal: '0.00', discount: '0.00', extra: '0.00', full: '0.00' },
    },
    refs: {},
  };
}

function reply(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response.writeHead(status, headers);
    response.end(body);
  };
}

async function openConnections(): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

beforeEach(async () => {
  seen = [];
  handler = reply(200, JSON.stringify(validOrderBody()), { 'Content-Type': 'application/json' });
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      handler(request, response);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  client = createTicketscloudClient({ baseUrl: `http://127.0.0.1:${port}/`, apiKey: API_KEY, timeoutMs: 1000 });
});

afterEach(async () => {
  client.close();
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

describe('what the client sends', () => {
  it('PATCHes the order with the key header and the whole body as JSON', async () => {
    const patch: OrderPatch = {
      settings: { customer: { name: 'Анна Смирнова', email: 'anna@example.ru', phone: '+79991234576', lang: 'ru' } },
      vendor_data: { order_id: 'V-9', raw: { seat_note: 'aisle' } },
      promocodes: ['PROMO100'],
    };
    const outcome = await client.patchOrder(ORDER_ID, patch);
    expect(outcome.kind).toBe('ok');
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request).toMatchObject({ method: 'PATCH', url: `/v2/resources/orders/${ORDER_ID}` });
    expect(request!.headers.authorization).toBe(`key ${API_KEY}`);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual(patch);
  });

  it('uses a new key for the next request after setApiKey', async () => {
    client.setApiKey('second-key');
    await client.getOrder(ORDER_ID);
    expect(seen[0]!.headers.authorization).toBe('key second-key');
    expect(seen[0]!.method).toBe('GET');
  });

  it('spells the list filters as the API wants them: ranges with a comma, lists comma-separated', async () => {
    handler = reply(200, JSON.stringify({ data: [], refs: {}, pagination: { page: 2, page_size: 50, total: 0 } }));
    const outcome = await client.listOrders({
      page: 2,
      page_size: 50,
      created_from: '2025-03-01T00:00:00',
      created_to: '2025-03-02T00:00:00',
      status: ['done', 'executed'],
      events: ['cccccccccccccccccccccccc', 'dddddddddddddddddddddddd'],
    });
    expect(outcome.kind).toBe('ok');
    const url = new URL(seen[0]!.url, 'http://x');
    expect(url.pathname).toBe('/v2/resources/orders');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      created_at: '2025-03-01T00:00:00,2025-03-02T00:00:00',
      status: 'done,executed',
      events: 'cccccccccccccccccccccccc,dddddddddddddddddddddddd',
      page: '2',
      page_size: '50',
    });
  });

  it('reuses one keep-alive connection for requests in a row, and close() lets it go', async () => {
    await client.getOrder(ORDER_ID);
    await client.getOrder(ORDER_ID);
    await client.getOrder(ORDER_ID);
    expect(seen).toHaveLength(3);
    expect(await openConnections()).toBe(1);
    client.close();
    await waitUntil('the client to close its socket', async () => (await openConnections()) === 0, { timeoutMs: 5_000 });
  });
});

describe('answers only a broken proxy or server would give', () => {
  it('a 200 without data is a transient bad_body saying so', async () => {
    handler = reply(200, '{}', { 'Content-Type': 'application/json' });
    expect(await client.getOrder(ORDER_ID)).toMatchObject({
      kind: 'transient',
      reason: 'bad_body',
      status: 200,
      message: 'answer has no `data` field',
    });
  });

  it('a 200 HTML page is a transient bad_body quoting its start', async () => {
    handler = reply(200, '<html><body>Please log in to the hotel Wi-Fi</body></html>', { 'Content-Type': 'text/html' });
    const outcome = await client.patchOrder(ORDER_ID, { settings: { send_tickets: true } });
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'bad_body', status: 200 });
    expect(outcome.kind === 'transient' && outcome.message).toBe(
      "answer is not JSON: starts with '<html><body>Please log in to the hotel W…'",
    );
  });

  it('a redirect is not followed (a PATCH never becomes a GET of a login page) and is transient', async () => {
    handler = reply(302, '', { Location: 'http://portal.local/login' });
    const outcome = await client.patchOrder(ORDER_ID, { settings: { send_tickets: true } });
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'bad_body', status: 302 });
    expect(seen).toHaveLength(1);
  });

  it('an answer that stops mid-body is a transient network failure', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"data": {"id": "aaaa');
      setImmediate(() => response.socket?.destroy());
    };
    expect(await client.getOrder(ORDER_ID)).toMatchObject({ kind: 'transient', reason: 'network' });
  });

  it('headers followed by silence is a timeout, not a hang', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"data": ');
    };
    const { port } = server.address() as AddressInfo;
    const impatient = createTicketscloudClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: API_KEY, timeoutMs: 250 });
    expect(await impatient.getOrder(ORDER_ID)).toMatchObject({
      kind: 'transient',
      reason: 'timeout',
      message: 'no answer from the server within 250 ms',
    });
    impatient.close();
  });

  it('the probe counts any HTTP answer, even a 500, as reachable', async () => {
    handler = reply(500, 'oops');
    expect(await client.probe()).toBe('reachable');
    expect(seen[0]!.url).toBe('/v2/resources/orders?page_size=1');
  });

  it('never puts the API key into an outcome message', async () => {
    handler = reply(401, JSON.stringify({ errors: ['Invalid api key'] }));
    const outcome = await client.getOrder(ORDER_ID);
    expect(outcome.kind).toBe('auth');
    expect(JSON.stringify(outcome)).not.toContain(API_KEY);
  });
});

describe('answers too big to read', () => {
  const MIB = 1024 * 1024;

  function cappedClient(maxBodyBytes: number): TicketscloudClient {
    const { port } = server.address() as AddressInfo;
    return createTicketscloudClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: API_KEY, timeoutMs: 5000, maxBodyBytes });
  }

  it('stops reading a chunked answer past the cap and calls it a transient bad_body; the rest is never sent', async () => {
    const total = 64 * MIB;
    let written = 0;
    let finished: boolean | null = null;
    handler = (_request, response) => {
      // No Content-Length: only a running count can catch this one.
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const piece = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (written < total) {
          written += piece.length;
          if (!response.write(piece)) return void response.once('drain', pump);
        }
        response.end();
      };
      response.on('close', () => {
        finished = response.writableFinished;
      });
      pump();
    };
    const capped = cappedClient(MIB);
    try {
      const outcome = await capped.listOrders({ page: 1, page_size: 200 });
      expect(outcome).toMatchObject({ kind: 'transient', reason: 'bad_body', status: 200 });
      expect(outcome.kind === 'transient' && outcome.message).toMatch(/larger than 1 MiB/);
      await waitUntil('the server to see the connection closed', () => finished !== null, { timeoutMs: 5_000 });
      expect(finished).toBe(false);
      expect(written).toBeLessThan(total);
    } finally {
      capped.close();
    }
  });

  it('refuses an answer whose Content-Length is over the cap before reading its body', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(300 * MIB) });
      response.write('{"data": [');
      // …and never more: a client that waited for the 300 MB would time out instead.
    };
    const outcome = await client.getOrder(ORDER_ID);
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'bad_body', status: 200 });
    expect(outcome.kind === 'transient' && outcome.message).toMatch(/larger than 8 MiB/);
  });

  it('reads an answer just under the cap as usual', async () => {
    const body = validOrderBody() as { data: Record<string, unknown> };
    body.data.padding = 'x'.repeat(MIB - 1024);
    handler = reply(200, JSON.stringify(body), { 'Content-Type': 'application/json' });
    const capped = cappedClient(MIB);
    try {
      const outcome = await capped.getOrder(ORDER_ID);
      expect(outcome.kind).toBe('ok');
    } finally {
      capped.close();
    }
  });
});

describe('configuration', () => {
  it('refuses a base URL that is not http(s) when the client is made', () => {
    expect(() => createTicketscloudClient({ baseUrl: 'ftp://ticketscloud.com', apiKey: API_KEY })).toThrow(
      'must start with http:// or https://',
    );
    expect(() => createTicketscloudClient({ baseUrl: 'ticketscloud', apiKey: API_KEY })).toThrow('is not a URL');
  });
});
