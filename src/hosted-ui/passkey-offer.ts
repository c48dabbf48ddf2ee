// After a password sign-in, as Cognito's managed login does: the offer to register a passkey
// (Register / Not now), when the pool allows passkeys, the client signs in by choice
// (sign-in-choices.ts), and the user has none and could use one (no MFA). The password was right:
// a sealed ticket (this user, client and pool, this browser by its CSRF cookie; 15 minutes; single
// use) carries that to /passkeyOffer, whose either answer finishes the sign-in. Skipping always works: "Not now", a
// failed registration's "Not now", and a page without JavaScript all go on to the app.
import type { FastifyReply } from 'fastify';
import type { UserRecord } from '../store/store.js';
import { availableFirstFactors } from '../domain/auth-factors.js';
import { passkeyCount, startRegistration } from '../domain/passkeys/registration.js';
import { useOnce } from '../domain/single-use.js';
import { newUuid } from '../crypto/random.js';
import { constantTimeEqual, sha256Hex } from '../crypto/digest.js';
import { passkeyOfferView } from './views/passwordless.js';
import { isChoiceBased } from './sign-in-choices.js';
import type { PageContext } from './page.js';

const PURPOSE = 'hosted-passkey-offer';
const OFFER_TTL_MS = 15 * 60_000;

interface OfferTicket {
  id: string;
  sub: string;
  clientId: string;
  poolId: string;
  /** SHA-256 of the browser's CSRF token: a ticket copied to another browser is refused there. */
  browser: string;
  expiresAt: number;
}

async function isOfferDue(context: PageContext, user: UserRecord): Promise<boolean> {
  const { deps, pool, authorization } = context;
  if (!isChoiceBased(pool, authorization.client)) return false;
  // Could this user sign in with a passkey once they have one (the pool allows it, no MFA bars it)?
  if (!availableFirstFactors(pool, user, { webAuthnCredentials: 1 }).includes('WEB_AUTHN')) return false;
  return (await passkeyCount(deps, user)) === 0;
}

/** The offer page with a fresh ticket and registration options. */
export async function renderPasskeyOffer(context: PageContext, user: UserRecord, ticket?: string, error?: string): Promise<FastifyReply> {
  const { deps, pool, authorization } = context;
  const sealed = ticket ?? deps.sealer.seal(JSON.stringify({
    id: newUuid(), sub: user.sub, clientId: authorization.client.id, poolId: pool.id, browser: sha256Hex(context.view().csrf), expiresAt: deps.clock.now() + OFFER_TTL_MS,
  } satisfies OfferTicket), PURPOSE);
  const options = await startRegistration(deps, pool, user, authorization.client.id);
  return context.render(passkeyOfferView(context.view({ error }), { ticket: sealed, creationOptions: JSON.stringify(options) }), error ? 400 : 200, { script: true });
}

/** The offer when it is due (undefined: the sign-in goes straight on). */
export async function offerPasskey(context: PageContext, user: UserRecord): Promise<FastifyReply | undefined> {
  return (await isOfferDue(context, user)) ? renderPasskeyOffer(context, user) : undefined;
}

/** The user of a live ticket of this client and pool; undefined when it is forged, expired or another's. */
export function openOfferTicket(context: PageContext, ticket: string | undefined): OfferTicket | undefined {
  if (!ticket) return undefined;
  let state: OfferTicket;
  try {
    state = JSON.parse(context.deps.sealer.open(ticket, PURPOSE));
  } catch {
    return undefined;
  }
  const fits = state.clientId === context.authorization.client.id && state.poolId === context.pool.id && state.expiresAt > context.deps.clock.now()
    && typeof state.browser === 'string' && constantTimeEqual(state.browser, sha256Hex(context.view().csrf));
  return fits ? state : undefined;
}

/** Spends the ticket: false when it was used already (a replayed form). */
export const spendOfferTicket = (context: PageContext, state: OfferTicket): Promise<boolean> =>
  useOnce(context.deps, `${PURPOSE}:${state.id}`, state.expiresAt);
