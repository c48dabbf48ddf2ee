// UserMigration: asked when a sign-in with a password (UserMigration_Authentication) or a
// ForgotPassword (UserMigration_ForgotPassword) names nobody in the pool. The function looks the
// user up in the old directory (checking the password on sign-in) and answers their attributes;
// creating the user is domain/migrated-users.ts's job.
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord } from '../../store/store.js';
import { InvalidLambdaResponseException } from '../../cognito/errors.js';
import { booleanMember, runTrigger, stringListMember, stringMapMember, stringMember, type TriggerContext } from './run.js';

export type UserMigrationSource = 'UserMigration_Authentication' | 'UserMigration_ForgotPassword';

/** What the function answered for a user it knows. */
export interface MigrationAnswer {
  attributes: Record<string, string>;
  finalUserStatus?: 'CONFIRMED' | 'RESET_REQUIRED';
  messageAction?: 'SUPPRESS' | 'RESEND';
  desiredDeliveryMediums?: Array<'EMAIL' | 'SMS'>;
  forceAliasCreation: boolean;
  enableSMSMFA: boolean;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return value as T;
}

/**
 * Runs the pool's UserMigration for the name the user typed. Answers undefined when the function
 * knows no such user (it answered no attributes) or the pool has no UserMigration.
 */
export async function askUserMigration(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  source: UserMigrationSource,
  login: string,
  password: string | undefined,
  context: TriggerContext = {},
): Promise<MigrationAnswer | undefined> {
  const response = await runTrigger(deps, pool, 'UserMigration', {
    triggerSource: source,
    // Cognito: the name as the user typed it (an alias or an email), not a username of ours.
    userName: login,
    clientId: client.id,
    request: {
      // Cognito: no password in the forgot-password flow.
      ...(password !== undefined && { password }),
      validationData: context.validationData ?? null,
      ...(context.clientMetadata && { clientMetadata: context.clientMetadata }),
    },
    response: {
      userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null,
    },
  });
  const attributes = stringMapMember(response, 'userAttributes');
  if (!attributes || Object.keys(attributes).length === 0) return undefined;
  const mediums = stringListMember(response, 'desiredDeliveryMediums');
  return {
    attributes,
    finalUserStatus: oneOf(stringMember(response, 'finalUserStatus'), ['CONFIRMED', 'RESET_REQUIRED'] as const),
    messageAction: oneOf(stringMember(response, 'messageAction'), ['SUPPRESS', 'RESEND'] as const),
    desiredDeliveryMediums: mediums?.map((medium) => oneOf(medium, ['EMAIL', 'SMS'] as const)!),
    forceAliasCreation: booleanMember(response, 'forceAliasCreation') ?? false,
    enableSMSMFA: booleanMember(response, 'enableSMSMFA') ?? false,
  };
}
