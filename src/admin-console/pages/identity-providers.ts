// Identity providers: list, create (one form per provider type), view, edit and delete with
// confirmation. Secrets (client_secret, Apple's private_key) are never shown back or put in a
// form: left empty on edit, the stored one stays (UpdateIdentityProvider keeps secrets not sent).
import { html, type Html } from '../../web/html.js';
import type { ConsoleContext } from '../context.js';
import type { ConsoleForm } from '../form.js';
import type { OperationOutput } from '../invoke.js';
import { defineRoutes } from '../route.js';
import { namedPath, poolPath } from '../nav.js';
import { loadPoolFrame, type PoolFrame } from '../pool-frame.js';
import { hostedUiBases } from '../hosted-ui-links.js';
import { checkbox, details, formatTime, nextPage, postForm, select, table, textArea, textField } from '../views/components.js';
import { confirmDeletePage, isConfirmed } from '../views/confirm.js';

const providersPath = (poolId: string): string => poolPath(poolId, '/identity-providers');
const providerPath = (poolId: string, name: string, rest = ''): string => namedPath(poolId, 'identity-provider', name, rest);
const newProviderPath = (poolId: string, type: string): string => `${poolPath(poolId, '/new-identity-provider')}?${new URLSearchParams({ type })}`;

const TYPES = ['OIDC', 'SAML', 'Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple'] as const;
type ProviderType = (typeof TYPES)[number];
const isType = (value: string | undefined): value is ProviderType => TYPES.includes(value as ProviderType);
const SOCIAL = new Set<string>(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);
const SECRET_KEYS = new Set(['client_secret', 'private_key']);

interface DetailField {
  key: string;
  label: string;
  kind?: 'text' | 'secret' | 'secret-area' | 'area' | 'method' | 'flag';
  required?: boolean;
  hint?: string;
}

const overrides = (keys: string[]): DetailField[] => keys.map((key) => ({
  key, label: key, hint: 'Optional: replaces the built-in or discovered endpoint (e.g. a local server in tests).',
}));
const CLIENT: DetailField[] = [
  { key: 'client_id', label: 'Client id', required: true },
  { key: 'client_secret', label: 'Client secret', kind: 'secret' },
];

const FIELDS: Record<ProviderType, DetailField[]> = {
  OIDC: [
    ...CLIENT,
    { key: 'authorize_scopes', label: 'Scopes', required: true, hint: 'Space-separated, e.g. "openid email profile".' },
    { key: 'oidc_issuer', label: 'Issuer URL', required: true, hint: 'Its endpoints are discovered from <issuer>/.well-known/openid-configuration. https, or http on a loopback address.' },
    { key: 'attributes_request_method', label: 'Userinfo request method', kind: 'method' },
    ...overrides(['authorize_url', 'token_url', 'attributes_url', 'jwks_uri']),
  ],
  SAML: [
    { key: 'MetadataURL', label: 'Metadata URL', hint: 'The metadata is fetched when you save. Give a URL or a document.' },
    { key: 'MetadataFile', label: 'Metadata document', kind: 'area', hint: 'The IdP\'s metadata XML.' },
    { key: 'IDPSignout', label: 'Sign users out of the IdP too', kind: 'flag' },
    { key: 'IDPInit', label: 'Allow IdP-initiated sign-in', kind: 'flag' },
    { key: 'EncryptedResponses', label: 'Require encrypted assertions', kind: 'flag' },
  ],
  Google: [...CLIENT, { key: 'authorize_scopes', label: 'Scopes', required: true, hint: 'e.g. "email profile openid".' }, ...overrides(['authorize_url', 'token_url', 'attributes_url', 'oidc_issuer', 'jwks_uri'])],
  Facebook: [
    ...CLIENT,
    { key: 'authorize_scopes', label: 'Scopes', required: true, hint: 'e.g. "public_profile, email".' },
    { key: 'api_version', label: 'Graph API version', hint: 'e.g. v17.0 (the default).' },
    ...overrides(['authorize_url', 'token_url', 'attributes_url']),
  ],
  LoginWithAmazon: [...CLIENT, { key: 'authorize_scopes', label: 'Scopes', required: true, hint: 'e.g. "profile postal_code".' }, ...overrides(['authorize_url', 'token_url', 'attributes_url'])],
  SignInWithApple: [
    { key: 'client_id', label: 'Services id (client id)', required: true },
    { key: 'team_id', label: 'Team id', required: true },
    { key: 'key_id', label: 'Key id', required: true },
    { key: 'private_key', label: 'Private key', kind: 'secret-area', hint: 'The .p8 key. Never shown again.' },
    { key: 'authorize_scopes', label: 'Scopes', required: true, hint: 'e.g. "email name".' },
    ...overrides(['authorize_url', 'token_url', 'oidc_issuer', 'jwks_uri']),
  ],
};

interface ProviderValues {
  name: string;
  type: ProviderType;
  details: Record<string, string>;
  mapping: string;
  identifiers: string;
}

const formatMapping = (mapping: Record<string, string> | undefined): string => Object.entries(mapping ?? {}).map(([k, v]) => `${k}=${v}`).join('\n');

/** "email=email" per line → AttributeMapping; a line without "=" maps the attribute to the claim of the same name. */
function parseMapping(form: ConsoleForm): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const line of form.lines('mapping')) {
    const equals = line.indexOf('=');
    if (equals < 0) mapping[line] = line;
    else mapping[line.slice(0, equals).trim()] = line.slice(equals + 1).trim();
  }
  return mapping;
}

function valuesFromForm(form: ConsoleForm, type: ProviderType, name: string): ProviderValues {
  const detailValues: Record<string, string> = {};
  for (const field of FIELDS[type]) {
    if (field.kind === 'flag') {
      if (form.has(field.key)) detailValues[field.key] = 'true';
      continue;
    }
    const value = SECRET_KEYS.has(field.key) ? form.raw(field.key) : form.get(field.key);
    if (value) detailValues[field.key] = value;
  }
  return { name, type, details: detailValues, mapping: form.get('mapping') ?? '', identifiers: form.get('identifiers') ?? '' };
}

function providerInput(form: ConsoleForm, v: ProviderValues) {
  return { ProviderDetails: v.details, AttributeMapping: parseMapping(form), IdpIdentifiers: form.lines('identifiers') };
}

function detailField(field: DetailField, value: string | undefined, mode: 'create' | 'edit'): Html {
  const hint = SECRET_KEYS.has(field.key) && mode === 'edit' ? 'Leave empty to keep the stored one.' : field.hint;
  switch (field.kind) {
    case 'secret': return textField({ name: field.key, label: field.label, type: 'password', autocomplete: 'off', hint });
    case 'secret-area': return textArea({ name: field.key, label: field.label, hint });
    case 'area': return textArea({ name: field.key, label: field.label, value, hint });
    case 'flag': return checkbox(field.key, field.label, value === 'true');
    case 'method': return select({ name: field.key, label: field.label, options: ['GET', 'POST'].map((m) => ({ value: m, label: m })), selected: value ?? 'GET' });
    default: return textField({ name: field.key, label: field.label, value, hint, required: field.required && mode === 'create' });
  }
}

function providerForm(ctx: ConsoleContext, frame: PoolFrame['frame'], v: ProviderValues, mode: 'create' | 'edit', error?: string) {
  const fields = html`
${mode === 'create' && !SOCIAL.has(v.type)
    ? textField({ name: 'name', label: 'Provider name', value: v.name, required: true, hint: 'Shown on the Hosted UI button and used as identity_provider=… on /oauth2/authorize. Fixed once created.' })
    : html`<p>Provider: <span class="mono">${v.name}</span> (${v.type})</p>`}
${FIELDS[v.type].map((field) => detailField(field, v.details[field.key], mode))}
${textArea({ name: 'mapping', label: 'Attribute mapping', value: v.mapping, hint: 'One per line: pool_attribute=provider_claim, e.g. email=email or custom:tenant=tid.' })}
${textArea({ name: 'identifiers', label: 'Identifiers', value: v.identifiers, hint: 'Optional, one per line: names or email domains for idp_identifier=… on /oauth2/authorize.' })}`;
  const action = mode === 'create' ? newProviderPath(frame.id, v.type) : providerPath(frame.id, v.name, '/edit');
  return ctx.render({ title: mode === 'create' ? `Add a ${v.type} identity provider` : `Edit ${v.name}`, section: 'identity-providers', pool: frame, error },
    postForm(ctx.session!.csrf, action, fields, mode === 'create' ? 'Add identity provider' : 'Save changes'), error ? 400 : 200);
}

async function loadProvider(ctx: ConsoleContext): Promise<PoolFrame & { provider: OperationOutput }> {
  const frame = await loadPoolFrame(ctx);
  const { IdentityProvider: provider } = await ctx.invoke('DescribeIdentityProvider', { UserPoolId: frame.pool.Id, ProviderName: ctx.query.name ?? '' });
  return { ...frame, provider };
}

/** A provider's details as the page shows them: secrets and metadata documents summarised, never printed. */
function shownDetail(key: string, value: string): Html | string {
  if (SECRET_KEYS.has(key)) return 'set (hidden)';
  if (key === 'MetadataFile') return `XML document, ${value.length} characters`;
  return html`<span class="mono">${value}</span>`;
}

/** What to register at the provider: where it sends users back, and (SAML) who Gatehouse is. */
function registration(ctx: ConsoleContext, pool: OperationOutput, type: string): Html {
  const base = hostedUiBases(ctx.deps, pool.Id, pool.Domain)[0].base;
  const items: Array<[string, Html]> = type === 'SAML'
    ? [['ACS URL', html`<span class="mono">${base}/saml2/idpresponse</span>`], ['SP entity id', html`<span class="mono">urn:amazon:cognito:sp:${pool.Id}</span>`]]
    : [['Redirect URI', html`<span class="mono">${base}/oauth2/idpresponse</span>`]];
  return html`<h2>Register Gatehouse at the provider</h2>${details(items)}`;
}

export const identityProviderRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/identity-providers', async handler(ctx) {
      const { pool, frame } = await loadPoolFrame(ctx);
      const out = await ctx.invoke('ListIdentityProviders', { UserPoolId: pool.Id, MaxResults: 60, ...(ctx.query.next && { NextToken: ctx.query.next }) });
      const rows = (out.Providers as OperationOutput[]).map((p) => [
        html`<a href="${providerPath(pool.Id, p.ProviderName)}">${p.ProviderName}</a>`, p.ProviderType, formatTime(p.LastModifiedDate * 1000),
      ]);
      return ctx.render({ title: 'Identity providers', section: 'identity-providers', pool: frame }, html`
<p class="actions">${TYPES.map((type) => html`<a class="button secondary" href="${newProviderPath(pool.Id, type)}">Add ${type}</a> `)}</p>
<p class="hint">Users sign in with a provider through the Hosted UI once an app client lists it among its identity providers.</p>
${table(['Name', 'Type', 'Last modified'], rows, 'No identity provider yet.')}
${nextPage(providersPath(pool.Id), out.NextToken ? { next: out.NextToken } : undefined)}`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/new-identity-provider', async handler(ctx) {
      const { frame } = await loadPoolFrame(ctx);
      const type = isType(ctx.query.type) ? ctx.query.type : 'OIDC';
      return providerForm(ctx, frame, { name: SOCIAL.has(type) ? type : '', type, details: {}, mapping: type === 'SAML' ? '' : 'email=email', identifiers: '' }, 'create');
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/new-identity-provider', async handler(ctx) {
      const { frame } = await loadPoolFrame(ctx);
      const type = isType(ctx.query.type) ? ctx.query.type : 'OIDC';
      // Cognito: a social provider is named after its type.
      const v = valuesFromForm(ctx.form, type, SOCIAL.has(type) ? type : ctx.form.get('name') ?? '');
      const created = await ctx.attempt('CreateIdentityProvider', { UserPoolId: frame.id, ProviderName: v.name, ProviderType: type, ...providerInput(ctx.form, v) });
      if (created.error) return providerForm(ctx, frame, v, 'create', created.error.message);
      return ctx.redirect(providerPath(frame.id, v.name), `Identity provider ${v.name} added.`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/identity-provider', async handler(ctx) {
      const { pool, frame, provider } = await loadProvider(ctx);
      const shown = Object.entries(provider.ProviderDetails as Record<string, string>).map(([key, value]) => [html`<span class="mono">${key}</span>`, shownDetail(key, value)]);
      const mapping = Object.entries((provider.AttributeMapping ?? {}) as Record<string, string>).map(([attribute, claim]) => [html`<span class="mono">${attribute}</span>`, html`<span class="mono">${claim}</span>`]);
      return ctx.render({ title: provider.ProviderName, section: 'identity-providers', pool: frame }, html`
<p class="actions"><a class="button" href="${providerPath(pool.Id, provider.ProviderName, '/edit')}">Edit</a>
<a class="button secondary" href="${providerPath(pool.Id, provider.ProviderName, '/delete')}">Delete</a></p>
${details([
  ['Type', provider.ProviderType],
  ['Identifiers', (provider.IdpIdentifiers ?? []).length ? html`<span class="mono">${(provider.IdpIdentifiers as string[]).join(', ')}</span>` : 'none'],
  ['Created', formatTime(provider.CreationDate * 1000)],
  ['Last modified', formatTime(provider.LastModifiedDate * 1000)],
])}
${registration(ctx, pool, provider.ProviderType)}
<h2>Provider details</h2>
${table(['Key', 'Value'], shown)}
<h2>Attribute mapping</h2>
${table(['Pool attribute', 'Provider claim'], mapping, 'No attribute is mapped.')}`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/identity-provider/edit', async handler(ctx) {
      const { frame, provider } = await loadProvider(ctx);
      const type = provider.ProviderType as ProviderType;
      const detailValues = Object.fromEntries(Object.entries(provider.ProviderDetails as Record<string, string>).filter(([key]) => !SECRET_KEYS.has(key)));
      return providerForm(ctx, frame, {
        name: provider.ProviderName, type, details: detailValues,
        mapping: formatMapping(provider.AttributeMapping), identifiers: (provider.IdpIdentifiers ?? []).join('\n'),
      }, 'edit');
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/identity-provider/edit', async handler(ctx) {
      const { frame, provider } = await loadProvider(ctx);
      const v = valuesFromForm(ctx.form, provider.ProviderType as ProviderType, provider.ProviderName);
      const updated = await ctx.attempt('UpdateIdentityProvider', { UserPoolId: frame.id, ProviderName: v.name, ...providerInput(ctx.form, v) });
      if (updated.error) return providerForm(ctx, frame, v, 'edit', updated.error.message);
      return ctx.redirect(providerPath(frame.id, v.name), 'Identity provider saved.');
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/identity-provider/delete', async handler(ctx) {
      const { frame, provider } = await loadProvider(ctx);
      return confirmDeletePage(ctx, {
        title: `Delete ${provider.ProviderName}?`, section: 'identity-providers', pool: frame,
        warning: 'Users can no longer sign in with this provider, and app clients stop offering it. The users it created stay in the pool.',
        action: providerPath(frame.id, provider.ProviderName, '/delete'), submit: 'Delete identity provider', cancel: providerPath(frame.id, provider.ProviderName),
      });
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/identity-provider/delete', async handler(ctx) {
      const { frame, provider } = await loadProvider(ctx);
      if (!isConfirmed(ctx)) return ctx.redirect(providerPath(frame.id, provider.ProviderName, '/delete'));
      await ctx.invoke('DeleteIdentityProvider', { UserPoolId: frame.id, ProviderName: provider.ProviderName });
      return ctx.redirect(providersPath(frame.id), `Identity provider ${provider.ProviderName} deleted.`);
    },
  },
]);
