// PreSignUp: runs before a user is created; may refuse (by failing) or auto-confirm and auto-verify.
// - PreSignUp_SignUp (SignUp, the Hosted UI's sign-up page): the three flags count.
// - PreSignUp_AdminCreateUser: the flags are ignored; callerContext.clientId is CLIENT_ID_NOT_APPLICABLE.
// - request.userAttributes are the attributes the caller gave (no sub: the user does not exist yet);
//   validationData is null when the caller sent none; clientMetadata only when the caller sent it.
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord } from '../../store/store.js';
import { InvalidParameterException } from '../../cognito/errors.js';
import { booleanMember, NO_CLIENT_ID, runTrigger, type TriggerContext } from './run.js';

export type PreSignUpSource = 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser' | 'PreSignUp_ExternalProvider';

export interface PreSignUpDecision {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

const NOTHING: PreSignUpDecision = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };

/**
 * Runs the pool's PreSignUp with the attributes the new user would have. Cognito ignores the
 * three flags for AdminCreateUser; a flag that verifies an attribute the user lacks fails the sign-up.
 */
export async function preSignUp(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord | undefined,
  source: PreSignUpSource,
  user: { username: string; attributes: Record<string, string> },
  context: TriggerContext = {},
): Promise<PreSignUpDecision> {
  const response = await runTrigger(deps, pool, 'PreSignUp', {
    triggerSource: source,
    userName: user.username,
    clientId: client?.id ?? NO_CLIENT_ID,
    request: {
      userAttributes: { ...user.attributes },
      // Cognito: null, not {}, when the caller sent no ValidationData (captured SignUp events).
      validationData: context.validationData ?? null,
      ...(context.clientMetadata && { clientMetadata: context.clientMetadata }),
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  if (!response || source === 'PreSignUp_AdminCreateUser') return NOTHING;
  const decision: PreSignUpDecision = {
    autoConfirmUser: booleanMember(response, 'autoConfirmUser') ?? false,
    autoVerifyEmail: booleanMember(response, 'autoVerifyEmail') ?? false,
    autoVerifyPhone: booleanMember(response, 'autoVerifyPhone') ?? false,
  };
  // Cognito: verifying an attribute the user does not have fails the sign-up.
  if (decision.autoVerifyEmail && !user.attributes.email) throw new InvalidParameterException('Cannot auto-verify email without an email attribute.');
  if (decision.autoVerifyPhone && !user.attributes.phone_number) throw new InvalidParameterException('Cannot auto-verify phone_number without a phone_number attribute.');
  return decision;
}
