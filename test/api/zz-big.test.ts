import { it } from 'vitest';
import { request } from 'node:http';
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer } from '../helpers/server.js';
const log = (s: string) => process.stderr.write(`RESULT ${s}\n`);
it('big', async () => {
  const t = await startTestServer();
  const { hostname, port } = new URL(t.url);
  for (let i = 0; i < 3; i++) for (const size of [1 << 20, 20 << 20]) {
    try {
      const r = await fetch(t.url + '/', { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' }, body: Buffer.alloc(size, 'a') });
      log(`fetch ${size} ${r.status} ${await r.text()}`);
    } catch (e: any) { log(`fetch ${size} ERROR ${e.message} ${e.cause?.code}`); }
    // chunked
    const res = await new Promise<any>((resolve) => {
      const req = request({ host: hostname, port, method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' } }, (r) => {
        let d = ''; r.on('data', (c) => (d += c)); r.on('end', () => resolve({ status: r.statusCode, d }));
      });
      req.on('error', (e) => resolve({ error: e.message }));
      for (let k = 0; k < size / 65536; k++) req.write(Buffer.alloc(65536, 'a'));
      req.end();
    });
    log(`chunked ${size} ${JSON.stringify(res)}`);
    const sdk = new CognitoIdentityProviderClient({ endpoint: t.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    try { await sdk.send(new SignUpCommand({ ClientId: 'abc', Username: 'ana', Password: 'x', ClientMetadata: { a: 'a'.repeat(size) } })); }
    catch (e: any) { log(`sdk ${size} ${e.name} ${e.$metadata?.httpStatusCode} ${e.message} ${e.code ?? ''}`); }
  }
  await t.close();
}, 120000);
