// The pool's signing keys: kid, algorithm, token use, creation time and age, active or retired,
// and the JWKS URL where relying parties fetch the public halves.
import { html } from '../../web/html.js';
import { defineRoutes } from '../route.js';
import { loadPoolFrame } from '../pool-frame.js';
import { details, formatTime, table } from '../views/components.js';
import { wellKnownUrls } from '../hosted-ui-links.js';

/** "3 days", "5 hours", "12 minutes": the largest whole unit. */
function formatAge(ms: number): string {
  const units: Array<[string, number]> = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000]];
  for (const [name, size] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'}`;
  }
  return 'less than a minute';
}

export const keyRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/keys', async handler(ctx) {
      const { pool, frame } = await loadPoolFrame(ctx);
      // No API operation lists a pool's keys: the store is read directly (public halves and metadata only).
      const keys = await ctx.deps.store.keys.listForPool(pool.Id);
      const now = ctx.deps.clock.now();
      const { jwks, discovery } = wellKnownUrls(ctx.deps, pool.Id);
      const rows = keys.map((k) => [
        html`<span class="mono">${k.kid}</span>`,
        String(k.publicJwk.alg ?? 'RS256'),
        k.tokenUse === 'id' ? 'ID tokens' : 'Access tokens',
        formatTime(k.createdAt),
        formatAge(now - k.createdAt),
        k.retiredAt === null ? 'Active' : `Retired ${formatTime(k.retiredAt)}`,
      ]);
      return ctx.render({ title: 'Signing keys', section: 'keys', pool: frame }, html`
<p class="hint">Tokens are signed with the pool's active keys; relying parties verify them with the public keys published at the JWKS URL, matching a token's <span class="mono">kid</span> header.</p>
${details([
  ['JWKS URL', html`<a class="mono" href="${jwks}">${jwks}</a>`],
  ['OpenID configuration', html`<a class="mono" href="${discovery}">${discovery}</a>`],
])}
${table(['Key id (kid)', 'Algorithm', 'Signs', 'Created', 'Age', 'State'], rows, 'The pool has no signing key.')}`);
    },
  },
]);
