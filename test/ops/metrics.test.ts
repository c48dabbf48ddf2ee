// /metrics (Prometheus text, behind the admin key or on its own port), request ids, readiness.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { AdminCreateUserCommand, InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY, startTestServer, storeKind, type TestServer } from '../helpers/server.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const ADMIN_BASIC = basic(ADMIN_KEY.accessKeyId, ADMIN_KEY.secretAccessKey);

/** The value of one sample line, e.g. sample(text, 'gatehouse_sign_ins_total{result="tokens"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { metrics: { port: 0 } } });
  });
  afterAll(() => t.close());

  it('refuses a scrape without the admin key, or with a wrong secret, with 401 and a Basic challenge', async () => {
    const none = await fetch(`${t.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="gatehouse"');
    const wrong = await fetch(`${t.url}/metrics`, { headers: { authorization: basic(ADMIN_KEY.accessKeyId, 'not-the-secret-at-all') } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('gatehouse_');
  });

  it('counts requests by operation and outcome, sign-ins by result, lockouts and the password-hash queue', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'metrics-user', TemporaryPassword: 'Passw0rd!x', MessageAction: 'SUPPRESS' }));
    // 1. a challenge (new password required), 2. six wrong passwords: the fifth and sixth lock the user.
    const signIn = (password: string) => t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'metrics-user', PASSWORD: password } }));
    expect((await signIn('Passw0rd!x')).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    for (let i = 0; i < 5; i++) await expect(signIn('wrong-password')).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    const response = await fetch(`${t.url}/metrics`, { headers: { authorization: ADMIN_BASIC } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(sample(text, 'gatehouse_request_duration_seconds_count{operation="InitiateAuth",outcome="ok"}')).toBe(1);
    expect(sample(text, 'gatehouse_request_duration_seconds_count{operation="InitiateAuth",outcome="NotAuthorizedException"}')).toBe(5);
    expect(sample(text, 'gatehouse_request_duration_seconds_count{operation="CreateUserPool",outcome="ok"}')).toBe(1);
    expect(sample(text, 'gatehouse_sign_ins_total{result="challenge"}')).toBe(1);
    expect(sample(text, 'gatehouse_sign_ins_total{result="NotAuthorizedException"}')).toBe(5);
    expect(sample(text, 'gatehouse_lockouts_total')).toBe(1);
    expect(sample(text, 'gatehouse_password_hashes_waiting')).toBe(0);
    expect(sample(text, 'gatehouse_password_hashes_running')).toBe(0);
    expect(sample(text, 'gatehouse_store_query_duration_seconds_count')).toBeGreaterThan(0);
    expect(text).toContain('gatehouse_process_resident_memory_bytes');
    // Routes outside the API are counted by their pattern, not their URL.
    expect(text).toMatch(/gatehouse_request_duration_seconds_count\{operation="GET \/metrics",outcome="401"\} 2/);
    if (storeKind === 'postgres') expect(sample(text, 'gatehouse_store_connections{state="total"}')).toBeGreaterThan(0);
  });

  it('serves the same metrics without authentication on metrics.port, and nothing else there', async () => {
    const metricsUrl = t.server.metricsUrl!;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('gatehouse_request_duration_seconds_bucket');
    expect((await fetch(`${metricsUrl}/`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/_gatehouse/outbox`)).status).toBe(404);
  });
});

describe('trigger metrics', () => {
  it('counts Lambda trigger invocations by trigger and outcome', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-metrics-trigger-'));
    writeFileSync(join(dir, 'pre-sign-up.mjs'), `export const handler = async (event) => { if (event.userName.startsWith('no')) throw new Error('refused'); return event; };`);
    const t = await startTestServer({ config: { triggers: { functions: { gate: { module: join(dir, 'pre-sign-up.mjs'), export: 'handler' } } } } });
    try {
      const { clientId } = await t.fixtures.poolWithClient({ LambdaConfig: { PreSignUp: 'gate' } });
      await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'yes-1', Password: 'Passw0rd!x' }));
      await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'yes-2', Password: 'Passw0rd!x' }));
      await expect(t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'no-1', Password: 'Passw0rd!x' }))).rejects.toMatchObject({ name: 'UserLambdaValidationException' });
      const text = await (await fetch(`${t.url}/metrics`, { headers: { authorization: ADMIN_BASIC } })).text();
      expect(sample(text, 'gatehouse_trigger_duration_seconds_count{trigger="PreSignUp",outcome="ok"}')).toBe(2);
      expect(sample(text, 'gatehouse_trigger_duration_seconds_count{trigger="PreSignUp",outcome="UserLambdaValidationException"}')).toBe(1);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('request ids', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('answers every request with an X-Request-Id, the same id as x-amzn-requestid on the API', async () => {
    const health = await fetch(`${t.url}/health`);
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const api = await fetch(t.url, { method: 'POST', headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.Nope', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(api.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.headers.get('x-amzn-requestid')).toBe(api.headers.get('x-request-id'));
    expect(api.headers.get('x-request-id')).not.toBe(health.headers.get('x-request-id'));
  });

  it('keeps a sane incoming X-Request-Id and replaces one that could forge headers or log lines', async () => {
    const kept = await fetch(`${t.url}/health`, { headers: { 'x-request-id': 'lb-7f3a.42:trace=1' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.42:trace=1');
    for (const bad of ['has space', 'x'.repeat(129), 'quote"s', 'new\tline']) {
      const replaced = await fetch(`${t.url}/health`, { headers: { 'x-request-id': bad } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('counts an API request whose client went away mid-body as aborted', async () => {
    const { hostname, port } = new URL(t.url);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const head = 'POST / HTTP/1.1\r\nHost: gatehouse\r\nContent-Type: application/x-amz-json-1.1\r\n'
      + 'X-Amz-Target: AWSCognitoIdentityProviderService.GetUser\r\nContent-Length: 1000\r\n\r\n{"AccessToken":';
    await new Promise<void>((resolve) => socket.write(head, () => resolve()));
    socket.destroy();
    const series = 'gatehouse_request_duration_seconds_count{operation="POST /",outcome="aborted"}';
    const deadline = Date.now() + 10_000;
    let count: number | undefined;
    while (count === undefined && Date.now() < deadline) {
      count = sample(await (await fetch(`${t.url}/metrics`, { headers: { authorization: ADMIN_BASIC } })).text(), series);
    }
    expect(count).toBe(1);
  });
});

describe('readiness and liveness', () => {
  it('/health stays 200 while /health/ready answers 503 once the store is closed', async () => {
    const t = await startTestServer();
    try {
      expect((await fetch(`${t.url}/health/ready`)).status).toBe(200);
      await t.server.deps.store.close();
      const ready = await fetch(`${t.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', store: storeKind });
      const live = await fetch(`${t.url}/health`);
      expect(live.status).toBe(200);
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
