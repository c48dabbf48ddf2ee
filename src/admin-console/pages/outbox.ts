// The outbox: the messages the pool would have sent (invitations, verification and reset codes,
// MFA codes), newest first, a page at a time. Codes are shown: this is the operator's record of
// what was sent, as the `gatehouse outbox` command and the mail sink show it.
import { html, type Html } from '../../web/html.js';
import { defineRoutes } from '../route.js';
import { poolPath } from '../nav.js';
import { loadPoolFrame } from '../pool-frame.js';
import { formatTime, nextPage, table } from '../views/components.js';
import { userPath } from './users.js';

const PAGE_SIZE = 50;

/** A message body with its line breaks kept (each line escaped). */
const multiline = (text: string): Html => html`<span class="mono">${text.split(/\r?\n/).map((line, i) => html`${i ? html`<br>` : ''}${line}`)}</span>`;

export const outboxRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/outbox', async handler(ctx) {
      const { pool, frame } = await loadPoolFrame(ctx);
      const before = /^\d{1,15}$/.test(ctx.query.before ?? '') ? Number(ctx.query.before) : undefined;
      // No API operation reads the outbox: the store is read directly (as `gatehouse outbox` does).
      const messages = await ctx.deps.store.outbox.list({ poolId: pool.Id, limit: PAGE_SIZE + 1, beforeId: before });
      const shown = messages.slice(0, PAGE_SIZE);
      const more = messages.length > PAGE_SIZE ? { before: String(shown[shown.length - 1].id) } : undefined;
      const rows = shown.map((m) => [
        html`<span class="mono">${formatTime(m.createdAt)}</span>`,
        html`<span class="mono">${m.destination}</span><br><a href="${userPath(pool.Id, m.username)}">${m.username}</a>`,
        m.medium,
        m.purpose,
        m.subject,
        multiline(m.body),
      ]);
      return ctx.render({ title: 'Outbox', section: 'outbox', pool: frame }, html`
<p class="hint">The messages this pool would have sent by email or SMS, newest first. Codes and temporary passwords are visible here by design: this is the operator's record of what was sent (the same as the <span class="mono">gatehouse outbox</span> command). Treat this page as sensitive.</p>
${table(['Time', 'To', 'Medium', 'Purpose', 'Subject', 'Message'], rows, 'No message yet.')}
${nextPage(poolPath(pool.Id, '/outbox'), more)}`);
    },
  },
]);
