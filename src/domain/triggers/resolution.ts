// Where each function a pool's LambdaConfig names would run: what `gatehouse serve` prints at start
// and what the admin console's Triggers page shows.
import type { Deps } from '../deps.js';
import type { PoolRecord } from '../../store/store.js';
import type { TriggerName } from '../../triggers/types.js';
import { triggerArn } from './run.js';

/** The LambdaConfig members that name a function, in the order Cognito's model lists them. */
export const TRIGGER_NAMES: readonly TriggerName[] = [
  'PreSignUp', 'CustomMessage', 'PostConfirmation', 'PreAuthentication', 'PostAuthentication',
  'DefineAuthChallenge', 'CreateAuthChallenge', 'VerifyAuthChallengeResponse', 'PreTokenGeneration',
  'UserMigration', 'CustomSMSSender', 'CustomEmailSender', 'InboundFederation',
];

export interface TriggerResolution {
  trigger: TriggerName;
  arn: string;
  /** The runner's description ("module ./x.js#handler", "webhook https://…", "lambda <endpoint> <arn>"), or undefined: nothing runs it. */
  runsAt: string | undefined;
}

/** The pool's triggers that name a function, each with where it resolves. */
export function resolvePoolTriggers(deps: Pick<Deps, 'triggers'>, pool: PoolRecord): TriggerResolution[] {
  return TRIGGER_NAMES.flatMap((trigger) => {
    const arn = triggerArn(pool, trigger);
    return arn === undefined ? [] : [{ trigger, arn, runsAt: deps.triggers.describe(arn) }];
  });
}
