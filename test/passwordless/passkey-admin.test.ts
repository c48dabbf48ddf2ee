// Passkeys beyond the first wave, in Debian's chromium with its virtual authenticator: the admin
// console shows and deletes a user's passkeys; AdminInitiateAuth / AdminRespondToAuthChallenge sign
// in with one; PreTokenGeneration's claims reach the tokens of a passkey and of an EMAIL_OTP sign-in;
// WebAuthnConfiguration.FactorConfiguration decides whether a user-verified passkey satisfies MFA.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand, AssociateSoftwareTokenCommand, CompleteWebAuthnRegistrationCommand, InitiateAuthCommand,
  ListWebAuthnCredentialsCommand, RespondToAuthChallengeCommand, SetUserMFAPreferenceCommand, SetUserPoolMfaConfigCommand, StartWebAuthnRegistrationCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, skipBrowserTests, startAppServer, type AppServer } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { signedInConsole, type ConsoleClient } from '../helpers/console.js';
import { startTriggerRig, type TriggerRig } from '../helpers/triggers.js';
import { adminCreatedUser } from '../helpers/users.js';
import { claimsOf } from '../helpers/tokens.js';
import { totp } from '../helpers/totp.js';
import { freePort } from '../../apps/demo/quickstart/free-port.js';
import { authenticatorTab, createCredential, getCredential } from '../helpers/webauthn.js';

const PASSWORD = 'Passw0rd!Passkeys';
const FLOWS = ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

describe.skipIf(skipBrowserTests)('passkeys: admin console, admin sign-in, PreTokenGeneration and FactorConfiguration', () => {
  let rig: TriggerRig;
  let t: TestServer;
  let app: AppServer;
  let browser: Browser;
  let c: ConsoleClient;
  const tabs: BrowserContext[] = [];

  beforeAll(async () => {
    rig = await startTriggerRig('module', ['PreTokenGeneration']);
    const port = await freePort('127.0.0.1');
    t = await startTestServer({ config: { server: { port, publicUrl: `http://localhost:${port}` }, triggers: rig.config } });
    app = await startAppServer();
    browser = await launchChromium();
    c = await signedInConsole(t);
  });
  afterAll(async () => {
    for (const context of tabs) await context.close();
    await browser?.close();
    await app?.close();
    await t?.close();
    await rig?.close();
  });

  /** A pool allowing `factors` (the password and passkeys by default) and a USER_AUTH client. */
  async function passkeyPool(factors = ['PASSWORD', 'WEB_AUTHN'], pool: Record<string, unknown> = {}) {
    return t.fixtures.poolWithClient(
      { Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors as never } }, ...pool },
      { ExplicitAuthFlows: [...FLOWS] },
    );
  }

  async function accessToken(clientId: string, username: string): Promise<string> {
    const out = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));
    return out.AuthenticationResult!.AccessToken!;
  }

  /** Registers a passkey for the token's user from a new tab (whose authenticator verifies its user unless told); the tab and the credential. */
  async function registerPasskey(token: string, verifiesUser = true): Promise<{ page: Page; id: string }> {
    const opened = await authenticatorTab(browser, app.origin, verifiesUser);
    tabs.push(opened.context);
    const { CredentialCreationOptions } = await t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
    const credential = await createCredential(opened.page, CredentialCreationOptions);
    await t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never }));
    return { page: opened.page, id: String(credential.id) };
  }

  const passkeyChallenge = (clientId: string, username: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN' } }));

  const answerPasskey = (clientId: string, username: string, session: string | undefined, credential: string) =>
    t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session: session, ChallengeResponses: { USERNAME: username, CREDENTIAL: credential } }));

  describe('the admin console', () => {
    it("shows a user's passkeys and deletes one after a confirmation, with the session's CSRF token, in the audit log", async () => {
      const { poolId, clientId } = await passkeyPool();
      await adminCreatedUser(t, poolId, 'ana', PASSWORD);
      const token = await accessToken(clientId, 'ana');
      const first = await registerPasskey(token);
      const second = await registerPasskey(token);

      const page = await c.get(`/admin/pools/${poolId}/user?name=ana`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<h2>Passkeys</h2>');
      for (const id of [first.id, second.id]) {
        expect(page.body).toContain(`title="${id}">${id.slice(0, 8)}…${id.slice(-6)}<`);
        expect(page.body).not.toContain(`>${id}<`);
      }
      expect(page.body).toContain('<td>localhost</td>');
      expect(page.body).toContain('platform (internal)');
      expect(page.body).toContain(new Date().toISOString().slice(0, 10));

      const deletePath = `/admin/pools/${poolId}/user/passkeys/delete?${new URLSearchParams({ name: 'ana', credential: first.id })}`;
      const confirm = await c.get(deletePath);
      expect(confirm.status).toBe(200);
      expect(confirm.body).toContain('Delete passkey');
      expect(confirm.body).toContain(first.id.slice(0, 8));

      // Without the session's CSRF token, or without the confirmation, nothing is deleted.
      expect((await c.post(deletePath, { confirm: 'yes' }, { csrf: null })).status).toBe(403);
      const unconfirmed = await c.post(deletePath, {});
      expect(unconfirmed.status).toBe(303);
      expect(unconfirmed.location).toBe(deletePath);
      const listed = async () => (await t.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }))).Credentials!.map((x) => x.CredentialId).sort();
      expect(await listed()).toEqual([first.id, second.id].sort());

      const deleted = await c.post(deletePath, { confirm: 'yes' });
      expect(deleted.status).toBe(303);
      expect(deleted.location).toBe(`/admin/pools/${poolId}/user?name=ana`);
      expect((await c.get(deleted.location!)).body).toContain('Passkey deleted.');
      expect(await listed()).toEqual([second.id]);

      // The deleted passkey no longer signs in; the other still does.
      const challenge = await passkeyChallenge(clientId, 'ana');
      expect(JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS).allowCredentials).toEqual([expect.objectContaining({ id: second.id })]);
      await expect(answerPasskey(clientId, 'ana', challenge.Session, await getCredential(first.page, challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS, true)))
        .rejects.toMatchObject({ name: 'NotAuthorizedException' });

      // A second deletion finds nothing to delete.
      const again = await c.post(deletePath, { confirm: 'yes' });
      expect(again.status).toBe(303);
      expect((await c.get(again.location!)).body).toContain('That passkey is no longer registered.');
      expect(await listed()).toEqual([second.id]);

      const audit = await c.get(`/admin/audit?poolId=${poolId}`);
      expect(audit.body).toContain('<td>DeleteWebAuthnCredential</td>');
      expect(audit.body).toContain(`CredentialId: ${first.id}`);
      expect(audit.body).toContain('<span class="mono">ana</span>');
    });

    it('says a user has no passkey, and refuses a credential id of another user', async () => {
      const { poolId, clientId } = await passkeyPool();
      await adminCreatedUser(t, poolId, 'bo', PASSWORD);
      await adminCreatedUser(t, poolId, 'cy', PASSWORD);
      const cys = await registerPasskey(await accessToken(clientId, 'cy'));
      expect((await c.get(`/admin/pools/${poolId}/user?name=bo`)).body).toContain('No passkey registered.');
      // Cy's credential id under Bo's name: not Bo's, so not deleted.
      const crossed = `/admin/pools/${poolId}/user/passkeys/delete?${new URLSearchParams({ name: 'bo', credential: cys.id })}`;
      await c.get(`/admin/pools/${poolId}/user?name=bo`);
      const refused = await c.post(crossed, { confirm: 'yes' });
      expect(refused.status).toBe(303);
      expect(refused.location).toBe(`/admin/pools/${poolId}/user?name=bo`);
      expect(await t.server.deps.store.webAuthnCredentials.find(poolId, cys.id)).toBeDefined();
    });
  });

  it('signs in with AdminInitiateAuth USER_AUTH PREFERRED_CHALLENGE WEB_AUTHN and AdminRespondToAuthChallenge CREDENTIAL', async () => {
    const { poolId, clientId } = await passkeyPool();
    await adminCreatedUser(t, poolId, 'dee', PASSWORD);
    const { page } = await registerPasskey(await accessToken(clientId, 'dee'));
    const challenge = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'dee', PREFERRED_CHALLENGE: 'WEB_AUTHN' },
    }));
    expect(challenge.ChallengeName).toBe('WEB_AUTHN');
    const credential = await getCredential(page, challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS);
    const respond = (session: string | undefined) => t.cognito.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId, ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session: session, ChallengeResponses: { USERNAME: 'dee', CREDENTIAL: credential },
    }));
    const signedIn = await respond(challenge.Session);
    expect(claimsOf(signedIn.AuthenticationResult!.IdToken!)).toMatchObject({ 'cognito:username': 'dee', token_use: 'id' });
    expect(claimsOf(signedIn.AuthenticationResult!.AccessToken!)).toMatchObject({ username: 'dee', client_id: clientId });
    // Spent: the same Session and assertion again are refused.
    await expect(respond(challenge.Session)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it("puts PreTokenGeneration's claims into the tokens of a passkey sign-in and of an EMAIL_OTP sign-in", async () => {
    const { poolId, clientId } = await passkeyPool(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'], {
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: rig.arn('PreTokenGeneration') } },
    });
    await adminCreatedUser(t, poolId, 'eve', PASSWORD, [{ Name: 'email', Value: 'eve@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    rig.handle('PreTokenGeneration', (event) => ({
      ...event,
      response: {
        claimsAndScopeOverrideDetails: {
          idTokenGeneration: { claimsToAddOrOverride: { signed_in_with: String(event.request.clientMetadata?.via ?? 'unknown') } },
          accessTokenGeneration: { claimsToAddOrOverride: { tier: 'gold' } },
        },
      },
    }));
    const { page } = await registerPasskey(await accessToken(clientId, 'eve'));
    const before = rig.events('PreTokenGeneration').length;

    const challenge = await passkeyChallenge(clientId, 'eve');
    const passkey = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session: challenge.Session, ClientMetadata: { via: 'passkey' },
      ChallengeResponses: { USERNAME: 'eve', CREDENTIAL: await getCredential(page, challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS) },
    }));
    expect(rig.events('PreTokenGeneration').slice(before)).toEqual([expect.objectContaining({ triggerSource: 'TokenGeneration_Authentication', userName: 'eve' })]);
    expect(claimsOf(passkey.AuthenticationResult!.IdToken!)).toMatchObject({ signed_in_with: 'passkey' });
    expect(claimsOf(passkey.AuthenticationResult!.AccessToken!)).toMatchObject({ tier: 'gold' });

    const otp = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'eve', PREFERRED_CHALLENGE: 'EMAIL_OTP' } }));
    expect(otp.ChallengeName).toBe('EMAIL_OTP');
    const code = (await t.latestCode(poolId, 'eve'))!;
    const emailed = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'EMAIL_OTP', Session: otp.Session, ClientMetadata: { via: 'email-code' }, ChallengeResponses: { USERNAME: 'eve', EMAIL_OTP_CODE: code },
    }));
    expect(rig.events('PreTokenGeneration').slice(before)).toHaveLength(2);
    expect(claimsOf(emailed.AuthenticationResult!.IdToken!)).toMatchObject({ signed_in_with: 'email-code' });
    expect(claimsOf(emailed.AuthenticationResult!.AccessToken!)).toMatchObject({ tier: 'gold' });
    expect(rig.rejected).toEqual([]);
  });

  describe('WebAuthnConfiguration.FactorConfiguration at sign-in', () => {
    /** A pool with optional TOTP MFA; "fay" has a passkey from a verifying and one from a non-verifying authenticator, then TOTP. */
    async function userWithMfaAndPasskeys() {
      const { poolId, clientId } = await passkeyPool();
      await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      await adminCreatedUser(t, poolId, 'fay', PASSWORD);
      const token = await accessToken(clientId, 'fay');
      const verifying = await registerPasskey(token);
      const nonVerifying = await registerPasskey(token, false);
      const { SecretCode } = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: token }));
      await t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: totp(SecretCode!, t.clock.now()) }));
      await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
      return { poolId, clientId, secret: SecretCode!, verifying, nonVerifying };
    }

    it('SINGLE_FACTOR (the default): a user with MFA is not offered the passkey, and signs in with the password and MFA', async () => {
      const { clientId } = await userWithMfaAndPasskeys();
      const select = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'fay' } }));
      expect(select.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
      const preferred = await passkeyChallenge(clientId, 'fay');
      expect(preferred.ChallengeName).toBe('SELECT_CHALLENGE');
      const password = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'fay', PASSWORD } }));
      expect(password.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    });

    it('MULTI_FACTOR_WITH_USER_VERIFICATION: a user-verified passkey satisfies MFA; an unverified one is followed by MFA', async () => {
      const { poolId, clientId, secret, verifying, nonVerifying } = await userWithMfaAndPasskeys();
      await t.cognito.send(new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true },
        WebAuthnConfiguration: { FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
      }));
      const select = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'fay' } }));
      expect(select.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN']);

      const verified = await passkeyChallenge(clientId, 'fay');
      expect(verified.ChallengeName).toBe('WEB_AUTHN');
      const tokens = await answerPasskey(clientId, 'fay', verified.Session, await getCredential(verifying.page, verified.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS));
      expect(tokens.ChallengeName).toBeUndefined();
      expect(claimsOf(tokens.AuthenticationResult!.IdToken!)).toMatchObject({ 'cognito:username': 'fay' });

      const unverified = await passkeyChallenge(clientId, 'fay');
      const mfa = await answerPasskey(clientId, 'fay', unverified.Session, await getCredential(nonVerifying.page, unverified.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS));
      expect(mfa.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
      expect(mfa.AuthenticationResult).toBeUndefined();
      t.clock.advance(30_000);
      const done = await t.cognito.send(new RespondToAuthChallengeCommand({
        ClientId: clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: mfa.Session, ChallengeResponses: { USERNAME: 'fay', SOFTWARE_TOKEN_MFA_CODE: totp(secret, t.clock.now()) },
      }));
      expect(claimsOf(done.AuthenticationResult!.IdToken!)).toMatchObject({ 'cognito:username': 'fay' });
    });
  });
});
