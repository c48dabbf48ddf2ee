// The confirmation page before a deletion: what will happen, a danger button posting
// `confirm=yes` to `action`, and a way back. The POST handler deletes only with that field.
import { html } from '../../web/html.js';
import type { ConsoleContext } from '../context.js';
import { hidden, postForm } from './components.js';

export function confirmDeletePage(ctx: ConsoleContext, page: {
  title: string;
  section: string;
  pool: { id: string; name: string };
  warning: string;
  action: string;
  submit: string;
  cancel: string;
}) {
  return ctx.render({ title: page.title, section: page.section, pool: page.pool }, html`
<p class="warning">${page.warning}</p>
<div class="actions">${postForm(ctx.session!.csrf, page.action, hidden('confirm', 'yes'), page.submit, { danger: true })}
<a href="${page.cancel}">Cancel</a></div>`);
}

/** Whether a deletion was posted from its confirmation page. */
export const isConfirmed = (ctx: ConsoleContext): boolean => ctx.form.get('confirm') === 'yes';
