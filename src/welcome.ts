// GET / on the server's own address: the first URL a newcomer opens. A short page saying what runs
// here and where to go next. A Hosted UI host (<prefix>.<baseDomain> or a custom domain) keeps its
// own answer for /.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from './deps.js';

// Static: nothing from the request or the configuration is written into it.
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Gatehouse</title></head>
<body>
<h1>Gatehouse is running</h1>
<p>A self-hosted identity server that speaks the Amazon Cognito User Pools API.</p>
<ul>
<li><a href="/admin">Admin console</a>: sign in with the admin access key.</li>
<li>Cognito API endpoint: this address. Point the AWS SDK or CLI at it (<code>--endpoint-url</code>) with the admin access key as credentials.</li>
<li>The admin access key is printed on the first start and kept in the data folder's <code>secrets.json</code> (or set by <code>GATEHOUSE_ADMIN_ACCESS_KEY_ID</code> and <code>GATEHOUSE_ADMIN_SECRET_ACCESS_KEY</code>).</li>
<li>Codes sent by email or SMS: <code>npx gatehouse outbox</code>.</li>
<li><a href="/health/ready">Readiness</a> and <a href="/health">liveness</a>.</li>
<li>Documentation: the project's <code>README.md</code>; <code>npx gatehouse --help</code> lists the commands.</li>
</ul>
</body>
</html>
`;

async function isHostedUiHost(deps: Deps, request: FastifyRequest): Promise<boolean> {
  const hostname = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (hostname.endsWith(`.${deps.config.hostedUi.baseDomain}`)) return true;
  return hostname.length > 0 && hostname.length <= 255 && (await deps.store.domains.find(hostname))?.custom === true;
}

export async function welcomePlugin(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get('/', async (request, reply) => {
    if (await isHostedUiHost(deps, request)) return reply.callNotFound();
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'")
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(PAGE);
  });
}
