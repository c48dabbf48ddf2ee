// USER_AUTH's WEB_AUTHN first factor: a passkey assertion instead of a password.
// - The challenge WEB_AUTHN carries CREDENTIAL_REQUEST_OPTIONS (PublicKeyCredentialRequestOptionsJSON
//   as a JSON string) and a Session holding the random challenge; the answer's CREDENTIAL is the
//   browser's AuthenticationResponseJSON as a JSON string. The Session is spent once used.
// - The credential must be one this user registered in this pool; the origin, relying party, user
//   verification (as the pool's WebAuthnConfiguration says) and signature counter are checked.
// - Cognito: no MFA follows a passkey sign-in, except where the pool counts only a user-verified
//   passkey as MFA (FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION) and this assertion was
//   not verified: then MFA follows as after a password (next-step.ts).
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { webAuthnLibrary } from '../passkeys/webauthn-library.js';
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { InvalidParameterException, NotAuthorizedException } from '../../cognito/errors.js';
import { newOpaqueToken, newUuid } from '../../crypto/random.js';
import { findUserByLogin } from '../users.js';
import { consumeChallengeSession, createChallengeSession } from './challenge-session.js';
import { hidesUsers, requireParameter } from './parameters.js';
import { decoyCredential } from './decoy-factors.js';
import { checkNotLocked, recordFailedSignIn, recordSuccessfulSignIn } from './lockout.js';
import { checkSignInStatus, completePasskeySignIn } from './next-step.js';
import { assessSignInWithoutMfa, recordFailedSignInEvent } from '../risk/sign-in-risk.js';
import type { AuthOutcome } from './outcome.js';
import { preAuthentication } from '../triggers/authentication.js';
import type { TriggerContext } from '../triggers/run.js';
import { acceptsOrigin, relyingPartyId, userVerification } from '../passkeys/relying-party.js';
import { ceremonyError, clientDataOf } from '../passkeys/ceremony.js';
import { passkeyCount } from '../passkeys/registration.js';
import { availableFirstFactors } from '../auth-factors.js';

const REFUSED = 'The WebAuthn credential could not be verified.';
/** base64url, at most 1023 bytes (the WebAuthn limit) encoded. */
const CREDENTIAL_ID = /^[A-Za-z0-9_-]{1,1364}$/;

/** Whether WEB_AUTHN is a first factor of this user: the pool allows it, they have a passkey, and no MFA bars it (auth-factors.ts). */
export async function offersPasskey(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<boolean> {
  return availableFirstFactors(pool, user, { webAuthnCredentials: await passkeyCount(deps, user) }).includes('WEB_AUTHN');
}

/** The WEB_AUTHN challenge: request options naming `allowed` credentials, and a Session holding its random challenge and the login typed. */
async function challengeFor(
  deps: Deps, pool: PoolRecord, client: ClientRecord, sub: string, login: string, allowed: Array<{ id: string; transports: string[] }>, context: TriggerContext,
): Promise<AuthOutcome> {
  const challenge = newOpaqueToken();
  const { generateAuthenticationOptions } = await webAuthnLibrary();
  const options = await generateAuthenticationOptions({
    rpID: relyingPartyId(deps, pool),
    challenge: Buffer.from(challenge, 'base64url'),
    allowCredentials: allowed.map((c) => ({ id: c.id, transports: c.transports as never })),
    userVerification: userVerification(pool),
    timeout: (client.config.AuthSessionValidity ?? 3) * 60_000,
  });
  return {
    ChallengeName: 'WEB_AUTHN',
    ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
    Session: createChallengeSession(deps, client, sub, 'WEB_AUTHN', {
      challenge: options.challenge, login, ...(context.validationData && { validationData: context.validationData }),
    }),
  };
}

/** The WEB_AUTHN challenge for a user with passkeys; `login`: the name they typed. */
export async function webAuthnChallenge(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, context: TriggerContext = {}, login = user.username): Promise<AuthOutcome> {
  const credentials = await deps.store.webAuthnCredentials.listForUser(user.sub, 100);
  return challengeFor(deps, pool, client, user.sub, login, credentials.items.map((c) => ({ id: c.credentialId, transports: c.transports })), context);
}

/**
 * The same challenge for a name that matches nobody, where the client hides users and the decoy
 * "has" a passkey (decoy-factors.ts): its made-up credential, a random sub; every answer is refused.
 */
export function decoyWebAuthnChallenge(deps: Deps, pool: PoolRecord, client: ClientRecord, login: string, context: TriggerContext = {}): Promise<AuthOutcome> {
  return challengeFor(deps, pool, client, newUuid(), login, [decoyCredential(deps, pool, login)], context);
}

function parseCredential(text: string): AuthenticationResponseJSON {
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed.id === 'string' && CREDENTIAL_ID.test(parsed.id) && parsed.response && typeof parsed.response === 'object') return parsed;
  } catch {
    // fall through
  }
  throw new InvalidParameterException('CREDENTIAL is not a valid WebAuthn authentication response.');
}

/** Verifies the assertion against the user's stored credential and moves its signature counter; whether the authenticator verified the user. */
async function verifyAssertion(deps: Deps, pool: PoolRecord, user: UserRecord, expectedChallenge: string, response: AuthenticationResponseJSON): Promise<boolean> {
  const stored = await deps.store.webAuthnCredentials.find(pool.id, response.id);
  // Another user's credential is refused like an unknown one.
  if (!stored || stored.sub !== user.sub) throw new NotAuthorizedException(REFUSED);
  const clientData = clientDataOf(response);
  if (!(await acceptsOrigin(deps, pool, clientData.origin, stored.relyingPartyId))) throw ceremonyError('origin');
  let result;
  const { verifyAuthenticationResponse } = await webAuthnLibrary();
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: clientData.origin,
      expectedRPID: stored.relyingPartyId,
      credential: { id: stored.credentialId, publicKey: Buffer.from(stored.publicKey, 'base64url'), counter: stored.signCount, transports: stored.transports as never },
      requireUserVerification: userVerification(pool) === 'required',
    });
  } catch (error) {
    throw ceremonyError(error);
  }
  if (!result.verified) throw new NotAuthorizedException(REFUSED);
  // A concurrent sign-in that moved the counter first wins: this assertion may be a clone's.
  const next = result.authenticationInfo.newCounter;
  if (!(await deps.store.webAuthnCredentials.updateSignCount(pool.id, stored.credentialId, stored.signCount, next))) {
    throw new NotAuthorizedException(REFUSED);
  }
  return result.authenticationInfo.userVerified;
}

/**
 * The answer to the WEB_AUTHN challenge: the user it signs in, once the assertion is verified (no
 * tokens yet), and whether the authenticator verified the user (which may stand in for MFA).
 */
export async function checkWebAuthnAnswer(
  deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Record<string, string> | undefined, clientMetadata?: Record<string, string>,
): Promise<{ user: UserRecord; userVerified: boolean }> {
  const login = requireParameter(responses, 'USERNAME');
  const response = parseCredential(requireParameter(responses, 'CREDENTIAL'));
  const state = await consumeChallengeSession(deps, client, session, 'WEB_AUTHN');
  const user = await findUserByLogin(deps.store, pool, login);
  const context = { clientMetadata, validationData: state.data?.validationData as Record<string, string> | undefined };
  // A decoy's challenge (a hidden unknown name): refused as a credential that is not the user's.
  if (!user && hidesUsers(client) && state.data?.login === login) {
    await preAuthentication(deps, pool, client, login, undefined, context);
    throw new NotAuthorizedException(REFUSED);
  }
  if (!user || user.sub !== state.sub) throw new NotAuthorizedException('Invalid session for the user.');
  await preAuthentication(deps, pool, client, login, user, context);
  checkNotLocked(deps, user);
  let userVerified: boolean;
  try {
    userVerified = await verifyAssertion(deps, pool, user, String(state.data?.challenge), response);
  } catch (error) {
    await recordFailedSignIn(deps, user);
    await recordFailedSignInEvent(deps, pool, client, user, 'PASSKEY');
    throw error;
  }
  await recordSuccessfulSignIn(deps, user);
  checkSignInStatus(deps, user);
  await assessSignInWithoutMfa(deps, pool, client, user, 'PASSKEY');
  return { user, userVerified };
}

/** RespondToAuthChallenge WEB_AUTHN: USERNAME and CREDENTIAL with the challenge's Session. */
export async function respondWebAuthn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Record<string, string> | undefined, clientMetadata?: Record<string, string>,
): Promise<AuthOutcome> {
  const { user, userVerified } = await checkWebAuthnAnswer(deps, pool, client, session, responses, clientMetadata);
  return completePasskeySignIn(deps, pool, client, user, userVerified, { clientMetadata });
}
