// An app client's terms documents on its console page: the terms of use and the privacy policy,
// each with its links by managed login language, a form to create the missing one
// (CreateTerms: TermsSource LINK, Enforcement NONE, the only values Cognito accepts) and a button
// to delete one (DeleteTerms). Managed login links both on its sign-up page once both exist.
import { html, type Html } from '../../web/html.js';
import type { ConsoleContext } from '../context.js';
import type { OperationOutput } from '../invoke.js';
import { defineRoutes } from '../route.js';
import { poolPath } from '../nav.js';
import { csrfInput, hidden, postForm, table, textArea, textField } from '../views/components.js';
import { TERMS_NAMES } from '../../domain/terms.js';

const LABELS: Record<(typeof TERMS_NAMES)[number], string> = { 'terms-of-use': 'Terms of use', 'privacy-policy': 'Privacy policy' };
const termsPath = (poolId: string, clientId: string, rest = '') => poolPath(poolId, `/clients/${clientId}/terms${rest}`);
const isTermsName = (name: string | undefined): name is (typeof TERMS_NAMES)[number] => (TERMS_NAMES as readonly string[]).includes(name ?? '');

/** A URL as a link only when it is http(s); anything else stays text. */
const urlView = (url: string): Html => (/^https?:\/\//i.test(url) ? html`<a class="mono" href="${url}" rel="noopener noreferrer">${url}</a>` : html`<span class="mono">${url}</span>`);

function createForm(ctx: ConsoleContext, poolId: string, clientId: string, name: (typeof TERMS_NAMES)[number]): Html {
  return html`<form method="post" action="${termsPath(poolId, clientId)}">
${csrfInput(ctx.session!.csrf)}
${hidden('name', name)}
${textField({ name: `url-${name}`, label: `${LABELS[name]}: link (cognito:default)`, type: 'url', required: true, placeholder: 'https://example.com/terms' })}
${textArea({ name: `more-${name}`, label: `${LABELS[name]}: links in other languages (optional)`, hint: 'One per line: the language, a space, the link, e.g. cognito:french https://example.com/fr/terms' })}
<div class="actions"><button type="submit" class="secondary">Add ${LABELS[name].toLowerCase()}</button></div>
</form>`;
}

/** The section of the client's page. */
export async function termsSection(ctx: ConsoleContext, poolId: string, clientId: string): Promise<Html> {
  const documents = await Promise.all(TERMS_NAMES.map(async (name) => {
    const found = await ctx.attempt('DescribeTermsByClient', { UserPoolId: poolId, ClientId: clientId, TermsName: name });
    return { name, terms: found.output?.Terms as OperationOutput | undefined };
  }));
  const rows = documents.filter((d) => d.terms).map(({ name, terms }) => [
    LABELS[name],
    html`${Object.entries((terms!.Links ?? {}) as Record<string, string>).map(([language, url], i) => html`${i ? html`<br>` : ''}<span class="mono">${language}</span> ${urlView(url)}`)}`,
    postForm(ctx.session!.csrf, termsPath(poolId, clientId, '/delete'), hidden('termsId', String(terms!.TermsId)), 'Delete', { danger: true }),
  ]);
  return html`<h2>Terms</h2>
<p>Managed login (a domain with version 2) links both documents on its sign-up page once both exist.</p>
${table(['Document', 'Links', ''], rows, 'No terms documents yet.')}
${documents.filter((d) => !d.terms).map(({ name }) => createForm(ctx, poolId, clientId, name))}`;
}

export const clientTermsRoutes = defineRoutes([
  {
    method: 'POST', path: '/pools/:poolId/clients/:clientId/terms', async handler(ctx) {
      const { poolId, clientId } = ctx.params;
      const clientPath = poolPath(poolId, `/clients/${clientId}`);
      const name = ctx.form.get('name');
      if (!isTermsName(name)) return ctx.redirect(clientPath, 'Choose the terms of use or the privacy policy.');
      const links: Record<string, string> = { 'cognito:default': ctx.form.get(`url-${name}`) ?? '' };
      for (const line of ctx.form.lines(`more-${name}`)) {
        const [language, url = ''] = line.split(/\s+/, 2);
        links[language] = url;
      }
      const created = await ctx.attempt('CreateTerms', {
        UserPoolId: poolId, ClientId: clientId, TermsName: name, TermsSource: 'LINK', Enforcement: 'NONE', Links: links,
      });
      return ctx.redirect(clientPath, created.error ? created.error.message : `${LABELS[name]} added.`);
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/clients/:clientId/terms/delete', async handler(ctx) {
      const { poolId, clientId } = ctx.params;
      const deleted = await ctx.attempt('DeleteTerms', { UserPoolId: poolId, TermsId: ctx.form.get('termsId') ?? '' });
      return ctx.redirect(poolPath(poolId, `/clients/${clientId}`), deleted.error ? deleted.error.message : 'Terms document deleted.');
    },
  },
]);
