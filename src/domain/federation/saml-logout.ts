// SAML single logout, SP-initiated, for providers with IDPSignout "true": /logout sends the
// browser to the provider's SingleLogoutService (HTTP-Redirect) with a LogoutRequest signed by the
// pool's certificate, naming the NameID and SessionIndex the sign-in received; the provider's
// LogoutResponse at /saml2/logout sends the browser on to where /logout was to go.
// What the sign-in received is kept by the browser, sealed (the session store knows only the user).
import { randomBytes } from 'node:crypto';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import type { Deps } from '../deps.js';
import type { PoolRecord } from '../../store/store.js';
import { invalidRequest } from '../../cognito/oauth-errors.js';
import { sha256Hex } from '../../crypto/digest.js';
import { findProvider } from './providers.js';
import { loadIdpMetadata, SamlMetadataError } from './saml-metadata.js';
import { poolSpCertificate } from './sp-certificate.js';
import { expectingOnly, spEntityId, type SamlSignInRecord } from './saml.js';

interface PendingSignOut {
  provider: string;
  requestId: string;
  target: string;
  expiresAt: number;
}

const PENDING_TTL_MS = 15 * 60_000;
const sessionPurpose = (poolId: string) => `saml-session:${poolId}`;
const relayPurpose = (poolId: string) => `saml-logout-relay-state:${poolId}`;

/** Sealed for the browser, bound to the Hosted UI session it started (a later sign-in is not SAML's). */
export const sealSamlSignIn = (deps: Deps, poolId: string, record: SamlSignInRecord, sessionId: string): string =>
  deps.sealer.seal(JSON.stringify({ ...record, session: sha256Hex(sessionId) }), sessionPurpose(poolId));

function openSealed<T>(deps: Deps, sealed: string, purpose: string): T | undefined {
  try {
    return JSON.parse(deps.sealer.open(sealed, purpose)) as T;
  } catch {
    return undefined;
  }
}

/**
 * Where /logout sends the browser when the sign-in came from a provider with IDPSignout "true":
 * its sign-out service, which will return to `sloReturnUrl` and then `target`. Undefined otherwise
 * (the provider is gone, has sign-out off or no HTTP-Redirect SingleLogoutService).
 */
export async function samlLogoutRedirect(
  deps: Deps, pool: PoolRecord, sealedSignIn: string | undefined, sessionId: string, target: string, sloReturnUrl: string,
): Promise<string | undefined> {
  const signIn = sealedSignIn ? openSealed<SamlSignInRecord & { session: string }>(deps, sealedSignIn, sessionPurpose(pool.id)) : undefined;
  if (!signIn || signIn.session !== sha256Hex(sessionId)) return undefined;
  const provider = await findProvider(deps, pool.id, signIn.provider);
  if (!provider || provider.type !== 'SAML' || provider.details.IDPSignout !== 'true') return undefined;
  let sloUrl: string | undefined;
  try {
    sloUrl = loadIdpMetadata(provider).sloRedirectUrl;
  } catch (error) {
    if (!(error instanceof SamlMetadataError)) throw error;
    deps.log.warn({ provider: provider.name, reason: error.message }, 'SAML sign-out skipped: the metadata could not be read');
  }
  if (!sloUrl) return undefined;
  const certificate = await poolSpCertificate(deps, pool.id);
  const requestId = `_${randomBytes(20).toString('hex')}`;
  const pending: PendingSignOut = { provider: provider.name, requestId, target, expiresAt: deps.clock.now() + PENDING_TTL_MS };
  const saml = new SAML({
    issuer: spEntityId(pool.id),
    callbackUrl: sloReturnUrl,
    // node-saml wants an entry point even when only signing out.
    entryPoint: sloUrl,
    logoutUrl: sloUrl,
    logoutCallbackUrl: sloReturnUrl,
    idpCert: 'unused: nothing is verified when sending',
    generateUniqueId: () => requestId,
    privateKey: certificate.privateKeyPem,
    signatureAlgorithm: 'sha256',
  });
  return saml.getLogoutUrlAsync(
    { issuer: provider.name, nameID: signIn.nameId, nameIDFormat: signIn.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', sessionIndex: signIn.sessionIndex },
    deps.sealer.seal(JSON.stringify(pending), relayPurpose(pool.id)),
    {},
  );
}

/**
 * GET /saml2/logout: the provider's LogoutResponse to our LogoutRequest (status Success, in
 * response to it, signature checked when present); answers where the browser goes next.
 */
export async function completeSamlLogout(deps: Deps, pool: PoolRecord, query: Record<string, string>, rawQuery: string): Promise<string> {
  const invalid = () => invalidRequest('Invalid SAML logout response from identity provider.');
  const pending = query.RelayState ? openSealed<PendingSignOut>(deps, query.RelayState, relayPurpose(pool.id)) : undefined;
  if (!pending || pending.expiresAt < deps.clock.now() || !query.SAMLResponse) throw invalid();
  const provider = await findProvider(deps, pool.id, pending.provider);
  if (!provider || provider.type !== 'SAML') throw invalid();
  let metadata;
  try {
    metadata = loadIdpMetadata(provider);
  } catch {
    throw invalid();
  }
  const saml = new SAML({
    issuer: spEntityId(pool.id),
    callbackUrl: 'unused: nothing is sent',
    idpCert: metadata.signingCertificates,
    idpIssuer: metadata.entityId,
    validateInResponseTo: ValidateInResponseTo.always,
    cacheProvider: expectingOnly(pending.requestId),
  });
  const result = await saml.validateRedirectAsync(query, rawQuery).catch((error: Error) => {
    deps.log.info({ provider: provider.name, reason: error.message }, 'SAML logout response refused');
    return undefined;
  });
  if (result?.loggedOut && !result.profile) return pending.target;
  throw invalid();
}
