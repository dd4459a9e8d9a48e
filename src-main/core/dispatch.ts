// The one way a transport calls the core: named arguments in, checked by the shared rules
// (schemas/arguments.ts), the method called with them in the contract's order, and the answer as a
// Result whatever the method's own answer type. IPC and the HTTP bridge both come through here, so a
// bad argument is refused by the same code with the same error over either.
import type { BoxOfficeApi, Result } from './contract.ts';
import { checkArguments, type CheckedArguments } from './schemas/arguments.ts';
import { HTTP_ROUTES, METHOD_PARAMETERS, type Answer, type ContractMethod } from './transport-routes.ts';

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/** Calls a method with arguments that already passed the rules. */
export async function callChecked<M extends ContractMethod>(api: BoxOfficeApi, method: M, checked: CheckedArguments<M>): Promise<Result<Answer<M>>> {
  const named = checked as Readonly<Record<string, unknown>>;
  const positional = METHOD_PARAMETERS[method].map((name: string) => named[name]);
  // The checked arguments are the contract's parameter types by construction (contract.ts infers them
  // from the same schemas); TypeScript cannot follow a method picked by name.
  const answer = await (api[method] as AnyMethod).apply(api, positional);
  if (HTTP_ROUTES[method].answer === 'result') return answer as Result<Answer<M>>;
  return { ok: true, value: answer as Answer<M> };
}

/** Checks, then calls. A throw from the core is a bug and is left to the transport to report. */
export async function dispatch<M extends ContractMethod>(api: BoxOfficeApi, method: M, input: Readonly<Record<string, unknown>>): Promise<Result<Answer<M>>> {
  const checked = checkArguments(method, input);
  if (!checked.ok) return checked;
  return callChecked(api, method, checked.value);
}
