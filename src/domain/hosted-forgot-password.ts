// Forgot password for the Hosted UI: a minimal ForgotPassword / ConfirmForgotPassword.
// TODO(merge): the JSON API's domain/passwords.ts lands on another branch; when it does, the
// Hosted UI pages should call its functions and this file goes away.
// - the code goes to a verified email or phone (AccountRecoverySetting order, else phone first);
// - PreventUserExistenceErrors: an unknown user gets a plausible answer and no code;
// - the new password must meet the policy; success confirms the user and clears the lockout.
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord } from '../store/store.js';
import { InvalidParameterException, NotAuthorizedException } from '../api/errors.js';
import { unknownUserError } from './auth.js';
import { findUserByLogin } from './users.js';
import { CODE_TTL_MS, consumeCode, issueCode } from './codes.js';
import { sendCode, type CodeDeliveryDetails } from './delivery.js';
import { checkPasswordPolicy } from './password-policy.js';
import { maskDestination } from './attributes.js';

function recoveryAttributes(pool: PoolRecord): string[] {
  const mechanisms: Array<{ Name: string; Priority: number }> = pool.config.AccountRecoverySetting?.RecoveryMechanisms ?? [];
  if (mechanisms.length === 0) return ['phone_number', 'email'];
  return [...mechanisms].sort((a, b) => a.Priority - b.Priority).map((m) => (m.Name === 'verified_email' ? 'email' : m.Name === 'verified_phone_number' ? 'phone_number' : ''));
}

export async function startForgotPassword(deps: Deps, pool: PoolRecord, client: ClientRecord, login: string): Promise<CodeDeliveryDetails> {
  const user = await findUserByLogin(deps.store, pool, login);
  if (!user) {
    if (client.config.PreventUserExistenceErrors === 'ENABLED') return { Destination: maskDestination('EMAIL', 'x@x'), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
    throw unknownUserError(client);
  }
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  const attribute = recoveryAttributes(pool).find((name) => name && user.attributes[name] && user.attributes[`${name}_verified`] === 'true');
  if (!attribute) throw new InvalidParameterException('Cannot reset password for the user as there is no registered/verified email or phone_number');
  const code = await issueCode(deps, user, 'forgot_password', CODE_TTL_MS.forgot_password);
  const target = { medium: attribute === 'phone_number' ? 'SMS' as const : 'EMAIL' as const, attribute, destination: user.attributes[attribute] };
  return sendCode(deps, pool, user, target, 'forgot_password', code);
}

export async function finishForgotPassword(deps: Deps, pool: PoolRecord, client: ClientRecord, login: string, code: string, password: string): Promise<void> {
  const user = await findUserByLogin(deps.store, pool, login);
  if (!user) throw unknownUserError(client);
  checkPasswordPolicy(pool.config.Policies.PasswordPolicy, password);
  await consumeCode(deps, user, 'forgot_password', code);
  const passwordHash = await deps.passwords.hash(password);
  await deps.store.users.update(user.sub, {
    passwordHash, status: user.status === 'UNCONFIRMED' ? 'UNCONFIRMED' : 'CONFIRMED', passwordExpiresAt: null,
    failedAttempts: 0, lastFailedAt: null, lockedUntil: null, updatedAt: deps.clock.now(),
  });
}
