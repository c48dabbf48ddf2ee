// The NEW_PASSWORD_REQUIRED step after an admin-created user's first sign-in: a new password
// (the policy explained) and any required attribute the user does not have yet. The step is a
// sealed, single-use challenge session in a hidden field, bound to the client and the user.
import type { FastifyReply } from 'fastify';
import type { UserRecord } from '../../store/store.js';
import { CognitoError, NotAuthorizedException } from '../../cognito/errors.js';
import { setNewPassword } from '../../domain/auth.js';
import { createChallengeSession, consumeChallengeSession } from '../../domain/challenge-session.js';
import { schemaOf } from '../../domain/pools.js';
import { newPasswordView } from '../views/forms.js';
import { attributeField } from '../fields.js';
import type { Page, PageContext } from '../page.js';
import { renderLogin } from './login.js';
import { continueSignIn } from './mfa.js';

const missingRequired = (context: PageContext, user: UserRecord): string[] =>
  schemaOf(context.pool).filter((a) => a.Required && a.Name !== 'sub' && !user.attributes[a.Name]).map((a) => a.Name);

function renderFor(context: PageContext, user: UserRecord, session: string, error?: string, values: Record<string, string> = {}): FastifyReply {
  const fields = missingRequired(context, user).map((name) => attributeField(name, values[name]));
  return context.render(newPasswordView(context.view({ error }), { session, fields, policy: context.pool.config.Policies.PasswordPolicy }), error ? 400 : 200);
}

export const newPasswordPage: Page & { renderFor: typeof renderFor } = {
  path: 'newPassword',
  renderFor,
  get: async (context) => context.reply.redirect(`${context.basePath}/login?${new URLSearchParams(context.authorization.parameters as Record<string, string>)}`),
  async post(context, form) {
    const { deps, pool, authorization } = context;
    let sub: string;
    try {
      sub = (await consumeChallengeSession(deps, authorization.client, form.session, 'NEW_PASSWORD_REQUIRED')).sub;
    } catch (error) {
      if (error instanceof CognitoError) return renderLogin(context, { error: 'Your session has expired. Sign in again.' }, undefined, 400);
      throw error;
    }
    const user = await deps.store.users.findBySub(sub);
    if (!user || user.status !== 'FORCE_CHANGE_PASSWORD') return renderLogin(context, { error: 'Your session has expired. Sign in again.' }, undefined, 400);
    const changes: Record<string, string> = {};
    for (const name of missingRequired(context, user)) if (form[name]) changes[name] = form[name].trim();
    try {
      const updated = await setNewPassword(deps, pool, authorization.client, user, form.password ?? '', changes);
      if (!updated.enabled) throw new NotAuthorizedException('User is disabled.');
      return await continueSignIn(context, updated);
    } catch (error) {
      if (!(error instanceof CognitoError) || error.status >= 500) throw error;
      // The session was used up: the re-rendered form carries a fresh one.
      return renderFor(context, user, createChallengeSession(deps, authorization.client, user.sub, 'NEW_PASSWORD_REQUIRED'), error.message, changes);
    }
  },
};
