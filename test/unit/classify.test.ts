// Every row of the classification contract: which answers keep an edit waiting (transient), stop all
// sending (auth), fail one edit for good (permanent), or succeed — and what the clerk is told.
import { AbortError, FetchError } from 'node-fetch';
import { describe, expect, it } from 'vitest';
import {
  classifyOrderAnswer,
  classifyOrderListAnswer,
  classifyRequestFailure,
  invalidOrderId,
  serverErrorStrings,
  type HttpAnswer,
} from '../../src-main/core/ticketscloud/classify.ts';
import type { Outcome } from '../../src-main/core/ticketscloud/outcome.ts';
import { retryAfterMs } from '../../src-main/core/ticketscloud/retry-after.ts';
import type { OrderResponse } from '../../src-main/core/ticketscloud/types.ts';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const PROMO_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb';

function sampleOrder(): Record<string, unknown> {
  return {
    id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    number: 1042,
    status: 'executed',
    created_at: '2025-03-01 11:55:00',
    event: 'cccccccccccccccccccccccc',
    promocodes: [PROMO_ID],
    settings: { customer: { name: 'Иван Петров', email: 'ivan@example.ru', phone: '+79991234576', lang: 'ru' } },
    vendor_data: { order_id: 'V-1', raw: { seat_note: 'aisle' } },
    tickets: [
      {
        id: 'dddddddddddddddddddddddd',
        number: 1,
        barcode: null,
        set: 'eeeeeeeeeeeeeeeeeeeeeeee',
        status: 'reserved',
        price: '946.10',
        nominal: '900.00',
        discount: '0.00',
        extra: '46.10',
        full: '946.10',
      },
    ],
    values: { price: '946.10', nominal: '900.00', discount: '0.00', extra: '46.10', full: '946.10' },
  };
}

function sampleRefs(): Record<string, unknown> {
  return { promocodes: { [PROMO_ID]: { id: PROMO_ID, code: 'promo100', discount: { fix: '100.00' }, viral: false } } };
}

function answer(status: number, body: string | object, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers: new Headers(headers), body: typeof body === 'string' ? body : JSON.stringify(body) };
}

function orderBody(changeOrder: (order: Record<string, unknown>) => void = () => {}): object {
  const order = sampleOrder();
  changeOrder(order);
  return { data: order, refs: sampleRefs() };
}

const HTML_PAGE = `<html>\n  <head><title>502 Bad Gateway</title></head>\n  <body>${'nginx '.repeat(500)}</body>\n</html>`;

function expectOk(outcome: Outcome<OrderResponse>): Extract<Outcome<OrderResponse>, { kind: 'ok' }> {
  if (outcome.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('a 200 answer with a usable order', () => {
  it('is ok, with the order as the server sent it and no promocode errors', () => {
    const outcome = expectOk(classifyOrderAnswer(answer(200, orderBody()), NOW));
    expect(outcome.value.data).toEqual(sampleOrder());
    expect(outcome.value.refs).toEqual(sampleRefs());
    expect(outcome.promocodeErrors).toEqual([]);
  });

  it('reports the promocode errors Ticketscloud puts next to the data, keeping HTTP 200 an ok', () => {
    const body = {
      ...orderBody(),
      errors: [
        { code: 'promocode_not_found', msg: 'Promocode not found' },
        { code: 'promocode_limit_min_tickets', msg: 'Need more tickets in order for promocode activation' },
      ],
    };
    const outcome = expectOk(classifyOrderAnswer(answer(200, body), NOW));
    expect(outcome.promocodeErrors).toEqual(body.errors);
    expect(outcome.value.errors).toEqual(body.errors);
  });

  it.each([
    ['strings', ['something odd']],
    ['objects without a code', [{ msg: 'no code here' }, null, 7]],
    ['not a list', 'promocode_not_found'],
    ['an object', { code: 'promocode_not_found' }],
  ])('ignores promocode errors that are %s instead of failing the answer', (_shape, errors) => {
    const outcome = expectOk(classifyOrderAnswer(answer(200, { ...orderBody(), errors }), NOW));
    expect(outcome.promocodeErrors).toEqual([]);
    expect(outcome.value.errors).toBeUndefined();
  });

  it('keeps a promocode error whose message is missing, with an empty message', () => {
    const errors = [{ code: 'promocode_apply_info' }, 'junk'];
    const outcome = expectOk(classifyOrderAnswer(answer(200, { ...orderBody(), errors }), NOW));
    expect(outcome.promocodeErrors).toEqual([{ code: 'promocode_apply_info', msg: '' }]);
  });

  it('keeps fields it does not know, at every level, so the cache stores the order whole', () => {
    const body = {
      ...orderBody((order) => {
        order.loyalty_level = 'gold';
        (order.settings as Record<string, unknown>).invitation_note = 'VIP';
        (order.tickets as Array<Record<string, unknown>>)[0]!.gate = 'B';
      }),
      meta: { api_version: '2.1' },
    };
    const outcome = expectOk(classifyOrderAnswer(answer(200, body), NOW));
    expect(outcome.value.data.loyalty_level).toBe('gold');
    expect(outcome.value.data.settings.invitation_note).toBe('VIP');
    expect(outcome.value.data.tickets[0]!.gate).toBe('B');
    expect((outcome.value as unknown as Record<string, unknown>).meta).toEqual({ api_version: '2.1' });
  });

  it('leaves money as the exact decimal strings the server sent', () => {
    const outcome = expectOk(classifyOrderAnswer(answer(200, orderBody()), NOW));
    expect(outcome.value.data.values.full).toBe('946.10');
    expect(outcome.value.data.tickets[0]!.price).toBe('946.10');
  });

  it('accepts an answer without refs when the order has no promocodes', () => {
    const outcome = classifyOrderAnswer(answer(200, { data: { ...sampleOrder(), promocodes: [] } }), NOW);
    expect(expectOk(outcome).value.refs).toEqual({});
  });

  it('reads a body that starts with a byte-order mark', () => {
    expect(classifyOrderAnswer(answer(200, `\uFEFF${JSON.stringify(orderBody())}`), NOW).kind).toBe('ok');
  });
});

describe('a 2xx answer the client cannot use is a transient bad_body, never a crash', () => {
  it.each<[string, HttpAnswer, string]>([
    ['an HTML page', answer(200, HTML_PAGE), "answer is not JSON: starts with '<html> <head><title>502 Bad Gateway</tit…'"],
    ['truncated JSON', answer(200, '{"data": {"id": "aaaa'), `answer is not JSON: starts with '{"data": {"id": "aaaa'`],
    ['an empty body', answer(200, ''), 'answer is empty'],
    ['a blank body', answer(200, '  \n'), 'answer is empty'],
    ['a 204 without a body', answer(204, ''), 'answer is empty'],
    ['an object without data', answer(200, {}), 'answer has no `data` field'],
    ['errors but no data', answer(200, { errors: ['boom'] }), 'answer has no `data` field'],
    ['data that is null', answer(200, { data: null }), '`data` should be an object, got null'],
    ['data that is a list', answer(200, { data: [sampleOrder()] }), '`data` should be an object, got array'],
    ['a JSON list', answer(200, [sampleOrder()]), 'answer is not a JSON object, got array'],
    ['a JSON string', answer(200, '"ok"'), 'answer is not a JSON object, got string'],
  ])('%s', (_case, httpAnswer, message) => {
    expect(classifyOrderAnswer(httpAnswer, NOW)).toEqual({
      kind: 'transient',
      reason: 'bad_body',
      status: httpAnswer.status,
      retryAfterMs: null,
      message,
    });
  });

  it('quotes only a short excerpt of a large page, never the whole body', () => {
    const outcome = classifyOrderAnswer(answer(200, HTML_PAGE), NOW);
    expect(outcome.kind === 'transient' && outcome.message.length).toBeLessThan(100);
  });

  // The server handled the request and answered with an order the cache cannot take: for a PATCH that means
  // applied (the engine then never resends it), so it is told apart from a page that is not an answer at all.
  it('refs that are a list, next to an order, is an unreadable order', () => {
    expect(classifyOrderAnswer(answer(200, { data: sampleOrder(), refs: [] }), NOW)).toMatchObject({
      kind: 'transient',
      reason: 'unreadable_order',
      message: '`refs` should be an object, got array',
    });
  });

  it.each<[string, (order: Record<string, unknown>) => void, string]>([
    ['id', (o) => delete o.id, '`data.id` is missing'],
    ['id', (o) => (o.id = 42), '`data.id` should be a string, got number'],
    ['number', (o) => delete o.number, '`data.number` is missing'],
    ['number', (o) => (o.number = '1042'), '`data.number` should be a number, got string'],
    ['status', (o) => delete o.status, '`data.status` is missing'],
    ['settings', (o) => delete o.settings, '`data.settings` is missing'],
    ['settings', (o) => (o.settings = null), '`data.settings` should be an object, got null'],
    ['vendor_data', (o) => delete o.vendor_data, '`data.vendor_data` is missing'],
    ['vendor_data', (o) => (o.vendor_data = []), '`data.vendor_data` should be an object, got array'],
    ['tickets', (o) => delete o.tickets, '`data.tickets` is missing'],
    ['tickets', (o) => (o.tickets = {}), '`data.tickets` should be an array, got object'],
    ['promocodes', (o) => delete o.promocodes, '`data.promocodes` is missing'],
    ['promocodes', (o) => (o.promocodes = [7]), '`data.promocodes[0]` should be a string, got number'],
    ['id', (o) => (o.id = ''), '`data.id` should be 1 to 64 characters, got ""'],
    ['id', (o) => (o.id = 'f'.repeat(10_000)), `\`data.id\` should be 1 to 64 characters, got "${'f'.repeat(39)}…`],
    ['number', (o) => (o.number = 10.5), '`data.number` should be a whole number, got 10.5'],
    ['values', (o) => delete o.values, '`data.values` is missing'],
    ['values', (o) => ((o.values as Record<string, unknown>).full = 946.1), '`data.values.full` should be a string, got number'],
    ['tickets', (o) => ((o.tickets as Record<string, unknown>[])[0]!.price = 946.1), '`data.tickets[0].price` should be a string, got number'],
    ['tickets', (o) => delete (o.tickets as Record<string, unknown>[])[0]!.set, '`data.tickets[0].set` is missing'],
    ['settings', (o) => ((o.settings as Record<string, unknown>).customer = { name: 7 }), '`data.settings.customer.name` should be a string, got number'],
  ])('names the order field %s when it is missing or mistyped', (_field, breakOrder, message) => {
    const outcome = classifyOrderAnswer(answer(200, orderBody(breakOrder)), NOW);
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'unreadable_order', message });
  });

  it('reads what the docs say may be absent or null (customer, seat, barcode, expiry, vendor fields) as not there', () => {
    const body = orderBody((o) => {
      o.settings = { customer: null, send_tickets: null };
      o.vendor_data = { order_id: null };
      o.expired_after = null;
      o.done_at = null;
      (o.tickets as Record<string, unknown>[])[0]!.seat = null;
    });
    const { value } = expectOk(classifyOrderAnswer(answer(200, body), 0));
    expect(value.data.settings.customer).toBeNull();
    expect(value.data.tickets[0]?.barcode).toBeNull();
  });

  it('drops a ref entry it cannot read, not the answer: an order that needs that promocode is the one refused', () => {
    const body = { data: sampleOrder(), refs: { ...sampleRefs(), events: { cccccccccccccccccccccccc: { title: 'no id' } } } };
    const { value } = expectOk(classifyOrderAnswer(answer(200, body), 0));
    expect(value.refs.events).toEqual({});
    const brokenPromocode = { data: sampleOrder(), refs: { promocodes: { [PROMO_ID]: { id: PROMO_ID, discount: { fix: '100.00' } } } } };
    expect(classifyOrderAnswer(answer(200, brokenPromocode), 0)).toMatchObject({
      kind: 'transient',
      reason: 'unreadable_order',
      message: `\`data.promocodes[0]\` ('${PROMO_ID}') has no entry in \`refs.promocodes\``,
    });
  });

  it('refuses an order whose promocode id has no entry in refs, since its code could not be resent', () => {
    const outcome = classifyOrderAnswer(answer(200, { data: sampleOrder(), refs: {} }), NOW);
    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: 'unreadable_order',
      message: `\`data.promocodes[0]\` ('${PROMO_ID}') has no entry in \`refs.promocodes\``,
    });
  });
});

describe('the order list', () => {
  const page = { page: 1, page_size: 2, total: 7 };

  it('is ok with every order and the pagination, unknown fields kept', () => {
    const second = { ...sampleOrder(), id: 'eeeeeeeeeeeeeeeeeeeeeeee', promocodes: [], origin_note: 'kiosk' };
    const outcome = classifyOrderListAnswer(
      answer(200, { data: [sampleOrder(), second], refs: sampleRefs(), pagination: page }),
      NOW,
    );
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.value.data.map((order) => order.id)).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaa', second.id]);
    expect(outcome.value.data[1]!.origin_note).toBe('kiosk');
    expect(outcome.value.pagination).toEqual(page);
  });

  it('is ok with an empty page', () => {
    const outcome = classifyOrderListAnswer(answer(200, { data: [], refs: {}, pagination: page }), NOW);
    expect(outcome).toMatchObject({ kind: 'ok', value: { data: [] } });
  });

  it.each<[string, object, string]>([
    ['data that is one object', { data: sampleOrder(), refs: sampleRefs(), pagination: page }, '`data` should be an array, got object'],
    ['no data', { refs: {}, pagination: page }, 'answer has no `data` field'],
    ['no pagination', { data: [], refs: {} }, '`pagination` is missing'],
    ['a pagination without total', { data: [], refs: {}, pagination: { page: 1, page_size: 2 } }, '`pagination.total` is missing'],
  ])('with %s is a transient bad_body naming the place', (_case, body, message) => {
    expect(classifyOrderListAnswer(answer(200, body), NOW)).toMatchObject({ kind: 'transient', reason: 'bad_body', message });
  });

  it('with a broken second order keeps the page: the first order in data, the second in rejected with why', () => {
    const broken = { ...sampleOrder(), id: 'bbbbbbbbbbbbbbbbbbbbbbbb', settings: undefined };
    const outcome = classifyOrderListAnswer(answer(200, { data: [sampleOrder(), broken], refs: sampleRefs(), pagination: page }), NOW);
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.value.data).toEqual([sampleOrder()]);
    expect(outcome.value.rejected).toEqual([{ index: 1, id: 'bbbbbbbbbbbbbbbbbbbbbbbb', problem: '`data[1].settings` is missing' }]);
  });

  it('with only broken orders is still a page (so the import can tell it was full), every order rejected', () => {
    const outcome = classifyOrderListAnswer(answer(200, { data: [42, { id: 7 }], refs: {}, pagination: page }), NOW);
    expect(outcome).toMatchObject({
      kind: 'ok',
      value: {
        data: [],
        rejected: [
          { index: 0, id: null, problem: '`data[0]` should be an object, got number' },
          { index: 1, id: null, problem: '`data[1].id` should be a string, got number' },
        ],
      },
    });
  });
});

describe('HTTP statuses that keep the edit waiting (transient)', () => {
  it.each<[string, HttpAnswer, { reason: string; retryAfterMs: number | null }]>([
    ['409: the order is busy with another request', answer(409, ''), { reason: 'conflict', retryAfterMs: null }],
    ['429 with Retry-After in seconds', answer(429, '', { 'Retry-After': '7' }), { reason: 'rate_limited', retryAfterMs: 7000 }],
    [
      '429 with Retry-After as an HTTP date',
      answer(429, '', { 'Retry-After': 'Sat, 01 Mar 2025 12:00:30 GMT' }),
      { reason: 'rate_limited', retryAfterMs: 30_000 },
    ],
    ['429 without Retry-After', answer(429, ''), { reason: 'rate_limited', retryAfterMs: null }],
    ['429 with a garbage Retry-After', answer(429, '', { 'Retry-After': 'soon' }), { reason: 'rate_limited', retryAfterMs: null }],
    ['500', answer(500, '{"errors": ["internal"]}'), { reason: 'server_error', retryAfterMs: null }],
    ['502 with a proxy HTML page', answer(502, HTML_PAGE), { reason: 'server_error', retryAfterMs: null }],
    ['503 with Retry-After', answer(503, '', { 'Retry-After': '30' }), { reason: 'server_error', retryAfterMs: 30_000 }],
    ['504', answer(504, ''), { reason: 'server_error', retryAfterMs: null }],
    ['408: the server gave up waiting', answer(408, ''), { reason: 'timeout', retryAfterMs: null }],
    ['a redirect to a login page', answer(302, '', { Location: 'http://portal.local/login' }), { reason: 'bad_body', retryAfterMs: null }],
  ])('%s', (_case, httpAnswer, expected) => {
    expect(classifyOrderAnswer(httpAnswer, NOW)).toMatchObject({ kind: 'transient', status: httpAnswer.status, ...expected });
  });

  it('says the order is busy on a 409', () => {
    expect(classifyOrderAnswer(answer(409, ''), NOW)).toMatchObject({ message: 'the order is busy (HTTP 409)' });
  });

  it("shows a short excerpt of a 5xx proxy page and the server's own words when it sent JSON", () => {
    expect(classifyOrderAnswer(answer(502, '<html>Bad Gateway</html>'), NOW)).toMatchObject({
      message: "server error (HTTP 502): answer starts with '<html>Bad Gateway</html>'",
    });
    expect(classifyOrderAnswer(answer(500, '{"errors": ["internal"]}'), NOW)).toMatchObject({
      message: 'server error (HTTP 500): internal',
    });
  });

  it('names where a redirect leads, since the API itself never redirects', () => {
    const outcome = classifyOrderAnswer(answer(302, '', { Location: 'http://portal.local/login' }), NOW);
    expect(outcome).toMatchObject({ message: "answer is a redirect (HTTP 302) to 'http://portal.local/login', not the API" });
  });
});

describe('HTTP statuses about the key (auth): stop sending, keep every edit', () => {
  it.each([401, 403] as const)('%i', (status) => {
    const outcome = classifyOrderAnswer(answer(status, '{"errors": ["Invalid api key"]}'), NOW);
    expect(outcome).toMatchObject({ kind: 'auth', status });
    expect(outcome.kind === 'auth' && outcome.message).toContain('Invalid api key');
  });
});

describe('HTTP statuses that fail the edit for good (permanent)', () => {
  it.each<[string, HttpAnswer, string[]]>([
    [
      'a 400 on a done order, with the server strings',
      answer(400, { errors: ['Not allow to update order in status done'] }),
      ['Not allow to update order in status done'],
    ],
    [
      'a 400 with several strings',
      answer(400, { errors: ['Order 5f0c is not cancellable', 'second reason'] }),
      ['Order 5f0c is not cancellable', 'second reason'],
    ],
    ['a 400 whose errors are {code,msg} objects', answer(400, { errors: [{ code: 'bad', msg: 'Bad phone' }] }), ['Bad phone']],
    [
      'a 400 whose errors are per field',
      answer(400, { errors: { email: ['Enter a valid email'], phone: 'Bad phone' } }),
      ['Enter a valid email', 'Bad phone'],
    ],
    ['a 400 whose errors is one string', answer(400, { errors: 'Bad request' }), ['Bad request']],
    ['a 400 with a single error field', answer(400, { error: 'Bad request' }), ['Bad request']],
    ['a 400 with odd entries', answer(400, { errors: [null, 3, { weird: true }, ''] }), ['3', '{"weird":true}']],
    ['a 404', answer(404, ''), ['order not found']],
    ['a 404 with an HTML page', answer(404, '<html>Not Found</html>'), ['order not found']],
  ])('%s', (_case, httpAnswer, errors) => {
    expect(classifyOrderAnswer(httpAnswer, NOW)).toMatchObject({ kind: 'permanent', status: httpAnswer.status, errors });
  });

  it('makes up one readable error for a 400 without usable strings, quoting the start of the body', () => {
    const outcome = classifyOrderAnswer(answer(400, '<html>Bad Request</html>'), NOW);
    const message = "the server rejected the request (HTTP 400): answer starts with '<html>Bad Request</html>'";
    expect(outcome).toEqual({ kind: 'permanent', status: 400, errors: [message], message });
  });

  it.each([405, 410, 413, 418, 422])('treats any other 4xx (%i) as permanent', (status) => {
    expect(classifyOrderAnswer(answer(status, ''), NOW)).toMatchObject({ kind: 'permanent', status });
  });

  it('tells a 404 on the list apart from a missing order', () => {
    const outcome = classifyOrderListAnswer(answer(404, ''), NOW);
    expect(outcome).toMatchObject({ kind: 'permanent', status: 404 });
    expect(outcome.kind === 'permanent' && outcome.message).toContain('check the server URL');
  });

  it('caps how many server strings are kept and how long each is', () => {
    const strings = serverErrorStrings(JSON.stringify({ errors: Array.from({ length: 50 }, () => 'x'.repeat(2000)) }));
    expect(strings).toHaveLength(20);
    expect(strings[0]!.length).toBeLessThanOrEqual(501);
  });
});

describe('Retry-After', () => {
  it.each<[string, string | null, number | null]>([
    ['seconds', '120', 120_000],
    ['zero seconds', '0', 0],
    ['seconds with spaces', ' 5 ', 5000],
    ['an IMF date ahead', 'Sat, 01 Mar 2025 12:00:10 GMT', 10_000],
    ['an IMF date in the past (wait nothing, never negative)', 'Sat, 01 Mar 2025 11:00:00 GMT', 0],
    ['an RFC 850 date', 'Saturday, 01-Mar-25 12:01:00 GMT', 60_000],
    ['an asctime date (GMT by definition)', 'Sat Mar  1 12:00:20 2025', 20_000],
    ['absent', null, null],
    ['empty', '', null],
    ['negative seconds', '-5', null],
    ['fractional seconds', '1.5', null],
    ['a word', 'soon', null],
    ['a number with a word (Date.parse would call it a date)', '5 apples', null],
    ['an impossible date', 'Sat, 41 Foo 2025 12:00:10 GMT', null],
  ])('%s', (_case, header, expected) => {
    expect(retryAfterMs(header, NOW)).toBe(expected);
  });
});

describe('a request that got no usable answer', () => {
  const systemError = (code: string, message: string) => new FetchError(message, 'system', { code });

  it.each<[string, unknown, string]>([
    ['connection refused', systemError('ECONNREFUSED', 'request to http://127.0.0.1:1/ failed, reason: connect ECONNREFUSED'), 'network'],
    ['connection reset (socket hang up)', systemError('ECONNRESET', 'request failed, reason: socket hang up'), 'network'],
    ['broken pipe while sending', systemError('EPIPE', 'request failed, reason: write EPIPE'), 'network'],
    ['unknown host', systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND ticketscloud.com'), 'network'],
    ['DNS not answering', systemError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN ticketscloud.com'), 'network'],
    [
      'a body cut off mid-answer',
      systemError('ERR_STREAM_PREMATURE_CLOSE', 'Invalid response body while trying to fetch http://x: Premature close'),
      'network',
    ],
    ['a premature close without a code', new FetchError('Premature close of server response while trying to fetch http://x', 'system'), 'network'],
    ['a plain Node socket error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'network'],
    ['an error whose cause has the code', new Error('fetch failed', { cause: { code: 'ECONNREFUSED' } }), 'network'],
    ['an unlisted system failure (TLS)', systemError('CERT_HAS_EXPIRED', 'certificate has expired'), 'network'],
    ['an OS connect timeout', systemError('ETIMEDOUT', 'connect ETIMEDOUT'), 'timeout'],
    ['an abort', new AbortError('The operation was aborted.'), 'timeout'],
  ])('%s is transient', (_case, error, reason) => {
    expect(classifyRequestFailure(error, null)).toMatchObject({ kind: 'transient', reason, status: null, retryAfterMs: null });
  });

  it("says how long the client's own timer waited", () => {
    expect(classifyRequestFailure(new AbortError('The operation was aborted.'), 15_000)).toMatchObject({
      reason: 'timeout',
      message: 'no answer from the server within 15000 ms',
    });
  });

  it('names the failure and its code for the clerk', () => {
    const outcome = classifyRequestFailure(systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), null);
    expect(outcome?.message).toBe('the server refused the connection (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:9');
  });

  it.each<[string, unknown]>([
    ['a TypeError from our own code', new TypeError('body.map is not a function')],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('lets %s surface as a bug instead of retrying it forever', (_case, error) => {
    expect(classifyRequestFailure(error, null)).toBeUndefined();
  });
});

describe('order ids, which go into the URL path', () => {
  it.each(['aaaaaaaaaaaaaaaaaaaaaaaa', '5F0C8D2E4B1A9C3D7E6F0A1B'])('accepts the 24-hex id %s', (id) => {
    expect(invalidOrderId(id)).toBeNull();
  });

  it.each(['', 'abc', '../../v2/resources/orders', 'aaaaaaaaaaaaaaaaaaaaaaaaa', 'gggggggggggggggggggggggg', 'aaaaaaaaaaaa/aaaaaaaaaaa'])(
    'refuses %j for good before sending, with status 0',
    (id) => {
      const outcome = invalidOrderId(id);
      expect(outcome).toMatchObject({ kind: 'permanent', status: 0 });
      expect(outcome?.message).toContain('is not a 24-character hexadecimal id');
    },
  );
});
