// Risk configurations (Set/DescribeRiskConfiguration): one for the pool and one per app client that
// has its own; a client's replaces the pool's whole for that client's sign-ins, as in Cognito.
import type { Deps } from '../deps.js';
import type { Json, PoolRecord } from '../../store/store.js';
import { InvalidParameterException, ResourceNotFoundException } from '../../cognito/errors.js';
import { BlockList, isIP } from 'node:net';

export type EventAction = 'BLOCK' | 'MFA_IF_CONFIGURED' | 'MFA_REQUIRED' | 'NO_ACTION';
export type RiskLevel = 'Low' | 'Medium' | 'High';

export interface RiskConfiguration {
  CompromisedCredentialsRiskConfiguration?: { EventFilter?: string[]; Actions: { EventAction: 'BLOCK' | 'NO_ACTION' } };
  AccountTakeoverRiskConfiguration?: {
    NotifyConfiguration?: Json;
    Actions: Partial<Record<'LowAction' | 'MediumAction' | 'HighAction', { Notify: boolean; EventAction: EventAction }>>;
  };
  RiskExceptionConfiguration?: { BlockedIPRangeList?: string[]; SkippedIPRangeList?: string[] };
}

const ACTIONS = ['BLOCK', 'MFA_IF_CONFIGURED', 'MFA_REQUIRED', 'NO_ACTION'];
const EVENT_FILTERS = ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'];
const MAX_RANGES = 200;

function requireEnum(value: unknown, allowed: string[], member: string): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new InvalidParameterException(`1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
}

/** A CIDR block (Cognito shows and takes the lists in CIDR notation). */
function parseCidr(range: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText, extra] = range.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function checkRanges(list: unknown, member: string): void {
  if (list === undefined) return;
  if (!Array.isArray(list) || list.length > MAX_RANGES) throw new InvalidParameterException(`${member} must be a list of at most ${MAX_RANGES} CIDR blocks.`);
  for (const range of list) {
    if (typeof range !== 'string' || !parseCidr(range)) throw new InvalidParameterException(`${member} contains an invalid CIDR block: ${String(range)}`);
  }
}

/** SetRiskConfiguration's members, checked; what is omitted is absent (the request replaces the configuration). */
export function checkRiskConfiguration(input: RiskConfiguration): RiskConfiguration {
  const config: RiskConfiguration = {};
  const compromised = input.CompromisedCredentialsRiskConfiguration;
  if (compromised) {
    requireEnum(compromised.Actions?.EventAction, ['BLOCK', 'NO_ACTION'], 'compromisedCredentialsRiskConfiguration.actions.eventAction');
    for (const filter of compromised.EventFilter ?? []) requireEnum(filter, EVENT_FILTERS, 'compromisedCredentialsRiskConfiguration.eventFilter');
    config.CompromisedCredentialsRiskConfiguration = {
      ...(compromised.EventFilter && { EventFilter: [...new Set(compromised.EventFilter)] }),
      Actions: { EventAction: compromised.Actions.EventAction },
    };
  }
  const takeover = input.AccountTakeoverRiskConfiguration;
  if (takeover) {
    if (!takeover.Actions) throw new InvalidParameterException('AccountTakeoverRiskConfiguration.Actions is required.');
    const actions: NonNullable<RiskConfiguration['AccountTakeoverRiskConfiguration']>['Actions'] = {};
    for (const level of ['LowAction', 'MediumAction', 'HighAction'] as const) {
      const action = takeover.Actions[level];
      if (!action) continue;
      requireEnum(action.EventAction, ACTIONS, `accountTakeoverRiskConfiguration.actions.${level[0]!.toLowerCase()}${level.slice(1)}.eventAction`);
      if (typeof action.Notify !== 'boolean') throw new InvalidParameterException(`AccountTakeoverRiskConfiguration.Actions.${level}.Notify is required.`);
      actions[level] = { Notify: action.Notify, EventAction: action.EventAction };
    }
    const notify = takeover.NotifyConfiguration;
    // Cognito: notifications go out through SES for the identity SourceArn names; required when notifying.
    if (Object.values(actions).some((a) => a?.Notify) && !notify?.SourceArn) {
      throw new InvalidParameterException('NotifyConfiguration with a SourceArn is required when an action notifies users.');
    }
    config.AccountTakeoverRiskConfiguration = { ...(notify && { NotifyConfiguration: notify }), Actions: actions };
  }
  const exceptions = input.RiskExceptionConfiguration;
  if (exceptions) {
    checkRanges(exceptions.BlockedIPRangeList, 'BlockedIPRangeList');
    checkRanges(exceptions.SkippedIPRangeList, 'SkippedIPRangeList');
    config.RiskExceptionConfiguration = {
      ...(exceptions.BlockedIPRangeList && { BlockedIPRangeList: exceptions.BlockedIPRangeList }),
      ...(exceptions.SkippedIPRangeList && { SkippedIPRangeList: exceptions.SkippedIPRangeList }),
    };
  }
  return config;
}

async function requirePoolClient(deps: Deps, pool: PoolRecord, clientId: string): Promise<void> {
  const client = await deps.store.clients.find(clientId);
  if (!client || client.poolId !== pool.id) throw new ResourceNotFoundException(`Client ${clientId} does not exist in user pool ${pool.id}.`);
}

/** The view Set/DescribeRiskConfiguration answer (RiskConfigurationType). */
function view(pool: PoolRecord, clientId: string | undefined, stored: { config: Json; updatedAt: number } | undefined): Json {
  return {
    UserPoolId: pool.id,
    ...(clientId && { ClientId: clientId }),
    ...stored?.config,
    ...(stored && { LastModifiedDate: stored.updatedAt / 1000 }),
  };
}

export async function setRiskConfiguration(deps: Deps, pool: PoolRecord, clientId: string | undefined, input: RiskConfiguration): Promise<Json> {
  if (clientId !== undefined) await requirePoolClient(deps, pool, clientId);
  const config = checkRiskConfiguration(input);
  const updatedAt = deps.clock.now();
  await deps.store.riskConfigurations.put(pool.id, clientId ?? '', config, updatedAt);
  return view(pool, clientId, { config, updatedAt });
}

/** A client's own configuration; one set with no members is none (the pool's applies again). */
async function clientConfiguration(deps: Deps, poolId: string, clientId: string): Promise<{ config: Json; updatedAt: number } | undefined> {
  const own = await deps.store.riskConfigurations.find(poolId, clientId);
  return own && Object.keys(own.config).length > 0 ? own : undefined;
}

/** A client without its own configuration is described by the pool's (what applies to it). */
export async function describeRiskConfiguration(deps: Deps, pool: PoolRecord, clientId: string | undefined): Promise<Json> {
  if (clientId !== undefined) {
    await requirePoolClient(deps, pool, clientId);
    const own = await clientConfiguration(deps, pool.id, clientId);
    if (own) return view(pool, clientId, own);
  }
  return view(pool, undefined, await deps.store.riskConfigurations.find(pool.id, ''));
}

/** The configuration that governs a sign-in through this client. */
export async function effectiveRiskConfiguration(deps: Deps, poolId: string, clientId: string | undefined): Promise<RiskConfiguration> {
  const own = clientId ? await clientConfiguration(deps, poolId, clientId) : undefined;
  return ((own ?? await deps.store.riskConfigurations.find(poolId, ''))?.config ?? {}) as RiskConfiguration;
}

/** Whether the address is in one of the CIDR blocks. */
export function inRanges(ipAddress: string, ranges: string[] | undefined): boolean {
  if (!ranges?.length) return false;
  const bare = ipAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const family = isIP(bare);
  if (family === 0) return false;
  const list = new BlockList();
  for (const range of ranges) {
    const cidr = parseCidr(range);
    if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return list.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** The action configured for a risk level (none configured: NO_ACTION, without notice). */
export function actionFor(config: RiskConfiguration, level: RiskLevel | null): { Notify: boolean; EventAction: EventAction } {
  if (!level) return { Notify: false, EventAction: 'NO_ACTION' };
  return config.AccountTakeoverRiskConfiguration?.Actions[`${level}Action`] ?? { Notify: false, EventAction: 'NO_ACTION' };
}
