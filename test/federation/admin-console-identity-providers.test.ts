// A pool's Identity providers pages in a real browser: add an OIDC provider whose endpoints are
// discovered from a local issuer, see it without its secret, edit it keeping the secret, offer it on
// an app client, delete it; and a federated user's identities on the user's page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  AdminCreateUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  ListIdentityProvidersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { launchChromium, signInToConsole, skipBrowserTests } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startProviderDocuments, type ProviderDocuments } from '../helpers/provider-documents.js';

const SECRET = 'console-provider-secret-4711';

describe.skipIf(skipBrowserTests)('the Identity providers pages of the admin console', () => {
  let t: TestServer;
  let idp: ProviderDocuments;
  let browser: Browser;
  let poolId: string;

  beforeAll(async () => {
    [t, idp, browser] = await Promise.all([startTestServer(), startProviderDocuments(), launchChromium()]);
    poolId = (await t.cognito.send(new CreateUserPoolCommand({ PoolName: 'federated' }))).UserPool!.Id!;
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([t?.close(), idp?.close()]);
  });

  const describeCorp = async () => (await t.cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp' }))).IdentityProvider!;

  it('adds, shows, edits, offers and deletes an OIDC provider without ever showing its secret', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInToConsole(page, t.url);
    await page.goto(`${t.url}/admin/pools/${poolId}`);
    await page.getByRole('navigation', { name: 'User pool' }).getByRole('link', { name: 'Identity providers' }).click();
    await page.getByText('No identity provider yet.').waitFor();

    // 1. A refused provider comes back on the form with Cognito's message and what was typed.
    await page.getByRole('link', { name: 'Add OIDC' }).click();
    await page.getByLabel('Provider name').fill('Corp');
    await page.getByLabel('Client id').fill('gatehouse-app');
    await page.getByLabel('Client secret').fill(SECRET);
    await page.getByLabel('Scopes').fill('openid email');
    await page.getByLabel('Issuer URL').fill('http://idp.example.com');
    await page.getByRole('button', { name: 'Add identity provider' }).click();
    await page.getByText('oidc_issuer must be an https URL').waitFor();
    await expect(page.getByLabel('Provider name').inputValue()).resolves.toBe('Corp');
    expect(await page.content()).not.toContain(SECRET);

    // 2. With the local issuer it is added; its page shows the discovered endpoints, not the secret.
    await page.getByLabel('Client secret').fill(SECRET);
    await page.getByLabel('Issuer URL').fill(idp.url);
    await page.getByLabel('Attribute mapping').fill('email=email\nname=name');
    await page.getByRole('button', { name: 'Add identity provider' }).click();
    await page.getByText('Identity provider Corp added.').waitFor();
    await expect(page.getByRole('row').filter({ hasText: 'authorize_url' }).getByRole('cell').allInnerTexts()).resolves.toEqual(['authorize_url', `${idp.url}/authorize`]);
    await expect(page.getByRole('row').filter({ hasText: 'client_secret' }).getByRole('cell').allInnerTexts()).resolves.toEqual(['client_secret', 'set (hidden)']);
    await page.getByText(`${t.url}/${poolId}/oauth2/idpresponse`).waitFor();
    expect(await page.content()).not.toContain(SECRET);
    expect((await describeCorp()).AttributeMapping).toEqual({ email: 'email', name: 'name', username: 'sub' });

    // 3. The edit form holds no secret; saved with the field empty, the stored secret stays.
    await page.getByRole('link', { name: 'Edit' }).click();
    expect(await page.content()).not.toContain(SECRET);
    await expect(page.getByLabel('Client secret').inputValue()).resolves.toBe('');
    await page.getByLabel('Scopes').fill('openid email profile');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Identity provider saved.').waitFor();
    expect((await describeCorp()).ProviderDetails).toMatchObject({ authorize_scopes: 'openid email profile', client_secret: SECRET });

    // 4. An app client offers it on the Hosted UI once its checkbox is ticked.
    const { UserPoolClient } = await t.cognito.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'],
      CallbackURLs: ['https://app.example.com/cb'], SupportedIdentityProviders: ['COGNITO'],
    }));
    await page.goto(`${t.url}/admin/pools/${poolId}/clients/${UserPoolClient!.ClientId}/edit`);
    await page.getByRole('checkbox', { name: 'Corp' }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`/clients/${UserPoolClient!.ClientId}$`));
    const client = await t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: UserPoolClient!.ClientId }));
    expect(client.UserPoolClient!.SupportedIdentityProviders).toEqual(['COGNITO', 'Corp']);

    // 5. Deleted after confirmation: gone from the pool and from the client.
    await page.goto(`${t.url}/admin/pools/${poolId}/identity-provider?name=Corp`);
    await page.getByRole('link', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete identity provider' }).click();
    await page.getByText('Identity provider Corp deleted.').waitFor();
    expect((await t.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }))).Providers).toEqual([]);
    const after = await t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: UserPoolClient!.ClientId }));
    expect(after.UserPoolClient!.SupportedIdentityProviders).toEqual(['COGNITO']);
  });

  it('shows a user\'s provider identities on the user\'s page', async () => {
    const { User } = await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'corp_ana', MessageAction: 'SUPPRESS' }));
    const sub = User!.Attributes!.find((a) => a.Name === 'sub')!.Value!;
    // Federated sign-in writes `identities`, and no API may: arranged in the store.
    const identities = [{ userId: 'ana-at-corp', providerName: 'Corp', providerType: 'OIDC', issuer: idp.url, primary: 'true', dateCreated: '1767225600000' }];
    const stored = (await t.server.deps.store.users.findBySub(sub))!;
    await t.server.deps.store.users.update(sub, { attributes: { ...stored.attributes, identities: JSON.stringify(identities) }, updatedAt: Date.now() });

    const page = await (await browser.newContext()).newPage();
    await signInToConsole(page, t.url);
    await page.goto(`${t.url}/admin/pools/${poolId}/user?name=corp_ana`);
    await expect(page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Corp', exact: true }) }).getByRole('cell').allInnerTexts())
      .resolves.toEqual(['Corp', 'OIDC', 'ana-at-corp', '2026-01-01 00:00:00 UTC', 'Yes']);
  });
});
