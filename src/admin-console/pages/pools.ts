// User pools: the list, creation (sign-in names, required and custom attributes, password policy,
// MFA, self sign-up, deletion protection), the overview, editing and deletion (confirmed by typing
// the pool's name). Every change is an API operation run through ctx.invoke.
import { html, type Html } from '../../web/html.js';
import type { CognitoError } from '../../cognito/errors.js';
import type { ConsoleContext } from '../context.js';
import type { ConsoleForm } from '../form.js';
import { defineRoutes } from '../route.js';
import { poolPath } from '../nav.js';
import { checkbox, checkboxGroup, details, formatTime, hidden, nextPage, postForm, select, table, textArea, textField } from '../views/components.js';
import type { OperationOutput } from '../invoke.js';

/** Standard attributes an operator may require, in the AWS console's order. */
const STANDARD_ATTRIBUTE_CHOICES = [
  'email', 'phone_number', 'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username',
  'address', 'birthdate', 'gender', 'locale', 'picture', 'profile', 'website', 'zoneinfo', 'updated_at',
].map((value) => ({ value, label: value }));

const SIGN_IN_CHOICES = [
  { value: 'username', label: 'A username (optionally also email / phone / preferred username as aliases)' },
  { value: 'email', label: 'An email address as the username' },
  { value: 'phone_number', label: 'A phone number as the username' },
  { value: 'email_or_phone', label: 'An email address or a phone number as the username' },
];
const ALIAS_CHOICES = [
  { value: 'email', label: 'email' }, { value: 'phone_number', label: 'phone_number' }, { value: 'preferred_username', label: 'preferred_username' },
];
const MFA_CHOICES = [
  { value: 'OFF', label: 'Off' }, { value: 'OPTIONAL', label: 'Optional (each user chooses)' }, { value: 'ON', label: 'Required for every user' },
];
const DATA_TYPES = ['String', 'Number', 'Boolean', 'DateTime'];

/** The pool form's values: from a pool (edit), from defaults (create) or as posted (after an error). */
interface PoolValues {
  name: string;
  signInWith: string;
  aliases: string[];
  caseSensitive: boolean;
  required: string[];
  customAttributes: string;
  minLength: string;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  temporaryPasswordDays: string;
  mfa: string;
  totp: boolean;
  sms: boolean;
  emailOtp: boolean;
  selfSignUp: boolean;
  autoVerify: string[];
  deletionProtection: boolean;
}

const DEFAULTS: PoolValues = {
  name: '', signInWith: 'username', aliases: [], caseSensitive: false, required: [], customAttributes: '',
  minLength: '8', requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordDays: '7',
  mfa: 'OFF', totp: false, sms: false, emailOtp: false, selfSignUp: true, autoVerify: [], deletionProtection: false,
};

function valuesFromForm(form: ConsoleForm): PoolValues {
  return {
    name: form.get('name') ?? '',
    signInWith: form.get('signInWith') ?? 'username',
    aliases: form.all('aliases'),
    caseSensitive: form.has('caseSensitive'),
    required: form.all('required'),
    customAttributes: form.get('customAttributes') ?? '',
    minLength: form.get('minLength') ?? '8',
    requireUppercase: form.has('requireUppercase'),
    requireLowercase: form.has('requireLowercase'),
    requireNumbers: form.has('requireNumbers'),
    requireSymbols: form.has('requireSymbols'),
    temporaryPasswordDays: form.get('temporaryPasswordDays') ?? '7',
    mfa: form.get('mfa') ?? 'OFF',
    totp: form.has('totp'),
    sms: form.has('sms'),
    emailOtp: form.has('emailOtp'),
    selfSignUp: form.has('selfSignUp'),
    autoVerify: form.all('autoVerify'),
    deletionProtection: form.has('deletionProtection'),
  };
}

function valuesFromPool(pool: OperationOutput, mfa: OperationOutput): PoolValues {
  const policy = pool.Policies?.PasswordPolicy ?? {};
  const usernameAttributes: string[] = pool.UsernameAttributes ?? [];
  return {
    ...DEFAULTS,
    name: pool.Name,
    signInWith: usernameAttributes.length === 2 ? 'email_or_phone' : usernameAttributes[0] ?? 'username',
    aliases: pool.AliasAttributes ?? [],
    caseSensitive: pool.UsernameConfiguration?.CaseSensitive ?? true,
    required: (pool.SchemaAttributes ?? []).filter((a: any) => a.Required && a.Name !== 'sub').map((a: any) => a.Name),
    minLength: String(policy.MinimumLength ?? 8),
    requireUppercase: policy.RequireUppercase === true,
    requireLowercase: policy.RequireLowercase === true,
    requireNumbers: policy.RequireNumbers === true,
    requireSymbols: policy.RequireSymbols === true,
    temporaryPasswordDays: String(policy.TemporaryPasswordValidityDays ?? 7),
    mfa: mfa.MfaConfiguration ?? 'OFF',
    totp: mfa.SoftwareTokenMfaConfiguration?.Enabled === true,
    sms: mfa.SmsMfaConfiguration !== undefined,
    emailOtp: mfa.EmailMfaConfiguration !== undefined,
    selfSignUp: pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly !== true,
    autoVerify: pool.AutoVerifiedAttributes ?? [],
    deletionProtection: pool.DeletionProtection === 'ACTIVE',
  };
}

/** "tier" or "score Number" per line → AddCustomAttributes / Schema entries. */
function parseCustomAttributes(text: string): Array<{ Name: string; AttributeDataType: string; Mutable: boolean }> {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((line) => {
    const [rawName, rawType = 'String'] = line.split(/\s+/);
    const name = rawName.replace(/^custom:/, '');
    const type = DATA_TYPES.find((t) => t.toLowerCase() === rawType.toLowerCase()) ?? rawType;
    return { Name: name, AttributeDataType: type, Mutable: true };
  });
}

const integer = (value: string): number | string => (/^\d{1,4}$/.test(value) ? Number(value) : value);

function passwordPolicy(v: PoolValues) {
  return {
    MinimumLength: integer(v.minLength), RequireUppercase: v.requireUppercase, RequireLowercase: v.requireLowercase,
    RequireNumbers: v.requireNumbers, RequireSymbols: v.requireSymbols, TemporaryPasswordValidityDays: integer(v.temporaryPasswordDays),
  };
}

function mfaInput(v: PoolValues): Record<string, unknown> {
  return {
    MfaConfiguration: v.mfa,
    SoftwareTokenMfaConfiguration: { Enabled: v.totp },
    // Cognito requires an SNS role for SMS MFA; Gatehouse sends texts through its outbox, so the role is nominal.
    ...(v.sms && { SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your authentication code is {####}.', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/gatehouse-sms' } } }),
    ...(v.emailOtp && { EmailMfaConfiguration: { Message: 'Your authentication code is {####}.', Subject: 'Your authentication code' } }),
  };
}

function createInput(v: PoolValues): Record<string, unknown> {
  const usernameAttributes = v.signInWith === 'email' ? ['email'] : v.signInWith === 'phone_number' ? ['phone_number'] : v.signInWith === 'email_or_phone' ? ['email', 'phone_number'] : undefined;
  const schema = [
    ...v.required.map((name) => ({ Name: name, AttributeDataType: name === 'updated_at' ? 'Number' : 'String', Required: true, Mutable: true })),
    ...parseCustomAttributes(v.customAttributes),
  ];
  return {
    PoolName: v.name,
    ...(usernameAttributes ? { UsernameAttributes: usernameAttributes } : v.aliases.length ? { AliasAttributes: v.aliases } : {}),
    UsernameConfiguration: { CaseSensitive: v.caseSensitive },
    ...(schema.length && { Schema: schema }),
    Policies: { PasswordPolicy: passwordPolicy(v) },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: !v.selfSignUp },
    ...(v.autoVerify.length && { AutoVerifiedAttributes: v.autoVerify }),
    DeletionProtection: v.deletionProtection ? 'ACTIVE' : 'INACTIVE',
  };
}

/** The members UpdateUserPool replaces: today's values, so that only what the form changes moves. */
const UPDATABLE = [
  'Policies', 'DeletionProtection', 'LambdaConfig', 'AutoVerifiedAttributes', 'VerificationMessageTemplate', 'SmsVerificationMessage',
  'EmailVerificationMessage', 'EmailVerificationSubject', 'SmsAuthenticationMessage', 'MfaConfiguration', 'UserAttributeUpdateSettings',
  'DeviceConfiguration', 'EmailConfiguration', 'SmsConfiguration', 'UserPoolTags', 'AdminCreateUserConfig', 'UserPoolAddOns',
  'AccountRecoverySetting', 'UserPoolTier',
];

/** An UpdateUserPool input that keeps every setting as it is (UpdateUserPool is full-replace); callers change what their form edits. */
export function unchangedPoolInput(current: OperationOutput): Record<string, any> {
  const input: Record<string, unknown> = { UserPoolId: current.Id };
  for (const member of UPDATABLE) if (current[member] !== undefined) input[member] = current[member];
  return input;
}

function updateInput(current: OperationOutput, v: PoolValues): Record<string, unknown> {
  const input = unchangedPoolInput(current);
  input.Policies = { ...current.Policies, PasswordPolicy: { ...current.Policies?.PasswordPolicy, ...passwordPolicy(v) } };
  input.AdminCreateUserConfig = { ...current.AdminCreateUserConfig, AllowAdminCreateUserOnly: !v.selfSignUp };
  input.DeletionProtection = v.deletionProtection ? 'ACTIVE' : 'INACTIVE';
  if (v.autoVerify.length) input.AutoVerifiedAttributes = v.autoVerify;
  else delete input.AutoVerifiedAttributes;
  return input;
}

function poolFields(v: PoolValues, mode: 'create' | 'edit'): Html {
  const create = mode === 'create';
  return html`
${create ? html`${textField({ name: 'name', label: 'Pool name', value: v.name, required: true, hint: 'Letters, digits, spaces and + = , . @ - (up to 128).' })}
<fieldset><legend>Sign-in</legend>
${select({ name: 'signInWith', label: 'Users sign in with', options: SIGN_IN_CHOICES, selected: v.signInWith, hint: 'Fixed once the pool exists.' })}
${checkboxGroup('aliases', 'Aliases (with a username only)', ALIAS_CHOICES, v.aliases, 'Verified values users may also sign in with.')}
${checkbox('caseSensitive', 'Usernames are case sensitive', v.caseSensitive)}
</fieldset>
${checkboxGroup('required', 'Required attributes', STANDARD_ATTRIBUTE_CHOICES, v.required, 'Every user must have these (fixed once the pool exists).')}` : ''}
${textArea({ name: 'customAttributes', label: create ? 'Custom attributes' : 'Add custom attributes', value: v.customAttributes, hint: 'One per line: a name and optionally its type (String, Number, Boolean, DateTime), e.g. "tier" or "score Number". Stored as custom:<name>.' })}
<fieldset><legend>Password policy</legend>
${textField({ name: 'minLength', label: 'Minimum length', type: 'number', value: v.minLength, min: 6, max: 99 })}
${checkbox('requireUppercase', 'Require an uppercase letter', v.requireUppercase)}
${checkbox('requireLowercase', 'Require a lowercase letter', v.requireLowercase)}
${checkbox('requireNumbers', 'Require a number', v.requireNumbers)}
${checkbox('requireSymbols', 'Require a symbol', v.requireSymbols)}
${textField({ name: 'temporaryPasswordDays', label: 'Temporary passwords expire after (days)', type: 'number', value: v.temporaryPasswordDays, min: 0, max: 365 })}
</fieldset>
<fieldset><legend>Multi-factor authentication</legend>
${select({ name: 'mfa', label: 'MFA', options: MFA_CHOICES, selected: v.mfa })}
${checkbox('totp', 'Authenticator apps (TOTP)', v.totp)}
${checkbox('sms', 'SMS text message', v.sms)}
${checkbox('emailOtp', 'Email message', v.emailOtp)}
<p class="hint">ON or Optional needs at least one method. SMS and email, once enabled, stay enabled.</p>
</fieldset>
<fieldset><legend>Sign-up and verification</legend>
${checkbox('selfSignUp', 'Allow self sign-up (otherwise only administrators create users)', v.selfSignUp)}
${checkboxGroup('autoVerify', 'Verify automatically by sending a code to', [{ value: 'email', label: 'email' }, { value: 'phone_number', label: 'phone_number' }], v.autoVerify)}
</fieldset>
${checkbox('deletionProtection', 'Deletion protection (the pool cannot be deleted while on)', v.deletionProtection)}`;
}

function createPage(ctx: ConsoleContext, v: PoolValues, error?: CognitoError) {
  return ctx.render({ title: 'Create a user pool', section: 'pools', error: error?.message }, postForm(ctx.session!.csrf, '/admin/pools/new', poolFields(v, 'create'), 'Create user pool'), error ? 400 : 200);
}

async function loadPool(ctx: ConsoleContext): Promise<{ pool: OperationOutput; mfa: OperationOutput }> {
  const UserPoolId = ctx.params.poolId;
  const { UserPool: pool } = await ctx.invoke('DescribeUserPool', { UserPoolId });
  const mfa = await ctx.invoke('GetUserPoolMfaConfig', { UserPoolId });
  return { pool, mfa };
}

const yesNo = (value: boolean): string => (value ? 'Yes' : 'No');

function signInDescription(pool: OperationOutput): string {
  const usernameAttributes: string[] = pool.UsernameAttributes ?? [];
  if (usernameAttributes.length) return `${usernameAttributes.join(' or ')} as the username`;
  const aliases: string[] = pool.AliasAttributes ?? [];
  return aliases.length ? `username, or ${aliases.join(', ')} as an alias` : 'username';
}

export const poolRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools', async handler(ctx) {
      const out = await ctx.invoke('ListUserPools', { MaxResults: 60, ...(ctx.query.next && { NextToken: ctx.query.next }) });
      const rows = (out.UserPools as OperationOutput[]).map((p) => [
        html`<a href="${poolPath(p.Id)}">${p.Name}</a>`, html`<span class="mono">${p.Id}</span>`, formatTime(p.CreationDate * 1000),
      ]);
      return ctx.render({ title: 'User pools', section: 'pools' }, html`
<p class="actions"><a class="button" href="/admin/pools/new">Create user pool</a></p>
${table(['Name', 'Pool id', 'Created'], rows, 'There is no user pool yet. Create one to get started.')}
${nextPage('/admin/pools', out.NextToken ? { next: out.NextToken } : undefined)}`);
    },
  },
  {
    method: 'GET', path: '/pools/new', async handler(ctx) {
      return createPage(ctx, DEFAULTS);
    },
  },
  {
    method: 'POST', path: '/pools/new', async handler(ctx) {
      const v = valuesFromForm(ctx.form);
      const created = await ctx.attempt('CreateUserPool', createInput(v));
      if (created.error) return createPage(ctx, v, created.error);
      const poolId: string = created.output.UserPool.Id;
      if (v.mfa !== 'OFF' || v.totp || v.sms || v.emailOtp) {
        const mfa = await ctx.attempt('SetUserPoolMfaConfig', { UserPoolId: poolId, ...mfaInput(v) });
        if (mfa.error) return ctx.redirect(`${poolPath(poolId)}/edit`, `The pool was created, but its MFA settings were not saved: ${mfa.error.message}`);
      }
      return ctx.redirect(poolPath(poolId), `User pool ${v.name} created.`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId', async handler(ctx) {
      const { pool, mfa } = await loadPool(ctx);
      const policy = pool.Policies?.PasswordPolicy ?? {};
      const clients = await ctx.invoke('ListUserPoolClients', { UserPoolId: pool.Id, MaxResults: 60 });
      const attributes = (pool.SchemaAttributes as OperationOutput[]).filter((a) => (a.Required && a.Name !== 'sub') || a.Name.startsWith('custom:') || a.Name.startsWith('dev:'));
      const factors = [mfa.SoftwareTokenMfaConfiguration?.Enabled && 'TOTP', mfa.SmsMfaConfiguration && 'SMS', mfa.EmailMfaConfiguration && 'email'].filter(Boolean).join(', ');
      return ctx.render({ title: pool.Name, section: 'pool', pool: { id: pool.Id, name: pool.Name } }, html`
<p class="actions"><a class="button" href="${`${poolPath(pool.Id)}/edit`}">Edit</a><a class="button secondary" href="${`${poolPath(pool.Id)}/delete`}">Delete</a></p>
${details([
  ['Pool id', html`<span class="mono">${pool.Id}</span>`],
  ['ARN', html`<span class="mono">${pool.Arn}</span>`],
  ['Created', formatTime(pool.CreationDate * 1000)],
  ['Users', pool.EstimatedNumberOfUsers],
  ['Sign-in with', signInDescription(pool)],
  ['Case-sensitive usernames', yesNo(pool.UsernameConfiguration?.CaseSensitive ?? true)],
  ['Self sign-up', yesNo(pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly !== true)],
  ['Auto-verified', (pool.AutoVerifiedAttributes ?? []).join(', ') || 'none'],
  ['MFA', `${mfa.MfaConfiguration}${factors ? ` (${factors})` : ''}`],
  ['Deletion protection', pool.DeletionProtection === 'ACTIVE' ? 'On' : 'Off'],
  ['Domain', pool.Domain ? html`<a href="${`${poolPath(pool.Id)}/domain`}">${pool.Domain}</a>` : html`<a href="${`${poolPath(pool.Id)}/domain`}">none: choose a prefix</a>`],
])}
<h2>Password policy</h2>
${details([
  ['Minimum length', policy.MinimumLength],
  ['Requires', ['uppercase', 'lowercase', 'numbers', 'symbols'].filter((_, i) => [policy.RequireUppercase, policy.RequireLowercase, policy.RequireNumbers, policy.RequireSymbols][i]).join(', ') || 'nothing else'],
  ['Temporary passwords', `${policy.TemporaryPasswordValidityDays} days`],
])}
<h2>Required and custom attributes</h2>
${table(['Name', 'Type', 'Required', 'Mutable'], attributes.map((a) => [html`<span class="mono">${a.Name}</span>`, a.AttributeDataType, yesNo(a.Required), yesNo(a.Mutable)]), 'None besides sub.')}
<h2>App clients</h2>
${table(['Name', 'Client id'], (clients.UserPoolClients as OperationOutput[]).map((c) => [html`<a href="${`${poolPath(pool.Id)}/clients/${c.ClientId}`}">${c.ClientName}</a>`, html`<span class="mono">${c.ClientId}</span>`]), 'No app client yet.')}
<p><a class="button secondary" href="${`${poolPath(pool.Id)}/clients/new`}">Create app client</a></p>`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/edit', async handler(ctx) {
      const { pool, mfa } = await loadPool(ctx);
      return editPage(ctx, pool, valuesFromPool(pool, mfa));
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/edit', async handler(ctx) {
      const { pool, mfa: currentMfa } = await loadPool(ctx);
      const v = valuesFromForm(ctx.form);
      const updated = await ctx.attempt('UpdateUserPool', updateInput(pool, v));
      if (updated.error) return editPage(ctx, pool, v, updated.error);
      const before = valuesFromPool(pool, currentMfa);
      if (v.mfa !== before.mfa || v.totp !== before.totp || (v.sms && !before.sms) || (v.emailOtp && !before.emailOtp)) {
        const mfa = await ctx.attempt('SetUserPoolMfaConfig', { UserPoolId: pool.Id, ...mfaInput(v) });
        if (mfa.error) return editPage(ctx, pool, v, mfa.error);
      }
      const custom = parseCustomAttributes(v.customAttributes);
      if (custom.length) {
        const added = await ctx.attempt('AddCustomAttributes', { UserPoolId: pool.Id, CustomAttributes: custom });
        if (added.error) return editPage(ctx, pool, v, added.error);
      }
      return ctx.redirect(poolPath(pool.Id), 'User pool saved.');
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/delete', async handler(ctx) {
      const { pool } = await loadPool(ctx);
      return deletePage(ctx, pool);
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/delete', async handler(ctx) {
      const { pool } = await loadPool(ctx);
      if (ctx.form.get('confirmName') !== pool.Name) return deletePage(ctx, pool, 'Type the pool name exactly to confirm.');
      const deleted = await ctx.attempt('DeleteUserPool', { UserPoolId: pool.Id });
      if (deleted.error) return deletePage(ctx, pool, deleted.error.message);
      return ctx.redirect('/admin/pools', `User pool ${pool.Name} deleted.`);
    },
  },
]);

function editPage(ctx: ConsoleContext, pool: OperationOutput, v: PoolValues, error?: CognitoError) {
  return ctx.render(
    { title: `Edit ${pool.Name}`, section: 'pool', pool: { id: pool.Id, name: pool.Name }, error: error?.message },
    html`<p class="hint">Sign-in names and required attributes are fixed once a pool exists.</p>
${postForm(ctx.session!.csrf, `${poolPath(pool.Id)}/edit`, poolFields(v, 'edit'), 'Save changes')}`,
    error ? 400 : 200,
  );
}

function deletePage(ctx: ConsoleContext, pool: OperationOutput, error?: string) {
  return ctx.render({ title: `Delete ${pool.Name}`, section: 'pool', pool: { id: pool.Id, name: pool.Name }, error }, html`
<p class="warning">Deleting the pool deletes its ${pool.EstimatedNumberOfUsers} users, app clients, groups and domain. This cannot be undone.</p>
${pool.DeletionProtection === 'ACTIVE' ? html`<p class="alert">Deletion protection is on: turn it off in <a href="${`${poolPath(pool.Id)}/edit`}">Edit</a> first.</p>` : ''}
${postForm(ctx.session!.csrf, `${poolPath(pool.Id)}/delete`, html`${hidden('poolId', pool.Id)}
${textField({ name: 'confirmName', label: `Type the pool name (${pool.Name}) to confirm`, required: true, autocomplete: 'off' })}`, 'Delete user pool', { danger: true })}`, error ? 400 : 200);
}
