// StartWebAuthnRegistration / CompleteWebAuthnRegistration, ListWebAuthnCredentials and
// DeleteWebAuthnCredential: a user's passkeys, through their access token.
// - The registration challenge is itself the sealed state (user, pool, client, expiry, a random
//   id): nothing is stored until Complete, which spends it once (the consumed table).
// - Attestation is verified by @simplewebauthn/server; Gatehouse asks for none ("none"), as Cognito.
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { webAuthnLibrary } from './webauthn-library.js';
import type { Deps } from '../deps.js';
import type { PoolRecord, UserRecord, WebAuthnCredentialRecord } from '../../store/store.js';
import {
  InvalidParameterException, ResourceNotFoundException, WebAuthnChallengeNotFoundException, WebAuthnClientMismatchException, WebAuthnNotEnabledException,
} from '../../cognito/errors.js';
import { newUuid } from '../../crypto/random.js';
import { useOnce } from '../single-use.js';
import { StoreConflict } from '../../store/errors.js';
import { acceptsOrigin, allowsPasskeys, relyingPartyId, userVerification } from './relying-party.js';
import { ceremonyError, clientDataOf } from './ceremony.js';

const PURPOSE = 'webauthn-registration';
const REGISTRATION_MS = 5 * 60_000;
const DEFAULT_NAME = 'Passkey';

interface RegistrationState {
  id: string;
  poolId: string;
  clientId: string;
  sub: string;
  expiresAt: number;
}

function requirePasskeys(pool: PoolRecord): void {
  if (!allowsPasskeys(pool)) throw new WebAuthnNotEnabledException('Passkeys are not enabled for this user pool (SignInPolicy.AllowedFirstAuthFactors lacks WEB_AUTHN).');
}

/** StartWebAuthnRegistration: PublicKeyCredentialCreationOptionsJSON, as Cognito returns them. */
export async function startRegistration(deps: Deps, pool: PoolRecord, user: UserRecord, clientId: string): Promise<Record<string, unknown>> {
  requirePasskeys(pool);
  const state: RegistrationState = { id: newUuid(), poolId: pool.id, clientId, sub: user.sub, expiresAt: deps.clock.now() + REGISTRATION_MS };
  const existing = await deps.store.webAuthnCredentials.listForUser(user.sub, 100);
  const { generateRegistrationOptions } = await webAuthnLibrary();
  const options = await generateRegistrationOptions({
    rpName: pool.name,
    rpID: relyingPartyId(deps, pool),
    userName: user.username,
    userID: new TextEncoder().encode(user.sub),
    challenge: deps.sealer.seal(JSON.stringify(state), PURPOSE),
    timeout: REGISTRATION_MS,
    attestationType: 'none',
    excludeCredentials: existing.items.map((c) => ({ id: c.credentialId, transports: c.transports as never })),
    authenticatorSelection: { residentKey: 'required', userVerification: userVerification(pool) },
  });
  return options as unknown as Record<string, unknown>;
}

const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
/** The transports the browser reported, keeping only names WebAuthn defines (they come from the client). */
const knownTransports = (transports: unknown): string[] =>
  Array.isArray(transports) ? [...new Set(transports.filter((t): t is string => typeof t === 'string' && TRANSPORTS.has(t)))] : [];

/** The registration state the credential's challenge carries, for this user and client, unspent. */
async function openRegistrationState(deps: Deps, challenge: string, user: UserRecord, clientId: string): Promise<RegistrationState> {
  let state: RegistrationState;
  try {
    state = JSON.parse(deps.sealer.open(Buffer.from(challenge, 'base64url').toString('utf8'), PURPOSE));
  } catch {
    throw new WebAuthnChallengeNotFoundException('The WebAuthn registration challenge was not found or has expired.');
  }
  if (state.sub !== user.sub || state.poolId !== user.poolId || state.expiresAt <= deps.clock.now()) {
    throw new WebAuthnChallengeNotFoundException('The WebAuthn registration challenge was not found or has expired.');
  }
  if (state.clientId !== clientId) throw new WebAuthnClientMismatchException('The access token belongs to another app client than the one that started the registration.');
  if (!(await useOnce(deps, `webauthn-registration:${state.id}`, state.expiresAt))) {
    throw new WebAuthnChallengeNotFoundException('The WebAuthn registration challenge was not found or has expired.');
  }
  return state;
}

/** CompleteWebAuthnRegistration: verifies the attestation and stores the passkey. */
export async function completeRegistration(deps: Deps, pool: PoolRecord, user: UserRecord, clientId: string, credential: unknown): Promise<void> {
  requirePasskeys(pool);
  const response = credential as RegistrationResponseJSON;
  const clientData = clientDataOf(response);
  const rpId = relyingPartyId(deps, pool);
  await openRegistrationState(deps, clientData.challenge, user, clientId);
  if (!(await acceptsOrigin(deps, pool, clientData.origin, rpId))) throw ceremonyError('origin');
  let verified;
  const { verifyRegistrationResponse } = await webAuthnLibrary();
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: clientData.challenge,
      expectedOrigin: clientData.origin,
      expectedRPID: rpId,
      requireUserVerification: userVerification(pool) === 'required',
    });
  } catch (error) {
    throw ceremonyError(error);
  }
  if (!verified.verified) throw ceremonyError('unverified');
  const info = verified.registrationInfo;
  const record: WebAuthnCredentialRecord = {
    poolId: pool.id,
    credentialId: info.credential.id,
    sub: user.sub,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    signCount: info.credential.counter,
    transports: knownTransports(info.credential.transports),
    ...(response.authenticatorAttachment && { attachment: response.authenticatorAttachment }),
    // Cognito names every passkey; the browser's response carries no name, so all start as this.
    friendlyName: DEFAULT_NAME,
    relyingPartyId: rpId,
    createdAt: deps.clock.now(),
  };
  try {
    await deps.store.webAuthnCredentials.insert(record);
  } catch (error) {
    if (error instanceof StoreConflict) throw new InvalidParameterException('This credential is already registered.');
    throw error;
  }
}

/** WebAuthnCredentialDescription. */
export function describeCredential(c: WebAuthnCredentialRecord): Record<string, unknown> {
  return {
    CredentialId: c.credentialId,
    FriendlyCredentialName: c.friendlyName ?? DEFAULT_NAME,
    RelyingPartyId: c.relyingPartyId,
    ...(c.attachment && { AuthenticatorAttachment: c.attachment }),
    AuthenticatorTransports: c.transports,
    CreatedAt: c.createdAt / 1000,
  };
}

/** How many passkeys the user has, as far as the first factors care: none, or some. */
export async function passkeyCount(deps: Deps, user: UserRecord): Promise<number> {
  return (await deps.store.webAuthnCredentials.listForUser(user.sub, 1)).items.length;
}

/** DeleteWebAuthnCredential: only the user's own credential. */
export async function deleteCredential(deps: Deps, user: UserRecord, credentialId: string): Promise<void> {
  if (!(await deps.store.webAuthnCredentials.deleteForUser(user.sub, user.poolId, credentialId))) {
    throw new ResourceNotFoundException('Credential not found.');
  }
}
