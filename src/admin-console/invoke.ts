// The console's only way to change anything: it calls the JSON API's own operations (looked up in
// the registry, input validated exactly as the API does), so the console and the API share every
// Cognito rule. Changes are recorded in the audit log under the console's actor.
import { randomUUID } from 'node:crypto';
import type { Deps } from '../domain/deps.js';
import { runOperation } from '../api/registry.js';
import { isAuditedOperation, recordAudit } from '../domain/audit.js';

export type OperationOutput = Record<string, any>;

export interface InvokeOptions {
  /** Who is acting, as recorded in the audit log: `console:<access key id or "password">`. */
  actor: string;
  sourceIp?: string;
}

/** Runs API operation `name` with `input`; throws its CognitoError (InvalidParameterException for bad input). */
export async function invokeOperation(deps: Deps, name: string, input: Record<string, unknown>, options: InvokeOptions): Promise<OperationOutput> {
  const run = await runOperation(name, input, { deps, requestId: randomUUID(), sourceIp: options.sourceIp ?? '127.0.0.1' });
  if (!run) throw new Error(`unknown operation ${name}`);
  const { operation, output } = run;
  if (isAuditedOperation(operation)) await recordAudit(deps, { actor: options.actor, operation: name, input, output });
  return output;
}
