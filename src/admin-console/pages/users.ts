// Users: the list with a search on ListUsers' filter attributes (a page at a time, by its
// PaginationToken) and creation (AdminCreateUser: temporary password, email / phone attributes,
// invitation sent or suppressed). One user's page and its actions are in user.ts.
import { html, type Html } from '../../hosted-ui/views/html.js';
import type { ConsoleContext } from '../context.js';
import type { ConsoleForm } from '../form.js';
import type { OperationOutput } from '../invoke.js';
import { defineRoutes } from '../route.js';
import { namedPath, poolPath } from '../nav.js';
import { loadPoolFrame, type PoolFrame } from '../pool-frame.js';
import { checkbox, checkboxGroup, formatTime, nextPage, postForm, select, table, textArea, textField } from '../views/components.js';

/** ListUsers' searchable attributes (cognito-compat §12.1), in the AWS console's order. */
export const SEARCH_ATTRIBUTES = [
  'username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'cognito:user_status', 'status', 'sub',
] as const;
const OPERATORS = [{ value: '=', label: 'is' }, { value: '^=', label: 'starts with' }];

export const usersPath = (poolId: string, rest = ''): string => poolPath(poolId, `/users${rest}`);
export const userPath = (poolId: string, username: string, rest = ''): string => namedPath(poolId, 'user', username, rest);

/**
 * The ListUsers Filter for a search: `<attribute> <op> "<value>"`, the value's backslashes and
 * quotes escaped as the filter grammar reads them (src/api/list-users-filter.ts). Undefined for
 * an empty value (every user) or an attribute or operator that is not offered.
 */
export function userFilter(attribute: string, op: string, value: string): string | undefined {
  if (value === '' || !(SEARCH_ATTRIBUTES as readonly string[]).includes(attribute) || (op !== '=' && op !== '^=')) return undefined;
  return `${attribute} ${op} "${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The value of attribute `name` in an AttributeType list. */
export const attributeOf = (attributes: Array<{ Name: string; Value?: string }> | undefined, name: string): string | undefined =>
  attributes?.find((a) => a.Name === name)?.Value;

const yesNo = (value: boolean): string => (value ? 'Yes' : 'No');

interface Search {
  attribute: string;
  op: string;
  value: string;
}

function searchForm(poolId: string, s: Search): Html {
  return html`<form method="get" action="${usersPath(poolId)}" role="search">
<div class="grid">
<div>${select({ name: 'attribute', label: 'Attribute', options: SEARCH_ATTRIBUTES.map((a) => ({ value: a, label: a })), selected: s.attribute })}</div>
<div>${select({ name: 'op', label: 'Operator', options: OPERATORS, selected: s.op })}</div>
<div>${textField({ name: 'value', label: 'Value', value: s.value })}</div>
</div>
<div class="actions"><button type="submit" class="secondary">Search</button>
${s.value ? html`<a href="${usersPath(poolId)}">Show all users</a>` : ''}</div>
</form>
<p class="hint">Cognito's ListUsers filter: one attribute, exact (is) or prefix (starts with). For status, search for Enabled or Disabled with "is"; for cognito:user_status, e.g. CONFIRMED or FORCE_CHANGE_PASSWORD.</p>`;
}

async function listPage(ctx: ConsoleContext, { pool, frame }: PoolFrame): Promise<ReturnType<ConsoleContext['render']>> {
  const s: Search = { attribute: ctx.query.attribute ?? 'username', op: ctx.query.op ?? '=', value: ctx.query.value ?? '' };
  const Filter = userFilter(s.attribute, s.op, s.value);
  const listed = await ctx.attempt('ListUsers', { UserPoolId: pool.Id, ...(Filter && { Filter }), ...(ctx.query.next && { PaginationToken: ctx.query.next }) });
  const users = (listed.output?.Users ?? []) as OperationOutput[];
  const rows = users.map((u) => [
    html`<a href="${userPath(pool.Id, u.Username)}">${u.Username}</a>`,
    attributeOf(u.Attributes, 'email'),
    attributeOf(u.Attributes, 'phone_number'),
    u.UserStatus,
    yesNo(u.Enabled),
    formatTime(u.UserCreateDate * 1000),
  ]);
  const next = listed.output?.PaginationToken ? { attribute: s.attribute, op: s.op, value: s.value, next: listed.output.PaginationToken as string } : undefined;
  return ctx.render({ title: 'Users', section: 'users', pool: frame, error: listed.error?.message }, html`
<p class="actions"><a class="button" href="${poolPath(pool.Id, '/new-user')}">Create user</a></p>
${searchForm(pool.Id, s)}
${table(['Username', 'Email', 'Phone', 'Status', 'Enabled', 'Created'], rows, Filter ? 'No user matches this search.' : 'No user yet.')}
${nextPage(usersPath(pool.Id), next)}`, listed.error ? 400 : 200);
}

/** The create form's values: defaults, or as posted (after an error). The password is never sent back. */
interface NewUserValues {
  username: string;
  email: string;
  emailVerified: boolean;
  phone: string;
  phoneVerified: boolean;
  otherAttributes: string;
  invitation: 'send' | 'suppress';
  mediums: string[];
}

const NEW_USER: NewUserValues = {
  username: '', email: '', emailVerified: false, phone: '', phoneVerified: false, otherAttributes: '', invitation: 'send', mediums: ['EMAIL'],
};

function valuesFromForm(form: ConsoleForm): NewUserValues {
  return {
    username: form.get('username') ?? '', email: form.get('email') ?? '', emailVerified: form.has('email_verified'),
    phone: form.get('phone_number') ?? '', phoneVerified: form.has('phone_number_verified'), otherAttributes: form.get('otherAttributes') ?? '',
    invitation: form.get('invitation') === 'suppress' ? 'suppress' : 'send', mediums: form.all('mediums'),
  };
}

/** `name=value` lines → an AttributeType list; a line without `=` is reported by its number. */
export function parseAttributeLines(text: string): { attributes: Array<{ Name: string; Value: string }>; error?: string } {
  const attributes: Array<{ Name: string; Value: string }> = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { attributes, error: `Line ${i + 1} is not name=value.` };
    attributes.push({ Name: line.slice(0, eq).trim(), Value: line.slice(eq + 1).trim() });
  }
  return { attributes };
}

function createForm(ctx: ConsoleContext, frame: PoolFrame['frame'], v: NewUserValues, error?: string) {
  const fields = html`
${textField({ name: 'username', label: 'Username', value: v.username, required: true, autocomplete: 'off', hint: 'In a pool that signs in with an email or a phone number, that value.' })}
${textField({ name: 'temporaryPassword', label: 'Temporary password (optional)', type: 'password', autocomplete: 'new-password', hint: 'Left empty, one is generated and sent in the invitation. The user must change it at first sign-in.' })}
<fieldset><legend>Contact</legend>
${textField({ name: 'email', label: 'Email', value: v.email, autocomplete: 'off' })}
${checkbox('email_verified', 'Mark the email as verified', v.emailVerified)}
${textField({ name: 'phone_number', label: 'Phone number', value: v.phone, placeholder: '+15555550100', autocomplete: 'off', hint: 'E.164: a + and the country code.' })}
${checkbox('phone_number_verified', 'Mark the phone number as verified', v.phoneVerified)}
</fieldset>
${textArea({ name: 'otherAttributes', label: 'Other attributes', value: v.otherAttributes, hint: 'One per line as name=value, e.g. given_name=Ana or custom:tier=gold.' })}
<fieldset><legend>Invitation</legend>
${select({ name: 'invitation', label: 'Invitation message', options: [{ value: 'send', label: 'Send it (to the outbox)' }, { value: 'suppress', label: 'Do not send it (SUPPRESS)' }], selected: v.invitation })}
${checkboxGroup('mediums', 'Send by', [{ value: 'EMAIL', label: 'Email message' }, { value: 'SMS', label: 'SMS text message' }], v.mediums)}
</fieldset>`;
  return ctx.render({ title: 'Create a user', section: 'users', pool: frame, error }, postForm(ctx.session!.csrf, poolPath(frame.id, '/new-user'), fields, 'Create user'), error ? 400 : 200);
}

function createInput(poolId: string, v: NewUserValues, temporaryPassword: string | undefined, others: Array<{ Name: string; Value: string }>): Record<string, unknown> {
  const attributes = [
    ...(v.email ? [{ Name: 'email', Value: v.email }, ...(v.emailVerified ? [{ Name: 'email_verified', Value: 'true' }] : [])] : []),
    ...(v.phone ? [{ Name: 'phone_number', Value: v.phone }, ...(v.phoneVerified ? [{ Name: 'phone_number_verified', Value: 'true' }] : [])] : []),
    ...others,
  ];
  return {
    UserPoolId: poolId,
    Username: v.username,
    ...(temporaryPassword && { TemporaryPassword: temporaryPassword }),
    ...(attributes.length && { UserAttributes: attributes }),
    ...(v.invitation === 'suppress' ? { MessageAction: 'SUPPRESS' } : v.mediums.length ? { DesiredDeliveryMediums: v.mediums } : {}),
  };
}

export const userListRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/users', async handler(ctx) {
      return listPage(ctx, await loadPoolFrame(ctx));
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/new-user', async handler(ctx) {
      return createForm(ctx, (await loadPoolFrame(ctx)).frame, NEW_USER);
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/new-user', async handler(ctx) {
      const { frame } = await loadPoolFrame(ctx);
      const v = valuesFromForm(ctx.form);
      const others = parseAttributeLines(v.otherAttributes);
      if (others.error) return createForm(ctx, frame, v, others.error);
      const created = await ctx.attempt('AdminCreateUser', createInput(frame.id, v, ctx.form.raw('temporaryPassword') || undefined, others.attributes));
      if (created.error) return createForm(ctx, frame, v, created.error.message);
      const username: string = created.output.User.Username;
      return ctx.redirect(userPath(frame.id, username), `User ${username} created.`);
    },
  },
]);
