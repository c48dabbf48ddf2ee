// The pool's domain: choose a prefix (with an availability check: DescribeUserPoolDomain of the
// prefix), create or delete it, and see the Hosted UI's URLs for every app client.
import { html } from '../../web/html.js';
import { CognitoError } from '../../cognito/errors.js';
import { checkDomainName } from '../../domain/domains.js';
import type { ConsoleContext } from '../context.js';
import type { OperationOutput } from '../invoke.js';
import { defineRoutes } from '../route.js';
import { poolPath } from '../nav.js';
import { csrfInput, details, hidden, postForm, table, textField } from '../views/components.js';
import { clientLoginUrl, clientLogoutUrl, hostedUiBases, wellKnownUrls } from '../hosted-ui-links.js';

const domainPath = (poolId: string): string => poolPath(poolId, '/domain');

/** Whether a prefix can be taken: its format, then whether a pool already has it. */
async function availability(ctx: ConsoleContext, prefix: string): Promise<{ free: boolean; message: string }> {
  try {
    checkDomainName(prefix, false);
  } catch (error) {
    if (error instanceof CognitoError) return { free: false, message: error.message };
    throw error;
  }
  const { DomainDescription } = await ctx.invoke('DescribeUserPoolDomain', { Domain: prefix });
  if (DomainDescription?.UserPoolId) {
    return { free: false, message: DomainDescription.UserPoolId === ctx.params.poolId ? `${prefix} is already this pool's domain.` : `${prefix} is taken by another user pool.` };
  }
  return { free: true, message: `${prefix} is available.` };
}

async function domainPage(ctx: ConsoleContext, options: { prefix?: string; error?: string; notice?: string; status?: number } = {}) {
  const { UserPool: pool } = await ctx.invoke('DescribeUserPool', { UserPoolId: ctx.params.poolId });
  const clients = (await ctx.invoke('ListUserPoolClients', { UserPoolId: pool.Id, MaxResults: 60 })).UserPoolClients as OperationOutput[];
  const described = await Promise.all(clients.map(async (c) => (await ctx.invoke('DescribeUserPoolClient', { UserPoolId: pool.Id, ClientId: c.ClientId })).UserPoolClient as OperationOutput));
  const bases = hostedUiBases(ctx.deps, pool.Id, pool.Domain);
  const known = wellKnownUrls(ctx.deps, pool.Id);
  const mono = (text: string) => html`<span class="mono">${text}</span>`;
  const current = pool.Domain
    ? html`${details([['Prefix', mono(pool.Domain)], ...bases.map((b): [string, ReturnType<typeof mono>] => [b.label, mono(b.base)])])}
<div class="actions">${postForm(ctx.session!.csrf, `${domainPath(pool.Id)}/delete`, html`<input type="hidden" name="domain" value="${pool.Domain}">`, 'Delete domain', { secondary: true })}</div>`
    : html`<p>The pool has no domain: its Hosted UI is served under its path on this server (${mono(bases[0].base)}). Choose a prefix to also serve it at ${mono(`<prefix>.${ctx.deps.config.hostedUi.baseDomain}`)}.</p>
<form method="post" action="${domainPath(pool.Id)}">
${csrfInput(ctx.session!.csrf)}
${textField({ name: 'prefix', label: 'Domain prefix', value: options.prefix, required: true, hint: 'Lower-case letters, digits and hyphens; not "aws", "amazon" or "cognito".' })}
<div class="actions"><button type="submit" name="action" value="check" class="secondary">Check availability</button>
<button type="submit" name="action" value="create">Create domain</button></div>
</form>`;
  const rows = described.map((c) => {
    const login = clientLoginUrl(bases[0].base, c);
    const logout = clientLogoutUrl(bases[0].base, c);
    return [
      html`<a href="${poolPath(pool.Id, `/clients/${c.ClientId}`)}">${c.ClientName}</a>`,
      login.url ? html`<a class="mono" href="${login.url}">${login.url}</a>` : html`<span class="hint">${login.reason}</span>`,
      logout ? mono(logout) : '—',
    ];
  });
  return ctx.render({ title: 'Domain', section: 'domain', pool: { id: pool.Id, name: pool.Name }, error: options.error, notice: options.notice }, html`
${current}
<h2>Hosted UI sign-in and sign-out URLs</h2>
${table(['App client', 'Sign-in URL', 'Sign-out URL'], rows, 'No app client yet.')}
<h2>OpenID Connect</h2>
${details([['Issuer', mono(ctx.deps.issuer(pool.Id))], ['Discovery', mono(known.discovery)], ['JWKS', mono(known.jwks)]])}`, options.status);
}

export const domainRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/domain', async handler(ctx) {
      return domainPage(ctx);
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/domain', async handler(ctx) {
      const prefix = (ctx.form.get('prefix') ?? '').toLowerCase();
      if (ctx.form.get('action') === 'check') {
        const result = await availability(ctx, prefix);
        return domainPage(ctx, { prefix, ...(result.free ? { notice: result.message } : { error: result.message }) });
      }
      const created = await ctx.attempt('CreateUserPoolDomain', { UserPoolId: ctx.params.poolId, Domain: prefix });
      if (created.error) return domainPage(ctx, { prefix, error: created.error.message, status: 400 });
      return ctx.redirect(domainPath(ctx.params.poolId), `Domain ${prefix} created.`);
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/domain/delete', async handler(ctx) {
      const domain = ctx.form.get('domain') ?? '';
      if (ctx.form.get('confirm') !== 'yes') {
        const { UserPool: pool } = await ctx.invoke('DescribeUserPool', { UserPoolId: ctx.params.poolId });
        return ctx.render({ title: `Delete the domain ${domain}?`, section: 'domain', pool: { id: pool.Id, name: pool.Name } }, html`
<p class="warning">Apps that send users to ${domain}.${ctx.deps.config.hostedUi.baseDomain} will no longer reach the Hosted UI there (the pool's path on this server keeps working). Another pool may then take the prefix.</p>
<div class="actions">${postForm(ctx.session!.csrf, `${domainPath(pool.Id)}/delete`, html`${hidden('domain', domain)}${hidden('confirm', 'yes')}`, 'Delete domain', { danger: true })}
<a href="${domainPath(pool.Id)}">Cancel</a></div>`);
      }
      const deleted = await ctx.attempt('DeleteUserPoolDomain', { UserPoolId: ctx.params.poolId, Domain: domain });
      if (deleted.error) return domainPage(ctx, { error: deleted.error.message, status: 400 });
      return ctx.redirect(domainPath(ctx.params.poolId), `Domain ${domain} deleted.`);
    },
  },
]);
