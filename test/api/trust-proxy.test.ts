// server.trustProxy: behind a configured reverse proxy the client address comes from
// X-Forwarded-For (so the per-address sign-in limit is per real client) and https from
// X-Forwarded-Proto (Secure cookies); from anyone else those headers are ignored, so a forged
// X-Forwarded-For cannot escape the limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';

/** Posts a failed console sign-in as the given forwarded client; returns the status. */
async function failedSignIn(t: TestServer, headers: Record<string, string>): Promise<number> {
  const page = await fetch(`${t.url}/admin/login`, { headers });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const cookie = page.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const body = new URLSearchParams({ _csrf: csrf, method: 'key', accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: 'wrong-secret-value' });
  const response = await fetch(`${t.url}/admin/login`, {
    method: 'POST', redirect: 'manual', body,
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  await response.text();
  return response.status;
}

describe('server.trustProxy', () => {
  let trusting: TestServer;
  let direct: TestServer;
  beforeAll(async () => {
    trusting = await startTestServer({ config: { server: { trustProxy: '127.0.0.1' } } });
    direct = await startTestServer();
  });
  afterAll(async () => {
    await trusting?.close();
    await direct?.close();
  });

  it('limits sign-ins per forwarded client behind a trusted proxy', async () => {
    for (let i = 0; i < 10; i++) expect(await failedSignIn(trusting, { 'x-forwarded-for': '203.0.113.7' })).toBe(401);
    expect(await failedSignIn(trusting, { 'x-forwarded-for': '203.0.113.7' })).toBe(429);
    // Another client behind the same proxy is not locked out by the first one.
    expect(await failedSignIn(trusting, { 'x-forwarded-for': '198.51.100.9' })).toBe(401);
  });

  it('ignores X-Forwarded-For from a peer that is not a configured proxy', async () => {
    for (let i = 0; i < 10; i++) expect(await failedSignIn(direct, { 'x-forwarded-for': `203.0.113.${i}` })).toBe(401);
    expect(await failedSignIn(direct, { 'x-forwarded-for': '198.51.100.200' })).toBe(429);
  });

  it('sets Secure cookies when the trusted proxy says the client came over https, and only then', async () => {
    const viaProxy = await fetch(`${trusting.url}/admin/login`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.1' } });
    expect(viaProxy.headers.getSetCookie().join('\n')).toMatch(/XSRF-TOKEN=[^;]+;.*Secure/);
    const forged = await fetch(`${direct.url}/admin/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(forged.headers.getSetCookie().join('\n')).not.toMatch(/Secure/);
  });
});
