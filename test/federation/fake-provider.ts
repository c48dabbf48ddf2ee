// A small OAuth 2.0 / OpenID Connect provider on 127.0.0.1 for the federation tests: it signs users
// in without a page (the authorization endpoint answers at once with a code, or with the error a
// test sets), answers the token, key and user-info endpoints, and records each request. A test
// changes what it answers (`behaviour`) to play a misbehaving or a social provider.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export interface ProviderBehaviour {
  /** Claims merged into (or, when undefined, removed from) the ID token. */
  idToken: Record<string, unknown>;
  /** Sign the ID token with a key the provider does not publish. */
  forgeSignature: boolean;
  /** Answer the authorization request with this error instead of a code. */
  authorizeError?: string;
  /** The user-info endpoint's answer. */
  userInfo: Record<string, unknown>;
  /** Leave the ID token out of the token response (social providers). */
  noIdToken: boolean;
  /** Apple's `user` field of the form post. */
  postedUser?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  form: URLSearchParams;
}

export interface FakeProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  subject: string;
  behaviour: ProviderBehaviour;
  requests: RecordedRequest[];
  /** The last authorization request's parameters. */
  lastAuthorize(): URLSearchParams | undefined;
  reset(): void;
  close(): Promise<void>;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function signJwt(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  return `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), key).toString('base64url')}`;
}

export async function startFakeProvider(): Promise<FakeProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = 'fake-key-1';
  const codes = new Map<string, { nonce?: string }>();
  const defaults = (): ProviderBehaviour => ({ idToken: {}, forgeSignature: false, userInfo: {}, noIdToken: false });
  const provider: FakeProvider = {
    issuer: '', clientId: 'fake-client', clientSecret: 'fake-secret', subject: 'fake-user-1',
    behaviour: defaults(), requests: [],
    lastAuthorize: () => provider.requests.filter((r) => r.path === '/authorize').at(-1)?.query,
    reset() {
      provider.behaviour = defaults();
      provider.requests.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url!, provider.issuer);
    let body = '';
    for await (const chunk of request) body += chunk;
    const form = new URLSearchParams(body);
    provider.requests.push({ method: request.method!, path: url.pathname, query: url.searchParams, headers: request.headers, form });
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    switch (url.pathname) {
      case '/.well-known/openid-configuration':
        return json(200, {
          issuer: provider.issuer, authorization_endpoint: `${provider.issuer}/authorize`, token_endpoint: `${provider.issuer}/token`,
          userinfo_endpoint: `${provider.issuer}/userinfo`, jwks_uri: `${provider.issuer}/jwks`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        });
      case '/jwks':
        return json(200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] });
      case '/authorize': {
        const target = new URL(url.searchParams.get('redirect_uri')!);
        target.searchParams.set('state', url.searchParams.get('state') ?? '');
        if (provider.behaviour.authorizeError) {
          target.searchParams.set('error', provider.behaviour.authorizeError);
          target.searchParams.set('error_description', 'The user said no.');
        } else {
          const code = randomUUID();
          codes.set(code, { nonce: url.searchParams.get('nonce') ?? undefined });
          target.searchParams.set('code', code);
        }
        if (url.searchParams.get('response_mode') === 'form_post') {
          // Sign in with Apple's way back: a page whose form posts the answer (and, the first time, the user's name).
          const fields = [...target.searchParams, ...(provider.behaviour.postedUser ? [['user', provider.behaviour.postedUser]] : [])];
          target.search = '';
          const inputs = fields.map(([name, value]) => `<input type="hidden" name="${name}" value="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`).join('');
          response.writeHead(200, { 'content-type': 'text/html' });
          return response.end(`<form method="post" action="${target}">${inputs}</form>`);
        }
        response.writeHead(302, { location: target.toString() });
        return response.end();
      }
      case '/token': {
        const parameters = request.method === 'GET' ? url.searchParams : form;
        const issued = codes.get(parameters.get('code') ?? '');
        if (!issued) return json(400, { error: 'invalid_grant' });
        codes.delete(parameters.get('code')!);
        const now = Math.floor(Date.now() / 1000);
        const claims: Record<string, unknown> = {
          iss: provider.issuer, aud: provider.clientId, sub: provider.subject, iat: now, exp: now + 300,
          ...(issued.nonce && { nonce: issued.nonce }), email: 'fay@example.com', email_verified: true, ...provider.behaviour.idToken,
        };
        for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
        const idToken = signJwt(claims, provider.behaviour.forgeSignature ? forger : privateKey, kid);
        return json(200, { access_token: `at-${randomUUID()}`, token_type: 'Bearer', expires_in: 300, ...(!provider.behaviour.noIdToken && { id_token: idToken }) });
      }
      default:
        // /user/profile: Login with Amazon's profile endpoint.
        if (url.pathname.startsWith('/userinfo') || url.pathname.startsWith('/me') || url.pathname === '/user/profile') return json(200, { sub: provider.subject, ...provider.behaviour.userInfo });
        return json(404, { error: 'not_found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return provider;
}
