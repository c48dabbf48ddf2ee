// /forgotPassword asks for the username and sends a code; /confirmForgotPassword takes the code
// and a new password (policy explained), then the sign-in page follows.
import { CognitoError } from '../../cognito/errors.js';
import { confirmForgotPassword, forgotPassword } from '../../domain/passwords.js';
import { forgotPasswordView, resetPasswordView } from '../views/forms.js';
import { usernameLabel } from '../fields.js';
import type { Page, PageContext } from '../page.js';
import { renderLogin } from '../sign-in-steps.js';

const renderForgot = (context: PageContext, error?: string, username?: string) =>
  context.render(forgotPasswordView(context.view({ error }), { usernameLabel: usernameLabel(context.pool), username }), error ? 400 : 200);

const renderReset = (context: PageContext, messages: { error?: string; notice?: string }, username: string, destination?: string) =>
  context.render(resetPasswordView(context.view(messages), { username, destination, policy: context.pool.config.Policies.PasswordPolicy }), messages.error ? 400 : 200);

export const forgotPasswordPage: Page = {
  path: 'forgotPassword',
  get: async (context) => renderForgot(context),
  async post(context, form) {
    const username = (form.username ?? '').trim();
    if (!username) return renderForgot(context, 'Enter your username.');
    try {
      const delivery = await forgotPassword(context.deps, context.pool, context.authorization.client, username, null);
      return renderReset(context, {}, username, delivery.Destination);
    } catch (error) {
      if (error instanceof CognitoError && error.status < 500) return renderForgot(context, error.message, username);
      throw error;
    }
  },
};

export const confirmForgotPasswordPage: Page = {
  path: 'confirmForgotPassword',
  get: async (context) => {
    if (!context.query.username) return renderForgot(context);
    return renderReset(context, {}, context.query.username);
  },
  async post(context, form) {
    const username = (form.username ?? '').trim();
    const code = (form.code ?? '').trim();
    if (!username) return renderForgot(context, 'Enter your username.');
    if (!code || !form.password) return renderReset(context, { error: 'Enter the code and a new password.' }, username);
    try {
      await confirmForgotPassword(context.deps, context.pool, context.authorization.client, { login: username, code, password: form.password, secretHash: null });
      return renderLogin(context, { notice: 'Your password has been changed. Sign in with it.' }, username);
    } catch (error) {
      if (error instanceof CognitoError && error.status < 500) return renderReset(context, { error: error.message }, username);
      throw error;
    }
  },
};
