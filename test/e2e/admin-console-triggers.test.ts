// A pool's Triggers page in a real browser: it shows each LambdaConfig member and where its function
// runs on this server, and edits them through UpdateUserPool without losing the pool's other
// settings; Cognito's refusals come back on the form. The form's POST needs the session's CSRF token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CreateUserPoolClientCommand, CreateUserPoolCommand, DescribeUserPoolCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SHOTS, launchChromium, signInToConsole, skipBrowserTests } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { signedInConsole } from '../helpers/console.js';

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe.skipIf(skipBrowserTests)('the Triggers page of the admin console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-console-triggers-'));
  const moduleFile = join(dir, 'confirm.mjs');
  let t: TestServer;
  let browser: Browser;
  let poolId: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(moduleFile, 'export async function handler(event) { event.response.autoConfirmUser = true; return event; }\n');
    t = await startTestServer({ config: { triggers: { functions: { confirm: { module: moduleFile, export: 'handler' } } } } });
    browser = await launchChromium();
    const { UserPool } = await t.cognito.send(new CreateUserPoolCommand({
      PoolName: 'shop',
      Policies: { PasswordPolicy: { MinimumLength: 12 } },
      AutoVerifiedAttributes: ['email'],
      UserPoolTags: { team: 'identity' },
      LambdaConfig: { PostConfirmation: fn('gone') },
    }));
    poolId = UserPool!.Id!;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lambdaConfig = async () => (await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;

  it('shows where each trigger runs, sets and clears triggers, and keeps the pool\'s other settings', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await signInToConsole(page, t.url);
    await page.goto(`${t.url}/admin/pools/${poolId}`);
    await page.getByRole('navigation', { name: 'User pool' }).getByRole('link', { name: 'Triggers' }).click();
    await page.waitForURL(new RegExp(`/admin/pools/${poolId}/triggers$`));

    // 1. The function named today resolves nowhere on this server: the page says what will happen.
    const gone = page.getByRole('row').filter({ hasText: 'PostConfirmation' });
    await expect(gone.getByRole('cell').allInnerTexts()).resolves.toEqual(['PostConfirmation', fn('gone'), '—', 'nothing: invocations fail with UnexpectedLambdaException']);
    await expect(page.getByLabel('PostConfirmation', { exact: true }).inputValue()).resolves.toBe(fn('gone'));

    // 2. A custom sender without a KMS key: Cognito's refusal on the form, with what was typed kept.
    await page.getByLabel('PreSignUp', { exact: true }).fill(fn('confirm'));
    await page.getByLabel('PostConfirmation', { exact: true }).fill('');
    await page.getByLabel('PreTokenGeneration', { exact: true }).fill(fn('tokens'));
    await page.getByLabel('PreTokenGeneration event version').selectOption('V2_0');
    await page.getByLabel('CustomEmailSender', { exact: true }).fill(fn('mailer'));
    await page.getByRole('button', { name: 'Save triggers' }).click();
    await page.getByText('KMSKeyID is required when CustomSMSSender or CustomEmailSender is set.').waitFor();
    await expect(page.getByLabel('CustomEmailSender', { exact: true }).inputValue()).resolves.toBe(fn('mailer'));
    await expect(page.getByLabel('PreTokenGeneration event version').inputValue()).resolves.toBe('V2_0');
    expect((await lambdaConfig()).LambdaConfig).toEqual({ PostConfirmation: fn('gone') });

    // 3. With the key it saves; the table shows the module the PreSignUp function runs as.
    await page.getByLabel('KMSKeyID').fill(KEY);
    await page.getByRole('button', { name: 'Save triggers' }).click();
    await page.getByText('Triggers saved.').waitFor();
    await page.screenshot({ path: `${SHOTS}/console-triggers.png`, fullPage: true });
    const preSignUp = page.getByRole('row').filter({ hasText: 'PreSignUp' });
    await expect(preSignUp.getByRole('cell').allInnerTexts()).resolves.toEqual(['PreSignUp', fn('confirm'), '—', `module ${moduleFile}#handler`]);
    const pool = await lambdaConfig();
    expect(pool.LambdaConfig).toEqual({
      PreSignUp: fn('confirm'),
      PreTokenGeneration: fn('tokens'),
      PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: fn('tokens') },
      CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: fn('mailer') },
      KMSKeyID: KEY,
    });
    // UpdateUserPool is full-replace: the page sent every other setting back unchanged.
    expect(pool.Policies!.PasswordPolicy!.MinimumLength).toBe(12);
    expect(pool.AutoVerifiedAttributes).toEqual(['email']);
    expect(pool.UserPoolTags).toEqual({ team: 'identity' });

    // 4. The trigger set in the console runs: a sign-up is confirmed by the module.
    const { UserPoolClient } = await t.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }));
    const signUp = await t.cognito.send(new SignUpCommand({ ClientId: UserPoolClient!.ClientId, Username: 'ana', Password: 'Passw0rd!-long' }));
    expect(signUp.UserConfirmed).toBe(true);

    // 5. Clearing every field clears every trigger.
    for (const label of ['PreSignUp', 'PreTokenGeneration', 'CustomEmailSender', 'KMSKeyID']) await page.getByLabel(label, { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save triggers' }).click();
    await page.getByText('Triggers saved.').waitFor();
    await page.getByText('This pool runs no trigger.').waitFor();
    expect((await lambdaConfig()).LambdaConfig).toEqual({});
    await page.context().close();
  });

  it('refuses a post without the session\'s CSRF token and changes nothing', async () => {
    const c = await signedInConsole(t);
    const before = (await lambdaConfig()).LambdaConfig;
    const refused = await c.post(`/admin/pools/${poolId}/triggers`, { PreSignUp: fn('intruder') }, { csrf: null });
    expect(refused.status).toBe(403);
    const forged = await c.post(`/admin/pools/${poolId}/triggers`, { PreSignUp: fn('intruder'), _csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
    expect((await lambdaConfig()).LambdaConfig).toEqual(before);
    // With the token, the same post is accepted: the refusals above were the token's.
    await c.get(`/admin/pools/${poolId}/triggers`);
    const accepted = await c.post(`/admin/pools/${poolId}/triggers`, { PreSignUp: fn('intruder') });
    expect(accepted.status).toBe(303);
    expect((await lambdaConfig()).LambdaConfig).toEqual({ PreSignUp: fn('intruder') });
  });
});
