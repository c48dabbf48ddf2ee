// USER_AUTH's WEB_AUTHN first factor: a passkey assertion instead of a password.
// - The challenge WEB_AUTHN carries CREDENTIAL_REQUEST_OPTIONS (PublicKeyCredentialRequestOptionsJSON
//   as a JSON string) and a Session holding the random challenge; the answer's CREDENTIAL is the
//   browser's AuthenticationResponseJSON as a JSON string. The Session is spent once used.
// - The credential must be one this user registered in this pool; the origin, relying party, user
//   verification (as the pool's WebAuthnConfiguration says) and signature counter are checked.
// - Cognito: no MFA follows a passkey sign-in.
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { InvalidParameterException, NotAuthorizedException } from '../../cognito/errors.js';
import { newOpaqueToken } from '../../crypto/random.js';
import { findUserByLogin } from '../users.js';
import { consumeChallengeSession, createChallengeSession } from './challenge-session.js';
import { requireParameter } from './parameters.js';
import { checkNotLocked, recordFailedSignIn, recordSuccessfulSignIn } from './lockout.js';
import { checkSignInStatus, signedIn } from './next-step.js';
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

/** The WEB_AUTHN challenge for a user with passkeys. */
export async function webAuthnChallenge(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, context: TriggerContext = {}): Promise<AuthOutcome> {
  const credentials = await deps.store.webAuthnCredentials.listForUser(user.sub, 100);
  const challenge = newOpaqueToken();
  const options = await generateAuthenticationOptions({
    rpID: relyingPartyId(deps, pool),
    challenge: Buffer.from(challenge, 'base64url'),
    allowCredentials: credentials.items.map((c) => ({ id: c.credentialId, transports: c.transports as never })),
    userVerification: userVerification(pool),
    timeout: (client.config.AuthSessionValidity ?? 3) * 60_000,
  });
  return {
    ChallengeName: 'WEB_AUTHN',
    ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
    Session: createChallengeSession(deps, client, user.sub, 'WEB_AUTHN', {
      challenge: options.challenge, ...(context.validationData && { validationData: context.validationData }),
    }),
  };
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

/** Verifies the assertion against the user's stored credential and moves its signature counter. */
async function verifyAssertion(deps: Deps, pool: PoolRecord, user: UserRecord, expectedChallenge: string, response: AuthenticationResponseJSON): Promise<void> {
  const stored = await deps.store.webAuthnCredentials.find(pool.id, response.id);
  // Another user's credential is refused like an unknown one.
  if (!stored || stored.sub !== user.sub) throw new NotAuthorizedException(REFUSED);
  const clientData = clientDataOf(response);
  if (!(await acceptsOrigin(deps, pool, clientData.origin, stored.relyingPartyId))) throw ceremonyError('origin');
  let result;
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
}

/** The answer to the WEB_AUTHN challenge: the user it signs in, once the assertion is verified (no tokens yet). */
export async function checkWebAuthnAnswer(
  deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Record<string, string> | undefined, clientMetadata?: Record<string, string>,
): Promise<UserRecord> {
  const login = requireParameter(responses, 'USERNAME');
  const response = parseCredential(requireParameter(responses, 'CREDENTIAL'));
  const state = await consumeChallengeSession(deps, client, session, 'WEB_AUTHN');
  const user = await findUserByLogin(deps.store, pool, login);
  if (!user || user.sub !== state.sub) throw new NotAuthorizedException('Invalid session for the user.');
  await preAuthentication(deps, pool, client, login, user, { clientMetadata, validationData: state.data?.validationData as Record<string, string> | undefined });
  checkNotLocked(deps, user);
  try {
    await verifyAssertion(deps, pool, user, String(state.data?.challenge), response);
  } catch (error) {
    await recordFailedSignIn(deps, user);
    throw error;
  }
  await recordSuccessfulSignIn(deps, user);
  checkSignInStatus(deps, user);
  return user;
}

/** RespondToAuthChallenge WEB_AUTHN: USERNAME and CREDENTIAL with the challenge's Session. */
export async function respondWebAuthn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Record<string, string> | undefined, clientMetadata?: Record<string, string>,
): Promise<AuthOutcome> {
  const user = await checkWebAuthnAnswer(deps, pool, client, session, responses, clientMetadata);
  return signedIn(deps, pool, client, user, undefined, { clientMetadata });
}
