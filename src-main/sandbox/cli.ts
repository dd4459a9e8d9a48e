// `npm run sandbox -- --port 8787 --orders 5000 --seed 7 [--api-key KEY] [--processing-ms 5]`
// Starts the Ticketscloud sandbox alone (demo mode, manual testing, a benchmark in another process)
// and stops it cleanly on Ctrl+C / SIGTERM.
import { parseArgs } from 'node:util';
import { optionsOrExit } from './command-line.ts';
import { type SandboxOptions, startSandbox } from './server.ts';

const USAGE = 'usage: npm run sandbox -- [--port N] [--orders N] [--seed N] [--api-key KEY] [--processing-ms N] [--fault-seed N]';

function wholeNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a whole number ≥ 0, got "${text}"`);
  return Number(text);
}

function optionsFromArgs(args: string[]): SandboxOptions {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      orders: { type: 'string' },
      seed: { type: 'string' },
      'api-key': { type: 'string' },
      'processing-ms': { type: 'string' },
      'fault-seed': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    port: wholeNumber('port', values.port),
    orders: wholeNumber('orders', values.orders),
    seed: wholeNumber('seed', values.seed),
    apiKey: values['api-key'],
    processingMs: wholeNumber('processing-ms', values['processing-ms']),
    faultSeed: wholeNumber('fault-seed', values['fault-seed']),
  };
}

async function main(): Promise<void> {
  const options = optionsOrExit(optionsFromArgs, USAGE);
  const sandbox = await startSandbox(options);
  console.log(`Ticketscloud sandbox listening on ${sandbox.url}`);
  console.log(`API key: ${sandbox.apiKey}`);
  console.log(`Orders: ${sandbox.orderIds().length} (seed ${options.seed ?? 1})`);
  console.log(`Promocodes: ${Object.entries(sandbox.promocodes).map(([role, code]) => `${code} (${role})`).join(', ')}`);
  console.log(`Stats: ${sandbox.url}/__sandbox/stats   Faults: PUT ${sandbox.url}/__sandbox/faults`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the sandbox`);
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
