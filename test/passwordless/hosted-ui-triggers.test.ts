// The triggers around the Hosted UI's choice-based sign-in, in Debian's chromium (module runner):
// an email code goes through CustomMessage (source CustomMessage_Authentication) after
// PreAuthentication, whose refusal shows on the choices and sends nothing; PostAuthentication and
// PreTokenGeneration (TokenGeneration_HostedAuth) run once the code is right; a name only the
// pool's UserMigration knows is offered the password, which migrates the user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from '../helpers/server.js';
import { skipBrowserTests } from '../helpers/browser.js';
import { startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import { adminCreatedUser } from '../helpers/users.js';
import { PASSWORD } from '../oauth/support.js';
import { callbackCode, choicePool, exchange, openChoices, startLocalhostRig, type BrowserRig, type OAuthPool } from './hosted-ui-support.js';

const FUNCTIONS = ['CustomMessage', 'PreAuthentication', 'PostAuthentication', 'PreTokenGeneration', 'UserMigration'];
const OLD_PASSWORD = 'legacy-Passw0rd!';

describe.skipIf(skipBrowserTests)('triggers around the Hosted UI choice-based sign-in', () => {
  let triggers: TriggerRig;
  let rig: BrowserRig;
  let pool: OAuthPool;

  beforeAll(async () => {
    triggers = await startTriggerRig('module', FUNCTIONS);
    rig = await startLocalhostRig({ triggers: triggers.config });
    pool = await choicePool(rig, ['PASSWORD', 'EMAIL_OTP'], {}, { LambdaConfig: Object.fromEntries(FUNCTIONS.map((name) => [name, triggers.arn(name)])) });
    await adminCreatedUser(rig.t, pool.poolId, 'ada', PASSWORD, [{ Name: 'email', Value: 'ada@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    triggers.handle('UserMigration', (event: Event) => {
      if (event.userName !== 'kate' || event.request.password !== OLD_PASSWORD) throw new Error('Bad password');
      return { ...event, response: { ...event.response, userAttributes: { email: 'kate@example.com', email_verified: 'true' }, messageAction: 'SUPPRESS' } };
    });
  });
  afterAll(async () => {
    await rig?.close();
    await triggers?.close();
  });

  const latestBody = async (username: string): Promise<string> => {
    const response = await fetch(`${rig.t.url}/_gatehouse/outbox?${new URLSearchParams({ poolId: pool.poolId, username, limit: '1' })}`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN_KEY.accessKeyId}:${ADMIN_KEY.secretAccessKey}`).toString('base64')}` },
    });
    return ((await response.json()) as { messages: Array<{ body: string }> }).messages[0]?.body ?? '';
  };

  it('runs PreAuthentication and CustomMessage before the code, PostAuthentication and PreTokenGeneration after it', async () => {
    triggers.handle('CustomMessage', (event) => ({ ...event, response: { ...event.response, emailMessage: `Your Hosted UI code: ${event.request.codeParameter}`, emailSubject: 'Code' } }));
    triggers.handle('PreTokenGeneration', (event) => ({ ...event, response: { claimsOverrideDetails: { claimsToAddOrOverride: { factor: 'email-code' } } } }));
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await openChoices(rig, page, pool, 'ada');
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByLabel('Code').waitFor();
    expect(triggers.events('PreAuthentication').at(-1)).toMatchObject({ triggerSource: 'PreAuthentication_Authentication', userName: 'ada' });
    expect(triggers.events('CustomMessage').at(-1)).toMatchObject({ triggerSource: 'CustomMessage_Authentication', userName: 'ada' });
    const code = (await rig.t.latestCode(pool.poolId, 'ada'))!;
    expect(await latestBody('ada')).toBe(`Your Hosted UI code: ${code}`);
    const post = triggers.events('PostAuthentication').length;
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const { claims } = await exchange(rig, pool, await callbackCode(rig, page));
    expect(claims).toMatchObject({ 'cognito:username': 'ada', factor: 'email-code' });
    expect(triggers.events('PostAuthentication')).toHaveLength(post + 1);
    expect(triggers.events('PreTokenGeneration').at(-1)).toMatchObject({ triggerSource: 'TokenGeneration_HostedAuth', userName: 'ada' });
    await context.close();
  });

  it('shows a refusing PreAuthentication on the choices and sends no code', async () => {
    triggers.handle('PreAuthentication', () => {
      throw new Error('Codes are paused');
    });
    try {
      const context = await rig.browser.newContext();
      const page = await context.newPage();
      await openChoices(rig, page, pool, 'ada', { prompt: 'login' });
      const before = await rig.t.latestCode(pool.poolId, 'ada');
      await page.getByRole('button', { name: 'Email me a code' }).click();
      await page.getByText('PreAuthentication failed with error Codes are paused.').waitFor();
      expect(await page.getByRole('button', { name: 'Email me a code' }).count()).toBe(1);
      expect(await rig.t.latestCode(pool.poolId, 'ada')).toBe(before);
      await context.close();
    } finally {
      triggers.handle('PreAuthentication', (event) => event);
    }
  });

  it('offers a name only UserMigration knows the password, which migrates the user', async () => {
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await openChoices(rig, page, pool, 'kate');
    expect(await page.getByRole('button', { name: /code/ }).count()).toBe(0);
    await page.getByLabel('Password').fill(OLD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect((await exchange(rig, pool, await callbackCode(rig, page))).claims).toMatchObject({ 'cognito:username': 'kate', email: 'kate@example.com' });
    await context.close();
  });
});
