// Log delivery (Get/SetLogDeliveryConfiguration) and the log events themselves, in Cognito's
// exported-log shape: `userAuthEvents` (INFO, one per sign-in event, threat protection on) and
// `userNotification` (ERROR, a message that could not be delivered). A destination is an ARN that
// logDelivery.destinations maps to a file or a webhook here.
import type { Deps } from '../deps.js';
import type { AuthEventRecord, Json, PoolRecord, UserRecord } from '../../store/store.js';
import { FeatureUnavailableInTierException, InvalidParameterException } from '../../cognito/errors.js';
import { poolArn } from '../pools.js';

type EventSource = 'userNotification' | 'userAuthEvents';
const DESTINATIONS = [
  ['CloudWatchLogsConfiguration', 'LogGroupArn', /^arn:[\w+=/,.@-]+:logs:[a-z0-9-]+:\d{12}:log-group:[\w./#-]{1,512}(:\*)?$/],
  ['S3Configuration', 'BucketArn', /^arn:[\w+=/,.@-]+:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/],
  ['FirehoseConfiguration', 'StreamArn', /^arn:[\w+=/,.@-]+:firehose:[a-z0-9-]+:\d{12}:deliverystream\/[\w.-]{1,64}$/],
] as const;

function destinationsOf(configuration: Json): string[] {
  return DESTINATIONS.map(([member, arn]) => configuration[member]?.[arn]).filter((arn): arn is string => typeof arn === 'string');
}

/**
 * SetLogDeliveryConfiguration, as Cognito checks it:
 * - userNotification: ERROR level, to a CloudWatch Logs log group only;
 * - userAuthEvents: INFO level, to a log group, an S3 bucket or a Firehose stream; the PLUS tier;
 * - one configuration per event source, each with exactly one destination, and (Gatehouse) an ARN
 *   that logDelivery.destinations maps, so that nothing is configured to go nowhere.
 */
function checkLogConfiguration(deps: Deps, pool: PoolRecord, configuration: Json): Json {
  const source = configuration.EventSource as EventSource;
  if (source !== 'userNotification' && source !== 'userAuthEvents') {
    throw new InvalidParameterException(`1 validation error detected: Value '${String(source)}' at 'logConfigurations.member.eventSource' failed to satisfy constraint: Member must satisfy enum value set: [userNotification, userAuthEvents]`);
  }
  if (configuration.LogLevel !== 'ERROR' && configuration.LogLevel !== 'INFO') {
    throw new InvalidParameterException(`1 validation error detected: Value '${String(configuration.LogLevel)}' at 'logConfigurations.member.logLevel' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, INFO]`);
  }
  const wantedLevel = source === 'userNotification' ? 'ERROR' : 'INFO';
  if (configuration.LogLevel !== wantedLevel) throw new InvalidParameterException(`${source} logs are delivered at the ${wantedLevel} level.`);
  if (source === 'userAuthEvents' && pool.config.UserPoolTier !== 'PLUS') {
    throw new FeatureUnavailableInTierException(`The following features need to be disabled for the ${pool.config.UserPoolTier ?? 'ESSENTIALS'} pricing tier configured: Threat Protection`);
  }
  const given = DESTINATIONS.filter(([member]) => configuration[member] !== undefined);
  if (given.length !== 1) throw new InvalidParameterException('Each log configuration needs exactly one destination.');
  const [member, arnMember, pattern] = given[0]!;
  if (source === 'userNotification' && member !== 'CloudWatchLogsConfiguration') {
    throw new InvalidParameterException('userNotification logs are delivered to a CloudWatch Logs log group only.');
  }
  const arn = configuration[member]?.[arnMember];
  if (typeof arn !== 'string' || !pattern.test(arn)) throw new InvalidParameterException(`${member}.${arnMember} is not a valid ARN.`);
  if (!deps.logShipper.knows(arn)) {
    throw new InvalidParameterException(`The destination ${arn} is not mapped to a file or webhook in this server's logDelivery.destinations.`);
  }
  return { EventSource: source, LogLevel: configuration.LogLevel, [member]: { [arnMember]: arn } };
}

export async function setLogDeliveryConfiguration(deps: Deps, pool: PoolRecord, configurations: Json[]): Promise<Json> {
  const checked = configurations.map((c) => checkLogConfiguration(deps, pool, c));
  if (new Set(checked.map((c) => c.EventSource)).size !== checked.length) {
    throw new InvalidParameterException('Only one log configuration per EventSource is allowed.');
  }
  await deps.store.logDeliveryConfigurations.put(pool.id, checked, deps.clock.now());
  return { UserPoolId: pool.id, LogConfigurations: checked };
}

export async function getLogDeliveryConfiguration(deps: Deps, pool: PoolRecord): Promise<Json> {
  return { UserPoolId: pool.id, LogConfigurations: (await deps.store.logDeliveryConfigurations.find(pool.id)) ?? [] };
}

/** Hands the event to every destination configured for the source; never waits for, or fails on, delivery. */
async function publish(deps: Deps, poolId: string, source: EventSource, event: Json): Promise<void> {
  const configurations = await deps.store.logDeliveryConfigurations.find(poolId);
  for (const configuration of configurations ?? []) {
    if (configuration.EventSource !== source) continue;
    for (const arn of destinationsOf(configuration)) deps.logShipper.ship(arn, event);
  }
}

/** A sign-in event, as a `userAuthEvents` log event. */
export async function publishAuthEvent(deps: Deps, user: UserRecord, event: AuthEventRecord): Promise<void> {
  await publish(deps, event.poolId, 'userAuthEvents', {
    eventTimestamp: String(event.createdAt),
    eventSource: 'USER_AUTH_EVENTS',
    logLevel: 'INFO',
    message: {
      version: '1',
      eventId: event.eventId,
      eventType: event.eventType,
      eventResponse: event.eventResponse,
      eventTimestamp: String(event.createdAt),
      userSub: user.sub,
      userName: user.username,
      clientId: event.clientId,
      riskDecision: event.riskDecision,
      riskLevel: event.riskLevel,
      compromisedCredentialDetected: event.compromised,
      challenges: event.challenges,
      ipAddress: event.ipAddress,
      deviceName: event.userAgent,
      hasContextData: true,
      userPoolId: event.poolId,
      userPoolArn: poolArn(deps, event.poolId),
    },
    logSourceId: { userPoolId: event.poolId, userPoolArn: poolArn(deps, event.poolId) },
  });
}

/** A message that could not be delivered, as a `userNotification` log event (no body: it may hold a code). */
export async function publishDeliveryFailure(deps: Deps, poolId: string, details: { medium: string; purpose: string; error: string }): Promise<void> {
  await publish(deps, poolId, 'userNotification', {
    eventTimestamp: String(deps.clock.now()),
    eventSource: 'USER_NOTIFICATION',
    logLevel: 'ERROR',
    message: { details: `${details.medium === 'SMS' ? 'SMS' : 'Email'} message failed to send (${details.purpose}): ${details.error}` },
    logSourceId: { userPoolId: poolId, userPoolArn: poolArn(deps, poolId) },
  });
}
