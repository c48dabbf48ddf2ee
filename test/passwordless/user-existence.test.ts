// USER_AUTH with PreventUserExistenceErrors ENABLED: what an unknown name, a user without a passkey
// and a user with one are answered. Cognito offers an unknown name "a random selection from the
// challenge types allowed for the user pool" (a passkey, a code or a password); Gatehouse offers a
// decoy's factors, the same each time for the same name, so that neither SELECT_CHALLENGE nor
// PREFERRED_CHALLENGE WEB_AUTHN tells an unknown name from a user, and a decoy's WEB_AUTHN
// challenge looks like a user's and refuses every answer as a wrong credential.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteWebAuthnRegistrationCommand, InitiateAuthCommand, RespondToAuthChallengeCommand, StartWebAuthnRegistrationCommand, type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, skipBrowserTests, startAppServer, type AppServer } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { adminCreatedUser } from '../helpers/users.js';
import { errorOf } from '../helpers/errors.js';
import { freePort } from '../../apps/demo/quickstart/free-port.js';
import { authenticatorTab, createCredential, getCredential } from '../helpers/webauthn.js';

const PASSWORD = 'Passw0rd!Hidden';
const FACTORS = ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'];
/** Enough unknown names that every decoy shape occurs among them (one is missing with odds under 1e-7). */
const UNKNOWN = Array.from({ length: 64 }, (_, i) => `nobody-${i}`);

describe.skipIf(skipBrowserTests)('USER_AUTH hides which names exist and which have a passkey (PreventUserExistenceErrors ENABLED)', () => {
  let t: TestServer;
  let app: AppServer;
  let browser: Browser;
  let poolId: string;
  let hidden: string;
  let legacy: string;
  let kimsPage: Page;
  let strangersPage: Page;
  const tabs: BrowserContext[] = [];

  const initiate = (clientId: string, username: string, preferred?: string) => t.cognito.send(new InitiateAuthCommand({
    ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username, ...(preferred && { PREFERRED_CHALLENGE: preferred }) },
  }));
  const respond = (challenge: string, session: string | undefined, responses: Record<string, string>) =>
    t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: hidden, ChallengeName: challenge as never, Session: session, ChallengeResponses: responses }));

  async function registeredTab(username: string): Promise<Page> {
    const signedIn = await t.cognito.send(new InitiateAuthCommand({ ClientId: hidden, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));
    const token = signedIn.AuthenticationResult!.AccessToken!;
    const opened = await authenticatorTab(browser, app.origin);
    tabs.push(opened.context);
    const { CredentialCreationOptions } = await t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
    const credential = await createCredential(opened.page, CredentialCreationOptions);
    await t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never }));
    return opened.page;
  }

  beforeAll(async () => {
    const port = await freePort('127.0.0.1');
    t = await startTestServer({ config: { server: { port, publicUrl: `http://localhost:${port}` } } });
    app = await startAppServer();
    browser = await launchChromium();
    poolId = await t.fixtures.pool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: FACTORS as never } } });
    const flows = ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as never;
    ({ clientId: hidden } = await t.fixtures.client(poolId, { ExplicitAuthFlows: flows, PreventUserExistenceErrors: 'ENABLED' }));
    ({ clientId: legacy } = await t.fixtures.client(poolId, { ExplicitAuthFlows: flows, PreventUserExistenceErrors: 'LEGACY' }));
    // kim: a passkey, no email. lee: a verified email, no passkey. stranger: a passkey of their own.
    await adminCreatedUser(t, poolId, 'kim', PASSWORD);
    await adminCreatedUser(t, poolId, 'lee', PASSWORD, [{ Name: 'email', Value: 'lee@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await adminCreatedUser(t, poolId, 'stranger', PASSWORD);
    kimsPage = await registeredTab('kim');
    strangersPage = await registeredTab('stranger');
  });
  afterAll(async () => {
    for (const context of tabs) await context.close();
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  /** What an observer compares between two answers: everything but the random parts (Session, the challenge bytes). */
  const shapeOf = (out: InitiateAuthCommandOutput) => {
    const options = out.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS;
    const parsed = options ? JSON.parse(options) : undefined;
    return {
      name: out.ChallengeName,
      available: out.AvailableChallenges,
      parameters: Object.keys(out.ChallengeParameters ?? {}).sort(),
      ...(parsed && {
        options: Object.keys(parsed).sort(), rpId: parsed.rpId, userVerification: parsed.userVerification, timeout: parsed.timeout,
        credentials: parsed.allowCredentials.map((c: { id: string; type: string; transports: string[] }) => ({ id: /^[A-Za-z0-9_-]{16,}$/.test(c.id), type: c.type, transports: c.transports.length > 0 })),
      }),
      session: typeof out.Session === 'string' && out.Session.length > 20,
    };
  };

  /** An unknown name whose decoy "has" a passkey. */
  async function unknownWithPasskey(): Promise<string> {
    for (const name of UNKNOWN) if ((await initiate(hidden, name)).AvailableChallenges!.includes('WEB_AUTHN')) return name;
    throw new Error('no decoy with a passkey among the unknown names');
  }

  it('answers an unknown name the way it answers some user, the same way each time', async () => {
    const kim = await initiate(hidden, 'kim');
    const lee = await initiate(hidden, 'lee');
    expect(kim.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN']);
    expect(lee.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);

    const lists = new Set<string>();
    for (const name of UNKNOWN) {
      const first = await initiate(hidden, name);
      const second = await initiate(hidden, name);
      expect(shapeOf(second)).toEqual(shapeOf(first));
      expect(first.Session).not.toBe(second.Session);
      expect(first.ChallengeName).toBe('SELECT_CHALLENGE');
      // Drawn from what the pool allows, the password always among them, in a user's order.
      expect(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'WEB_AUTHN'].filter((c) => (first.AvailableChallenges as string[]).includes(c))).toEqual(first.AvailableChallenges);
      expect(first.AvailableChallenges!.slice(0, 2)).toEqual(['PASSWORD', 'PASSWORD_SRP']);
      lists.add(JSON.stringify(first.AvailableChallenges));
    }
    // Unknown names are offered passkeys and codes as users are: kim's and lee's lists both occur.
    expect(lists).toContain(JSON.stringify(kim.AvailableChallenges));
    expect(lists).toContain(JSON.stringify(lee.AvailableChallenges));
    // A login that is an email address is offered its code, as its owner would be.
    expect((await initiate(hidden, 'someone@example.com')).AvailableChallenges).toContain('EMAIL_OTP');

    // Without PreventUserExistenceErrors the unknown name is told.
    expect(await errorOf(initiate(legacy, UNKNOWN[0]))).toMatchObject({ name: 'UserNotFoundException' });
  });

  it('answers PREFERRED_CHALLENGE WEB_AUTHN for an unknown name as for a user with a passkey or without one', async () => {
    const withPasskey = shapeOf(await initiate(hidden, 'kim', 'WEB_AUTHN'));
    const withoutPasskey = shapeOf(await initiate(hidden, 'lee', 'WEB_AUTHN'));
    expect(withPasskey).toMatchObject({ name: 'WEB_AUTHN', rpId: 'localhost', credentials: [{ id: true, type: 'public-key', transports: true }] });
    expect(withoutPasskey).toMatchObject({ name: 'SELECT_CHALLENGE' });

    let decoys = 0;
    for (const name of UNKNOWN) {
      const select = await initiate(hidden, name);
      const preferred = await initiate(hidden, name, 'WEB_AUTHN');
      if (select.AvailableChallenges!.includes('WEB_AUTHN')) {
        decoys++;
        expect(shapeOf(preferred)).toEqual(withPasskey);
        // The same made-up credential each time, as a user's own credentials are.
        const again = await initiate(hidden, name, 'WEB_AUTHN');
        const ids = (out: InitiateAuthCommandOutput) => JSON.parse(out.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS).allowCredentials.map((c: { id: string }) => c.id);
        expect(ids(again)).toEqual(ids(preferred));
        expect(JSON.parse(again.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS).challenge).not.toBe(JSON.parse(preferred.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS).challenge);
      } else {
        expect(shapeOf(preferred)).toEqual(shapeOf(select));
      }
    }
    expect(decoys).toBeGreaterThan(0);
    expect(decoys).toBeLessThan(UNKNOWN.length);
  });

  it("refuses every answer to a decoy's WEB_AUTHN challenge as it refuses another user's credential", async () => {
    const name = await unknownWithPasskey();
    // kim's challenge answered with a stranger's passkey...
    const kims = await initiate(hidden, 'kim', 'WEB_AUTHN');
    const foreign = await errorOf(respond('WEB_AUTHN', kims.Session, {
      USERNAME: 'kim', CREDENTIAL: await getCredential(strangersPage, kims.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS, true),
    }));
    // ...and the decoy's challenge answered with a real passkey (kim's): the same refusal.
    const decoys = await initiate(hidden, name, 'WEB_AUTHN');
    expect(decoys.ChallengeName).toBe('WEB_AUTHN');
    const refused = await errorOf(respond('WEB_AUTHN', decoys.Session, {
      USERNAME: name, CREDENTIAL: await getCredential(kimsPage, decoys.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS, true),
    }));
    expect(refused).toMatchObject({ name: 'NotAuthorizedException', message: foreign.message });
    expect(foreign).toMatchObject({ name: 'NotAuthorizedException' });

    // Chosen from SELECT_CHALLENGE, WEB_AUTHN gives the decoy's challenge too.
    const select = await initiate(hidden, name);
    const chosen = await respond('SELECT_CHALLENGE', select.Session, { USERNAME: name, ANSWER: 'WEB_AUTHN' });
    expect(shapeOf(chosen)).toEqual(shapeOf(kims));
  });

  it('refuses WEB_AUTHN as an answer alike for a user without a passkey and for an unknown name whose choices lack it', async () => {
    const lee = await initiate(hidden, 'lee');
    const leeRefused = await errorOf(respond('SELECT_CHALLENGE', lee.Session, { USERNAME: 'lee', ANSWER: 'WEB_AUTHN' }));
    expect(leeRefused).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid ANSWER: expected one of PASSWORD, PASSWORD_SRP, EMAIL_OTP.' });
    for (const name of UNKNOWN) {
      const select = await initiate(hidden, name);
      if (select.AvailableChallenges!.includes('WEB_AUTHN')) continue;
      const refused = await errorOf(respond('SELECT_CHALLENGE', select.Session, { USERNAME: name, ANSWER: 'WEB_AUTHN' }));
      expect(refused).toMatchObject({ name: 'InvalidParameterException', message: `Invalid ANSWER: expected one of ${select.AvailableChallenges!.join(', ')}.` });
    }
  });
});
