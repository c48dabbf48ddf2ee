// /passkeyOffer: the answer to the offer of a passkey after a password sign-in (passkey-offer.ts).
// With a credential from the page's script, the passkey is registered (the domain's
// CompleteWebAuthnRegistration rules); with `skip`, nothing is. Either way the sign-in finishes
// (the code or tokens for the app). A failed registration shows the offer again, "Not now" included.
import { CognitoError } from '../../cognito/errors.js';
import { completeRegistration } from '../../domain/passkeys/registration.js';
import type { Page } from '../page.js';
import { renderLogin } from '../sign-in-steps.js';
import { openOfferTicket, renderPasskeyOffer, spendOfferTicket } from '../passkey-offer.js';

const EXPIRED = 'Your session has expired. Sign in again.';

export const passkeyOfferPage: Page = {
  path: 'passkeyOffer',
  get: async (context) => context.reply.redirect(context.view().link('login')),
  async post(context, form) {
    const { deps, pool, authorization } = context;
    const ticket = openOfferTicket(context, form.ticket);
    const user = ticket && (await deps.store.users.findBySub(ticket.sub));
    if (!ticket || !user || user.poolId !== pool.id || !user.enabled) return renderLogin(context, { error: EXPIRED }, undefined, 400);
    if (form.skip === undefined) {
      if (!form.credential) return renderPasskeyOffer(context, user, form.ticket, 'Passkeys need JavaScript in this browser. Choose "Not now" to continue.');
      let credential: unknown;
      try {
        credential = JSON.parse(form.credential);
      } catch {
        credential = undefined;
      }
      try {
        await completeRegistration(deps, pool, user, authorization.client.id, credential);
      } catch (error) {
        if (!(error instanceof CognitoError) || error.status >= 500) throw error;
        return renderPasskeyOffer(context, user, form.ticket, 'The passkey could not be registered. Try again, or choose "Not now".');
      }
    }
    if (!(await spendOfferTicket(context, ticket))) return renderLogin(context, { error: EXPIRED }, undefined, 400);
    return context.signIn(user);
  },
};
