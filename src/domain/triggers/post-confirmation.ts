// PostConfirmation: runs when a user has been confirmed (PostConfirmation_ConfirmSignUp: ConfirmSignUp,
// AdminConfirmSignUp, the Hosted UI's confirm page, a sign-up PreSignUp auto-confirmed) or has reset
// a forgotten password (PostConfirmation_ConfirmForgotPassword). The response carries nothing.
// - request.userAttributes are the user's as they are once confirmed (status CONFIRMED, the
//   confirmed address verified); clientMetadata only when the operation was given ClientMetadata.
// - Cognito: a failing function fails the operation, and the user stays as before (not confirmed,
//   password unchanged); callers run it before they write and write nothing when it throws.
import type { Deps } from '../deps.js';
import type { PoolRecord, UserRecord } from '../../store/store.js';
import { NO_CLIENT_ID, runTrigger, triggerUserAttributes } from './run.js';

export type PostConfirmationSource = 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword';

/**
 * `confirmed` is the user as the operation is about to leave it; `clientId` is undefined for the
 * admin operations. A no-op when the pool names no PostConfirmation function.
 */
export async function postConfirmation(
  deps: Deps,
  pool: PoolRecord,
  clientId: string | undefined,
  source: PostConfirmationSource,
  confirmed: UserRecord,
  clientMetadata?: Record<string, string>,
): Promise<void> {
  await runTrigger(deps, pool, 'PostConfirmation', {
    triggerSource: source,
    userName: confirmed.username,
    clientId: clientId ?? NO_CLIENT_ID,
    request: {
      userAttributes: triggerUserAttributes(pool, confirmed),
      ...(clientMetadata && { clientMetadata }),
    },
    response: {},
  });
}
