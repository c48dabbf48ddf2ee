// Linked users at federated sign-in, in a real browser: a second pool of the same Gatehouse is the
// OIDC provider (discovered from its issuer, its Hosted UI signs the user in), the app's pool links
// its local users to that provider's users, and the app's tokens say who signed in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  AdminAddUserToGroupCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SHOTS, skipBrowserTests, startBrowserRig, type BrowserRig } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';
import { adminCreatedUser, signIn } from '../helpers/users.js';
import { errorOf } from '../helpers/errors.js';
import { claimsOf } from '../helpers/tokens.js';
import { startTriggerRig, type TriggerRig } from '../helpers/triggers.js';

const PASSWORD = 'Linked-Passw0rd!';
const EMAIL_SCHEMA = [{ Name: 'email', AttributeDataType: 'String' as const, Required: false, Mutable: true }];

describe.skipIf(skipBrowserTests)('linked users at federated sign-in', () => {
  let rig: BrowserRig;
  let t: TestServer;
  let browser: Browser;
  let appOrigin: string;
  let upstream: { poolId: string };
  let app: { poolId: string; clientId: string };

  const subOf = async (poolId: string, username: string) =>
    (await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
  const identitiesOf = async (username: string) => {
    const value = (await t.cognito.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: username }))).UserAttributes!.find((a) => a.Name === 'identities')?.Value;
    return value === undefined ? undefined : JSON.parse(value);
  };
  const link = (destination: string, attributeName: string, value: string) =>
    t.cognito.send(new AdminLinkProviderForUserCommand({
      UserPoolId: app.poolId,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: destination },
      SourceUser: { ProviderName: 'Upstream', ProviderAttributeName: attributeName, ProviderAttributeValue: value },
    }));

  let triggers: TriggerRig;
  let merging: { poolId: string; clientId: string };

  /** A pool for the app: a domain, the Upstream provider (endpoints discovered from its issuer), the app's client. */
  async function appPool(poolId: string, upstreamClient: { ClientId?: string; ClientSecret?: string }): Promise<{ poolId: string; clientId: string }> {
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `app-${poolId.split('_')[1].toLowerCase()}` }));
    await t.cognito.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: 'Upstream', ProviderType: 'OIDC',
      ProviderDetails: { client_id: upstreamClient.ClientId!, client_secret: upstreamClient.ClientSecret!, authorize_scopes: 'openid email', oidc_issuer: t.server.deps.issuer(upstream.poolId) },
      AttributeMapping: { email: 'email' },
    }));
    const client = (await t.cognito.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email'],
      SupportedIdentityProviders: ['COGNITO', 'Upstream'], CallbackURLs: [`${appOrigin}/callback`],
    }))).UserPoolClient!;
    return { poolId, clientId: client.ClientId! };
  }

  beforeAll(async () => {
    // PreSignUp_ExternalProvider of the merging pool links a new identity to the local user with its email.
    triggers = await startTriggerRig('webhook', ['PreSignUp']);
    rig = await startBrowserRig({ config: { triggers: triggers.config } });
    ({ t, browser } = rig);
    appOrigin = rig.app.origin;

    // The apps' pools first: the provider's client registers their /oauth2/idpresponse.
    const appPoolId = await t.fixtures.pool({ Schema: EMAIL_SCHEMA });
    const mergingPoolId = (await t.cognito.send(new CreateUserPoolCommand({
      PoolName: 'merging', Schema: EMAIL_SCHEMA, LambdaConfig: { PreSignUp: triggers.arn('PreSignUp') },
    }))).UserPool!.Id!;

    // 1. The provider: a pool with a domain, a confidential client for the apps' pools, its users.
    const upstreamPoolId = await t.fixtures.pool({ Schema: EMAIL_SCHEMA });
    upstream = { poolId: upstreamPoolId };
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: upstreamPoolId, Domain: `idp-${upstreamPoolId.split('_')[1].toLowerCase()}` }));
    const upstreamClient = (await t.cognito.send(new CreateUserPoolClientCommand({
      UserPoolId: upstreamPoolId, ClientName: 'app-pools', GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'], CallbackURLs: [appPoolId, mergingPoolId].map((id) => `${t.url}/${id}/oauth2/idpresponse`),
    }))).UserPoolClient!;
    for (const name of ['carol', 'erin', 'gina']) {
      await adminCreatedUser(t, upstreamPoolId, name, PASSWORD, [{ Name: 'email', Value: `${name}@upstream.example` }, { Name: 'email_verified', Value: 'true' }]);
    }

    // 2. The apps' pools, and their local users.
    app = await appPool(appPoolId, upstreamClient);
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: appPoolId, GroupName: 'staff' }));
    for (const name of ['dave', 'frank']) {
      await adminCreatedUser(t, appPoolId, name, PASSWORD, [{ Name: 'email', Value: `${name}@app.example` }]);
      await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: appPoolId, Username: name, GroupName: 'staff' }));
    }
    merging = await appPool(mergingPoolId, upstreamClient);
    await adminCreatedUser(t, mergingPoolId, 'gina-local', PASSWORD, [{ Name: 'email', Value: 'gina@upstream.example' }]);
  });
  afterAll(async () => {
    await rig?.close();
    await triggers?.close();
  });

  /** Signs in at the provider's Hosted UI from the app's authorize request; answers the app's tokens. */
  async function signInThroughProvider(username: string, shot?: string, target = app): Promise<{ id: Record<string, any>; access: Record<string, any> }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const query = new URLSearchParams({
      response_type: 'code', client_id: target.clientId, redirect_uri: `${appOrigin}/callback`, scope: 'openid email', identity_provider: 'Upstream', state: 'linked',
    });
    await page.goto(`${t.url}/${target.poolId}/oauth2/authorize?${query}`);
    // The provider's own sign-in page.
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/${upstream.poolId}/login`);
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    if (shot) await page.screenshot({ path: `${SHOTS}/${shot}`, fullPage: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/callback\?/);
    const callback = new URL(page.url());
    await context.close();
    expect(callback.origin).toBe(appOrigin);
    expect(callback.searchParams.get('state')).toBe('linked');
    expect(callback.searchParams.get('error_description') ?? undefined).toBeUndefined();
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();
    const response = await fetch(`${t.url}/${target.poolId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: target.clientId, code: code!, redirect_uri: `${appOrigin}/callback` }),
    });
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as { id_token: string; access_token: string };
    return { id: claimsOf(tokens.id_token), access: claimsOf(tokens.access_token) };
  }

  it('signs a local user linked to the provider\'s subject in as that user, with the provider\'s mapped attributes', async () => {
    const carolSub = await subOf(upstream.poolId, 'carol');
    const daveSub = await subOf(app.poolId, 'dave');
    await link('dave', 'Cognito_Subject', carolSub);

    const { id, access } = await signInThroughProvider('carol', 'linked-01-provider-sign-in.png');
    // Who signed in: the local user, its groups (the access claims of its own profile).
    expect(id['cognito:username']).toBe('dave');
    expect(id.sub).toBe(daveSub);
    expect(access.username).toBe('dave');
    expect(access['cognito:groups']).toEqual(['staff']);
    // What the provider says: the mapped email overwrites the local one; the identity is listed.
    expect(id.email).toBe('carol@upstream.example');
    expect(id.identities).toEqual([expect.objectContaining({ userId: carolSub, providerName: 'Upstream', providerType: 'OIDC', primary: 'false' })]);

    // No federated user was created, and the local user keeps its status and its password.
    const users = await t.cognito.send(new ListUsersCommand({ UserPoolId: app.poolId }));
    expect(users.Users!.map((u) => u.Username).sort()).toEqual(['dave', 'frank']);
    expect(users.Users!.find((u) => u.Username === 'dave')!.UserStatus).toBe('CONFIRMED');
    expect((await signIn(t, app, 'dave', PASSWORD)).AccessToken).toBeTruthy();
  });

  it('turns a link by the mapped email into a link by the subject at the first sign-in', async () => {
    const erinSub = await subOf(upstream.poolId, 'erin');
    await link('frank', 'email', 'erin@upstream.example');
    expect(await identitiesOf('frank')).toEqual([expect.objectContaining({ userId: 'erin@upstream.example', providerName: 'Upstream' })]);

    const { id } = await signInThroughProvider('erin');
    expect(id['cognito:username']).toBe('frank');
    expect(await identitiesOf('frank')).toEqual([expect.objectContaining({ userId: erinSub, providerName: 'Upstream', providerType: 'OIDC' })]);

    // Now known by its subject: the email link is gone, the subject unlinks it.
    const disable = (attributeName: string, value: string) => t.cognito.send(new AdminDisableProviderForUserCommand({
      UserPoolId: app.poolId, User: { ProviderName: 'Upstream', ProviderAttributeName: attributeName, ProviderAttributeValue: value },
    }));
    expect((await errorOf(disable('email', 'erin@upstream.example'))).name).toBe('UserNotFoundException');
    await disable('Cognito_Subject', erinSub);
    expect(await identitiesOf('frank')).toBeUndefined();
  });

  it('after AdminDisableProviderForUser the identity signs in as a new federated user, who has no password', async () => {
    const carolSub = await subOf(upstream.poolId, 'carol');
    await t.cognito.send(new AdminDisableProviderForUserCommand({
      UserPoolId: app.poolId, User: { ProviderName: 'Upstream', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: carolSub },
    }));
    expect(await identitiesOf('dave')).toBeUndefined();

    const { id } = await signInThroughProvider('carol');
    const username: string = id['cognito:username'];
    expect(username.toLowerCase()).toBe(`upstream_${carolSub}`);
    const federated = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: username }));
    expect(federated.UserStatus).toBe('EXTERNAL_PROVIDER');

    // Cognito: a federated user has no password to sign in with or to reset.
    expect(await errorOf(signIn(t, app, username, PASSWORD))).toEqual({ name: 'NotAuthorizedException', message: 'User is not authorized to get auth details.' });
    expect(await errorOf(t.cognito.send(new ForgotPasswordCommand({ ClientId: app.clientId, Username: username })))).toEqual({
      name: 'NotAuthorizedException', message: 'User password cannot be reset in the current state.',
    });

    // An identity that has signed up cannot be linked: Cognito does not merge users.
    expect(await errorOf(link('dave', 'Cognito_Subject', carolSub))).toEqual({
      name: 'InvalidParameterException', message: 'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link',
    });

    // A federated user can be a destination too, named by its provider and subject: erin (unlinked
    // from frank above) now signs in as carol's federated user.
    const erinSub = await subOf(upstream.poolId, 'erin');
    await t.cognito.send(new AdminLinkProviderForUserCommand({
      UserPoolId: app.poolId,
      DestinationUser: { ProviderName: 'Upstream', ProviderAttributeValue: carolSub },
      SourceUser: { ProviderName: 'Upstream', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: erinSub },
    }));
    expect((await signInThroughProvider('erin')).id['cognito:username']).toBe(username);
  });

  it('signs in as the local user a PreSignUp_ExternalProvider function links the new identity to', async () => {
    const ginaSub = await subOf(upstream.poolId, 'gina');
    const localSub = await subOf(merging.poolId, 'gina-local');
    // The usual merge by email: find the local user with the provider's email, link the identity to it.
    triggers.handle('PreSignUp', async (event) => {
      if (event.triggerSource !== 'PreSignUp_ExternalProvider') return event;
      const found = await t.cognito.send(new ListUsersCommand({ UserPoolId: event.userPoolId, Filter: `email = "${event.request.userAttributes.email}"` }));
      const [providerName, ...id] = String(event.userName).split('_');
      await t.cognito.send(new AdminLinkProviderForUserCommand({
        UserPoolId: event.userPoolId,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: found.Users![0].Username! },
        SourceUser: { ProviderName: providerName, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: id.join('_') },
      }));
      return event;
    });

    const { id } = await signInThroughProvider('gina', undefined, merging);
    // (The local user's AdminCreateUser ran PreSignUp_AdminCreateUser before.)
    const externalSignUps = () => triggers.events('PreSignUp').filter((e) => e.triggerSource === 'PreSignUp_ExternalProvider');
    expect(externalSignUps()).toHaveLength(1);
    expect(id['cognito:username']).toBe('gina-local');
    expect(id.sub).toBe(localSub);
    const users = await t.cognito.send(new ListUsersCommand({ UserPoolId: merging.poolId }));
    expect(users.Users!.map((u) => u.Username)).toEqual(['gina-local']);

    // The next sign-in finds the link at once: no second PreSignUp.
    expect((await signInThroughProvider('gina', undefined, merging)).id.sub).toBe(localSub);
    expect(externalSignUps()).toHaveLength(1);
    expect(await t.cognito.send(new AdminGetUserCommand({ UserPoolId: merging.poolId, Username: 'gina-local' }))).toMatchObject({
      UserAttributes: expect.arrayContaining([{ Name: 'identities', Value: expect.stringContaining(`"userId":"${ginaSub}"`) }]),
    });
  });
});
