// /signup: a new account with the pool's required attributes and the password policy spelled
// out. On success the code goes out and the confirm page follows; a short-lived sealed cookie
// remembers which account this browser created, so confirming it signs the user straight in. A
// user PreSignUp confirmed skips the confirm page and is signed in at once.
import { CognitoError, NotAuthorizedException } from '../../cognito/errors.js';
import { signUp } from '../../domain/sign-up.js';
import { signUpView, type FieldSpec } from '../views/forms.js';
import { attributeField, requiredAttributes, usernameLabel } from '../fields.js';
import { setCookie } from '../../web/cookies.js';
import type { Page, PageContext } from '../page.js';
import { continueSignIn } from '../sign-in-steps.js';

export const SIGN_UP_COOKIE = 'gh_signup';
export const SIGN_UP_PURPOSE = 'hosted-sign-up';
const SIGN_UP_TTL_SECONDS = 24 * 3600;

function fields(context: PageContext, values: Record<string, string> = {}): FieldSpec[] {
  const { pool } = context;
  const kinds: string[] = pool.config.UsernameAttributes ?? [];
  const username: FieldSpec = {
    name: 'username', label: usernameLabel(pool), type: kinds.length === 1 && kinds[0] === 'email' ? 'email' : 'text',
    autocomplete: 'username', value: values.username,
  };
  return [username, ...requiredAttributes(pool).map((name) => attributeField(name, values[name]))];
}

function render(context: PageContext, error?: string, values?: Record<string, string>) {
  return context.render(signUpView(context.view({ error }), { fields: fields(context, values), policy: context.pool.config.Policies.PasswordPolicy }), error ? 400 : 200);
}

export const signUpPage: Page = {
  path: 'signup',
  async get(context) {
    if (context.pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly) throw new NotAuthorizedException('SignUp is not permitted for this user pool');
    return render(context);
  },
  async post(context, form) {
    const { deps, pool, authorization, request, reply, basePath } = context;
    const values: Record<string, string> = {};
    for (const f of fields(context)) values[f.name] = (form[f.name] ?? '').trim();
    const { username, ...attributes } = values;
    if (!username || !form.password) return render(context, 'Fill in every field.', values);
    try {
      const { user } = await signUp(deps, pool, authorization.client, {
        username, password: form.password,
        attributes: Object.entries(attributes).filter(([, v]) => v !== '').map(([Name, Value]) => ({ Name, Value })),
      });
      // Confirmed by PreSignUp: no code to enter, the user is signed in (after any MFA step).
      if (user.status === 'CONFIRMED') return await continueSignIn(context, user);
      const ticket = deps.sealer.seal(JSON.stringify({ sub: user.sub, clientId: authorization.client.id, expiresAt: deps.clock.now() + SIGN_UP_TTL_SECONDS * 1000 }), SIGN_UP_PURPOSE);
      setCookie(deps, request, reply, SIGN_UP_COOKIE, ticket, { path: basePath || '/', maxAgeSeconds: SIGN_UP_TTL_SECONDS });
      return reply.redirect(context.view().link('confirm', { username }));
    } catch (error) {
      if (error instanceof CognitoError && error.status < 500) return render(context, error.message, values);
      throw error;
    }
  },
};
