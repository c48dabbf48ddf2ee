// PreventUserExistenceErrors=ENABLED: nothing a caller sees tells a user who exists from one who
// does not — the JSON API and the Hosted UI's pages alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminCreateUserCommand, AdminInitiateAuthCommand, ConfirmForgotPasswordCommand, ConfirmSignUpCommand, UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, HttpBrowser, authorizeUrl, oauthPool, type OAuthPool, type Page } from '../oauth/support.js';
import { confirmedUser } from '../helpers/users.js';

let t: TestServer;
let pool: OAuthPool;
beforeAll(async () => {
  t = await startTestServer();
  pool = await oauthPool(t, { client: { PreventUserExistenceErrors: 'ENABLED' } });
  await confirmedUser(t, pool, 'known-user', PASSWORD, { email: 'known-user@example.com' });
});
afterAll(async () => t?.close());

const errorOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: Error) => `${e.name}: ${e.message}`);
/** The alert on a Hosted UI page, if any. */
const alertOf = (page: Page) => page.text.match(/role="alert">([^<]*)</)?.[1];
const noticeOf = (page: Page) => page.text.match(/role="status">([^<]*)</)?.[1];

describe('the JSON API', () => {
  it('answers ConfirmSignUp for a confirmed user as for an unknown one', async () => {
    const confirm = (Username: string) => errorOf(t.cognito.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username, ConfirmationCode: '123456' })));
    expect(await confirm('known-user')).toBe(await confirm('nobody-here'));
  });

  it('answers ConfirmForgotPassword with a weak password the same for a known and an unknown user', async () => {
    const reset = (Username: string) => errorOf(t.cognito.send(new ConfirmForgotPasswordCommand({
      ClientId: pool.clientId, Username, ConfirmationCode: '123456', Password: 'weak',
    })));
    expect(await reset('known-user')).toBe(await reset('nobody-here'));
  });

  it('answers ConfirmForgotPassword for a user who must still confirm as for an unknown one', async () => {
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'invited-user', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'invited@example.com' }] }));
    const reset = (Username: string) => errorOf(t.cognito.send(new ConfirmForgotPasswordCommand({
      ClientId: pool.clientId, Username, ConfirmationCode: '123456', Password: 'Str0ng!Password',
    })));
    expect(await reset('invited-user')).toBe(await reset('nobody-here'));
    expect(await reset('known-user')).toBe(await reset('nobody-here'));
  });
});

describe('the sign-in lockout', () => {
  it('does not reveal a locked account: a locked user is answered like an unknown name, even with the right password', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({}, { PreventUserExistenceErrors: 'ENABLED' });
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'locked-user', TemporaryPassword: 'Passw0rd!', MessageAction: 'SUPPRESS' }));
    const signIn = (USERNAME: string, PASSWORD: string) => errorOf(t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD },
    })));
    for (let i = 0; i < 6; i++) await signIn('locked-user', 'Wrong-pass1!');
    const unknown = await signIn('nobody-here', 'Wrong-pass1!');
    expect(unknown).toBe('NotAuthorizedException: Incorrect username or password.');
    expect(await signIn('locked-user', 'Wrong-pass1!')).toBe(unknown);
    expect(await signIn('locked-user', 'Passw0rd!')).toBe(unknown);

    // With LEGACY the client has said users may be revealed: Cognito's own answer.
    await t.cognito.send(new UpdateUserPoolClientCommand({
      UserPoolId: poolId, ClientId: clientId, PreventUserExistenceErrors: 'LEGACY',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    expect(await signIn('locked-user', 'Passw0rd!')).toBe('NotAuthorizedException: Password attempts exceeded');
  });
});

describe('the Hosted UI', () => {
  async function post(page: string, fields: Record<string, string>): Promise<Page> {
    const browser = new HttpBrowser(t.url);
    const query = new URL(authorizeUrl(t, pool, {})).search;
    const form = await browser.request(`${t.url}/${pool.poolId}/${page === 'resendcode' ? 'confirm' : page}${query}`);
    const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)![1];
    return browser.request(`${t.url}/${pool.poolId}/${page}${query}`, { form: { _csrf: csrf, ...fields } });
  }

  it('shows the same error on /confirm for a known, a confirmed and an unknown user', async () => {
    const unknown = await post('confirm', { username: 'nobody-here', code: '123456' });
    const known = await post('confirm', { username: 'known-user', code: '123456' });
    expect(alertOf(unknown)).toBeDefined();
    expect({ status: known.status, alert: alertOf(known) }).toEqual({ status: unknown.status, alert: alertOf(unknown) });
  });

  it('answers /resendcode for an unknown user with a plausible destination, as for a real one', async () => {
    const unknown = await post('resendcode', { username: 'nobody@example.org' });
    expect(unknown.status).toBe(200);
    expect(noticeOf(unknown)).toMatch(/^We sent a new code to n\*\*\*@e\*\*\*/);
    const confirmed = await post('resendcode', { username: 'known-user' });
    expect({ status: confirmed.status, alert: alertOf(confirmed) }).toEqual({ status: 200, alert: undefined });
  });
});
