// The bench's handle on a sandbox running in its own process (sandbox-process.ts): the same knobs as the
// in-process `Sandbox`, spoken over the /__sandbox/ control endpoints (no API key, never faulty, not
// counted in the stats).
import http from 'node:http';
import type { SandboxFaults, SandboxOptions, SandboxStats } from '../src-main/sandbox/server.ts';
import { startService } from './child.ts';

export interface RemoteSandbox {
  url: string;
  apiKey: string;
  stats(): Promise<SandboxStats>;
  resetStats(): Promise<void>;
  setFaults(faults: Partial<SandboxFaults>): Promise<void>;
  setOrderStatus(orderId: string, status: string): Promise<void>;
  orderIds(): Promise<string[]>;
  promocodes(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

// A fresh connection per call (agent: false): a kept-alive socket the server closes after its idle
// timeout can be picked for the next call at that very moment ("other side closed").
function control(url: string, method: string, body?: unknown): Promise<unknown> {
  const payload = body === undefined ? null : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent: false, headers: payload === null ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
        });
        res.once('error', reject);
        res.once('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 300) reject(new Error(`sandbox control ${method} ${url} answered ${status}: ${text}`));
          else resolve(text === '' ? null : (JSON.parse(text) as unknown));
        });
      },
    );
    req.once('error', reject);
    req.end(payload ?? undefined);
  });
}

export async function spawnSandbox(options: SandboxOptions): Promise<RemoteSandbox> {
  const service = await startService<{ url: string; apiKey: string }>('sandbox-process.ts', options);
  const { url, apiKey } = service.ready;
  const tools = `${url}/__sandbox`;
  return {
    url,
    apiKey,
    stats: async () => (await control(`${tools}/stats`, 'GET')) as SandboxStats,
    resetStats: async () => {
      await control(`${tools}/stats/reset`, 'POST');
    },
    setFaults: async (faults) => {
      await control(`${tools}/faults`, 'PUT', faults);
    },
    setOrderStatus: async (orderId, status) => {
      await control(`${tools}/orders/${orderId}/status`, 'PUT', { status });
    },
    orderIds: async () => (await control(`${tools}/orders`, 'GET')) as string[],
    promocodes: async () => (await control(`${tools}/promocodes`, 'GET')) as Record<string, string>,
    stop: () => service.stop(),
  };
}
