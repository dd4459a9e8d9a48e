// The yardsticks the engine is measured against, run in a process of their own (no SQLite, nothing else
// on the event loop):
// - floor: the simplest client that could send the engine's requests — keep-alive, the engine's
//   concurrency, one request at a time per order, no database, no retries. What this machine allows.
// - fifo: one global queue drained one request at a time in creation order, one PATCH per edit,
//   no coalescing (what Workbox Background Sync and PowerSync's upload queue do), each PATCH preceded by
//   a GET of the order under the engine's fresh-copy rule. A failed head is sent again at once, with no
//   backoff — kinder to the FIFO than any real queue is.
//
// `node --import tsx bench/floor-client.ts '<plan.json path>'` prints a PlanResult as its last line.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FifoPlan, FloorPlan, Plan, PlanResult, PlannedRequest } from './plan.ts';

interface PreparedRequest {
  path: string;
  method: PlannedRequest['method'];
  /** Serialised before the clock starts: the floor pays only for the exchange. */
  body: Buffer | null;
}

interface Sender {
  send(request: PreparedRequest): Promise<number | 'network'>;
  close(): void;
}

function prepare(request: PlannedRequest): PreparedRequest {
  return {
    path: `/v2/resources/orders/${request.orderId}`,
    method: request.method,
    body: request.body === undefined ? null : Buffer.from(JSON.stringify(request.body)),
  };
}

function createSender(baseUrl: string, apiKey: string, sockets: number): Sender {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  return {
    send(request) {
      return new Promise((resolve) => {
        const headers: http.OutgoingHttpHeaders = { authorization: `key ${apiKey}`, accept: 'application/json' };
        if (request.body !== null) {
          headers['content-type'] = 'application/json';
          headers['content-length'] = request.body.length;
        }
        const req = http.request(
          { host: base.hostname, port: base.port, path: request.path, method: request.method, agent, headers },
          (res) => {
            // Read the whole answer, as a real client must before it can act on it.
            res.on('data', () => undefined);
            res.once('end', () => resolve(res.statusCode ?? 0));
            res.once('error', () => resolve('network'));
          },
        );
        req.once('error', () => resolve('network'));
        req.end(request.body ?? undefined);
      });
    },
    close: () => agent.destroy(),
  };
}

function cpuPerRequest(cpu: NodeJS.CpuUsage, requests: number): number {
  return (cpu.user + cpu.system) / 1000 / Math.max(1, requests);
}

function tally(statuses: Record<string, number>, status: number | 'network'): void {
  statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
}

async function runFloor(plan: FloorPlan): Promise<PlanResult> {
  const chains = plan.chains.map((chain) => chain.map(prepare));
  const sender = createSender(plan.url, plan.apiKey, plan.concurrency);
  const statuses: Record<string, number> = {};
  let next = 0;
  let requests = 0;
  // Each worker takes the next order and sends its whole chain, one request after another.
  async function worker(): Promise<void> {
    for (let chain = chains[next++]; chain !== undefined; chain = chains[next++]) {
      for (const request of chain) {
        tally(statuses, await sender.send(request));
        requests++;
      }
    }
  }
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  const makespan = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  sender.close();
  return { mode: 'floor', makespan_ms: makespan, requests, statuses, repeats: 0, cpu_ms_per_request: cpuPerRequest(cpu, requests) };
}

function succeeded(status: number | 'network'): boolean {
  return status !== 'network' && status < 500 && status !== 429 && status !== 409;
}

async function runFifo(plan: FifoPlan): Promise<PlanResult> {
  const queue = plan.requests.map((request) => ({ patch: prepare(request), get: prepare({ orderId: request.orderId, method: 'GET' }) }));
  const sender = createSender(plan.url, plan.apiKey, 1);
  const statuses: Record<string, number> = {};
  let requests = 0;
  let repeats = 0;
  const answeredAt = new Map<string, number>();
  /** Sends the head until it succeeds (or runs out of tries); true when it succeeded. */
  const sendHead = async (request: PreparedRequest): Promise<boolean> => {
    for (let tries = 1; ; tries++) {
      const status = await sender.send(request);
      tally(statuses, status);
      requests++;
      if (succeeded(status)) return true;
      if (tries >= plan.maxTries) return false;
      repeats++;
    }
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const fresh = (orderId: string): boolean => {
    const at = answeredAt.get(orderId) ?? (plan.warmAtStart ? started : undefined);
    return at !== undefined && performance.now() - at <= plan.freshCopyWindowMs;
  };
  for (const { patch, get } of queue) {
    const orderId = patch.path.slice(patch.path.lastIndexOf('/') + 1);
    if (!fresh(orderId)) {
      if (!(await sendHead(get))) continue;
      answeredAt.set(orderId, performance.now());
    }
    if (await sendHead(patch)) answeredAt.set(orderId, performance.now());
  }
  const makespan = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  sender.close();
  return { mode: 'fifo', makespan_ms: makespan, requests, statuses, repeats, cpu_ms_per_request: cpuPerRequest(cpu, requests) };
}

const planFile = process.argv[2];
if (planFile === undefined) {
  console.error('usage: node --import tsx bench/floor-client.ts <plan.json>');
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
const result = plan.mode === 'floor' ? await runFloor(plan) : await runFifo(plan);
process.stdout.write(`${JSON.stringify(result)}\n`);
