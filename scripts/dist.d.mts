// Types for scripts/dist.mjs (a plain Node script, so `npm run dist` needs no TypeScript loader).
export declare const BUILDER_CONFIG: string;
export type Step = [command: string, args: string[]];
export declare function distSteps(builderArgs?: readonly string[]): { build: Step; pack: Step; restore: Step };
export declare function runDist(
  builderArgs: readonly string[],
  run: (command: string, args: string[]) => number,
  log?: Pick<Console, 'log' | 'error'>,
): number;
