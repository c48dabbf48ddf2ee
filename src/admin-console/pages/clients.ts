// App clients: list, create (with or without a secret, shown once), view with a "Launch Hosted UI"
// link, edit (UpdateUserPoolClient with every other member kept as it is), rotate a confidential
// client's secrets (add one, shown once; delete one) and delete.
import { html, type Html } from '../../web/html.js';
import type { ConsoleContext } from '../context.js';
import type { ConsoleForm } from '../form.js';
import type { OperationOutput } from '../invoke.js';
import { defineRoutes } from '../route.js';
import { poolPath } from '../nav.js';
import { checkbox, checkboxGroup, details, formatTime, postForm, select, table, textArea, textField } from '../views/components.js';
import { clientLoginUrl, clientLogoutUrl, hostedUiBases } from '../hosted-ui-links.js';
import { termsSection } from './client-terms.js';

const AUTH_FLOWS = [
  { value: 'ALLOW_USER_SRP_AUTH', label: 'SRP (ALLOW_USER_SRP_AUTH)' },
  { value: 'ALLOW_USER_PASSWORD_AUTH', label: 'Password (ALLOW_USER_PASSWORD_AUTH)' },
  { value: 'ALLOW_ADMIN_USER_PASSWORD_AUTH', label: 'Admin password (ALLOW_ADMIN_USER_PASSWORD_AUTH)' },
  { value: 'ALLOW_REFRESH_TOKEN_AUTH', label: 'Refresh tokens (ALLOW_REFRESH_TOKEN_AUTH)' },
  { value: 'ALLOW_CUSTOM_AUTH', label: 'Custom (ALLOW_CUSTOM_AUTH)' },
  { value: 'ALLOW_USER_AUTH', label: 'Choice-based (ALLOW_USER_AUTH)' },
  { value: 'ALLOW_CLIENT_TOKEN_AUTH', label: 'Machine tokens with GetClientToken (ALLOW_CLIENT_TOKEN_AUTH; needs a secret, no other flow)' },
];
const OAUTH_FLOWS = [
  { value: 'code', label: 'Authorization code grant' },
  { value: 'implicit', label: 'Implicit grant' },
  { value: 'client_credentials', label: 'Client credentials (needs a secret)' },
];
const STANDARD_SCOPES = ['phone', 'email', 'openid', 'aws.cognito.signin.user.admin', 'profile'];
const UNITS = ['minutes', 'hours', 'days'].map((u) => ({ value: u, label: u }));

/** The members UpdateUserPoolClient replaces, carried over from the client as it is. */
const UPDATABLE = [
  'ClientName', 'RefreshTokenValidity', 'AccessTokenValidity', 'IdTokenValidity', 'TokenValidityUnits', 'ReadAttributes', 'WriteAttributes',
  'ExplicitAuthFlows', 'SupportedIdentityProviders', 'CallbackURLs', 'LogoutURLs', 'DefaultRedirectURI', 'AllowedOAuthFlows',
  'AllowedOAuthScopes', 'AllowedOAuthFlowsUserPoolClient', 'AnalyticsConfiguration', 'PreventUserExistenceErrors', 'EnableTokenRevocation',
  'EnablePropagateAdditionalUserContextData', 'AuthSessionValidity', 'RefreshTokenRotation',
];

interface ClientValues {
  name: string;
  generateSecret: boolean;
  authFlows: string[];
  oauthFlows: string[];
  scopes: string[];
  identityProviders: string[];
  callbackUrls: string;
  logoutUrls: string;
  accessValidity: string;
  accessUnit: string;
  idValidity: string;
  idUnit: string;
  refreshValidity: string;
  refreshUnit: string;
  preventUserExistenceErrors: boolean;
}

const DEFAULTS: ClientValues = {
  name: '', generateSecret: false, authFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], oauthFlows: ['code'],
  scopes: ['openid', 'email', 'phone'], identityProviders: ['COGNITO'], callbackUrls: '', logoutUrls: '', accessValidity: '60', accessUnit: 'minutes',
  idValidity: '60', idUnit: 'minutes', refreshValidity: '30', refreshUnit: 'days', preventUserExistenceErrors: true,
};

function valuesFromForm(form: ConsoleForm): ClientValues {
  return {
    name: form.get('name') ?? '', generateSecret: form.has('generateSecret'), authFlows: form.all('authFlows'), oauthFlows: form.all('oauthFlows'),
    scopes: form.all('scopes'), identityProviders: form.all('identityProviders'), callbackUrls: form.get('callbackUrls') ?? '', logoutUrls: form.get('logoutUrls') ?? '',
    accessValidity: form.get('accessValidity') ?? '', accessUnit: form.get('accessUnit') ?? 'minutes',
    idValidity: form.get('idValidity') ?? '', idUnit: form.get('idUnit') ?? 'minutes',
    refreshValidity: form.get('refreshValidity') ?? '', refreshUnit: form.get('refreshUnit') ?? 'days',
    preventUserExistenceErrors: form.has('preventUserExistenceErrors'),
  };
}

function valuesFromClient(c: OperationOutput): ClientValues {
  const units = c.TokenValidityUnits ?? {};
  return {
    name: c.ClientName, generateSecret: false, authFlows: c.ExplicitAuthFlows ?? [], oauthFlows: c.AllowedOAuthFlows ?? [],
    scopes: c.AllowedOAuthScopes ?? [], identityProviders: c.SupportedIdentityProviders?.length ? c.SupportedIdentityProviders : ['COGNITO'], callbackUrls: (c.CallbackURLs ?? []).join('\n'), logoutUrls: (c.LogoutURLs ?? []).join('\n'),
    accessValidity: String(c.AccessTokenValidity ?? 60), accessUnit: units.AccessToken ?? 'minutes',
    idValidity: String(c.IdTokenValidity ?? 60), idUnit: units.IdToken ?? 'minutes',
    refreshValidity: String(c.RefreshTokenValidity ?? 30), refreshUnit: units.RefreshToken ?? 'days',
    preventUserExistenceErrors: c.PreventUserExistenceErrors === 'ENABLED',
  };
}

const lines = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const integer = (value: string): number | string => (/^\d{1,9}$/.test(value) ? Number(value) : value);

/** The client members the form sets. */
function settings(v: ClientValues): Record<string, unknown> {
  const oauth = v.oauthFlows.length > 0;
  return {
    ClientName: v.name,
    ExplicitAuthFlows: v.authFlows,
    AllowedOAuthFlowsUserPoolClient: oauth,
    AllowedOAuthFlows: v.oauthFlows,
    AllowedOAuthScopes: v.scopes,
    SupportedIdentityProviders: oauth ? v.identityProviders : [],
    CallbackURLs: lines(v.callbackUrls),
    LogoutURLs: lines(v.logoutUrls),
    AccessTokenValidity: integer(v.accessValidity),
    IdTokenValidity: integer(v.idValidity),
    RefreshTokenValidity: integer(v.refreshValidity),
    TokenValidityUnits: { AccessToken: v.accessUnit, IdToken: v.idUnit, RefreshToken: v.refreshUnit },
    PreventUserExistenceErrors: v.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
  };
}

function updateInput(poolId: string, current: OperationOutput, v: ClientValues): Record<string, unknown> {
  const input: Record<string, unknown> = { UserPoolId: poolId, ClientId: current.ClientId };
  for (const member of UPDATABLE) if (current[member] !== undefined) input[member] = current[member];
  Object.assign(input, settings(v));
  // A default redirect that is no longer a callback URL would be refused: keep it only if still listed.
  if (input.DefaultRedirectURI && !(input.CallbackURLs as string[]).includes(input.DefaultRedirectURI as string)) delete input.DefaultRedirectURI;
  return input;
}

/** The user pool itself (COGNITO) and the pool's identity providers, for the client's sign-in options. */
async function identityProviderChoices(ctx: ConsoleContext, poolId: string): Promise<Array<{ value: string; label: string }>> {
  const { Providers } = await ctx.invoke('ListIdentityProviders', { UserPoolId: poolId, MaxResults: 60 });
  return [{ value: 'COGNITO', label: 'User pool (username and password)' }, ...(Providers as OperationOutput[]).map((p) => ({ value: p.ProviderName, label: p.ProviderName }))];
}

async function scopeChoices(ctx: ConsoleContext, poolId: string): Promise<Array<{ value: string; label: string }>> {
  const servers = await ctx.invoke('ListResourceServers', { UserPoolId: poolId, MaxResults: 50 });
  const custom = (servers.ResourceServers as OperationOutput[]).flatMap((s) => (s.Scopes ?? []).map((scope: OperationOutput) => `${s.Identifier}/${scope.ScopeName}`));
  return [...STANDARD_SCOPES, ...custom].map((value) => ({ value, label: value }));
}

function validityFields(v: ClientValues): Html {
  const row = (name: string, label: string, value: string, unit: string) => html`<div class="actions">
<div>${textField({ name: `${name}Validity`, label, type: 'number', value, min: 0 })}</div>
<div>${select({ name: `${name}Unit`, label: 'Unit', options: UNITS, selected: unit })}</div></div>`;
  return html`<fieldset><legend>Token lifetimes</legend>
${row('access', 'Access token', v.accessValidity, v.accessUnit)}
${row('id', 'ID token', v.idValidity, v.idUnit)}
${row('refresh', 'Refresh token', v.refreshValidity, v.refreshUnit)}
<p class="hint">Access and ID tokens: 5 minutes to 1 day. Refresh tokens: 1 hour to 10 years.</p>
</fieldset>`;
}

function clientFields(v: ClientValues, scopes: Array<{ value: string; label: string }>, providers: Array<{ value: string; label: string }>, mode: 'create' | 'edit'): Html {
  return html`
${textField({ name: 'name', label: 'App client name', value: v.name, required: true })}
${mode === 'create' ? html`${checkbox('generateSecret', 'Generate a client secret (server-side apps; shown once)', v.generateSecret)}` : ''}
${checkboxGroup('authFlows', 'Authentication flows (API sign-in)', AUTH_FLOWS, v.authFlows)}
<fieldset><legend>Hosted UI and OAuth 2.0</legend>
${checkboxGroup('oauthFlows', 'OAuth grant types', OAUTH_FLOWS, v.oauthFlows, 'None: the client cannot use the Hosted UI or /oauth2/authorize.')}
${checkboxGroup('scopes', 'OpenID Connect and custom scopes', scopes, v.scopes)}
${checkboxGroup('identityProviders', 'Sign-in options of the Hosted UI', providers, v.identityProviders)}
${textArea({ name: 'callbackUrls', label: 'Callback URLs', value: v.callbackUrls, hint: 'One per line: https://…, http://localhost… or an app scheme (myapp://…).' })}
${textArea({ name: 'logoutUrls', label: 'Sign-out URLs', value: v.logoutUrls, hint: 'One per line.' })}
</fieldset>
${validityFields(v)}
${checkbox('preventUserExistenceErrors', 'Prevent user existence errors (the same error for an unknown user as for a wrong password)', v.preventUserExistenceErrors)}`;
}

async function requirePoolSummary(ctx: ConsoleContext): Promise<OperationOutput> {
  const { UserPool } = await ctx.invoke('DescribeUserPool', { UserPoolId: ctx.params.poolId });
  return UserPool;
}

const clientsPath = (poolId: string, rest = ''): string => poolPath(poolId, `/clients${rest}`);

async function formPage(ctx: ConsoleContext, pool: OperationOutput, v: ClientValues, options: { client?: OperationOutput; error?: string }) {
  const [scopes, providers] = await Promise.all([scopeChoices(ctx, pool.Id), identityProviderChoices(ctx, pool.Id)]);
  const client = options.client;
  const title = client ? `Edit ${client.ClientName}` : 'Create an app client';
  const action = client ? clientsPath(pool.Id, `/${client.ClientId}/edit`) : clientsPath(pool.Id, '/new');
  return ctx.render(
    { title, section: 'clients', pool: { id: pool.Id, name: pool.Name }, error: options.error },
    postForm(ctx.session!.csrf, action, clientFields(v, scopes, providers, client ? 'edit' : 'create'), client ? 'Save changes' : 'Create app client'),
    options.error ? 400 : 200,
  );
}

function hostedUiSection(ctx: ConsoleContext, pool: OperationOutput, client: OperationOutput): Html {
  const bases = hostedUiBases(ctx.deps, pool.Id, pool.Domain);
  const login = clientLoginUrl(bases[0].base, client);
  const logout = clientLogoutUrl(bases[0].base, client);
  return html`<h2>Hosted UI</h2>
${login.url ? html`<p class="actions"><a class="button" href="${login.url}">Launch Hosted UI</a></p>
${details([['Sign-in URL', html`<span class="mono">${login.url}</span>`], ['Sign-out URL', logout ? html`<span class="mono">${logout}</span>` : 'none (add a sign-out URL)']])}
${pool.Domain ? '' : html`<p class="hint">No domain yet: the link uses the pool's path on this server. <a href="${poolPath(pool.Id, '/domain')}">Choose a domain prefix</a>.</p>`}`
    : html`<p class="hint">${login.reason}</p>`}`;
}

export const clientRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/clients', async handler(ctx) {
      const pool = await requirePoolSummary(ctx);
      const out = await ctx.invoke('ListUserPoolClients', { UserPoolId: pool.Id, MaxResults: 60, ...(ctx.query.next && { NextToken: ctx.query.next }) });
      const rows = (out.UserPoolClients as OperationOutput[]).map((c) => [html`<a href="${clientsPath(pool.Id, `/${c.ClientId}`)}">${c.ClientName}</a>`, html`<span class="mono">${c.ClientId}</span>`]);
      return ctx.render({ title: 'App clients', section: 'clients', pool: { id: pool.Id, name: pool.Name } }, html`
<p class="actions"><a class="button" href="${clientsPath(pool.Id, '/new')}">Create app client</a></p>
${table(['Name', 'Client id'], rows, 'No app client yet.')}
${out.NextToken ? html`<p class="pager"><a href="${`${clientsPath(pool.Id)}?${new URLSearchParams({ next: out.NextToken })}`}" rel="next">Next page →</a></p>` : ''}`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/clients/new', async handler(ctx) {
      return formPage(ctx, await requirePoolSummary(ctx), DEFAULTS, {});
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/clients/new', async handler(ctx) {
      const pool = await requirePoolSummary(ctx);
      const v = valuesFromForm(ctx.form);
      const created = await ctx.attempt('CreateUserPoolClient', { UserPoolId: pool.Id, GenerateSecret: v.generateSecret, ...settings(v) });
      if (created.error) return formPage(ctx, pool, v, { error: created.error.message });
      const client = created.output.UserPoolClient;
      if (!client.ClientSecret) return ctx.redirect(clientsPath(pool.Id, `/${client.ClientId}`), `App client ${client.ClientName} created.`);
      // The secret is shown on this response only (no-store); the client's page never shows it.
      return ctx.render({ title: `App client ${client.ClientName} created`, section: 'clients', pool: { id: pool.Id, name: pool.Name } }, html`
<p class="warning" role="status">Copy the client secret now: the console will not show it again.</p>
${details([['Client id', html`<span class="mono">${client.ClientId}</span>`], ['Client secret', html`<span class="mono" id="client-secret">${client.ClientSecret}</span>`]])}
<p><a class="button" href="${clientsPath(pool.Id, `/${client.ClientId}`)}">Continue to the app client</a></p>`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/clients/:clientId', async handler(ctx) {
      const pool = await requirePoolSummary(ctx);
      const { UserPoolClient: c } = await ctx.invoke('DescribeUserPoolClient', { UserPoolId: pool.Id, ClientId: ctx.params.clientId });
      const { ClientSecrets: secrets } = await ctx.invoke('ListUserPoolClientSecrets', { UserPoolId: pool.Id, ClientId: c.ClientId });
      const units = c.TokenValidityUnits ?? {};
      const list = (values: string[] | undefined) => (values?.length ? html`${values.map((v, i) => html`${i ? html`<br>` : ''}<span class="mono">${v}</span>`)}` : 'none');
      return ctx.render({ title: c.ClientName, section: 'clients', pool: { id: pool.Id, name: pool.Name } }, html`
<p class="actions"><a class="button" href="${clientsPath(pool.Id, `/${c.ClientId}/edit`)}">Edit</a>
<a class="button secondary" href="${clientsPath(pool.Id, `/${c.ClientId}/branding`)}">Branding</a>
${postForm(ctx.session!.csrf, clientsPath(pool.Id, `/${c.ClientId}/delete`), html``, 'Delete', { secondary: true })}</p>
${details([
  ['Client id', html`<span class="mono">${c.ClientId}</span>`],
  ['Client secret', secrets.length ? `Yes, ${secrets.length} active (a value is shown only when the client was created or the secret added)` : 'No'],
  ['Created', formatTime(c.CreationDate * 1000)],
  ['Authentication flows', list(c.ExplicitAuthFlows)],
  ['OAuth grant types', list(c.AllowedOAuthFlows)],
  ['Scopes', list(c.AllowedOAuthScopes)],
  ['Callback URLs', list(c.CallbackURLs)],
  ['Sign-out URLs', list(c.LogoutURLs)],
  ['Token lifetimes', `access ${c.AccessTokenValidity} ${units.AccessToken ?? 'hours'}, ID ${c.IdTokenValidity} ${units.IdToken ?? 'hours'}, refresh ${c.RefreshTokenValidity} ${units.RefreshToken ?? 'days'}`],
  ['Prevent user existence errors', c.PreventUserExistenceErrors === 'ENABLED' ? 'Yes' : 'No'],
])}
${secretsSection(ctx, pool.Id, c.ClientId, secrets)}
${await termsSection(ctx, pool.Id, c.ClientId)}
${hostedUiSection(ctx, pool, c)}`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/clients/:clientId/edit', async handler(ctx) {
      const pool = await requirePoolSummary(ctx);
      const { UserPoolClient: client } = await ctx.invoke('DescribeUserPoolClient', { UserPoolId: pool.Id, ClientId: ctx.params.clientId });
      return formPage(ctx, pool, valuesFromClient(client), { client });
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/clients/:clientId/edit', async handler(ctx) {
      const pool = await requirePoolSummary(ctx);
      const { UserPoolClient: client } = await ctx.invoke('DescribeUserPoolClient', { UserPoolId: pool.Id, ClientId: ctx.params.clientId });
      const v = valuesFromForm(ctx.form);
      const updated = await ctx.attempt('UpdateUserPoolClient', updateInput(pool.Id, client, v));
      if (updated.error) return formPage(ctx, pool, v, { client, error: updated.error.message });
      return ctx.redirect(clientsPath(pool.Id, `/${client.ClientId}`), 'App client saved.');
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/clients/:clientId/delete', async handler(ctx) {
      const pool = await requirePoolSummary(ctx);
      const { UserPoolClient: client } = await ctx.invoke('DescribeUserPoolClient', { UserPoolId: pool.Id, ClientId: ctx.params.clientId });
      if (ctx.form.get('confirm') !== 'yes') {
        return ctx.render({ title: `Delete ${client.ClientName}?`, section: 'clients', pool: { id: pool.Id, name: pool.Name } }, html`
<p class="warning">Apps using client id <span class="mono">${client.ClientId}</span> will no longer be able to sign users in. Tokens already issued stay valid until they expire.</p>
<div class="actions">${postForm(ctx.session!.csrf, clientsPath(pool.Id, `/${client.ClientId}/delete`), html`<input type="hidden" name="confirm" value="yes">`, 'Delete app client', { danger: true })}
<a href="${clientsPath(pool.Id, `/${client.ClientId}`)}">Cancel</a></div>`);
      }
      await ctx.invoke('DeleteUserPoolClient', { UserPoolId: pool.Id, ClientId: client.ClientId });
      return ctx.redirect(clientsPath(pool.Id), `App client ${client.ClientName} deleted.`);
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/clients/:clientId/secrets', async handler(ctx) {
      const pool = await requirePoolSummary(ctx);
      const clientPath = clientsPath(pool.Id, `/${ctx.params.clientId}`);
      const added = await ctx.attempt('AddUserPoolClientSecret', { UserPoolId: pool.Id, ClientId: ctx.params.clientId });
      if (added.error) return ctx.redirect(clientPath, added.error.message);
      const secret = added.output.ClientSecretDescriptor;
      // As at creation: the new secret is shown on this response only (no-store).
      return ctx.render({ title: 'Client secret added', section: 'clients', pool: { id: pool.Id, name: pool.Name } }, html`
<p class="warning" role="status">Copy the new client secret now: the console will not show it again. Both secrets work until you delete one.</p>
${details([['Secret id', html`<span class="mono">${secret.ClientSecretId}</span>`], ['Client secret', html`<span class="mono" id="client-secret">${secret.ClientSecretValue}</span>`]])}
<p><a class="button" href="${clientPath}">Continue to the app client</a></p>`);
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/clients/:clientId/secrets/delete', async handler(ctx) {
      const pool = await requirePoolSummary(ctx);
      const deleted = await ctx.attempt('DeleteUserPoolClientSecret', {
        UserPoolId: pool.Id, ClientId: ctx.params.clientId, ClientSecretId: ctx.form.get('secretId') ?? '',
      });
      return ctx.redirect(clientsPath(pool.Id, `/${ctx.params.clientId}`), deleted.error ? deleted.error.message : 'Client secret deleted.');
    },
  },
]);

/** A confidential client's active secrets, with the buttons that rotate them. */
function secretsSection(ctx: ConsoleContext, poolId: string, clientId: string, secrets: OperationOutput[]): Html {
  if (secrets.length === 0) return html``;
  const path = clientsPath(poolId, `/${clientId}/secrets`);
  const rows = secrets.map((s) => [
    html`<span class="mono">${s.ClientSecretId}</span>`,
    formatTime(s.ClientSecretCreateDate * 1000),
    secrets.length > 1
      ? postForm(ctx.session!.csrf, `${path}/delete`, html`<input type="hidden" name="secretId" value="${s.ClientSecretId}">`, 'Delete', { danger: true })
      : 'the last secret cannot be deleted',
  ]);
  return html`<h2>Client secrets</h2>
<p>Rotate without downtime: add a second secret, move your apps to it, then delete the first.</p>
${table(['Secret id', 'Created', ''], rows)}
${secrets.length < 2 ? postForm(ctx.session!.csrf, path, html``, 'Add a client secret', { secondary: true }) : ''}`;
}
