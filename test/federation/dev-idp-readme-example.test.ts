// The README's worked example of the development identity provider, run as written: its
// gatehouse.yaml (the block marked `<!-- dev-idp file: gatehouse.yaml -->`) and its `gatehouse serve`
// command are taken from README.md, and its authorization URL is opened in chromium. The one change:
// a free port instead of 9229, everywhere the example names it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, skipBrowserTests } from '../helpers/browser.js';
import { BIN, startNodeProcess, type NodeProcess } from '../helpers/process.js';
import { createTestDatabase, testDatabaseUrl } from '../helpers/postgres.js';
import { claimsOf } from '../helpers/tokens.js';
import { freePort } from '../../apps/demo/quickstart/free-port.js';

const EXAMPLE_PORT = '9229';

/** The README's section on the development provider: its config file, its command and its URL. */
function readmeExample() {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = /\n### A development identity provider\n([\s\S]*?)\n##/.exec(readme)?.[1] ?? '';
  const yaml = /<!-- dev-idp file: gatehouse\.yaml -->\n```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  const command = /```sh\n(npx gatehouse serve [^\n#]*?)\s*(?:#[^\n]*)?\n```/.exec(section)?.[1];
  const authorizeUrl = /`(http:\/\/[^`\s]+\/oauth2\/authorize\?[^`\s]+)`/.exec(section)?.[1];
  if (!yaml || !command || !authorizeUrl) throw new Error('README.md: the development identity provider section lacks its gatehouse.yaml block, serve command or authorization URL');
  return { yaml, command, authorizeUrl };
}

describe.skipIf(skipBrowserTests)("the README's development identity provider example", () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-readme-devidp-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let gatehouse: NodeProcess;
  let browser: Browser;
  let port: string;
  let example: ReturnType<typeof readmeExample>;
  let clientId: string;
  let poolId: string;
  const local = (text: string) => text.replaceAll(`:${EXAMPLE_PORT}`, `:${port}`);

  beforeAll(async () => {
    example = readmeExample();
    port = String(await freePort('127.0.0.1'));
    writeFileSync(join(dir, 'gatehouse.yaml'), local(example.yaml));
    if (testDatabaseUrl) database = await createTestDatabase();
    // The README's command, from the folder holding the file; only the port and the data folder are the test's.
    const args = example.command.replace(/^npx gatehouse /, '').split(/\s+/);
    expect(args).toEqual(['serve', '--config', 'gatehouse.yaml']);
    gatehouse = await startNodeProcess('gatehouse', [BIN, ...args.map((arg) => (arg === 'gatehouse.yaml' ? join(dir, arg) : arg)), '--port', port, '--data', join(dir, 'data')], {
      DATABASE_URL: database?.url,
    }, /Gatehouse listening on (http:\/\/\S+)/);
    clientId = /client web: (\S+)/.exec(gatehouse.output())![1];
    poolId = /pool my-app: (\S+)/.exec(gatehouse.output())![1];
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await gatehouse?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the README's URL (plus `extra`) and answers its callback with whatever code comes back. */
  async function open(page: Page, extra = '') {
    const url = new URL(local(example.authorizeUrl.replace('CLIENT_ID', clientId)) + extra);
    const callback = url.searchParams.get('redirect_uri')!;
    const arrived = new Promise<URL>((resolve) => {
      void page.route(`${callback}**`, async (route) => {
        resolve(new URL(route.request().url()));
        await route.fulfill({ status: 200, contentType: 'text/plain', body: 'the app' });
      });
    });
    await page.goto(url.toString());
    return { callback, arrived };
  }

  async function exchange(callback: string, code: string) {
    // The path form of the pool's Hosted UI: Node does not resolve *.localhost as browsers do.
    const response = await fetch(`http://127.0.0.1:${port}/${poolId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: callback }),
    });
    expect(response.status).toBe(200);
    return claimsOf(((await response.json()) as { id_token: string }).id_token);
  }

  it('signs in through "Continue with DevIdP" and gives the typed email, name and phone number in the ID token', { timeout: 60_000 }, async () => {
    const page = await (await browser.newContext()).newPage();
    const { callback, arrived } = await open(page);
    expect(new URL(page.url()).host).toBe(`my-app.auth.localhost:${port}`);
    await page.getByRole('link', { name: 'Continue with DevIdP' }).click();
    await page.getByLabel('Name').fill('Ana Example');
    await page.getByLabel('Email', { exact: true }).fill('ana@example.com');
    await page.getByLabel('Phone number (optional)').fill('+15555550123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const answer = await arrived;
    expect(`${answer.origin}${answer.pathname}`).toBe(callback);
    const claims = await exchange(callback, answer.searchParams.get('code')!);
    const identities = claims.identities as Array<{ userId: string; providerName: string }>;
    expect(identities).toEqual([expect.objectContaining({ providerName: 'DevIdP', providerType: 'OIDC' })]);
    expect(claims).toMatchObject({
      email: 'ana@example.com', name: 'Ana Example', phone_number: '+15555550123', 'cognito:username': `DevIdP_${identities[0].userId}`,
    });
    expect(claims['cognito:groups']).toContain(`${poolId}_DevIdP`);

    // In another browser, with identity_provider=DevIdP the Hosted UI is skipped; the same email is the same sub.
    const other = await (await browser.newContext()).newPage();
    const again = await open(other, '&identity_provider=DevIdP');
    expect(new URL(other.url()).pathname).toBe('/_dev-idp/authorize');
    await other.getByLabel('Name').fill('Ana Example');
    await other.getByLabel('Email', { exact: true }).fill('ANA@example.com');
    await other.getByRole('button', { name: 'Sign in' }).click();
    const second = await exchange(again.callback, (await again.arrived).searchParams.get('code')!);
    expect(second.sub).toBe(claims.sub);
    expect((second.identities as Array<{ userId: string }>)[0].userId).toBe(identities[0].userId);
  });
});
