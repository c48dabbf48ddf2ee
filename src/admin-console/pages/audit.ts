// The audit log: every change made in the console or by an admin-signed API call, newest first,
// filtered by pool, a page at a time.
import { html } from '../../web/html.js';
import { defineRoutes } from '../route.js';
import { formatTime, nextPage, table } from '../views/components.js';
import { poolPath } from '../nav.js';
import { InvalidParameterException } from '../../cognito/errors.js';

const PAGE_SIZE = 50;
/** A user pool id (as the API's UserPoolId member): anything else cannot match and is not sent to the store. */
const POOL_ID = /^[\w-]{1,40}_[0-9a-zA-Z]{1,40}$/;

export const auditRoutes = defineRoutes([
  {
    method: 'GET', path: '/audit', async handler(ctx) {
      const poolId = ctx.query.poolId?.trim() || undefined;
      if (poolId !== undefined && (poolId.length > 55 || !POOL_ID.test(poolId))) throw new InvalidParameterException('The pool id to filter by is not a user pool id.');
      const before = /^\d{1,15}$/.test(ctx.query.before ?? '') ? Number(ctx.query.before) : undefined;
      const entries = await ctx.deps.store.audit.list({ poolId, limit: PAGE_SIZE + 1, beforeId: before });
      const shown = entries.slice(0, PAGE_SIZE);
      const more = entries.length > PAGE_SIZE ? { poolId, before: String(shown[shown.length - 1].id) } : undefined;
      const rows = shown.map((e) => [
        html`<span class="nowrap">${formatTime(e.at)}</span>`,
        e.actor,
        e.action,
        e.poolId ? html`<a class="mono nowrap" href="${poolPath(e.poolId)}">${e.poolId}</a>` : '—',
        e.target ? html`<span class="mono">${e.target}</span>` : '—',
        html`<span class="summary">${Object.entries(e.summary).map(([k, v], i) => html`${i ? html`<br>` : ''}${k}: ${typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : JSON.stringify(v)}`)}</span>`,
      ]);
      return ctx.render({ title: 'Audit log', section: 'audit' }, html`
<form method="get" action="/admin/audit" class="actions">
<label for="poolId">Pool id</label>
<input type="text" id="poolId" name="poolId" value="${poolId ?? ''}" placeholder="all pools">
<button type="submit" class="secondary">Filter</button>
${poolId ? html`<a href="/admin/audit">Show all pools</a>` : ''}
</form>
${table(['Time', 'Actor', 'Action', 'Pool', 'Target', 'Summary'], rows, 'No changes recorded yet.')}
${nextPage('/admin/audit', more)}`);
    },
  },
]);
