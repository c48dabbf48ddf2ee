// /passkey: sign-in with a passkey (USER_AUTH's WEB_AUTHN in the domain, web-authn.ts). A post
// with the username shows the passkey page: the domain's CREDENTIAL_REQUEST_OPTIONS, which the
// page's script gives to navigator.credentials.get; its post carries the credential (JSON) and
// the challenge session, checked as the API checks them (origin, relying party, counter, lockout),
// and finishes the sign-in (no MFA follows, as on Cognito, unless the pool counts passkeys as MFA and
// this one did not verify the user). A refused passkey shows the choices again.
import { CognitoError } from '../../cognito/errors.js';
import { checkWebAuthnAnswer, offersPasskey, webAuthnChallenge } from '../../domain/sign-in/web-authn.js';
import { findUserByLogin } from '../../domain/users.js';
import { passkeySatisfiesMfa } from '../../domain/mfa-settings.js';
import { hostedMfaStep } from '../../domain/sign-in/next-step.js';
import { passkeyView } from '../views/passwordless.js';
import type { Page } from '../page.js';
import { renderLogin, renderOutcome } from '../sign-in-steps.js';
import { isChoiceBased, renderChoices } from '../sign-in-choices.js';

const REFUSED = 'Your passkey could not be used. Try again, or choose another way to sign in.';

export const passkeyPage: Page = {
  path: 'passkey',
  get: async (context) => context.reply.redirect(context.view().link('login')),
  async post(context, form) {
    const { deps, pool, authorization, request } = context;
    const client = authorization.client;
    const username = (form.username ?? '').trim();
    if (!isChoiceBased(pool, client) || !username) return renderLogin(context, {}, undefined, 400);
    if (!context.state.signInLimiter.allow(`${pool.id}|${request.ip}`)) {
      return renderLogin(context, { error: 'Too many sign-in attempts. Wait a minute and try again.' }, username, 429);
    }
    if (form.session === undefined) {
      const user = await findUserByLogin(deps.store, pool, username);
      if (!user || !(await offersPasskey(deps, pool, user))) return renderChoices(context, username, { error: 'Choose one of these ways to sign in.' }, 400);
      const outcome = await webAuthnChallenge(deps, pool, client, user);
      if (!('ChallengeName' in outcome)) throw new Error('a passkey sign-in must answer its challenge');
      return context.render(passkeyView(context.view(), {
        username, session: outcome.Session!, requestOptions: outcome.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS,
      }), 200, { script: true });
    }
    try {
      const { user, userVerified } = await checkWebAuthnAnswer(deps, pool, client, form.session, { USERNAME: username, CREDENTIAL: form.credential ?? '' });
      // As the API: where passkeys count as MFA, one that did not verify the user is a first factor only.
      if (!userVerified && passkeySatisfiesMfa(pool.config)) {
        const mfa = await hostedMfaStep(deps, pool, client, user);
        if (mfa) return await renderOutcome(context, user, mfa);
      }
      return await context.signIn(user);
    } catch (error) {
      if (!(error instanceof CognitoError) || error.status >= 500) throw error;
      // A lock or a disabled account says so; any other refusal, one message.
      const told = /attempts exceeded|disabled|not confirmed/i.test(error.message);
      return renderChoices(context, username, { error: told ? error.message : REFUSED }, 400);
    }
  },
};
