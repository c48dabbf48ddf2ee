// The user's events besides sign-ins, as AdminListUserAuthEvents lists them while threat protection
// is on: SignUp, ForgotPassword, PasswordChange and ResendCode. Cognito assesses no account-takeover
// risk for them (its adaptive authentication acts on sign-ins); only compromised credentials apply,
// to SignUp and PasswordChange (checkNewPassword in sign-in-risk.ts).
import type { Deps } from '../deps.js';
import type { PoolRecord, UserRecord } from '../../store/store.js';
import { securityModeOf } from './add-ons.js';
import { requestContextOf } from './request-context.js';
import { insertAuthEvent, newEventId } from './auth-events.js';

export type AccountEventType = 'SignUp' | 'ForgotPassword' | 'PasswordChange' | 'ResendCode';

/** Records the event (no-op while threat protection is off). `blocked`: refused for a breached password. */
export async function recordAccountEvent(
  deps: Deps, pool: PoolRecord, clientId: string | undefined, user: UserRecord, eventType: AccountEventType, options: { blocked?: boolean } = {},
): Promise<void> {
  if (securityModeOf(pool) === 'OFF') return;
  const { ipAddress, userAgent } = requestContextOf(deps);
  const createdAt = deps.clock.now();
  await insertAuthEvent(deps, user, {
    eventId: newEventId(createdAt), poolId: pool.id, sub: user.sub, clientId: clientId ?? null, eventType,
    eventResponse: options.blocked ? 'Fail' : 'Pass', createdAt,
    riskDecision: options.blocked ? 'Block' : 'NoRisk', riskLevel: null, compromised: options.blocked === true,
    challenges: [], ipAddress, deviceKey: null, userAgent: userAgent ?? null, feedback: null, feedbackTokenHash: null,
  });
}
