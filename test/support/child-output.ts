// What a child process of a test prints and when it exits, both collected from its start.
import type { ChildProcess } from 'node:child_process';

export interface WatchedChild<C extends ChildProcess = ChildProcess> {
  child: C;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything it wrote to stdout and stderr so far, interleaved as it came. */
  output: () => string;
}

export function watchChild<C extends ChildProcess>(child: C): WatchedChild<C> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, exited, output: () => output };
}
