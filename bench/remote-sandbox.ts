// The bench's handle on a sandbox running in its own process (sandbox-process.ts): the same knobs as the
// in-process `Sandbox`, spoken over the /__sandbox/ control endpoints (no API key, never faulty, not
// counted in the stats).
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

async function control(url: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`sandbox control ${method} ${url} answered ${response.status}: ${text}`);
  return text === '' ? null : (JSON.parse(text) as unknown);
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
