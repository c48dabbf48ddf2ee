// The JSON protocol itself, driven with raw fetch: body parsing, member validation, unknown targets,
// request ids and CORS. Every failure must be a Cognito-shaped 4xx, never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';

const TARGET = 'AWSCognitoIdentityProviderService.';

interface RawResponse {
  status: number;
  headers: Headers;
  body: any;
}

describe('the x-amz-json-1.1 protocol', () => {
  let t: TestServer;
  let clientId: string;

  /** A raw POST / ; public operations need no signature, so these reach validation and handlers. */
  async function call(operation: string | undefined, body: string | undefined, contentType = 'application/x-amz-json-1.1'): Promise<RawResponse> {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (operation !== undefined) headers['x-amz-target'] = operation.includes('.') ? operation : TARGET + operation;
    const response = await fetch(`${t.url}/`, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  /** The Cognito error shape: status, body {__type, message} and the x-amzn-errortype header naming the same type. */
  function expectError(response: RawResponse, type: string, status = 400): void {
    expect(response.status).toBe(status);
    expect(Object.keys(response.body).sort()).toEqual(['__type', 'message']);
    expect(response.body.__type).toBe(type);
    expect(typeof response.body.message).toBe('string');
    expect(response.headers.get('x-amzn-errortype')?.split(':')[0]).toBe(type);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
  }

  beforeAll(async () => {
    t = await startTestServer();
    ({ clientId } = await t.fixtures.poolWithClient());
  });
  afterAll(() => t.close());

  it('answers malformed JSON with 400 SerializationException', async () => {
    expectError(await call('SignUp', '{"ClientId": "abc",'), 'SerializationException');
    expectError(await call('SignUp', 'not json at all'), 'SerializationException');
  });

  it('answers a body that is a JSON array, number, string or null with 400 SerializationException', async () => {
    for (const body of ['[]', '[{"ClientId":"x"}]', '42', '"text"', 'null', 'true']) {
      expectError(await call('SignUp', body), 'SerializationException');
    }
  });

  it('answers members of the wrong type with InvalidParameterException naming the member', async () => {
    const response = await call('SignUp', JSON.stringify({ ClientId: clientId, Username: 5, Password: 'Passw0rd!' }));
    expectError(response, 'InvalidParameterException');
    expect(response.body.message).toContain("'username'");

    for (const body of [
      { ClientId: clientId, Username: { nested: true }, Password: 'Passw0rd!' },
      { ClientId: clientId, Username: ['ana'], Password: 'Passw0rd!' },
      { ClientId: clientId, Username: null, Password: 'Passw0rd!' },
      { ClientId: clientId, Username: 'ana', Password: 'Passw0rd!', UserAttributes: 'email=a@b.c' },
      { ClientId: clientId, Username: 'ana', Password: 'Passw0rd!', UserAttributes: [{ Name: 7 }] },
      { ClientId: 12345, Username: 'ana', Password: 'Passw0rd!' },
    ]) {
      expectError(await call('SignUp', JSON.stringify(body)), 'InvalidParameterException');
    }
    expectError(await call('InitiateAuth', JSON.stringify({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 1 } })), 'InvalidParameterException');
    expectError(await call('InitiateAuth', JSON.stringify({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: [] })), 'InvalidParameterException');
  });

  it('answers a 129-character username with InvalidParameterException about its length, without echoing the value', async () => {
    const username = 'u'.repeat(129);
    const response = await call('SignUp', JSON.stringify({ ClientId: clientId, Username: username, Password: 'Passw0rd!' }));
    expectError(response, 'InvalidParameterException');
    expect(response.body.message).toMatch(/username.*length less than or equal to 128/);
    expect(response.body.message).not.toContain(username);
  });

  it('names list members the way Cognito does, with a 1-based index', async () => {
    const response = await call('SignUp', JSON.stringify({
      ClientId: clientId, Username: 'ana', Password: 'Passw0rd!',
      UserAttributes: [{ Name: 'email', Value: 'a@b.c' }, { Name: 'name', Value: 'v'.repeat(2049) }],
    }));
    expectError(response, 'InvalidParameterException');
    expect(response.body.message).toBe("1 validation error detected: Value at 'userAttributes.2.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048");
  });

  it('never echoes a password in a validation error', async () => {
    const password = `Secret-${'p'.repeat(300)}`;
    const response = await call('SignUp', JSON.stringify({ ClientId: clientId, Username: 'ana', Password: password }));
    expectError(response, 'InvalidParameterException');
    expect(JSON.stringify(response.body)).not.toContain('Secret-');
  });

  it('answers a 300 KB body with 413 and the Cognito error shape', async () => {
    const body = JSON.stringify({ ClientId: clientId, Username: 'ana', Password: 'x', ClientMetadata: { big: 'a'.repeat(300 * 1024) } });
    const response = await call('SignUp', body);
    expectError(response, 'SerializationException', 413);
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
  });

  it('answers deeply nested JSON with a 4xx, not a 5xx', async () => {
    const depth = 50_000;
    const body = `{"ClientId":"${clientId}","ClientMetadata":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const response = await call('SignUp', body);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body.__type).toMatch(/Exception$/);
  });

  it('treats Object.prototype names in targets, flows and challenge names as unknown, never as code', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expectError(await call(name, '{}'), 'UnknownOperationException');
      const flow = await call('InitiateAuth', JSON.stringify({ ClientId: clientId, AuthFlow: name, AuthParameters: {} }));
      expectError(flow, 'InvalidParameterException');
      const challenge = await call('RespondToAuthChallenge', JSON.stringify({ ClientId: clientId, ChallengeName: name, Session: 's'.repeat(40), ChallengeResponses: {} }));
      expectError(challenge, 'InvalidParameterException');
      expect(JSON.stringify(challenge.body)).not.toContain(ADMIN_KEY.secretAccessKey);
    }
  });

  it('treats Object.prototype names as member values and keys like any other string', async () => {
    const body = '{"__proto__":{"polluted":true},"constructor":{"x":1},"ClientId":"' + clientId + '","Username":"proto-user","Password":"Passw0rd!","ClientMetadata":{"__proto__":"x"}}';
    const response = await call('SignUp', body);
    expect(response.status).toBe(200);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('refuses a U+0000 character in any string member with InvalidParameterException on every store', async () => {
    const nul = 'a\u0000b';
    const signUp = await call('SignUp', JSON.stringify({ ClientId: clientId, Username: 'nul-user', Password: 'Passw0rd!', UserAttributes: [{ Name: 'name', Value: nul }] }));
    expectError(signUp, 'InvalidParameterException');
    expect(signUp.body.message).toContain("'userAttributes.1.member.value'");
    expectError(await call('InitiateAuth', JSON.stringify({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: nul, PASSWORD: 'x' } })), 'InvalidParameterException');
    expectError(await call('InitiateAuth', JSON.stringify({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { [nul]: 'x' } })), 'InvalidParameterException');
    const poolId = await t.fixtures.pool();
    await expect(t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'nul-group', Description: nul })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
  });

  it('refuses Object.prototype names as attribute names', async () => {
    for (const name of ['__proto__', 'constructor', 'toString']) {
      const body = JSON.stringify({ ClientId: clientId, Username: `attr-${name.replace(/_/g, '')}`, Password: 'Passw0rd!', UserAttributes: [{ Name: name, Value: 'x' }] });
      expectError(await call('SignUp', body), 'InvalidParameterException');
    }
  });

  it('answers an unknown operation and a foreign service prefix with UnknownOperationException', async () => {
    expectError(await call('NoSuchOperation', '{}'), 'UnknownOperationException');
    expectError(await call('DynamoDB_20120810.ListTables', '{}'), 'UnknownOperationException');
    expectError(await call(TARGET, '{}'), 'UnknownOperationException');
  });

  it('answers a request without X-Amz-Target with UnknownOperationException', async () => {
    expectError(await call(undefined, '{}'), 'UnknownOperationException');
  });

  it('answers an empty body on an operation with required members with InvalidParameterException', async () => {
    for (const body of [undefined, '', '{}']) {
      const response = await call('SignUp', body);
      expectError(response, 'InvalidParameterException');
      // Cognito: "Value null at '<member>'" for a missing required member.
      expect(response.body.message).toMatch(/^1 validation error detected: Value null at '\w+' failed to satisfy constraint: Member must not be null$/);
    }
  });

  it('sets a distinct x-amzn-requestid on every response, success or error', async () => {
    const responses = [
      await call('SignUp', JSON.stringify({ ClientId: clientId, Username: 'rid-user', Password: 'Passw0rd!' })),
      await call('SignUp', '{'),
      await call('NoSuchOperation', '{}'),
      await call(undefined, undefined),
    ];
    expect(responses[0].status).toBe(200);
    const ids = responses.map((r) => r.headers.get('x-amzn-requestid'));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
    const preflight = await fetch(`${t.url}/`, { method: 'OPTIONS' });
    expect(preflight.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers the CORS preflight with the AWS headers allowed and the request id exposed', async () => {
    const response = await fetch(`${t.url}/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent',
      },
    });
    expect(response.status).toBeLessThan(300);
    const allowed = response.headers.get('access-control-allow-headers')!.split(',').map((h) => h.trim().toLowerCase());
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'x-amz-target', 'x-amz-user-agent', 'authorization', 'x-amz-date']));
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-origin')).toBeTruthy();
    const exposed = response.headers.get('access-control-expose-headers')!.split(',').map((h) => h.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(['x-amzn-requestid', 'x-amzn-errortype']));
  });

  it('exposes the CORS headers on operation responses to a browser (a request with an Origin), and sends none without one', async () => {
    for (const operation of ['NoSuchOperation', 'SignUp']) {
      const response = await fetch(`${t.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET + operation, origin: 'http://localhost:3000' },
        body: '{}',
      });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-expose-headers')).toContain('x-amzn-requestid');
      // The preflight's members are the preflight's alone.
      expect(response.headers.get('access-control-allow-headers')).toBeNull();
    }
    const serverToServer = await call('NoSuchOperation', '{}');
    expect(serverToServer.headers.get('access-control-allow-origin')).toBeNull();
    expect(serverToServer.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts application/json and text/plain bodies as well as x-amz-json-1.1', async () => {
    const ok = await call('SignUp', JSON.stringify({ ClientId: clientId, Username: 'json-user', Password: 'Passw0rd!' }), 'application/json');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(ok.body.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    const plain = await call('SignUp', JSON.stringify({ ClientId: clientId, Username: 'plain-user', Password: 'Passw0rd!' }), 'text/plain;charset=UTF-8');
    expect(plain.status).toBe(200);
    const charset = await call('SignUp', JSON.stringify({ ClientId: clientId, Username: 'charset-user', Password: 'Passw0rd!' }), 'application/x-amz-json-1.1; charset=utf-8');
    expect(charset.status).toBe(200);
  });

  it('ignores a query string on POST /', async () => {
    const response = await fetch(`${t.url}/?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}NoSuchOperation` },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).__type).toBe('UnknownOperationException');
  });

  it('answers a successful operation with 200, the x-amz-json-1.1 content type and no null members', async () => {
    const response = await call('SignUp', JSON.stringify({ ClientId: clientId, Username: 'shape-user', Password: 'Passw0rd!' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(Object.values(response.body)).not.toContain(null);
    expect(response.body.UserConfirmed).toBe(false);
  });
});
