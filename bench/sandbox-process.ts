// The sandbox in a process of its own, as the real service is on another machine: the engine's
// synchronous SQLite commits must not delay the server's answers, and the engine's RSS and event-loop
// figures must not include the server's work. Prints `{"url", "apiKey"}` once listening and stops when
// its stdin closes (so it never outlives the bench). Tooling goes through /__sandbox/ (control.ts).
import { startSandbox, type SandboxOptions } from '../src-main/sandbox/server.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
const sandbox = await startSandbox(options);
process.stdout.write(`${JSON.stringify({ url: sandbox.url, apiKey: sandbox.apiKey })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await sandbox.stop();
  process.exit(0);
}
process.stdin.on('end', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
