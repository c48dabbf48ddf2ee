// SigV4 on admin operations, through the AWS SDK's own signer: each failure is the AWS error for
// it, public operations need no signature and ignore one, and the check can be switched off.
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/core/protocols';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';

const TARGET = 'AWSCognitoIdentityProviderService.';

/** The Checksum the SDK's signer wants, over node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {}
}

interface Signed {
  headers: Record<string, string>;
  body: string;
}

/** Signs a POST / for cognito-idp with the SDK's SignatureV4. */
async function sign(
  url: string, operation: string, body: object, credentials = ADMIN_KEY,
  options: { signingDate?: Date; service?: string; headers?: Record<string, string> } = {},
): Promise<Signed> {
  const { hostname, port } = new URL(url);
  const signer = new SignatureV4({ credentials: { ...credentials }, region: 'us-east-1', service: options.service ?? 'cognito-idp', sha256: Sha256 as any });
  const text = JSON.stringify(body);
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: '/',
    headers: { host: `${hostname}:${port}`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET + operation, ...options.headers },
    body: text,
  });
  const signed = await signer.sign(request, { signingDate: options.signingDate });
  return { headers: signed.headers as Record<string, string>, body: text };
}

async function send(url: string, request: Signed): Promise<{ status: number; body: any }> {
  const { host: _host, ...headers } = request.headers;
  const response = await fetch(`${url}/`, { method: 'POST', headers, body: request.body });
  return { status: response.status, body: await response.json() };
}

describe('SigV4 on admin operations', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('accepts an admin operation signed with the admin key', async () => {
    const poolId = await t.fixtures.pool();
    const { UserPools } = await t.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(UserPools?.map((p) => p.Id)).toContain(poolId);
    const signed = await send(t.url, await sign(t.url, 'ListUserPools', { MaxResults: 10 }));
    expect(signed.status).toBe(200);
  });

  it('answers an unsigned admin operation with MissingAuthenticationTokenException', async () => {
    const response = await fetch(`${t.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}ListUserPools` },
      body: JSON.stringify({ MaxResults: 10 }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^MissingAuthenticationTokenException/);
    expect(await response.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('answers an unknown access key id with UnrecognizedClientException', async () => {
    const client = t.cognitoWith({ accessKeyId: 'AKIDUNKNOWN00000', secretAccessKey: ADMIN_KEY.secretAccessKey });
    await expect(client.send(new ListUserPoolsCommand({ MaxResults: 10 }))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 400 },
    });
    client.destroy();
  });

  it('answers a signature made with the wrong secret with InvalidSignatureException', async () => {
    const client = t.cognitoWith({ accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: 'not-the-right-secret-0000000000' });
    await expect(client.send(new ListUserPoolsCommand({ MaxResults: 10 }))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(/^The request signature we calculated does not match the signature you provided/),
      $metadata: { httpStatusCode: 400 },
    });
    client.destroy();
  });

  it('answers a body changed after signing with InvalidSignatureException', async () => {
    const signed = await sign(t.url, 'ListUserPools', { MaxResults: 10 });
    const response = await send(t.url, { ...signed, body: JSON.stringify({ MaxResults: 11 }) });
    expect(response.status).toBe(400);
    expect(response.body.__type).toBe('InvalidSignatureException');
  });

  it('signs a header value with runs of spaces and tabs as SigV4 does: trimmed, each run one space', async () => {
    const signed = await sign(t.url, 'ListUserPools', { MaxResults: 10 }, ADMIN_KEY, { headers: { 'x-gatehouse-note': 'two  spaces\tand a tab ' } });
    expect(signed.headers.authorization).toContain('x-gatehouse-note');
    expect((await send(t.url, signed)).status).toBe(200);
    // The value with its runs already collapsed is the same canonical value; a changed letter is not.
    const changed = await send(t.url, { ...signed, headers: { ...signed.headers, 'x-gatehouse-note': 'two spaces and a tab' } });
    expect(changed.status).toBe(200);
    const altered = await send(t.url, { ...signed, headers: { ...signed.headers, 'x-gatehouse-note': 'two spaces and a tub' } });
    expect(altered.body.__type).toBe('InvalidSignatureException');
  });

  it('answers a signed header changed after signing with InvalidSignatureException', async () => {
    const signed = await sign(t.url, 'ListUserPools', { MaxResults: 10 });
    const response = await send(t.url, { ...signed, headers: { ...signed.headers, 'x-amz-target': `${TARGET}DescribeUserPool` } });
    expect(response.body.__type).toBe('InvalidSignatureException');
  });

  it('answers an X-Amz-Date more than 5 minutes old with "Signature expired"', async () => {
    const client = new CognitoIdentityProviderClient({
      endpoint: t.url, region: 'us-east-1', credentials: { ...ADMIN_KEY }, maxAttempts: 1, systemClockOffset: -6 * 60_000,
    });
    await expect(client.send(new ListUserPoolsCommand({ MaxResults: 10 }))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z/),
    });
    client.destroy();
  });

  it('answers an X-Amz-Date more than 5 minutes ahead with "Signature expired"', async () => {
    const signed = await sign(t.url, 'ListUserPools', { MaxResults: 10 }, ADMIN_KEY, { signingDate: new Date(t.clock.now() + 6 * 60_000) });
    const response = await send(t.url, signed);
    expect(response.body.__type).toBe('InvalidSignatureException');
    expect(response.body.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now later than/);
  });

  it('accepts an X-Amz-Date within the 5-minute window', async () => {
    const signed = await sign(t.url, 'ListUserPools', { MaxResults: 10 }, ADMIN_KEY, { signingDate: new Date(t.clock.now() - 4 * 60_000) });
    expect((await send(t.url, signed)).status).toBe(200);
  });

  it('answers a signature scoped to another service with InvalidSignatureException', async () => {
    const signed = await sign(t.url, 'ListUserPools', { MaxResults: 10 }, ADMIN_KEY, { service: 'dynamodb' });
    const response = await send(t.url, signed);
    expect(response.body).toEqual({ __type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'cognito-idp'. " });
  });

  it('answers a malformed percent-escape in the query string with InvalidSignatureException, not a 5xx', async () => {
    const signed = await sign(t.url, 'ListUserPools', { MaxResults: 10 });
    const { host: _host, ...headers } = signed.headers;
    const response = await fetch(`${t.url}/?a=%zz`, { method: 'POST', headers, body: signed.body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).__type).toBe('InvalidSignatureException');
  });

  it('answers a malformed Authorization header with IncompleteSignatureException', async () => {
    const response = await fetch(`${t.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}ListUserPools`, authorization: 'AWS4-HMAC-SHA256 Credential=garbage' },
      body: '{"MaxResults":10}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).__type).toBe('IncompleteSignatureException');
  });

  it('lets public operations through unsigned and ignores a signature on them, even a bad one', async () => {
    const { clientId } = await t.fixtures.poolWithClient();
    // 1. Unsigned, through the SDK (it does not sign public operations).
    const unknownKey = t.cognitoWith({ accessKeyId: 'AKIDUNKNOWN00000', secretAccessKey: 'whatever-secret-000000' });
    const out = await unknownKey.send(new SignUpCommand({ ClientId: clientId, Username: 'public-1', Password: 'Passw0rd!' }));
    expect(out.UserSub).toBeTruthy();
    unknownKey.destroy();
    // 2. Signed with an unknown key, as older SDKs do.
    const bogus = await sign(t.url, 'SignUp', { ClientId: clientId, Username: 'public-2', Password: 'Passw0rd!' }, { accessKeyId: 'AKIDUNKNOWN00000', secretAccessKey: 'x'.repeat(20) });
    const response = await send(t.url, bogus);
    expect(response.status).toBe(200);
    expect(response.body.UserSub).toBeTruthy();
  });
});

describe('SigV4 switched off (admin.requireSignature=false)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { admin: { requireSignature: false } } });
  });
  afterAll(() => t.close());

  it('accepts unsigned admin operations', async () => {
    const poolId = await t.fixtures.pool();
    const response = await fetch(`${t.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}ListUserPools` },
      body: JSON.stringify({ MaxResults: 10 }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { UserPools: Array<{ Id: string }> };
    expect(body.UserPools.map((p) => p.Id)).toContain(poolId);
  });
});
