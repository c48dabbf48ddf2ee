// The authorization request a browser left for an identity provider, carried in the `state` the
// provider hands back: sealed (the provider can neither read nor alter it), bound to the browser
// that started it (the hash of a random value kept in that browser's cookie), short-lived and
// spent at its first use.
import type { Deps } from '../deps.js';
import type { AuthorizeParameters } from '../authorize-request.js';
import { constantTimeEqual, sha256Hex } from '../../crypto/digest.js';
import { newOpaqueToken } from '../../crypto/random.js';

const SEAL_PURPOSE = 'federation-state';
/** How long the browser has to come back from the provider. */
export const PENDING_TTL_MS = 15 * 60_000;

export interface PendingSignIn {
  /** Spent at the first use (store.consumed). */
  id: string;
  poolId: string;
  clientId: string;
  providerName: string;
  /** The app's authorization request, to complete once the provider has answered. */
  parameters: AuthorizeParameters;
  /** The redirect_uri given to the provider (the token request repeats it). */
  callbackUrl: string;
  nonce?: string;
  codeVerifier?: string;
  /** SHA-256 of the browser's binding value. */
  browser: string;
  expiresAt: number;
}

/** A browser's binding value: the one it has (several sign-ins may be under way), else a new one. */
export const browserBinding = (existing: string | undefined): string => (existing && existing.length >= 32 ? existing : newOpaqueToken());

export function sealPendingSignIn(deps: Deps, pending: Omit<PendingSignIn, 'id' | 'browser' | 'expiresAt'>, binding: string): { state: string; pending: PendingSignIn } {
  const full: PendingSignIn = { ...pending, id: newOpaqueToken(16), browser: sha256Hex(binding), expiresAt: deps.clock.now() + PENDING_TTL_MS };
  return { state: deps.sealer.seal(JSON.stringify(full), SEAL_PURPOSE), pending: full };
}

/**
 * The pending sign-in `state` carries, when it is intact, unexpired and was started by this
 * browser (`binding`); undefined otherwise. Does not spend it (see spendPendingSignIn).
 */
export function openPendingSignIn(deps: Deps, state: string | undefined, binding: string | undefined): PendingSignIn | undefined {
  if (!state || !binding || state.length > 16_384) return undefined;
  let pending: PendingSignIn;
  try {
    pending = JSON.parse(deps.sealer.open(state, SEAL_PURPOSE));
  } catch {
    return undefined;
  }
  if (!pending || typeof pending.id !== 'string' || typeof pending.browser !== 'string') return undefined;
  if (!constantTimeEqual(pending.browser, sha256Hex(binding))) return undefined;
  if (!(pending.expiresAt > deps.clock.now())) return undefined;
  return pending;
}

/** Spends the pending sign-in; false when it had been used already. */
export const spendPendingSignIn = (deps: Deps, pending: PendingSignIn): Promise<boolean> =>
  deps.store.consumed.consume(`federation:${pending.id}`, pending.expiresAt);
