// Passkeys end to end: a page on a http://localhost origin in Debian's chromium, with the DevTools
// virtual authenticator, creates and uses the credentials; the API is called from Node with the
// options the server gave and the credentials the page produced (the SDK for every operation).
// The server is published at http://localhost:<port>, so the default relying-party id is "localhost".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand, AdminDeleteUserCommand, AdminSetUserPasswordCommand, CompleteWebAuthnRegistrationCommand, DeleteUserPoolCommand, DeleteWebAuthnCredentialCommand,
  GetUserAuthFactorsCommand, InitiateAuthCommand, ListWebAuthnCredentialsCommand, SetUserPoolMfaConfigCommand, RespondToAuthChallengeCommand, StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, skipBrowserTests, startAppServer, type AppServer } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';
import { freePort } from '../../apps/demo/quickstart/free-port.js';
import { authenticatorTab, createCredential, getCredential } from '../helpers/webauthn.js';

const PASSWORD = 'Passw0rd!Passkeys';

describe.skipIf(skipBrowserTests)('passkeys (WebAuthn) through the API', () => {
  let t: TestServer;
  let app: AppServer;
  let browser: Browser;
  let poolId: string;
  let clientId: string;
  const tabs: BrowserContext[] = [];

  async function user(name: string): Promise<string> {
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: 'SUPPRESS' }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: PASSWORD, Permanent: true }));
    const signedIn = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: name, PASSWORD } }));
    return signedIn.AuthenticationResult!.AccessToken!;
  }

  async function tab(origin = app.origin, verifiesUser = true) {
    const opened = await authenticatorTab(browser, origin, verifiesUser);
    tabs.push(opened.context);
    return opened;
  }

  async function register(page: Page, accessToken: string): Promise<Record<string, unknown>> {
    const { CredentialCreationOptions } = await t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    const credential = await createCredential(page, CredentialCreationOptions);
    await t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as never }));
    return credential;
  }

  const passkeyChallenge = (username: string) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN' } }));

  const answer = (username: string, session: string | undefined, credential: string) =>
    t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session: session, ChallengeResponses: { USERNAME: username, CREDENTIAL: credential },
    }));

  beforeAll(async () => {
    const port = await freePort('127.0.0.1');
    t = await startTestServer({ config: { server: { port, publicUrl: `http://localhost:${port}` } } });
    app = await startAppServer();
    browser = await launchChromium();
    poolId = await t.fixtures.pool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } });
    ({ clientId } = await t.fixtures.client(poolId, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
  });

  afterAll(async () => {
    for (const context of tabs) await context.close();
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  it('registers a passkey, lists it, and signs in with it through USER_AUTH WEB_AUTHN', async () => {
    const token = await user('alice');
    const { page, cdp, authenticatorId } = await tab();
    const { CredentialCreationOptions: options } = await t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
    expect(options).toMatchObject({ rp: { id: 'localhost' }, user: { name: 'alice' }, attestation: 'none' });
    const credential = await createCredential(page, options);
    expect(await t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never }))).toMatchObject({ $metadata: { httpStatusCode: 200 } });

    // The registration challenge is single use.
    await expect(t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never })))
      .rejects.toMatchObject({ name: 'WebAuthnChallengeNotFoundException' });

    const listed = await t.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }));
    expect(listed.Credentials).toEqual([expect.objectContaining({
      CredentialId: credential.id, RelyingPartyId: 'localhost', FriendlyCredentialName: 'Passkey', AuthenticatorTransports: ['internal'], AuthenticatorAttachment: 'platform',
    })]);
    expect(listed.Credentials![0].CreatedAt).toBeInstanceOf(Date);

    const challenge = await passkeyChallenge('alice');
    expect(challenge.ChallengeName).toBe('WEB_AUTHN');
    const requestOptions = JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS);
    expect(requestOptions).toMatchObject({ rpId: 'localhost', userVerification: 'preferred', allowCredentials: [expect.objectContaining({ id: credential.id })] });
    const assertion = await getCredential(page, challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS);
    const signedIn = await answer('alice', challenge.Session, assertion);
    expect(claimsOf(signedIn.AuthenticationResult!.IdToken!)).toMatchObject({ 'cognito:username': 'alice', token_use: 'id' });

    // The same assertion again (a replay) is refused: its Session is spent, and a fresh Session's challenge differs.
    await expect(answer('alice', challenge.Session, assertion)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const fresh = await passkeyChallenge('alice');
    await expect(answer('alice', fresh.Session, assertion)).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    const factors = await t.cognito.send(new GetUserAuthFactorsCommand({ AccessToken: token }));
    expect(factors.ConfiguredUserAuthFactors).toEqual(expect.arrayContaining(['PASSWORD', 'WEB_AUTHN']));

    // The signature counter moved with the sign-in.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials[0].signCount).toBeGreaterThan(0);
  });

  it('offers WEB_AUTHN in SELECT_CHALLENGE to a user with a passkey, and signs in when it is chosen', async () => {
    const token = await user('bella');
    const { page } = await tab();
    const before = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'bella' } }));
    expect(before.AvailableChallenges).not.toContain('WEB_AUTHN');
    await register(page, token);

    const select = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'bella' } }));
    expect(select.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(select.AvailableChallenges).toEqual(expect.arrayContaining(['PASSWORD', 'WEB_AUTHN']));
    const chosen = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'SELECT_CHALLENGE', Session: select.Session, ChallengeResponses: { USERNAME: 'bella', ANSWER: 'WEB_AUTHN' },
    }));
    expect(chosen.ChallengeName).toBe('WEB_AUTHN');
    const signedIn = await answer('bella', chosen.Session, await getCredential(page, chosen.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS));
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("refuses another user's passkey", async () => {
    const carol = await user('carol');
    const dave = await user('dave');
    const carolTab = await tab();
    const daveTab = await tab();
    await register(carolTab.page, carol);
    await register(daveTab.page, dave);

    // Dave's sign-in answered with Carol's credential (her authenticator, any credential allowed).
    const challenge = await passkeyChallenge('dave');
    const carolsAssertion = await getCredential(carolTab.page, challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS, true);
    await expect(answer('dave', challenge.Session, carolsAssertion)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('refuses a credential created for another relying party (a page on a subdomain using its own host as rp id)', async () => {
    const token = await user('erin');
    const other = await tab(app.origin.replace('//localhost', '//app.localhost'));
    const { CredentialCreationOptions } = await t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
    // The page on app.localhost creates the credential for its own host instead of "localhost".
    const credential = await createCredential(other.page, CredentialCreationOptions, 'app.localhost');
    await expect(t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never })))
      .rejects.toMatchObject({ name: 'WebAuthnRelyingPartyMismatchException' });
    const listed = await t.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }));
    expect(listed.Credentials).toEqual([]);
  });

  it('pages ListWebAuthnCredentials, deletes a passkey, and deletes passkeys with their user', async () => {
    const token = await user('frank');
    const first = await tab();
    const second = await tab();
    const one = await register(first.page, token);
    const two = await register(second.page, token);

    const page1 = await t.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: token, MaxResults: 1 }));
    expect(page1.Credentials).toHaveLength(1);
    expect(page1.NextToken).toBeTruthy();
    const page2 = await t.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: token, MaxResults: 1, NextToken: page1.NextToken }));
    expect([page1.Credentials![0].CredentialId, page2.Credentials![0].CredentialId].sort()).toEqual([one.id, two.id].sort());
    expect(page2.NextToken).toBeUndefined();

    await t.cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: String(one.id) }));
    await expect(t.cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: String(one.id) })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const remaining = await t.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }));
    expect(remaining.Credentials!.map((c) => c.CredentialId)).toEqual([two.id]);

    // The deleted passkey no longer signs in; the other does.
    const challenge = await passkeyChallenge('frank');
    expect(JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS).allowCredentials).toEqual([expect.objectContaining({ id: two.id })]);
    const stale = await getCredential(first.page, challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS, true);
    await expect(answer('frank', challenge.Session, stale)).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    // Another user cannot delete frank's passkey.
    const other = await user('gina');
    await expect(t.cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: other, CredentialId: String(two.id) })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    // Deleting the user deletes their passkeys (read from the store: no API shows a deleted user's).
    const store = t.server.deps.store;
    expect(await store.webAuthnCredentials.find(poolId, String(two.id))).toBeDefined();
    await t.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'frank' }));
    expect(await store.webAuthnCredentials.find(poolId, String(two.id))).toBeUndefined();
  });

  it('deletes the passkeys of a pool with the pool', async () => {
    const otherPool = await t.fixtures.pool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } });
    const { clientId: otherClient } = await t.fixtures.client(otherPool, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: otherPool, Username: 'ivan', MessageAction: 'SUPPRESS' }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: otherPool, Username: 'ivan', Password: PASSWORD, Permanent: true }));
    const signedIn = await t.cognito.send(new InitiateAuthCommand({ ClientId: otherClient, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ivan', PASSWORD } }));
    const { page } = await tab();
    const credential = await register(page, signedIn.AuthenticationResult!.AccessToken!);
    const store = t.server.deps.store;
    expect(await store.webAuthnCredentials.find(otherPool, String(credential.id))).toBeDefined();
    await t.cognito.send(new DeleteUserPoolCommand({ UserPoolId: otherPool }));
    expect(await store.webAuthnCredentials.find(otherPool, String(credential.id))).toBeUndefined();
  });

  it('refuses registration in a pool that does not allow passkeys', async () => {
    const plain = await t.fixtures.pool();
    const { clientId: plainClient } = await t.fixtures.client(plain, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: plain, Username: 'jill', MessageAction: 'SUPPRESS' }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: plain, Username: 'jill', Password: PASSWORD, Permanent: true }));
    const signedIn = await t.cognito.send(new InitiateAuthCommand({ ClientId: plainClient, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'jill', PASSWORD } }));
    await expect(t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: signedIn.AuthenticationResult!.AccessToken! })))
      .rejects.toMatchObject({ name: 'WebAuthnNotEnabledException', $metadata: { httpStatusCode: 400 } });
  });

  it("follows the pool's WebAuthnConfiguration: its relying-party id, and user verification when required", async () => {
    const configured = await t.fixtures.pool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } });
    const { clientId: configuredClient } = await t.fixtures.client(configured, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH'] });
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: configured, Username: 'kate', MessageAction: 'SUPPRESS' }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: configured, Username: 'kate', Password: PASSWORD, Permanent: true }));
    const signedIn = await t.cognito.send(new InitiateAuthCommand({ ClientId: configuredClient, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kate', PASSWORD } }));
    const token = signedIn.AuthenticationResult!.AccessToken!;

    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: configured, WebAuthnConfiguration: { RelyingPartyId: 'example.com' } }));
    const { CredentialCreationOptions } = await t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
    expect(CredentialCreationOptions).toMatchObject({ rp: { id: 'example.com' } });

    // Registered with an authenticator that cannot verify its user while verification is "preferred"...
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: configured, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred' } }));
    const { page } = await tab(app.origin, false);
    await register(page, token);
    // ...it no longer signs in once the pool requires verification (the page asks the authenticator not to verify).
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: configured, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } }));
    const challenge = await t.cognito.send(new InitiateAuthCommand({ ClientId: configuredClient, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'kate', PREFERRED_CHALLENGE: 'WEB_AUTHN' } }));
    expect(JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS).userVerification).toBe('required');
    const unverified = await getCredential(page, challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS, false, 'discouraged');
    await expect(t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: configuredClient, ChallengeName: 'WEB_AUTHN', Session: challenge.Session, ChallengeResponses: { USERNAME: 'kate', CREDENTIAL: unverified },
    }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('answers malformed credentials with InvalidParameterException', async () => {
    const token = await user('hank');
    await expect(t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: { id: 'x' } as never })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
    const { page } = await tab();
    await register(page, token);
    const challenge = await passkeyChallenge('hank');
    await expect(answer('hank', challenge.Session, 'not json')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(answer('hank', challenge.Session, JSON.stringify({ id: 'a\u0000b', response: {} }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: 'a\u0000b' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
  });
});
