// The audit log: which changes are recorded (one rule for the console and the JSON API), and the
// entry recorded for one: who, which operation, on which pool and target, and a short summary
// that never holds a secret, password or code.
import type { Deps } from './deps.js';

/** Reads (Get…, List…, Describe…, AdminGet…, AdminList…) change nothing. */
const READ = /^(Get|List|Describe|AdminGet|AdminList)/;
/** Admin-signed sign-ins: they authenticate a user, they do not change the pool. */
const NOT_CHANGES = new Set(['AdminInitiateAuth', 'AdminRespondToAuthChallenge']);

/** The one rule for "this call changes something an operator set up": admin operations that are not reads or sign-ins. */
export const isAuditedOperation = (operation: { name: string; auth: string }): boolean =>
  operation.auth === 'admin' && !READ.test(operation.name) && !NOT_CHANGES.has(operation.name);

/** Members whose values must never be recorded (their names still are). */
const SECRET_MEMBER = /password|secret|code|token|session|answer|verifier|hash|challenge/i;
const HARMLESS_MEMBER = /Validity|ValidityUnits|TokenRevocation|AuthFlows|OAuthFlows|^GenerateSecret$/;
const TARGET_MEMBERS = ['ClientId', 'Username', 'GroupName', 'Identifier', 'Domain', 'ProviderName'] as const;

const isSecretMember = (name: string): boolean => SECRET_MEMBER.test(name) && !HARMLESS_MEMBER.test(name);

function summaryValue(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return value.length > 20 ? [...value.slice(0, 20), '…'] : value.map(summaryValue);
    // Attribute lists ({Name, Value}) and schemas ({Name, …}): the names only.
    if (value.every((v) => v && typeof v === 'object' && typeof (v as { Name?: unknown }).Name === 'string')) {
      return value.map((v) => (v as { Name: string }).Name).slice(0, 50);
    }
  }
  return '…';
}

/** A short description of a call's input: member values where harmless, names only otherwise. */
export function summarize(input: Record<string, unknown>): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (name === 'UserPoolId' || value === undefined) continue;
    summary[name] = isSecretMember(name) ? '(not recorded)' : summaryValue(value);
  }
  return summary;
}

const POOL_ARN = /:userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

function poolOf(input: Record<string, any>, output: Record<string, any>): string | null {
  if (typeof input.UserPoolId === 'string') return input.UserPoolId;
  if (typeof output.UserPool?.Id === 'string') return output.UserPool.Id;
  if (typeof input.ResourceArn === 'string') return POOL_ARN.exec(input.ResourceArn)?.[1] ?? null;
  return null;
}

function targetOf(input: Record<string, any>, output: Record<string, any>): string | null {
  for (const member of TARGET_MEMBERS) if (typeof input[member] === 'string') return input[member];
  if (typeof output.UserPoolClient?.ClientId === 'string') return output.UserPoolClient.ClientId;
  if (typeof input.ResourceServer?.Identifier === 'string') return input.ResourceServer.Identifier;
  return null;
}

/**
 * Records one successful change. A failure to record is logged, not thrown: the change itself
 * has been made and its caller must learn that.
 */
export async function recordAudit(
  deps: Deps,
  entry: { actor: string; operation: string; input: Record<string, unknown>; output: Record<string, unknown> },
): Promise<void> {
  try {
    await deps.store.audit.insert({
      at: deps.clock.now(),
      actor: entry.actor,
      action: entry.operation,
      poolId: poolOf(entry.input, entry.output),
      target: targetOf(entry.input, entry.output),
      summary: summarize(entry.input),
    });
  } catch (error) {
    deps.log.error({ err: error, action: entry.operation }, 'could not record an audit log entry');
  }
}

/**
 * Records an event that is not an API operation (console sign-ins and sign-outs, an operator's
 * deletion of a user's passkey), with the same never-throw rule as recordAudit. `details` must
 * hold no secret: callers pass an IP, a method or a credential id.
 */
export async function recordAuditEvent(
  deps: Deps,
  entry: { actor: string; action: string; details: Record<string, string>; poolId?: string; target?: string },
): Promise<void> {
  try {
    await deps.store.audit.insert({
      at: deps.clock.now(), actor: entry.actor, action: entry.action, poolId: entry.poolId ?? null, target: entry.target ?? null, summary: entry.details,
    });
  } catch (error) {
    deps.log.error({ err: error, action: entry.action }, 'could not record an audit log entry');
  }
}
