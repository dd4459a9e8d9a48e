// Test tooling under /__sandbox/: read the stats, turn fault knobs, change the key, move an order to a
// status, look at an order or at the PATCHes applied to it. No API key and no faults here: these exist
// for tests and benchmarks on the loopback interface, and the server listens on 127.0.0.1 only.
//
//   GET  /__sandbox/stats                  PUT /__sandbox/faults  {…partial SandboxFaults}
//   POST /__sandbox/stats/reset            GET /__sandbox/faults
//   PUT  /__sandbox/api-key {apiKey}       GET /__sandbox/promocodes
//   GET  /__sandbox/orders                 (ids, oldest first)
//   GET  /__sandbox/orders/:id             PUT /__sandbox/orders/:id/status {status}
//   GET  /__sandbox/orders/:id/patches    PATCH /__sandbox/orders/:id  {…PATCH body} as another writer
import type { IncomingMessage } from 'node:http';
import { SANDBOX_PROMOCODES } from './catalog.ts';
import { checkFaults } from './faults.ts';
import { type Reply, emptyReply, jsonReply, readBody } from './http.ts';
import type { SandboxCore } from './server.ts';

const ORDER_ROUTE = /^\/__sandbox\/orders\/([^/]+)(\/status|\/patches)?$/;

async function jsonBody(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; reply: Reply }> {
  const body = await readBody(req);
  if (body === null) return { ok: false, reply: jsonReply(413, { errors: ['Request body too large'] }) };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false, reply: jsonReply(400, { errors: ['Request body is not valid JSON'] }) };
  }
}

export async function handleControl(core: SandboxCore, req: IncomingMessage, url: URL): Promise<Reply> {
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  switch (route) {
    case 'GET /__sandbox/stats':
      return jsonReply(200, core.stats.snapshot());
    case 'POST /__sandbox/stats/reset':
      core.stats.reset();
      return emptyReply(204);
    case 'GET /__sandbox/faults':
      return jsonReply(200, core.faults);
    case 'PUT /__sandbox/faults': {
      const body = await jsonBody(req);
      if (!body.ok) return body.reply;
      const checked = checkFaults(body.value);
      if (!checked.ok) return jsonReply(400, { errors: checked.errors });
      core.setFaults(checked.faults);
      return jsonReply(200, core.faults);
    }
    case 'PUT /__sandbox/api-key': {
      const body = await jsonBody(req);
      if (!body.ok) return body.reply;
      const apiKey = (body.value as { apiKey?: unknown } | null)?.apiKey;
      if (typeof apiKey !== 'string' || apiKey === '') return jsonReply(400, { errors: ['apiKey: must be a non-empty string'] });
      core.apiKey = apiKey;
      return emptyReply(204);
    }
    case 'GET /__sandbox/promocodes':
      return jsonReply(200, SANDBOX_PROMOCODES);
    case 'GET /__sandbox/orders':
      return jsonReply(200, core.store.ids());
  }

  const match = ORDER_ROUTE.exec(url.pathname);
  const id = match?.[1];
  if (id === undefined) return jsonReply(404, { errors: [`Not found: ${url.pathname}`] });
  if (!core.store.has(id)) return jsonReply(404, { errors: [`Order ${id} not found`] });
  const action = match?.[2];
  if (action === undefined && req.method === 'GET') return jsonReply(200, core.store.get(id));
  if (action === '/patches' && req.method === 'GET') return jsonReply(200, core.stats.appliedPatches(id));
  if (action === undefined && req.method === 'PATCH') {
    // Someone other than the box office changes the order (web shop, another counter, the organiser).
    const body = await jsonBody(req);
    if (!body.ok) return body.reply;
    try {
      return jsonReply(200, core.changeAsOtherWriter(id, body.value));
    } catch (error) {
      return jsonReply(400, { errors: [error instanceof Error ? error.message : String(error)] });
    }
  }
  if (action === '/status' && req.method === 'PUT') {
    const body = await jsonBody(req);
    if (!body.ok) return body.reply;
    const status = (body.value as { status?: unknown } | null)?.status;
    if (typeof status !== 'string') return jsonReply(400, { errors: ['status: must be a string'] });
    try {
      return jsonReply(200, core.setOrderStatus(id, status));
    } catch (error) {
      return jsonReply(400, { errors: [error instanceof Error ? error.message : String(error)] });
    }
  }
  return jsonReply(405, { errors: [`Method ${req.method ?? ''} not allowed on ${url.pathname}`] });
}
