// The development provider's authorization codes. A code is the grant itself, sealed under the
// key-encryption key (AES-GCM: it cannot be read or forged), so nothing is stored when it is
// issued and any process that shares the key can redeem it; it is short-lived and single use
// (the store's single-use markers decide a race between two exchanges).
import type { Deps } from '../domain/deps.js';
import { useOnce } from '../domain/single-use.js';
import { sha256Hex } from '../crypto/digest.js';
import type { DevIdentity } from './identities.js';

const SEAL_PURPOSE = 'dev-idp-authorization-code';
export const CODE_TTL_MS = 60_000;

export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  scope: string;
  nonce?: string;
  codeChallenge?: string;
  sub: string;
  identity: DevIdentity;
  /** When the person signed in, in epoch seconds (the ID token's auth_time). */
  authTime: number;
  expiresAt: number;
}

export const issueCode = (deps: Pick<Deps, 'sealer'>, grant: CodeGrant): string => deps.sealer.seal(JSON.stringify(grant), SEAL_PURPOSE);

/** The grant a code carries, or undefined when it is not one of ours or has expired. */
export function openCode(deps: Pick<Deps, 'sealer' | 'clock'>, code: string): CodeGrant | undefined {
  let grant: CodeGrant;
  try {
    grant = JSON.parse(deps.sealer.open(code, SEAL_PURPOSE));
  } catch {
    // Not sealed by this server for this purpose (forged, truncated, or sealed under another key).
    return undefined;
  }
  return grant.expiresAt > deps.clock.now() ? grant : undefined;
}

/** Spends the code; false when it had been spent already. */
export const spendCode = (deps: Deps, code: string, grant: CodeGrant): Promise<boolean> =>
  useOnce(deps, `dev-idp-code:${sha256Hex(code)}`, grant.expiresAt);
