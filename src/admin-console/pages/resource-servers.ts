// Resource servers: list, create (identifier, name, scopes one per line as `name description`),
// edit (UpdateResourceServer replaces the name and every scope) and delete with confirmation.
// Their scopes are the custom scopes `<identifier>/<scope>` app clients may be allowed.
import { html } from '../../hosted-ui/views/html.js';
import type { ConsoleContext } from '../context.js';
import type { OperationOutput } from '../invoke.js';
import { defineRoutes } from '../route.js';
import { namedPath, poolPath } from '../nav.js';
import { loadPoolFrame, type PoolFrame } from '../pool-frame.js';
import { details, nextPage, postForm, table, textArea, textField } from '../views/components.js';
import { confirmDeletePage, isConfirmed } from '../views/confirm.js';

const serversPath = (poolId: string, rest = ''): string => poolPath(poolId, `/resource-servers${rest}`);
const serverPath = (poolId: string, identifier: string, rest = ''): string => namedPath(poolId, 'resource-server', identifier, rest);

interface Scope {
  ScopeName: string;
  ScopeDescription: string;
}

/** "read Read the orders" per line → a scope; a line with a name only describes itself. */
export function parseScopes(text: string): Scope[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((line) => {
    const space = line.search(/\s/);
    if (space < 0) return { ScopeName: line, ScopeDescription: line };
    return { ScopeName: line.slice(0, space), ScopeDescription: line.slice(space).trim() };
  });
}

const formatScopes = (scopes: Scope[] | undefined): string => (scopes ?? []).map((s) => `${s.ScopeName} ${s.ScopeDescription}`).join('\n');

interface ServerValues {
  identifier: string;
  name: string;
  scopes: string;
}

function serverForm(ctx: ConsoleContext, frame: PoolFrame['frame'], v: ServerValues, mode: 'create' | 'edit', error?: string) {
  const fields = html`
${mode === 'create'
    ? textField({ name: 'identifier', label: 'Identifier', value: v.identifier, required: true, placeholder: 'https://api.example.com', hint: 'Usually the API\'s URL; the scope prefix. Fixed once created.' })
    : html`<p>Identifier: <span class="mono">${v.identifier}</span></p>`}
${textField({ name: 'name', label: 'Name', value: v.name, required: true })}
${textArea({ name: 'scopes', label: 'Scopes', value: v.scopes, hint: 'One per line: the scope name, a space, its description (e.g. "orders.read Read the orders").' })}`;
  const action = mode === 'create' ? poolPath(frame.id, '/new-resource-server') : serverPath(frame.id, v.identifier, '/edit');
  return ctx.render({ title: mode === 'create' ? 'Create a resource server' : `Edit ${v.name}`, section: 'resource-servers', pool: frame, error },
    postForm(ctx.session!.csrf, action, fields, mode === 'create' ? 'Create resource server' : 'Save changes'), error ? 400 : 200);
}

async function loadServer(ctx: ConsoleContext): Promise<PoolFrame & { server: OperationOutput }> {
  const frame = await loadPoolFrame(ctx);
  const { ResourceServer: server } = await ctx.invoke('DescribeResourceServer', { UserPoolId: frame.pool.Id, Identifier: ctx.query.name ?? '' });
  return { ...frame, server };
}

export const resourceServerRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/resource-servers', async handler(ctx) {
      const { pool, frame } = await loadPoolFrame(ctx);
      const out = await ctx.invoke('ListResourceServers', { UserPoolId: pool.Id, MaxResults: 50, ...(ctx.query.next && { NextToken: ctx.query.next }) });
      const rows = (out.ResourceServers as OperationOutput[]).map((s) => [
        html`<a href="${serverPath(pool.Id, s.Identifier)}">${s.Name}</a>`,
        html`<span class="mono">${s.Identifier}</span>`,
        html`${((s.Scopes ?? []) as Scope[]).map((scope, i) => html`${i ? html`<br>` : ''}<span class="mono">${s.Identifier}/${scope.ScopeName}</span>`)}`,
      ]);
      return ctx.render({ title: 'Resource servers', section: 'resource-servers', pool: frame }, html`
<p class="actions"><a class="button" href="${poolPath(pool.Id, '/new-resource-server')}">Create resource server</a></p>
<p class="hint">A resource server's scopes can be allowed to app clients as custom OAuth scopes.</p>
${table(['Name', 'Identifier', 'Scopes'], rows, 'No resource server yet.')}
${nextPage(serversPath(pool.Id), out.NextToken ? { next: out.NextToken } : undefined)}`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/new-resource-server', async handler(ctx) {
      return serverForm(ctx, (await loadPoolFrame(ctx)).frame, { identifier: '', name: '', scopes: '' }, 'create');
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/new-resource-server', async handler(ctx) {
      const { frame } = await loadPoolFrame(ctx);
      const v = { identifier: ctx.form.get('identifier') ?? '', name: ctx.form.get('name') ?? '', scopes: ctx.form.get('scopes') ?? '' };
      const created = await ctx.attempt('CreateResourceServer', { UserPoolId: frame.id, Identifier: v.identifier, Name: v.name, Scopes: parseScopes(v.scopes) });
      if (created.error) return serverForm(ctx, frame, v, 'create', created.error.message);
      return ctx.redirect(serverPath(frame.id, v.identifier), `Resource server ${v.name} created.`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/resource-server', async handler(ctx) {
      const { frame, server } = await loadServer(ctx);
      const scopes = (server.Scopes ?? []) as Scope[];
      return ctx.render({ title: server.Name, section: 'resource-servers', pool: frame }, html`
<p class="actions"><a class="button" href="${serverPath(frame.id, server.Identifier, '/edit')}">Edit</a>
<a class="button secondary" href="${serverPath(frame.id, server.Identifier, '/delete')}">Delete</a></p>
${details([['Identifier', html`<span class="mono">${server.Identifier}</span>`], ['Name', server.Name]])}
<h2>Scopes</h2>
${table(['Scope', 'Description'], scopes.map((s) => [html`<span class="mono">${server.Identifier}/${s.ScopeName}</span>`, s.ScopeDescription]), 'No scope.')}`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/resource-server/edit', async handler(ctx) {
      const { frame, server } = await loadServer(ctx);
      return serverForm(ctx, frame, { identifier: server.Identifier, name: server.Name, scopes: formatScopes(server.Scopes) }, 'edit');
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/resource-server/edit', async handler(ctx) {
      const { frame, server } = await loadServer(ctx);
      const v = { identifier: server.Identifier as string, name: ctx.form.get('name') ?? '', scopes: ctx.form.get('scopes') ?? '' };
      const updated = await ctx.attempt('UpdateResourceServer', { UserPoolId: frame.id, Identifier: v.identifier, Name: v.name, Scopes: parseScopes(v.scopes) });
      if (updated.error) return serverForm(ctx, frame, v, 'edit', updated.error.message);
      return ctx.redirect(serverPath(frame.id, v.identifier), 'Resource server saved.');
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/resource-server/delete', async handler(ctx) {
      const { frame, server } = await loadServer(ctx);
      return confirmDeletePage(ctx, {
        title: `Delete ${server.Name}?`, section: 'resource-servers', pool: frame,
        warning: 'The resource server and its scopes are deleted. App clients that allow its scopes should be edited too.',
        action: serverPath(frame.id, server.Identifier, '/delete'), submit: 'Delete resource server', cancel: serverPath(frame.id, server.Identifier),
      });
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/resource-server/delete', async handler(ctx) {
      const { frame, server } = await loadServer(ctx);
      if (!isConfirmed(ctx)) return ctx.redirect(serverPath(frame.id, server.Identifier, '/delete'));
      await ctx.invoke('DeleteResourceServer', { UserPoolId: frame.id, Identifier: server.Identifier });
      return ctx.redirect(serversPath(frame.id), `Resource server ${server.Name} deleted.`);
    },
  },
]);
