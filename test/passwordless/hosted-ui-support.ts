// What the Hosted UI passwordless and passkey tests share: a server published at
// http://localhost:<port> (so the default relying-party id is "localhost" and the pool's domain
// <prefix>.auth.localhost is a subdomain of it), chromium, an app for the callbacks, a pool whose
// client signs in by choice (ALLOW_USER_AUTH), and the code exchange at /oauth2/token.
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { decodeJwt } from 'jose';
import { startBrowserRig, type BrowserRig } from '../helpers/browser.js';
import { oauthPool, type OAuthPool } from '../oauth/support.js';
import type { TestServer } from '../helpers/server.js';
import { freePort } from '../../apps/demo/quickstart/free-port.js';

export const CHOICE_FLOWS = ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

/** `config`: more of the server's configuration (e.g. a trigger rig's). */
export async function startLocalhostRig(config: Record<string, unknown> = {}): Promise<BrowserRig> {
  const port = await freePort('127.0.0.1');
  return startBrowserRig({ config: { ...config, server: { port, publicUrl: `http://localhost:${port}` } } });
}

/** A pool allowing `factors`, with a domain and an OAuth client calling back to the rig's app. */
export function choicePool(rig: BrowserRig, factors: string[], client: Record<string, unknown> = {}, pool: Record<string, unknown> = {}): Promise<OAuthPool> {
  return oauthPool(rig.t, {
    pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors as never } }, ...pool },
    client: {
      ExplicitAuthFlows: [...CHOICE_FLOWS], CallbackURLs: [`${rig.app.origin}/callback`], LogoutURLs: [`${rig.app.origin}/signed-out`], ...client,
    },
  });
}

/**
 * /oauth2/authorize, the code flow, on the pool's domain (<prefix>.auth.localhost), or with
 * `onPath` under /<poolId> at http://localhost:<port>: the origin whose host is the default
 * relying-party id ("localhost"; browsers refuse it as the id of a page on a subdomain of localhost).
 */
export function authorizeOnDomain(rig: BrowserRig, pool: OAuthPool, extra: Record<string, string> = {}, onPath = false): string {
  const port = new URL(rig.t.url).port;
  const domain = onPath ? `http://localhost:${port}/${pool.poolId}` : `http://${pool.prefix}.auth.localhost:${port}`;
  return `${domain}/oauth2/authorize?${new URLSearchParams({
    response_type: 'code', client_id: pool.clientId, redirect_uri: `${rig.app.origin}/callback`, scope: 'openid email aws.cognito.signin.user.admin', state: 'st', ...extra,
  })}`;
}

/** From /oauth2/authorize to the choices for `name` (the username step, then "Next"). */
export async function openChoices(rig: BrowserRig, page: Page, pool: OAuthPool, name: string, extra: Record<string, string> = {}, onPath = false): Promise<void> {
  await page.goto(authorizeOnDomain(rig, pool, extra, onPath));
  await page.getByLabel('Username').fill(name);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Choose how to sign in.').waitFor();
}

/** Waits for the app's callback; answers its code after checking the state came back. */
export async function callbackCode(rig: BrowserRig, page: Page): Promise<string> {
  await page.waitForURL((url) => url.href.startsWith(`${rig.app.origin}/callback`));
  const url = new URL(page.url());
  if (url.searchParams.get('state') !== 'st') throw new Error(`unexpected callback ${url}`);
  return url.searchParams.get('code')!;
}

/** The code exchanged at the pool's token endpoint, as the app would: its tokens and the ID token's claims. */
export async function exchange(rig: Pick<BrowserRig, 't' | 'app'>, pool: OAuthPool, code: string) {
  const response = await fetch(`${rig.t.url}/${pool.poolId}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: pool.clientId, redirect_uri: `${rig.app.origin}/callback` }),
  });
  if (response.status !== 200) throw new Error(`token exchange: ${response.status} ${await response.text()}`);
  const tokens = (await response.json()) as { id_token: string; access_token: string; refresh_token: string };
  return { tokens, claims: decodeJwt(tokens.id_token) };
}

/** The visible text of the page's card, with `names` replaced (to compare two users' pages). */
export async function cardText(page: Page, names: Record<string, string> = {}): Promise<string> {
  let text = await page.locator('main').innerText();
  for (const [from, to] of Object.entries(names)) text = text.split(from).join(to);
  return text;
}

/** The values of the form's fields that posts to `action` (hidden ones included), to post it again by hand. */
export async function formFields(page: Page, action: string): Promise<{ url: string; fields: Record<string, string> }> {
  return page.evaluate((name) => {
    const form = [...document.querySelectorAll('form')].find((f) => new URL(f.action).pathname.endsWith(`/${name}`))!;
    const fields: Record<string, string> = {};
    for (const [key, value] of new FormData(form)) fields[key] = String(value);
    return { url: form.action, fields };
  }, action);
}

/** A browser context whose page holds a virtual platform authenticator (user-verifying, resident keys). */
export async function withAuthenticator(browser: Browser): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession; authenticatorId: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { context, page, cdp, authenticatorId };
}

export type { BrowserRig, OAuthPool, TestServer };

/**
 * Posts a form built in the page (its origin, its cookies), as a resubmitted or forged form would
 * be (a fetch would not do: the CSP allows no connections): the answer's status and the page's text.
 */
export async function postFromPage(page: Page, url: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === url && r.request().method() === 'POST'),
    page.evaluate(([target, values]) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = target;
      for (const [name, value] of Object.entries(values)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    }, [url, fields] as const),
  ]);
  await page.waitForLoadState();
  return { status: response.status(), text: await response.text() };
}
