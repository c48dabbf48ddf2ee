// An operator's whole set-up in a real browser (Debian's chromium through playwright-core), from an
// empty server: sign in to the console with the admin key, create a pool with email and phone
// number required, add an app client (callback URL, code and implicit flows, five scopes), pick a
// domain prefix, create a user and set its password, then "Launch Hosted UI" and sign in with that user: back at the
// callback with a code. The audit log shows the changes. Screenshots go to test-results/screenshots/console-*.png
// and, with UPDATE_DOCS_IMAGES=1, to docs/images/ for the README (a plain run leaves the checkout clean).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { AdminCreateUserCommand, AdminGetUserCommand, CreateGroupCommand, GetGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SHOTS, signInToConsole, skipBrowserTests, startBrowserRig, type BrowserRig } from '../helpers/browser.js';
import { ADMIN_KEY, type TestServer } from '../helpers/server.js';

const SCREENS = ['login', 'pools', 'pool', 'client-form', 'domain', 'users', 'user', 'audit'];
const PASSWORD = 'Corr3ct-Horse!';
const SCOPES = ['phone', 'email', 'openid', 'aws.cognito.signin.user.admin', 'profile'];

describe.skipIf(skipBrowserTests)('admin console in a real browser', () => {
  let rig: BrowserRig;
  let t: TestServer;
  let browser: Browser;
  let appOrigin: string;

  beforeAll(async () => {
    rig = await startBrowserRig();
    ({ t, browser } = rig);
    appOrigin = rig.app.origin;
  });
  afterAll(async () => rig?.close());

  it('sets up a pool, app client and domain in the console, and the Hosted UI then signs a user in', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    const shot = (name: string) => page.screenshot({ path: `${SHOTS}/console-${name}.png` });

    // 1. Not signed in: the console sends the browser to its sign-in page.
    await page.goto(`${t.url}/admin`);
    await page.waitForURL(/\/admin\/login/);
    await shot('login');
    await page.getByLabel('Admin access key id').fill(ADMIN_KEY.accessKeyId);
    await page.getByLabel('Secret access key').fill(ADMIN_KEY.secretAccessKey);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/admin\/pools$/);
    expect(await page.getByText('There is no user pool yet.').count()).toBe(1);

    // 2. A pool whose users must have an email and a phone number.
    await page.getByRole('link', { name: 'Create user pool' }).click();
    await page.getByLabel('Pool name').fill('Operator shop');
    await page.locator('#required-email').check();
    await page.locator('#required-phone_number').check();
    await page.getByRole('button', { name: 'Create user pool' }).click();
    await page.getByText('User pool Operator shop created.').waitFor();
    const poolId = /\/admin\/pools\/([\w-]+_\w+)$/.exec(page.url())![1];
    await shot('pool');
    const pool = (await t.server.deps.store.pools.find(poolId))!;
    expect(pool.config.SchemaAttributes.filter((a: any) => a.Required).map((a: any) => a.Name)).toEqual(['sub', 'email', 'phone_number']);

    // 3. An app client for the Hosted UI.
    await page.getByRole('navigation', { name: 'User pool' }).getByRole('link', { name: 'App clients' }).click();
    await page.getByRole('link', { name: 'Create app client' }).click();
    await page.getByLabel('App client name').fill('web-shop');
    for (const flow of ['code', 'implicit']) await page.locator(`#oauthFlows-${flow}`).check();
    for (const scope of SCOPES) await page.locator(`#scopes-${scope.replace(/\./g, '_')}`).check();
    await page.getByLabel('Callback URLs').fill(`${appOrigin}/callback`);
    await page.getByLabel('Sign-out URLs').fill(`${appOrigin}/signed-out`);
    await page.locator('header').scrollIntoViewIfNeeded();
    await shot('client-form');
    await page.getByRole('button', { name: 'Create app client' }).click();
    await page.getByText('App client web-shop created.').waitFor();
    const clientPage = page.url();
    const clientId = /\/clients\/([a-z0-9]+)$/.exec(clientPage)![1];
    const client = (await t.server.deps.store.clients.find(clientId))!;
    expect(client.config.AllowedOAuthFlows).toEqual(['code', 'implicit']);
    expect([...client.config.AllowedOAuthScopes].sort()).toEqual([...SCOPES].sort());
    expect(client.config.CallbackURLs).toEqual([`${appOrigin}/callback`]);

    // 4. A domain prefix, checked first.
    await page.getByRole('navigation', { name: 'User pool' }).getByRole('link', { name: 'Domain' }).click();
    await page.getByLabel('Domain prefix').fill('operator-shop');
    await page.getByRole('button', { name: 'Check availability' }).click();
    await page.getByText('operator-shop is available.').waitFor();
    await page.getByRole('button', { name: 'Create domain' }).click();
    await page.getByText('Domain operator-shop created.').waitFor();
    await shot('domain');

    // 5. A user, created on the pool's Users page without an invitation, its password set there.
    const poolNav = page.getByRole('navigation', { name: 'User pool' });
    await poolNav.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('link', { name: 'Create user' }).click();
    await page.getByLabel('Username', { exact: true }).fill('operator-user');
    await page.getByLabel('Email', { exact: true }).fill('operator-user@example.com');
    await page.getByLabel('Mark the email as verified').check();
    await page.getByLabel('Phone number', { exact: true }).fill('+14155550142');
    await page.getByLabel('Invitation message').selectOption('suppress');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('User operator-user created.').waitFor();
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel(/^Permanent/).check();
    await page.getByRole('button', { name: 'Set password', exact: true }).click();
    await page.getByText('Password set.').waitFor();
    await shot('user');
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'operator-user' }));
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toEqual(expect.arrayContaining([
      { Name: 'email', Value: 'operator-user@example.com' }, { Name: 'email_verified', Value: 'true' }, { Name: 'phone_number', Value: '+14155550142' },
    ]));
    await poolNav.getByRole('link', { name: 'Users', exact: true }).click();
    expect(await page.getByRole('link', { name: 'operator-user' }).count()).toBe(1);
    await shot('users');

    // 6. Launch the Hosted UI from the client's page and sign in: back at the app with a code.
    await page.goto(clientPage);
    await page.getByRole('link', { name: 'Launch Hosted UI' }).click();
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(new URL(page.url()).host).toBe(`operator-shop.auth.localhost:${new URL(t.url).port}`);
    await page.getByLabel('Username', { exact: true }).fill('operator-user');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/callback\?/);
    const callback = new URL(page.url());
    expect(callback.origin).toBe(appOrigin);
    expect(callback.searchParams.get('code')).toMatch(/^[0-9a-f-]{36}$/);

    // 7. The audit log lists the console's changes and the API's, newest first.
    await page.goto(`${t.url}/admin/pools`);
    await shot('pools');
    await page.getByRole('link', { name: 'Audit log' }).click();
    const actions = await page.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actions).toEqual(['AdminSetUserPassword', 'AdminCreateUser', 'CreateUserPoolDomain', 'CreateUserPoolClient', 'CreateUserPool', 'ConsoleSignIn']);
    const actors = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(actors).toEqual(Array(6).fill(`console:${ADMIN_KEY.accessKeyId}`));
    await shot('audit');
    await context.close();

    if (process.env.UPDATE_DOCS_IMAGES === '1') {
      for (const name of SCREENS) copyFileSync(`${SHOTS}/console-${name}.png`, `docs/images/console-${name}.png`);
    }
  });

  it('opens, edits and deletes a user named ".." and a group named "." (names browsers would read as dot segments in a path)', async () => {
    const poolId = await t.fixtures.pool({ PoolName: 'dot-names' });
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: '..', MessageAction: 'SUPPRESS' }));
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: '.' }));
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInToConsole(page, t.url);
    const poolNav = page.getByRole('navigation', { name: 'User pool' });

    // 1. The user "..": its page, from the users list.
    await page.goto(`${t.url}/admin/pools/${poolId}/users`);
    await page.getByRole('link', { name: '..', exact: true }).click();
    await page.getByRole('heading', { name: '..', exact: true }).waitFor();
    expect(await page.getByText('FORCE_CHANGE_PASSWORD').count()).toBe(1);
    // 2. Edited: an attribute added, and the group "." joined.
    await page.getByRole('link', { name: 'Edit attributes' }).click();
    await page.getByLabel('Add attributes').fill('given_name=Dot');
    await page.getByRole('button', { name: 'Save attributes' }).click();
    await page.getByText('Attributes saved.').waitFor();
    await page.getByLabel('Add to group').selectOption('.');
    await page.getByRole('button', { name: 'Add to group' }).click();
    await page.getByText('Added to the group.').waitFor();
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: '..' }));
    expect(user.UserAttributes).toContainEqual({ Name: 'given_name', Value: 'Dot' });

    // 3. The group ".": its page lists the user; edited, then deleted.
    await poolNav.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('link', { name: '.', exact: true }).click();
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    expect(await page.getByRole('link', { name: '..', exact: true }).count()).toBe(1);
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByLabel('Description').fill('The dot group');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Group saved.').waitFor();
    expect((await t.cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: '.' }))).Group?.Description).toBe('The dot group');
    await page.getByRole('link', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete group' }).click();
    await page.getByText('Group . deleted.').waitFor();
    await expect(t.cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: '.' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    // 4. The user "..", deleted from its page; the pool is untouched.
    await poolNav.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('link', { name: '..', exact: true }).click();
    await page.getByRole('link', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete user' }).click();
    await page.getByText('User .. deleted.').waitFor();
    await expect(t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: '..' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    expect((await t.server.deps.store.pools.find(poolId))?.name).toBe('dot-names');
    await context.close();
  });
});
