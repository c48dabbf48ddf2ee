// Runs a pool's Lambda trigger with Cognito's event envelope. Every trigger's own module builds its
// `request` and reads its `response`; this one knows which ARN LambdaConfig names and what the
// envelope holds.
import type { Deps } from '../deps.js';
import type { PoolRecord, UserRecord } from '../../store/store.js';
import type { TriggerEvent, TriggerName } from '../../triggers/types.js';
import { InvalidLambdaResponseException } from '../../cognito/errors.js';

/** What the calling operation hands to its triggers: ClientMetadata and (SignUp, AdminCreateUser, InitiateAuth) ValidationData. */
export interface TriggerContext {
  clientMetadata?: Record<string, string>;
  validationData?: Record<string, string>;
}

/** The ARN LambdaConfig names for a trigger (the versioned members carry it in LambdaArn). */
export function triggerArn(pool: PoolRecord, trigger: TriggerName): string | undefined {
  const config = pool.config.LambdaConfig ?? {};
  switch (trigger) {
    case 'PreTokenGeneration':
      return config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration ?? undefined;
    case 'CustomSMSSender':
    case 'CustomEmailSender':
    case 'InboundFederation':
      return config[trigger]?.LambdaArn ?? undefined;
    default:
      return config[trigger] ?? undefined;
  }
}

/** Cognito's callerContext.clientId for the admin operations, which no app client calls. */
export const NO_CLIENT_ID = 'CLIENT_ID_NOT_APPLICABLE';

export const hasTrigger = (pool: PoolRecord, trigger: TriggerName): boolean => triggerArn(pool, trigger) !== undefined;

/**
 * The user's attributes as triggers see them: strings only, `sub` included, and Cognito's
 * pseudo-attributes `cognito:user_status` and `cognito:email_alias` / `cognito:phone_number_alias`:
 * Cognito sends the alias for an email or phone that signs the user in — always where it is a
 * username attribute, once verified where it is an alias attribute.
 */
export function triggerUserAttributes(pool: PoolRecord, user: UserRecord): Record<string, string> {
  const attributes: Record<string, string> = { sub: user.sub, ...user.attributes };
  const usernames: string[] = pool.config.UsernameAttributes ?? [];
  const aliases: string[] = pool.config.AliasAttributes ?? [];
  const signsIn = (kind: 'email' | 'phone_number', alias: string) =>
    Boolean(user.attributes[kind]) && (usernames.includes(kind) || (aliases.includes(alias) && user.attributes[`${kind}_verified`] === 'true'));
  if (signsIn('email', 'email')) attributes['cognito:email_alias'] = user.attributes.email;
  if (signsIn('phone_number', 'phone_number')) attributes['cognito:phone_number_alias'] = user.attributes.phone_number;
  attributes['cognito:user_status'] = user.status;
  return attributes;
}

export interface TriggerCall {
  triggerSource: string;
  userName: string | null;
  clientId: string | null;
  request: Record<string, unknown>;
  /** The response members Cognito sends, each null or its default. */
  response: Record<string, unknown>;
  /** "1" but for PreTokenGeneration V2_0 ("2") and V3_0 ("3"). */
  version?: string;
}

/** Cognito's envelope around a trigger's request and response. */
export function triggerEvent(deps: Deps, pool: PoolRecord, call: TriggerCall): TriggerEvent {
  return {
    version: call.version ?? '1',
    triggerSource: call.triggerSource,
    region: deps.config.aws.region,
    userPoolId: pool.id,
    userName: call.userName,
    // Cognito sends this fixed value: it invokes Lambda itself, with no SDK of the caller's.
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: call.clientId },
    request: call.request,
    response: call.response,
  };
}

/**
 * Runs the trigger when the pool names one, and answers the `response` the function returned
 * (undefined when the pool has no such trigger). Errors are Cognito's (see TriggerInvoker).
 */
export async function runTrigger(deps: Deps, pool: PoolRecord, trigger: TriggerName, call: TriggerCall): Promise<Record<string, unknown> | undefined> {
  const arn = triggerArn(pool, trigger);
  if (!arn) return undefined;
  const answered = await deps.triggers.invoke(trigger, arn, triggerEvent(deps, pool, call));
  return answered.response;
}

/** Runs an asynchronous trigger (the custom senders) when the pool names one; says whether it did. */
export async function sendToTrigger(deps: Deps, pool: PoolRecord, trigger: TriggerName, call: TriggerCall): Promise<boolean> {
  const arn = triggerArn(pool, trigger);
  if (!arn) return false;
  await deps.triggers.send(trigger, arn, triggerEvent(deps, pool, call));
  return true;
}

// Readers of a response's members: a member of the wrong type makes the whole answer invalid, as
// Cognito refuses an event it cannot read. Absent and null read as "not set".

export function booleanMember(response: Record<string, unknown> | undefined, name: string): boolean | undefined {
  const value = response?.[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return value;
}

export function stringMember(response: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = response?.[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return value;
}

export function objectMember(response: Record<string, unknown> | undefined, name: string): Record<string, unknown> | undefined {
  const value = response?.[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return value as Record<string, unknown>;
}

export function stringListMember(response: Record<string, unknown> | undefined, name: string): string[] | undefined {
  const value = response?.[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return value as string[];
}

/** A map of strings (e.g. UserMigration's userAttributes); non-string values are refused. */
export function stringMapMember(response: Record<string, unknown> | undefined, name: string): Record<string, string> | undefined {
  const value = objectMember(response, name);
  if (value && Object.values(value).some((item) => typeof item !== 'string')) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return value as Record<string, string> | undefined;
}
