// PreAuthentication and PostAuthentication: the pool's functions around a sign-in. Neither answer
// changes anything; a function refuses by failing.
// - PreAuthentication runs once the user is known, before the password (or SRP proof) is checked,
//   on USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH, USER_AUTH's password factors
//   and the Hosted UI's sign-in; never on a refresh.
// - PostAuthentication runs when a sign-in has passed every step, before any token is minted: a
//   failing function fails the sign-in and no token exists.
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { runTrigger, triggerUserAttributes, type TriggerContext } from './run.js';

/**
 * PreAuthentication for `user`, or, when the client has PreventUserExistenceErrors=ENABLED, for a
 * name that matches nobody (`userNotFound: true`, the name as typed, no attributes).
 */
export async function preAuthentication(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  login: string,
  user: UserRecord | undefined,
  context: TriggerContext = {},
): Promise<void> {
  // Cognito: userNotFound is only set for clients that hide users; for the others an unknown user
  // never reaches this trigger.
  const hiding = client.config.PreventUserExistenceErrors === 'ENABLED';
  await runTrigger(deps, pool, 'PreAuthentication', {
    triggerSource: 'PreAuthentication_Authentication',
    userName: user?.username ?? login,
    clientId: client.id,
    request: {
      userAttributes: user ? triggerUserAttributes(pool, user) : {},
      ...(hiding && { userNotFound: !user }),
      // Cognito: InitiateAuth's ClientMetadata arrives here as validationData (the trigger's
      // reference page; the API reference's generic wording calls it clientMetadata).
      validationData: context.validationData ?? null,
    },
    response: {},
  });
}

/**
 * PostAuthentication, once the user has passed every step. `newDeviceUsed`: the pool remembers
 * devices and this sign-in gets a new one. Only RespondToAuthChallenge's ClientMetadata reaches
 * it (Cognito does not pass InitiateAuth's).
 */
export async function postAuthentication(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  options: { newDeviceUsed: boolean; context?: TriggerContext },
): Promise<void> {
  const clientMetadata = options.context?.clientMetadata;
  await runTrigger(deps, pool, 'PostAuthentication', {
    triggerSource: 'PostAuthentication_Authentication',
    userName: user.username,
    clientId: client.id,
    request: {
      userAttributes: triggerUserAttributes(pool, user),
      newDeviceUsed: options.newDeviceUsed,
      ...(clientMetadata && { clientMetadata }),
    },
    response: {},
  });
}
