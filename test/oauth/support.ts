// Fixtures and a small HTTP "browser" for the OAuth and Hosted UI tests.
// The browser keeps cookies, follows redirects by hand (stopping at the app's callback, which
// nothing serves), and fills and posts the Hosted UI's forms as a person would, hidden fields
// (CSRF token, challenge session) included.
import type { CreateUserPoolClientCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../helpers/server.js';

export const CALLBACK = 'http://localhost:3000/callback';
export const LOGOUT = 'http://localhost:3000/signed-out';
export const PASSWORD = 'Corr3ct-Horse!';
export const API = 'https://api.example.com';

export interface Page {
  url: string;
  status: number;
  headers: Headers;
  text: string;
  location?: string;
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#96;/g, '`').replace(/&amp;/g, '&');

export class HttpBrowser {
  readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Page> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attributes.some((a) => /^\s*max-age=0$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const location = response.headers.get('location') ?? undefined;
    return { url, status: response.status, headers: response.headers, text: await response.text(), location: location && new URL(location, url).toString() };
  }

  /** Follows redirects while they stay on the server; answers the last page (a redirect out included). */
  async follow(url: string, init?: { form?: Record<string, string> }): Promise<Page> {
    let page = await this.request(url, init);
    for (let hops = 0; hops < 10 && page.location && page.location.startsWith(this.origin); hops++) page = await this.request(page.location);
    return page;
  }

  /** Posts the page's form whose action contains `action`, with its hidden fields and `fields`. */
  async submit(page: Page, action: string, fields: Record<string, string>, options: { omit?: string[] } = {}): Promise<Page> {
    const form = formOf(page, action);
    const values = { ...form.hidden, ...fields };
    for (const name of options.omit ?? []) delete values[name];
    return this.follow(form.action, { form: values });
  }
}

/** The form posting to `action` on the page: its absolute action URL and its prefilled values. */
export function formOf(page: Page, action: string): { action: string; hidden: Record<string, string> } {
  for (const match of page.text.matchAll(/<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/g)) {
    const target = new URL(unescape(match[1]), page.url);
    if (!target.pathname.endsWith(`/${action}`)) continue;
    // Every prefilled input, as a browser would send it (hidden fields, the remembered username …).
    const hidden: Record<string, string> = {};
    for (const input of match[2].matchAll(/<input\b[^>]*>/g)) {
      const name = input[0].match(/ name="([^"]+)"/)?.[1];
      const value = input[0].match(/ value="([^"]*)"/)?.[1];
      if (name && value !== undefined) hidden[name] = unescape(value);
    }
    return { action: target.toString(), hidden };
  }
  throw new Error(`no form posting to ${action} on ${page.url} (status ${page.status}):\n${page.text.slice(0, 2000)}`);
}

export interface OAuthPool {
  poolId: string;
  clientId: string;
  clientSecret?: string;
  prefix: string;
}

/**
 * A pool with email required, a domain and an OAuth client (code + implicit, the standard scopes).
 * The domain and the resource server are written through the store: CreateUserPoolDomain and
 * CreateResourceServer land separately (issue 2).
 */
export async function oauthPool(
  t: TestServer,
  options: { client?: Partial<CreateUserPoolClientCommandInput>; pool?: Parameters<TestServer['fixtures']['pool']>[0] } = {},
): Promise<OAuthPool> {
  const poolId = await t.fixtures.pool({
    Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
    AutoVerifiedAttributes: ['email'],
    ...options.pool,
  });
  const store = t.server.deps.store;
  await store.resourceServers.insert({
    poolId, identifier: API, name: 'API', createdAt: Date.now(),
    scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }, { ScopeName: 'write', ScopeDescription: 'Write' }],
  });
  const { clientId, clientSecret } = await t.fixtures.client(poolId, {
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code', 'implicit'],
    AllowedOAuthScopes: ['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin'],
    CallbackURLs: [CALLBACK],
    LogoutURLs: [LOGOUT],
    SupportedIdentityProviders: ['COGNITO'],
    ...options.client,
  });
  const prefix = `gh-${poolId.split('_')[1].toLowerCase()}`;
  await store.domains.insert({ domain: prefix, poolId, custom: false, config: {}, createdAt: Date.now() });
  return { poolId, clientId, clientSecret, prefix };
}

/** The authorize URL on the path form of the pool's domain. */
export function authorizeUrl(t: TestServer, pool: OAuthPool, parameters: Record<string, string>): string {
  const query = new URLSearchParams({ response_type: 'code', client_id: pool.clientId, redirect_uri: CALLBACK, ...parameters });
  return `${t.url}/${pool.poolId}/oauth2/authorize?${query}`;
}

/** Signs in through the login form; answers the final page (normally the redirect to the callback). */
export async function signInThroughForm(browser: HttpBrowser, url: string, username: string, password = PASSWORD): Promise<Page> {
  const login = await browser.follow(url);
  if (login.status !== 200) throw new Error(`expected the login page, got ${login.status} ${login.location ?? login.text.slice(0, 500)}`);
  return browser.submit(login, 'login', { username, password });
}
