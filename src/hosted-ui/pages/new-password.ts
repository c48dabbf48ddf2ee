// The NEW_PASSWORD_REQUIRED step after an admin-created user's first sign-in: a new password
// (the policy explained) and any required attribute the user does not have yet. The step is a
// sealed, single-use challenge session in a hidden field, bound to the client and the user.
import { CognitoError, NotAuthorizedException } from '../../cognito/errors.js';
import { setNewPassword } from '../../domain/sign-in/new-password.js';
import { createChallengeSession, consumeChallengeSession } from '../../domain/sign-in/challenge-session.js';
import type { Page } from '../page.js';
import { continueSignIn, missingRequired, renderLogin, renderNewPassword } from '../sign-in-steps.js';

export const newPasswordPage: Page = {
  path: 'newPassword',
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
      return renderNewPassword(context, user, createChallengeSession(deps, authorization.client, user.sub, 'NEW_PASSWORD_REQUIRED'), error.message, changes);
    }
  },
};
