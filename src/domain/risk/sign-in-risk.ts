// Threat protection at sign-in: the risk of each sign-in from signals computed here, the configured
// action, and the event recorded for it. With the pool's AdvancedSecurityMode OFF nothing happens;
// AUDIT assesses and records without acting; ENFORCED also acts:
// - BLOCK, an address in BlockedIPRangeList, or a breached password under a BLOCK
//   CompromisedCredentialsRiskConfiguration: NotAuthorizedException (a breached password also sets
//   the user to RESET_REQUIRED, as Cognito does);
// - MFA_IF_CONFIGURED / MFA_REQUIRED: a user with MFA set up is challenged even on a remembered
//   device; without MFA, IF_CONFIGURED lets the sign-in through and REQUIRED blocks it;
// - Notify: an email about the sign-in (notify.ts), carrying the event's FeedbackToken.
// Signals: a new address or a new device (device key, else user agent) for a user who has signed in
// before (Low; both: Medium), password spraying, failed sign-ins of many users from one address
// (High), and impossible travel from the last successful sign-in where the operator supplies a geo
// database (High). An address in SkippedIPRangeList is not assessed. Feedback teaches the signals: an event
// marked Valid makes its address and device known, one marked Invalid forgets them.
import type { Deps } from '../deps.js';
import type { AuthEventRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { InvalidPasswordException, NotAuthorizedException } from '../../cognito/errors.js';
import { newOpaqueToken } from '../../crypto/random.js';
import { sha256Hex } from '../../crypto/digest.js';
import type { AuthOutcome } from '../sign-in/outcome.js';
import { customAuthModeOf, securityModeOf } from './add-ons.js';
import { actionFor, effectiveRiskConfiguration, inRanges, type EventAction, type RiskConfiguration, type RiskLevel } from './configuration.js';
import { requestContextOf } from './request-context.js';
import { completeAuthEvent, insertAuthEvent, newEventId } from './auth-events.js';
import { notifyUser } from './notify.js';
import { recordAccountEvent } from './account-events.js';
import { isImpossibleTravel } from './geo-database.js';

const BLOCKED = 'Unable to login because of security reasons.';
/** An MFA answer completes the event of the sign-in it follows when it comes within this time (the codes live 3 minutes). */
const CHALLENGE_WINDOW_MS = 5 * 60_000;

export interface SignInRisk {
  config: RiskConfiguration;
  level: RiskLevel | null;
  compromised: boolean;
  enforced: boolean;
  action: { Notify: boolean; EventAction: EventAction };
  ipAddress: string;
  userAgent: string | null;
  deviceKey: string | null;
  /** What the event lists as answered: the password, or nothing for a code, a passkey or a custom challenge. */
  challenges: AuthEventRecord['challenges'];
}

/** How the first step was passed. Cognito's ChallengeName has only Password and Mfa: the others list no challenge. */
export type FirstStep = 'PASSWORD' | 'CODE' | 'PASSKEY' | 'CUSTOM';
const challengesOf = (step: FirstStep, response: 'Success' | 'Failure'): AuthEventRecord['challenges'] =>
  step === 'PASSWORD' ? [{ ChallengeName: 'Password', ChallengeResponse: response }] : [];

const checksEvent = (config: RiskConfiguration, event: 'SIGN_IN' | 'SIGN_UP' | 'PASSWORD_CHANGE'): boolean =>
  config.CompromisedCredentialsRiskConfiguration?.EventFilter?.includes(event) ?? true;

async function riskLevel(deps: Deps, pool: PoolRecord, user: UserRecord, signals: { ipAddress: string; userAgent: string | null; deviceKey: string | null }): Promise<RiskLevel | null> {
  const { passwordSprayUsers, passwordSprayWindowSeconds } = deps.config.threatProtection;
  const failedUsers = await deps.store.authEvents.countFailedUsersFrom(pool.id, signals.ipAddress, deps.clock.now() - passwordSprayWindowSeconds * 1000);
  if (failedUsers >= passwordSprayUsers) return 'High';
  // A user's first sign-in sets the baseline: nothing is new yet.
  if (!(await deps.store.authEvents.hasPassed(user.sub, {}))) return null;
  if (await travelledImpossibly(deps, user, signals.ipAddress)) return 'High';
  const newAddress = !(await deps.store.authEvents.hasPassed(user.sub, { ipAddress: signals.ipAddress }));
  const newDevice = signals.deviceKey
    ? !(await deps.store.authEvents.hasPassed(user.sub, { deviceKey: signals.deviceKey }))
    : signals.userAgent !== null && !(await deps.store.authEvents.hasPassed(user.sub, { userAgent: signals.userAgent }));
  if (newAddress && newDevice) return 'Medium';
  return newAddress || newDevice ? 'Low' : null;
}

/** Sign-in events looked through for the user's last successful sign-in. */
const RECENT_EVENTS = 20;

/**
 * Impossible travel: the user's last successful sign-in and this one are located by the operator's
 * geo database and lie farther apart than TRAVEL_SPEED_KMH covers in the time between them
 * (Cognito rates such a sign-in High). No database, or an address it does not hold: no signal.
 */
async function travelledImpossibly(deps: Deps, user: UserRecord, ipAddress: string): Promise<boolean> {
  const here = deps.geoDatabase?.locate(ipAddress);
  if (!here) return false;
  const recent = await deps.store.authEvents.listForUser(user.sub, RECENT_EVENTS);
  const last = recent.find((event) => event.eventType === 'SignIn' && event.eventResponse === 'Pass');
  const there = last && deps.geoDatabase!.locate(last.ipAddress);
  return there !== undefined && isImpossibleTravel(there, here, deps.clock.now() - last!.createdAt);
}

function eventOf(pool: PoolRecord, client: ClientRecord, user: UserRecord, risk: SignInRisk, response: AuthEventRecord['eventResponse'], blocked: boolean, deps: Deps): AuthEventRecord {
  const createdAt = deps.clock.now();
  return {
    eventId: newEventId(createdAt), poolId: pool.id, sub: user.sub, clientId: client.id, eventType: 'SignIn', eventResponse: response,
    createdAt,
    riskDecision: blocked ? 'Block' : risk.level ? 'AccountTakeover' : 'NoRisk',
    riskLevel: risk.level, compromised: risk.compromised,
    challenges: risk.challenges,
    ipAddress: risk.ipAddress, deviceKey: risk.deviceKey, userAgent: risk.userAgent,
    feedback: null, feedbackTokenHash: null,
  };
}

/** Records the event and, where the action says so (ENFORCED only), notifies the user with a feedback token. */
async function record(deps: Deps, pool: PoolRecord, user: UserRecord, risk: SignInRisk, event: AuthEventRecord, action: EventAction): Promise<void> {
  const notify = risk.enforced && risk.level !== null && risk.action.Notify;
  const token = notify ? newOpaqueToken() : undefined;
  await insertAuthEvent(deps, user, { ...event, feedbackTokenHash: token ? sha256Hex(token) : null });
  if (token) await notifyUser(deps, pool, user, event, action, risk.config.AccountTakeoverRiskConfiguration?.NotifyConfiguration, token);
}

/** Refuses the sign-in: a Fail event with the Block decision, the notice if configured, NotAuthorizedException. */
export async function blockSignIn(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, risk: SignInRisk): Promise<never> {
  await record(deps, pool, user, risk, eventOf(pool, client, user, risk, 'Fail', true, deps), 'BLOCK');
  throw new NotAuthorizedException(BLOCKED);
}

/**
 * After a correct first factor: the risk of this sign-in, or undefined while threat protection is
 * off. Blocks here what the configuration blocks. `password`: what the user typed, for the flows
 * that send it (compromised-credentials detection cannot see SRP's proof, as in Cognito).
 */
export async function assessSignIn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, options: { deviceKey?: string; password?: string; step?: FirstStep } = {},
): Promise<SignInRisk | undefined> {
  const mode = options.step === 'CUSTOM' ? customAuthModeOf(pool) : securityModeOf(pool);
  if (mode === 'OFF') return undefined;
  const { ipAddress, userAgent } = requestContextOf(deps);
  const config = await effectiveRiskConfiguration(deps, pool.id, client.id);
  const signals = { ipAddress, userAgent: userAgent ?? null, deviceKey: options.deviceKey ?? null };
  const skipped = inRanges(ipAddress, config.RiskExceptionConfiguration?.SkippedIPRangeList);
  const level = skipped ? null : await riskLevel(deps, pool, user, signals);
  const compromised = options.password !== undefined && checksEvent(config, 'SIGN_IN') && (await deps.breachedPasswords.includes(options.password));
  const enforced = mode === 'ENFORCED';
  const challenges = challengesOf(options.step ?? 'PASSWORD', 'Success');
  const risk: SignInRisk = { config, level, compromised, enforced, action: actionFor(config, level), ...signals, challenges };
  if (!enforced) return risk;
  const compromisedBlock = compromised && config.CompromisedCredentialsRiskConfiguration?.Actions.EventAction === 'BLOCK';
  if (compromisedBlock) {
    // Cognito: a user blocked for a breached password must reset it before signing in again.
    await deps.store.users.update(user.sub, { status: 'RESET_REQUIRED', updatedAt: deps.clock.now() });
  }
  if (compromisedBlock || risk.action.EventAction === 'BLOCK' || inRanges(ipAddress, config.RiskExceptionConfiguration?.BlockedIPRangeList)) {
    return blockSignIn(deps, pool, client, user, risk);
  }
  return risk;
}

/** What the risk asks of the MFA step: nothing, MFA where the user has it, or MFA or nothing. */
export function riskMfaDemand(risk: SignInRisk | undefined): 'NONE' | 'IF_CONFIGURED' | 'REQUIRED' {
  if (!risk?.enforced) return 'NONE';
  return risk.action.EventAction === 'MFA_REQUIRED' ? 'REQUIRED' : risk.action.EventAction === 'MFA_IF_CONFIGURED' ? 'IF_CONFIGURED' : 'NONE';
}

/** The sign-in's event once its next step is known: InProgress while a challenge follows, else Pass. */
export async function recordSignIn(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, risk: SignInRisk | undefined, outcome: AuthOutcome): Promise<AuthOutcome> {
  await recordPassedFirstFactor(deps, pool, client, user, risk, 'ChallengeName' in outcome ? 'InProgress' : 'Pass');
  return outcome;
}

/** The Hosted UI's password form (its MFA page follows the user's own MFA): the event of a passed password. */
export async function recordPassedFirstFactor(
  deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, risk: SignInRisk | undefined, response: 'InProgress' | 'Pass' = 'Pass',
): Promise<void> {
  if (!risk) return;
  await record(deps, pool, user, risk, eventOf(pool, client, user, risk, response, false, deps), risk.enforced ? risk.action.EventAction : 'NO_ACTION');
}

/**
 * After a first step that needs no password and is followed by no MFA (a one-time code, a passkey,
 * CUSTOM_AUTH's challenges): assessed and recorded as a sign-in. The configured block applies;
 * MFA_REQUIRED blocks too, since no MFA can follow, and MFA_IF_CONFIGURED lets the sign-in through.
 */
export async function assessSignInWithoutMfa(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, step: Exclude<FirstStep, 'PASSWORD'>): Promise<void> {
  const risk = await assessSignIn(deps, pool, client, user, { step });
  if (riskMfaDemand(risk) === 'REQUIRED') return blockSignIn(deps, pool, client, user, risk!);
  await recordPassedFirstFactor(deps, pool, client, user, risk);
}

/** A wrong password, SRP proof, code or passkey of a known user, or a failed custom challenge: a Fail event (also what password spraying counts). */
export async function recordFailedSignInEvent(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, step: FirstStep = 'PASSWORD'): Promise<void> {
  if ((step === 'CUSTOM' ? customAuthModeOf(pool) : securityModeOf(pool)) === 'OFF') return;
  const { ipAddress, userAgent } = requestContextOf(deps);
  const createdAt = deps.clock.now();
  await insertAuthEvent(deps, user, {
    eventId: newEventId(createdAt), poolId: pool.id, sub: user.sub, clientId: client.id, eventType: 'SignIn', eventResponse: 'Fail',
    createdAt, riskDecision: 'NoRisk', riskLevel: null, compromised: false,
    challenges: challengesOf(step, 'Failure'),
    ipAddress, deviceKey: null, userAgent: userAgent ?? null, feedback: null, feedbackTokenHash: null,
  });
}

/** An MFA answer: the event of the sign-in it belongs to passes (or fails). */
export async function recordMfaAnswer(deps: Deps, pool: PoolRecord, user: UserRecord, passed: boolean): Promise<void> {
  if (securityModeOf(pool) === 'OFF') return;
  await completeAuthEvent(deps, user, passed, CHALLENGE_WINDOW_MS);
}

/**
 * SignUp and password changes (ChangePassword, ConfirmForgotPassword): with ENFORCED and a BLOCK
 * CompromisedCredentialsRiskConfiguration whose EventFilter names the event, a password on the
 * operator's breached list is refused.
 */
export async function checkNewPassword(
  deps: Deps, pool: PoolRecord, clientId: string | undefined, event: 'SIGN_UP' | 'PASSWORD_CHANGE', password: string, user?: UserRecord,
): Promise<void> {
  if (securityModeOf(pool) !== 'ENFORCED') return;
  const config = await effectiveRiskConfiguration(deps, pool.id, clientId);
  if (config.CompromisedCredentialsRiskConfiguration?.Actions.EventAction !== 'BLOCK' || !checksEvent(config, event)) return;
  if (await deps.breachedPasswords.includes(password)) {
    // An existing user's refused change is a PasswordChange event (a refused SignUp has no user to record it for).
    if (user) await recordAccountEvent(deps, pool, clientId, user, 'PasswordChange', { blocked: true });
    throw new InvalidPasswordException('The password has appeared in a data breach. Choose a different password.');
  }
}
