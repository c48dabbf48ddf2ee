// The steps of a Hosted UI sign-in that several pages lead to: the sign-in form again, the
// new-password form, and what follows a correct password (domain/sign-in/next-step.ts decides:
// an MFA step, or the browser is signed in).
import type { FastifyReply } from 'fastify';
import type { UserRecord } from '../store/store.js';
import { associateForSession } from '../domain/mfa.js';
import { schemaOf } from '../domain/pools.js';
import { hostedMfaStep } from '../domain/sign-in/next-step.js';
import type { AuthOutcome } from '../domain/sign-in/outcome.js';
import { loginView, newPasswordView } from './views/forms.js';
import { mfaCodeView, mfaEmailSetupView, mfaSelectView, mfaSetupView } from './views/mfa.js';
import { otpauthUri, qrSvg } from './views/qr.js';
import { attributeField, usernameLabel } from './fields.js';
import type { PageContext } from './page.js';
import { isChoiceBased, renderUsernameFirst } from './sign-in-choices.js';
import { offerPasskey } from './passkey-offer.js';

export function renderLogin(context: PageContext, messages: { error?: string; notice?: string } = {}, username?: string, status = 200) {
  const { pool, authorization } = context;
  if (authorization.allowsCognito && isChoiceBased(pool, authorization.client)) return renderUsernameFirst(context, messages, username, status);
  const listed: string[] = authorization.client.config.SupportedIdentityProviders ?? [];
  return context.render(
    loginView(context.view(messages), {
      usernameLabel: usernameLabel(pool), username,
      allowSignUp: !pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly,
      providers: listed.filter((name) => name !== 'COGNITO'),
      cognito: authorization.allowsCognito,
    }),
    status,
  );
}

export const missingRequired = (context: PageContext, user: UserRecord): string[] =>
  schemaOf(context.pool).filter((a) => a.Required && a.Name !== 'sub' && !user.attributes[a.Name]).map((a) => a.Name);

/** The new-password form for a user with a temporary password (and required attributes still missing). */
export function renderNewPassword(context: PageContext, user: UserRecord, session: string, error?: string, values: Record<string, string> = {}): FastifyReply {
  const fields = missingRequired(context, user).map((name) => attributeField(name, values[name]));
  return context.render(newPasswordView(context.view({ error }), { session, fields, policy: context.pool.config.Policies.PasswordPolicy }), error ? 400 : 200);
}

/** The TOTP set-up step: the secret, its otpauth:// URI (issuer: the pool's name) and the URI's QR code. */
export async function setupView(context: PageContext, user: UserRecord, session: string, secret: string, error?: string) {
  // The account is the username, except where that is an internal UUID (email or phone as username).
  const account = context.pool.config.UsernameAttributes?.length ? (user.attributes.email ?? user.attributes.phone_number ?? user.username) : user.username;
  const uri = otpauthUri(context.pool.name, account, secret);
  return context.render(mfaSetupView(context.view({ error }), { session, secret, uri, qr: await qrSvg(uri) }), error ? 400 : 200);
}

export async function renderOutcome(context: PageContext, user: UserRecord, outcome: AuthOutcome, error?: string): Promise<FastifyReply> {
  if (!('ChallengeName' in outcome)) return context.signIn(user);
  const status = error ? 400 : 200;
  const session = outcome.Session!;
  if (outcome.ChallengeName === 'SELECT_MFA_TYPE') {
    return context.render(mfaSelectView(context.view({ error }), { session, choices: JSON.parse(outcome.ChallengeParameters.MFAS_CAN_CHOOSE) }), status);
  }
  if (outcome.ChallengeName === 'MFA_SETUP') {
    const canSetUp: string[] = JSON.parse(outcome.ChallengeParameters.MFAS_CAN_SETUP);
    if (!canSetUp.includes('SOFTWARE_TOKEN_MFA') && canSetUp.includes('EMAIL_OTP')) {
      return context.render(mfaEmailSetupView(context.view({ error }), { session }), status);
    }
    const associated = await associateForSession(context.deps, session);
    return setupView(context, user, associated.session, associated.secret, error);
  }
  return context.render(mfaCodeView(context.view({ error }), {
    challenge: outcome.ChallengeName, session, destination: outcome.ChallengeParameters.CODE_DELIVERY_DESTINATION,
  }), status);
}

/** After a correct password: the MFA step when one is due, else the offer of a passkey when due, else the sign-in completes. */
export async function continueSignIn(context: PageContext, user: UserRecord): Promise<FastifyReply> {
  const outcome = await hostedMfaStep(context.deps, context.pool, context.authorization.client, user);
  if (outcome) return renderOutcome(context, user, outcome);
  return (await offerPasskey(context, user)) ?? context.signIn(user);
}
