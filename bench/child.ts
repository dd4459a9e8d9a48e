// Running bench parts in processes of their own: the floor client, the global FIFO, the engine with 100k
// cached orders and the sandbox all get their own event loop and their own RSS, so no figure pays for
// another part's work. Children are TypeScript, loaded through tsx; they print logs on stderr and their
// answer as the LAST line of stdout (JSON).
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export const PROJECT_ROOT = dirname(import.meta.dirname);

function spawnTsx(script: string, args: readonly string[]): ChildProcess {
  // `--import tsx` resolves tsx from the working directory: run children from the project root.
  return spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'bench', script), ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

function lastJsonLine(stdout: string, script: string): unknown {
  const lines = stdout.trim().split('\n');
  const last = lines.at(-1) ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`${script} did not end with a JSON line; its output was:\n${stdout.slice(-2000)}`);
  }
}

/** Runs a child to its end and returns the JSON it printed last. */
export function runChild<T>(script: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawnTsx(script, args);
    child.stdin?.end();
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`${script} exited with ${code ?? signal}; its output was:\n${stdout.slice(-2000)}`));
        return;
      }
      try {
        resolve(lastJsonLine(stdout, script) as T);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

export interface Service<T> {
  /** The JSON line the child printed once it was ready. */
  ready: T;
  /** Closes the child's stdin (its signal to stop) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts a long-running child: ready when it prints its first JSON line, stopped by closing its stdin. */
export function startService<T>(script: string, input: unknown): Promise<Service<T>> {
  return new Promise((resolve, reject) => {
    const child = spawnTsx(script, [JSON.stringify(input)]);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let started = false;
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!started) reject(new Error(`${script} exited with ${code ?? signal} before it was ready`));
    });
    lines.on('line', (line) => {
      if (started) return;
      started = true;
      let ready: T;
      try {
        ready = JSON.parse(line) as T;
      } catch {
        child.kill();
        reject(new Error(`${script} printed "${line}" instead of its JSON ready line`));
        return;
      }
      resolve({
        ready,
        stop: async () => {
          child.stdin?.end();
          await exited;
        },
      });
    });
  });
}
