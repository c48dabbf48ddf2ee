// The tokens themselves: verified by aws-jwt-verify as an app would, claims exactly as Cognito's,
// lifetimes from the client, JWKS and discovery, and the access-token checks of GetUser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminConfirmSignUpCommand,
  ConfirmSignUpCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PASSWORD = 'Passw0rd!';
const EMAIL_POOL = {
  Schema: [{ Name: 'email', AttributeDataType: 'String' as const, Required: true, Mutable: true }],
  AutoVerifiedAttributes: ['email' as const],
};

const partsOf = (jwt: string) => {
  const [header, payload] = jwt.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
  return { header, payload } as { header: Record<string, any>; payload: Record<string, any> };
};

/** aws-jwt-verify fetches only over https; this fetcher lets its JWKS cache read our http URL. */
const httpJwksCache = () => new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } });

/** Signs up with an email, confirms with the emailed code (so email_verified is true), signs in. */
async function signedInUser(t: TestServer, poolId: string, clientId: string, username: string): Promise<{ sub: string; tokens: AuthenticationResultType }> {
  const { UserSub } = await t.cognito.send(new SignUpCommand({
    ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
  }));
  const code = await t.latestCode(poolId, username);
  await t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code! }));
  const out = await t.cognito.send(new InitiateAuthCommand({
    ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD },
  }));
  return { sub: UserSub!, tokens: out.AuthenticationResult! };
}

describe('tokens (issuer mode gatehouse)', () => {
  let t: TestServer;
  let poolId: string;
  let clientId: string;
  let sub: string;
  let tokens: AuthenticationResultType;

  beforeAll(async () => {
    t = await startTestServer();
    ({ poolId, clientId } = await t.fixtures.poolWithClient(EMAIL_POOL));
    ({ sub, tokens } = await signedInUser(t, poolId, clientId, 'ana'));
  });
  afterAll(() => t.close());

  it('passes JwtRsaVerifier for the ID and access tokens, with the JWKS fetched from the server', async () => {
    const issuer = `${t.url}/${poolId}`;
    const jwksUri = `${t.url}/${poolId}/.well-known/jwks.json`;
    const idVerifier = JwtRsaVerifier.create({ issuer, audience: clientId, jwksUri }, { jwksCache: httpJwksCache() });
    const id = await idVerifier.verify(tokens.IdToken!);
    expect(id).toMatchObject({ sub, token_use: 'id', aud: clientId, iss: issuer });
    const accessVerifier = JwtRsaVerifier.create({ issuer, audience: null, jwksUri, customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access') throw new Error('not an access token');
    } }, { jwksCache: httpJwksCache() });
    const access = await accessVerifier.verify(tokens.AccessToken!);
    expect(access).toMatchObject({ sub, token_use: 'access', client_id: clientId, iss: issuer });
  });

  it('fails JwtRsaVerifier for a token of another pool, a wrong audience and a tampered payload', async () => {
    const issuer = `${t.url}/${poolId}`;
    const jwksUri = `${t.url}/${poolId}/.well-known/jwks.json`;
    const verifier = JwtRsaVerifier.create({ issuer, audience: clientId, jwksUri }, { jwksCache: httpJwksCache() });
    const { poolId: otherPool, clientId: otherClient } = await t.fixtures.poolWithClient(EMAIL_POOL);
    const other = await signedInUser(t, otherPool, otherClient, 'bo');
    await expect(verifier.verify(other.tokens.IdToken!)).rejects.toThrow();
    await expect(JwtRsaVerifier.create({ issuer, audience: 'someone-else', jwksUri }, { jwksCache: httpJwksCache() }).verify(tokens.IdToken!)).rejects.toThrow();
    const [h, p, s] = tokens.IdToken!.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), 'cognito:username': 'admin' })).toString('base64url');
    await expect(verifier.verify(`${h}.${forged}.${s}`)).rejects.toThrow();
  });

  it('uses a header of exactly {kid, alg: RS256}, with different kids for ID and access tokens, both in the JWKS', async () => {
    const id = partsOf(tokens.IdToken!).header;
    const access = partsOf(tokens.AccessToken!).header;
    expect(Object.keys(id).sort()).toEqual(['alg', 'kid']);
    expect(Object.keys(access).sort()).toEqual(['alg', 'kid']);
    expect(id.alg).toBe('RS256');
    expect(access.alg).toBe('RS256');
    expect(id.kid).not.toBe(access.kid);
    const response = await fetch(`${t.url}/${poolId}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys).toHaveLength(2);
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([id.kid, access.kid].sort());
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(key).toMatchObject({ alg: 'RS256', e: 'AQAB', kty: 'RSA', use: 'sig' });
      expect(Buffer.from(key.n, 'base64url').length).toBe(256);
    }
  });

  it('puts exactly the §6.2 claims in the ID token, email_verified as a JSON boolean', () => {
    const { payload } = partsOf(tokens.IdToken!);
    expect(Object.keys(payload).sort()).toEqual([
      'aud', 'auth_time', 'cognito:username', 'email', 'email_verified', 'event_id', 'exp', 'iat', 'iss', 'jti', 'origin_jti', 'sub', 'token_use',
    ]);
    expect(payload).toMatchObject({
      sub, aud: clientId, iss: `${t.url}/${poolId}`, token_use: 'id', 'cognito:username': 'ana', email: 'ana@example.com', email_verified: true,
    });
    expect(payload.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const claim of ['jti', 'origin_jti', 'event_id']) expect(payload[claim]).toMatch(/^[0-9a-f-]{36}$/);
    for (const claim of ['auth_time', 'iat', 'exp']) expect(Number.isInteger(payload[claim])).toBe(true);
    expect(Math.abs(payload.iat - Math.floor(Date.now() / 1000))).toBeLessThan(60);
  });

  it('puts exactly the §6.3 claims in the access token: client_id, no aud, the admin scope, username', () => {
    const { payload } = partsOf(tokens.AccessToken!);
    expect(Object.keys(payload).sort()).toEqual([
      'auth_time', 'client_id', 'event_id', 'exp', 'iat', 'iss', 'jti', 'origin_jti', 'scope', 'sub', 'token_use', 'username',
    ]);
    expect(payload).toMatchObject({ sub, client_id: clientId, token_use: 'access', scope: 'aws.cognito.signin.user.admin', username: 'ana' });
    expect(payload.aud).toBeUndefined();
  });

  it('pairs the ID and access tokens of one sign-in: same origin_jti, event_id and auth_time, different jti', () => {
    const id = partsOf(tokens.IdToken!).payload;
    const access = partsOf(tokens.AccessToken!).payload;
    expect(access.origin_jti).toBe(id.origin_jti);
    expect(access.event_id).toBe(id.event_id);
    expect(access.auth_time).toBe(id.auth_time);
    expect(access.jti).not.toBe(id.jti);
  });

  it('issues refresh tokens shaped like Cognito\'s: a five-segment compact JWE with an A256GCM header, unique per sign-in', async () => {
    const segments = tokens.RefreshToken!.split('.');
    expect(segments).toHaveLength(5);
    expect(JSON.parse(Buffer.from(segments[0], 'base64url').toString())).toMatchObject({ cty: 'JWT', enc: 'A256GCM' });
    for (const segment of [segments[2], segments[3], segments[4]]) expect(segment).toMatch(/^[A-Za-z0-9_-]+$/);
    // Nothing readable inside: the payload is encrypted.
    expect(Buffer.from(segments[3], 'base64url').toString('latin1')).not.toContain(poolId);
    const again = (await t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD },
    }))).AuthenticationResult!;
    expect(again.RefreshToken).not.toBe(tokens.RefreshToken);
  });

  it('keeps custom attributes as strings in the ID token, even one whose name ends in _verified', async () => {
    const { poolId: customPool, clientId: customClient } = await t.fixtures.poolWithClient({
      Schema: [{ Name: 'is_verified', AttributeDataType: 'String', Mutable: true }],
    });
    await t.cognito.send(new SignUpCommand({
      ClientId: customClient, Username: 'cus', Password: PASSWORD, UserAttributes: [{ Name: 'custom:is_verified', Value: 'true' }],
    }));
    await t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: customPool, Username: 'cus' }));
    const out = (await t.cognito.send(new InitiateAuthCommand({
      ClientId: customClient, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'cus', PASSWORD },
    }))).AuthenticationResult!;
    expect(partsOf(out.IdToken!).payload['custom:is_verified']).toBe('true');
  });

  it('gives default lifetimes of one hour, and ExpiresIn equal to the access token lifetime', () => {
    const id = partsOf(tokens.IdToken!).payload;
    const access = partsOf(tokens.AccessToken!).payload;
    expect(id.exp - id.iat).toBe(3600);
    expect(access.exp - access.iat).toBe(3600);
    expect(tokens.ExpiresIn).toBe(3600);
  });

  it('takes lifetimes from the client validity and units', async () => {
    const { clientId: shortClient } = await t.fixtures.client(poolId, {
      AccessTokenValidity: 5, IdTokenValidity: 2, TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours' },
    });
    const out = (await t.cognito.send(new InitiateAuthCommand({
      ClientId: shortClient, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD },
    }))).AuthenticationResult!;
    const id = partsOf(out.IdToken!).payload;
    const access = partsOf(out.AccessToken!).payload;
    expect(access.exp - access.iat).toBe(300);
    expect(id.exp - id.iat).toBe(7200);
    expect(out.ExpiresIn).toBe(300);
    expect(id.aud).toBe(shortClient);

    // Validity without units is in hours, as in Cognito.
    const { clientId: hoursClient } = await t.fixtures.client(poolId, { AccessTokenValidity: 2 });
    const hours = (await t.cognito.send(new InitiateAuthCommand({
      ClientId: hoursClient, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD },
    }))).AuthenticationResult!;
    expect(hours.ExpiresIn).toBe(7200);
  });

  it('serves the discovery document with exactly the §6.6 members, consistent with the tokens', async () => {
    const response = await fetch(`${t.url}/${poolId}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, any>;
    expect(Object.keys(doc).sort()).toEqual([
      'authorization_endpoint', 'end_session_endpoint', 'id_token_signing_alg_values_supported', 'issuer', 'jwks_uri',
      'response_types_supported', 'revocation_endpoint', 'scopes_supported', 'subject_types_supported', 'token_endpoint',
      'token_endpoint_auth_methods_supported', 'userinfo_endpoint',
    ]);
    expect(doc.issuer).toBe(partsOf(tokens.IdToken!).payload.iss);
    expect(doc.jwks_uri).toBe(`${t.url}/${poolId}/.well-known/jwks.json`);
    expect(doc).toMatchObject({
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'token'],
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    for (const member of ['authorization_endpoint', 'end_session_endpoint', 'revocation_endpoint', 'token_endpoint', 'userinfo_endpoint']) {
      expect(doc[member]).toMatch(new RegExp(`^${t.url}/`));
    }
    // OpenID Connect Discovery §4.3: issuer + "/.well-known/openid-configuration" is where it was fetched.
    expect(`${doc.issuer}/.well-known/openid-configuration`).toBe(response.url);
    // Browser apps read both documents cross-origin.
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(doc.jwks_uri)).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers 404 for the JWKS and discovery of an unknown pool', async () => {
    for (const path of ['us-east-1_NoSuchPool/.well-known/jwks.json', 'us-east-1_NoSuchPool/.well-known/openid-configuration', 'not a pool/.well-known/jwks.json']) {
      expect((await fetch(`${t.url}/${path}`)).status).toBe(404);
    }
  });

  it('lets GetUser through with the access token', async () => {
    const user = await t.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }));
    expect(user.Username).toBe('ana');
  });

  it('answers a tampered, re-signed, ID or garbage token with "Invalid Access Token"', async () => {
    const [h, p, s] = tokens.AccessToken!.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forge = (claims: object) => Buffer.from(JSON.stringify({ ...payload, ...claims })).toString('base64url');
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', kid: partsOf(tokens.AccessToken!).header.kid })).toString('base64url');
    const bad = [
      `${h}.${forge({ username: 'root' })}.${s}`,
      `${h}.${forge({ exp: payload.exp + 86_400 })}.${s}`,
      `${h}.${p}.${Buffer.from('x'.repeat(256)).toString('base64url')}`,
      `${noneHeader}.${p}.`,
      tokens.IdToken!,
      'not-a-jwt',
      'a.b.c',
    ];
    for (const token of bad) {
      await expect(t.cognito.send(new GetUserCommand({ AccessToken: token }))).rejects.toMatchObject({
        name: 'NotAuthorizedException', message: 'Invalid Access Token', $metadata: { httpStatusCode: 400 },
      });
    }
  });
});

describe('token lifetimes end (clock moved past them)', () => {
  // Its own server: moving the clock hours ahead would also expire every SigV4 signature.
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('refuses an expired access token with "Access Token has expired" and an expired short refresh token', async () => {
    const { poolId } = await t.fixtures.poolWithClient(EMAIL_POOL);
    const { clientId } = await t.fixtures.client(poolId, { RefreshTokenValidity: 60, TokenValidityUnits: { RefreshToken: 'minutes' } });
    const { tokens } = await signedInUser(t, poolId, clientId, 'cy');
    const refresh = () => t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }));
    t.clock.advance(59 * 60_000);
    expect((await t.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))).Username).toBe('cy');
    expect((await refresh()).AuthenticationResult?.AccessToken).toBeTruthy();
    t.clock.advance(2 * 60_000);
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))).rejects.toMatchObject({
      name: 'NotAuthorizedException', message: 'Access Token has expired',
    });
    await expect(refresh()).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has expired' });
  });
});

describe('tokens (issuer mode aws)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { tokens: { issuerMode: 'aws' } } });
  });
  afterAll(() => t.close());

  it('passes CognitoJwtVerifier for ID and access tokens with the JWKS fetched from the server', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient(EMAIL_POOL);
    const { sub, tokens } = await signedInUser(t, poolId, clientId, 'dee');
    const jwks = await (await fetch(`${t.url}/${poolId}/.well-known/jwks.json`)).json();

    const idVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId });
    idVerifier.cacheJwks(jwks as any);
    const id = await idVerifier.verify(tokens.IdToken!);
    expect(id).toMatchObject({ sub, iss: `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`, 'cognito:username': 'dee', email_verified: true });

    const accessVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId, scope: 'aws.cognito.signin.user.admin' });
    accessVerifier.cacheJwks(jwks as any);
    expect(await accessVerifier.verify(tokens.AccessToken!)).toMatchObject({ sub, username: 'dee', client_id: clientId });

    // The wrong token use and the wrong client are refused.
    await expect(idVerifier.verify(tokens.AccessToken!)).rejects.toThrow();
    const wrongClient = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId: 'someotherclient' });
    wrongClient.cacheJwks(jwks as any);
    await expect(wrongClient.verify(tokens.AccessToken!)).rejects.toThrow();

    // GetUser still accepts the AWS-issuer token, and discovery names the same issuer.
    expect((await t.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))).Username).toBe('dee');
    const doc = (await (await fetch(`${t.url}/${poolId}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(doc.issuer).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${poolId}`);
    expect(doc.jwks_uri).toBe(`${t.url}/${poolId}/.well-known/jwks.json`);
  });
});
