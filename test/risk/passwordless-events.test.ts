// Threat protection on the passwordless sign-ins, in Debian's chromium: a passkey through the API
// (the DevTools virtual authenticator signs), and a code by email on the Hosted UI. Each is recorded
// as a sign-in with no password challenge; a refused assertion as a failed one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminListUserAuthEventsCommand, CompleteWebAuthnRegistrationCommand, InitiateAuthCommand, RespondToAuthChallengeCommand, StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { skipBrowserTests } from '../helpers/browser.js';
import { confirmedUser } from '../helpers/users.js';
import { authenticatorTab, createCredential, getCredential } from '../helpers/webauthn.js';
import { PASSWORD } from '../oauth/support.js';
import { callbackCode, choicePool, openChoices, startLocalhostRig, type BrowserRig, type OAuthPool } from '../passwordless/hosted-ui-support.js';

const PROTECTED = { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } };

describe.skipIf(skipBrowserTests)('threat protection on passkey and code sign-ins', () => {
  let rig: BrowserRig;
  let pool: OAuthPool;

  beforeAll(async () => {
    rig = await startLocalhostRig();
    pool = await choicePool(rig, ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'], {}, PROTECTED);
  });
  afterAll(async () => rig?.close());

  const events = async (username: string) =>
    (await rig.t.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: pool.poolId, Username: username }))).AuthEvents ?? [];

  it('records a passkey sign-in as passed with no password challenge, and a refused assertion as failed', async () => {
    await confirmedUser(rig.t, pool, 'pax', PASSWORD, { email: 'pax@example.com' });
    const signedIn = await rig.t.cognito.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'pax', PASSWORD } }));
    const accessToken = signedIn.AuthenticationResult!.AccessToken!;
    const { context, page } = await authenticatorTab(rig.browser, rig.app.origin);
    const { CredentialCreationOptions } = await rig.t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    await rig.t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: (await createCredential(page, CredentialCreationOptions)) as never }));

    const challenge = () => rig.t.cognito.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'pax', PREFERRED_CHALLENGE: 'WEB_AUTHN' } }));
    const answer = (Session: string | undefined, CREDENTIAL: string) => rig.t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: pool.clientId, ChallengeName: 'WEB_AUTHN', Session, ChallengeResponses: { USERNAME: 'pax', CREDENTIAL },
    }));
    const first = await challenge();
    const assertion = await getCredential(page, first.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS);
    expect((await answer(first.Session, assertion)).AuthenticationResult?.AccessToken).toBeTruthy();
    rig.t.clock.advance(1000);
    // The same assertion for a fresh challenge: its signature is over another challenge.
    await expect(answer((await challenge()).Session, assertion)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await context.close();

    const [failed, passed, password] = await events('pax');
    expect(password).toMatchObject({ EventResponse: 'Pass', ChallengeResponses: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }] });
    expect(passed).toMatchObject({ EventType: 'SignIn', EventResponse: 'Pass', ChallengeResponses: [], EventRisk: { RiskDecision: 'NoRisk' } });
    expect(failed).toMatchObject({ EventType: 'SignIn', EventResponse: 'Fail', ChallengeResponses: [] });
  });

  it('records a Hosted UI sign-in with a code by email, with the browser\'s user agent', async () => {
    await confirmedUser(rig.t, pool, 'cody', PASSWORD, { email: 'cody@example.com' });
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await openChoices(rig, page, pool, 'cody');
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByLabel('Code').fill((await rig.t.latestCode(pool.poolId, 'cody'))!);
    await page.getByRole('button', { name: /sign in|continue|submit/i }).first().click();
    expect(await callbackCode(rig, page)).toBeTruthy();
    const userAgent = await page.evaluate(() => navigator.userAgent);
    await context.close();

    // Newest first: the sign-in, then the sign-up that created the user.
    expect((await events('cody')).map((e) => e.EventType)).toEqual(['SignIn', 'SignUp']);
    expect((await events('cody'))[0]).toMatchObject({
      EventResponse: 'Pass', ChallengeResponses: [], EventContextData: { IpAddress: '127.0.0.1', DeviceName: userAgent },
    });
  });
});
