// The first URLs a newcomer or an orchestrator opens: / leads to the console, /health says the
// process is up, /health/ready whether it can serve (its store answers).
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, Socket } from 'node:net';
import { request } from 'node:http';
import { createTestDatabase, testDatabaseUrl } from '../helpers/postgres.js';
import { startTestServer, storeKind, type TestServer } from '../helpers/server.js';

/** GET with a chosen Host header (fetch does not let a caller set one). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('/ and /health', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('GET / on the server\'s address is a page pointing at the admin console, the endpoint and the key; a Hosted UI host keeps its 404', async () => {
    const t = await startTestServer();
    servers.push(t);
    const page = await fetch(`${t.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'");
    const text = await page.text();
    expect(text).toContain('<a href="/admin">Admin console</a>');
    expect(text).toContain('secrets.json');
    expect(text).toContain('--endpoint-url');
    // The console link leads to its sign-in page.
    expect((await fetch(`${t.url}/admin`)).status).toBe(200);

    const poolId = await t.fixtures.pool();
    const { CreateUserPoolDomainCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'rootpage' }));
    const hosted = await getWithHost(`${t.url}/`, `rootpage.auth.localhost:${new URL(t.url).port}`);
    expect(hosted.status).toBe(404);
    expect(hosted.body).not.toContain('Gatehouse is running');
  });

  it(`/health and /health/ready answer 200 with a reachable store (${storeKind})`, async () => {
    const t = await startTestServer();
    servers.push(t);
    expect(await (await fetch(`${t.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', store: storeKind });
  });

  it.skipIf(!testDatabaseUrl)('/health/ready answers 503 while PostgreSQL cannot be reached, /health stays 200, and ready again once it can', { timeout: 60_000 }, async () => {
    // Gatehouse reaches PostgreSQL through a TCP relay the test can cut.
    const database = await createTestDatabase();
    const target = new URL(database.url);
    const sockets = new Set<Socket>();
    let open = true;
    const relay = createServer((client) => {
      if (!open) return client.destroy();
      const upstream = new Socket();
      upstream.connect(Number(target.port || 5432), target.hostname);
      client.pipe(upstream).pipe(client);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => s.destroy());
        s.on('close', () => sockets.delete(s));
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayed = new URL(database.url);
    relayed.hostname = '127.0.0.1';
    relayed.port = String((relay.address() as { port: number }).port);
    const t = await startTestServer({ databaseUrl: relayed.toString() });
    try {
      expect((await fetch(`${t.url}/health/ready`)).status).toBe(200);

      open = false;
      for (const s of sockets) s.destroy();
      const down = await fetch(`${t.url}/health/ready`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'unavailable', store: 'postgres' });
      expect((await fetch(`${t.url}/health`)).status).toBe(200);

      open = true;
      expect((await fetch(`${t.url}/health/ready`)).status).toBe(200);
    } finally {
      await t.close();
      relay.close();
      for (const s of sockets) s.destroy();
      await database.drop();
    }
  });
});
