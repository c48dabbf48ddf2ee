// Choice-based sign-in in the Hosted UI, as Cognito's managed login offers it: which app clients
// get it, which ways to sign in a pool and a user have, and the two pages that start it (the
// username, then the choices).
// - Cognito: managed login prompts users to choose a sign-in method when the app client allows
//   ALLOW_USER_AUTH; so here too the client's ExplicitAuthFlows gates it (with the pool allowing a
//   passwordless factor: otherwise the classic username-and-password form stays). Cognito offers
//   passkeys only in managed login (version 2), not the classic Hosted UI; Gatehouse serves one UI
//   and does not look at the domain's ManagedLoginVersion.
// - Only factors in the pool's SignInPolicy.AllowedFirstAuthFactors, and none but PASSWORD on a
//   LITE pool (Cognito: passwordless sign-in needs the Essentials tier).
// - A user is offered what the API's SELECT_CHALLENGE offers them (auth-factors.ts: a verified
//   email, a verified phone number, a passkey; nothing passwordless with MFA). A name that matches
//   nobody, where the client hides users, gets every factor the pool allows but the passkey, as
//   the API answers it, on the same page with the same words. Where the client does not hide
//   users, an unknown name is told so, unless the pool's UserMigration may know it (the password).
import type { FastifyReply } from 'fastify';
import type { ClientRecord, PoolRecord, UserRecord } from '../store/store.js';
import { allowedFirstFactors, availableFirstFactors } from '../domain/auth-factors.js';
import { allowsFlow } from '../domain/clients.js';
import { passkeyCount } from '../domain/passkeys/registration.js';
import { hidesUsers, unknownUserError } from '../domain/sign-in/parameters.js';
import { findUserByLogin } from '../domain/users.js';
import { hasTrigger } from '../domain/triggers/run.js';
import { signInChoicesView, usernameFirstView, type SignInFactor } from './views/passwordless.js';
import { usernameLabel } from './fields.js';
import type { PageContext } from './page.js';

/** The first factors the pool allows, as its tier permits them. */
function poolFactors(pool: PoolRecord): SignInFactor[] {
  const allowed = allowedFirstFactors(pool);
  return pool.config.UserPoolTier === 'LITE' ? allowed.filter((f) => f === 'PASSWORD') : allowed;
}

/** Whether the Hosted UI asks for the username first and then offers the choices. */
export const isChoiceBased = (pool: PoolRecord, client: ClientRecord): boolean =>
  allowsFlow(client, 'ALLOW_USER_AUTH') && poolFactors(pool).some((f) => f !== 'PASSWORD');

/** The ways `user` may sign in here (undefined: a hidden unknown name). */
export async function signInFactorsFor(context: PageContext, user: UserRecord | undefined): Promise<SignInFactor[]> {
  const permitted = poolFactors(context.pool);
  if (!user) return permitted.filter((f) => f !== 'WEB_AUTHN');
  const available = availableFirstFactors(context.pool, user, { webAuthnCredentials: await passkeyCount(context.deps, user) });
  return permitted.filter((f) => available.includes(f));
}

export function renderUsernameFirst(context: PageContext, messages: { error?: string; notice?: string } = {}, username?: string, status = 200): FastifyReply {
  const { pool, authorization } = context;
  const listed: string[] = authorization.client.config.SupportedIdentityProviders ?? [];
  return context.render(usernameFirstView(context.view(messages), {
    usernameLabel: usernameLabel(pool), username,
    allowSignUp: !pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly,
    providers: listed.filter((name) => name !== 'COGNITO'),
  }), status);
}

/**
 * The choices for the name typed: an unknown name is refused as the client's
 * PreventUserExistenceErrors says (UserNotFoundException's words, or the same choices).
 */
export async function renderChoices(context: PageContext, username: string, messages: { error?: string; notice?: string } = {}, status = 200): Promise<FastifyReply> {
  const { pool, authorization } = context;
  const user = await findUserByLogin(context.deps.store, pool, username);
  const hiding = hidesUsers(authorization.client);
  // A name the pool's UserMigration may know signs in with its password (which migrates the user).
  const migrating = !user && !hiding && hasTrigger(pool, 'UserMigration');
  if (!user && !hiding && !migrating) return renderUsernameFirst(context, { error: unknownUserError(authorization.client).message }, username, 400);
  const factors = migrating ? poolFactors(pool).filter((f) => f === 'PASSWORD') : await signInFactorsFor(context, user);
  return context.render(signInChoicesView(context.view(messages), { username, factors }), status);
}
