// One user: attributes (edit, delete one), status, enable/disable, reset or set the password, sign
// out everywhere, groups (add to, remove from), MFA settings, devices, passkeys (user-passkeys.ts),
// and deletion with a confirmation. Every action posts to its own path and comes back here; a
// refused action renders this page again with Cognito's message.
import { html, type Html } from '../../web/html.js';
import type { ConsoleContext } from '../context.js';
import type { OperationOutput } from '../invoke.js';
import { defineRoutes } from '../route.js';
import { confirmDeletePage, isConfirmed } from '../views/confirm.js';
import { poolPath } from '../nav.js';
import { loadPoolFrame, type PoolFrame } from '../pool-frame.js';
import { checkbox, details, formatTime, hidden, postForm, select, table, textArea, textField } from '../views/components.js';
import { attributeOf, parseAttributeLines, userPath, usersPath } from './users.js';
import { groupPath } from './groups.js';
import { passkeySection } from './user-passkeys.js';

interface UserPage extends PoolFrame {
  user: OperationOutput;
}

async function loadUser(ctx: ConsoleContext): Promise<UserPage> {
  const frame = await loadPoolFrame(ctx);
  const user = await ctx.invoke('AdminGetUser', { UserPoolId: frame.pool.Id, Username: ctx.query.name ?? '' });
  return { ...frame, user };
}

const mono = (text: string): Html => html`<span class="mono">${text}</span>`;

interface ProviderIdentity { providerName?: string; providerType?: string; userId?: string; dateCreated?: string; primary?: string }

/** The user's provider identities: the `identities` attribute, Cognito's JSON array in a string. */
function identitiesOf(user: OperationOutput): ProviderIdentity[] {
  const value = attributeOf(user.UserAttributes, 'identities');
  if (!value) return [];
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((i) => i && typeof i === 'object') : [];
  } catch {
    return [];
  }
}

/** The attributes an operator may edit or delete here: all but sub (fixed by Cognito). */
const editable = (user: OperationOutput): Array<{ Name: string; Value: string }> =>
  ((user.UserAttributes ?? []) as Array<{ Name: string; Value: string }>).filter((a) => a.Name !== 'sub');

async function userPage(ctx: ConsoleContext, page: UserPage, options: { error?: string } = {}) {
  const { pool, frame, user } = page;
  const csrf = ctx.session!.csrf;
  const at = (rest: string) => userPath(pool.Id, user.Username, rest);
  const [groups, allGroups, devices, passkeys] = await Promise.all([
    ctx.invoke('AdminListGroupsForUser', { UserPoolId: pool.Id, Username: user.Username, Limit: 60 }),
    ctx.invoke('ListGroups', { UserPoolId: pool.Id, Limit: 60 }),
    ctx.invoke('AdminListDevices', { UserPoolId: pool.Id, Username: user.Username, Limit: 60 }),
    passkeySection(ctx, pool.Id, user.Username),
  ]);
  const memberOf = new Set((groups.Groups as OperationOutput[]).map((g) => g.GroupName as string));
  const joinable = (allGroups.Groups as OperationOutput[]).filter((g) => !memberOf.has(g.GroupName));
  const mfaList: string[] = user.UserMFASettingList ?? [];

  const attributeRows = ((user.UserAttributes ?? []) as Array<{ Name: string; Value: string }>).map((a) => [
    mono(a.Name),
    html`<span class="mono">${a.Value}</span>`,
    a.Name === 'sub' ? '' : postForm(csrf, at('/attributes/delete'), hidden('name', a.Name), 'Delete', { secondary: true }),
  ]);
  const groupRows = (groups.Groups as OperationOutput[]).map((g) => [
    html`<a href="${groupPath(pool.Id, g.GroupName)}">${g.GroupName}</a>`,
    g.Precedence,
    postForm(csrf, at('/groups/remove'), hidden('group', g.GroupName), 'Remove', { secondary: true }),
  ]);
  const identityRows = identitiesOf(user).map((i) => [
    i.providerName ?? '', i.providerType ?? '', mono(String(i.userId ?? '')),
    Number(i.dateCreated) > 0 ? formatTime(Number(i.dateCreated)) : '', i.primary === 'true' ? 'Yes' : 'No',
  ]);
  const deviceRows = (devices.Devices as OperationOutput[]).map((d) => [
    mono(d.DeviceKey),
    attributeOf(d.DeviceAttributes, 'device_name'),
    attributeOf(d.DeviceAttributes, 'dev:device_remembered_status'),
    attributeOf(d.DeviceAttributes, 'last_ip_used'),
    d.DeviceLastAuthenticatedDate ? formatTime(d.DeviceLastAuthenticatedDate * 1000) : 'never',
  ]);

  return ctx.render({ title: user.Username, section: 'users', pool: frame, error: options.error }, html`
<div class="actions">
<a class="button" href="${at('/attributes')}">Edit attributes</a>
${user.Enabled
    ? postForm(csrf, at('/disable'), html``, 'Disable', { secondary: true })
    : postForm(csrf, at('/enable'), html``, 'Enable', { secondary: true })}
${postForm(csrf, at('/reset-password'), html``, 'Reset password', { secondary: true })}
${postForm(csrf, at('/sign-out'), html``, 'Sign out everywhere', { secondary: true })}
<a class="button secondary" href="${at('/delete')}">Delete</a>
</div>
${details([
  ['Username', mono(user.Username)],
  ['sub', mono(attributeOf(user.UserAttributes, 'sub') ?? '')],
  ['Status', user.UserStatus],
  ['Enabled', user.Enabled ? 'Yes' : 'No (cannot sign in)'],
  ['Created', formatTime(user.UserCreateDate * 1000)],
  ['Last modified', formatTime(user.UserLastModifiedDate * 1000)],
  ['MFA methods', mfaList.length ? mfaList.join(', ') : 'none'],
  ['Preferred MFA', user.PreferredMfaSetting ?? 'none'],
])}
<h2>Attributes</h2>
${table(['Name', 'Value', ''], attributeRows, 'No attributes.')}
<h2>Identities</h2>
${table(['Provider', 'Type', 'User id at the provider', 'Since', 'Primary'], identityRows, 'No identity provider: the user signs in with the user pool.')}
<h2>Groups</h2>
${table(['Group', 'Precedence', ''], groupRows, 'Not in any group.')}
${joinable.length
    ? postForm(csrf, at('/groups/add'), select({ name: 'group', label: 'Add to group', options: joinable.map((g) => ({ value: g.GroupName, label: g.GroupName })) }), 'Add to group', { secondary: true })
    : html`<p class="hint">${(allGroups.Groups as OperationOutput[]).length ? 'The user is in every group of the pool.' : html`The pool has no group yet: <a href="${poolPath(pool.Id, '/new-group')}">create one</a>.`}</p>`}
<h2>Set a password</h2>
${postForm(csrf, at('/set-password'), html`
${textField({ name: 'password', label: 'New password', type: 'password', required: true, autocomplete: 'new-password' })}
${checkbox('permanent', 'Permanent (otherwise the user must change it at the next sign-in)', false)}`, 'Set password', { secondary: true })}
<h2>Devices</h2>
${table(['Device key', 'Name', 'Remembered', 'Last IP', 'Last sign-in'], deviceRows, 'No remembered or tracked device.')}
${passkeys}`, options.error ? 400 : 200);
}

/** A user action: the operation's input from the form, then back to the user's page (or its error on it). */
function action(path: string, operation: string, notice: string, input: (ctx: ConsoleContext) => Record<string, unknown> = () => ({})) {
  return {
    method: 'POST' as const, path: `/pools/:poolId/user${path}`, async handler(ctx: ConsoleContext) {
      const page = await loadUser(ctx);
      const done = await ctx.attempt(operation, { UserPoolId: page.pool.Id, Username: page.user.Username, ...input(ctx) });
      if (done.error) return userPage(ctx, page, { error: done.error.message });
      return ctx.redirect(userPath(page.pool.Id, page.user.Username), notice);
    },
  };
}

function attributesForm(ctx: ConsoleContext, page: UserPage, values: Record<string, string>, added: string, error?: string) {
  const { pool, frame, user } = page;
  const fields = html`${editable(user).map((a) => textField({ name: `attr:${a.Name}`, label: a.Name, value: values[a.Name] ?? '' }))}
${textArea({ name: 'added', label: 'Add attributes', value: added, hint: 'One per line as name=value, e.g. given_name=Ana or custom:tier=gold.' })}
<p class="hint">Cleared values are deleted. Changing a verified email or phone number marks it unverified unless you also set email_verified / phone_number_verified.</p>`;
  return ctx.render({ title: `Attributes of ${user.Username}`, section: 'users', pool: frame, error },
    html`${postForm(ctx.session!.csrf, userPath(pool.Id, user.Username, '/attributes'), fields, 'Save attributes')}
<p><a href="${userPath(pool.Id, user.Username)}">Cancel</a></p>`, error ? 400 : 200);
}

export const userRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/user', async handler(ctx) {
      return userPage(ctx, await loadUser(ctx));
    },
  },
  action('/enable', 'AdminEnableUser', 'User enabled.'),
  action('/disable', 'AdminDisableUser', 'User disabled: they can no longer sign in.'),
  action('/reset-password', 'AdminResetUserPassword', 'Password reset: the user must set a new one with the code sent to them (see the outbox).'),
  action('/sign-out', 'AdminUserGlobalSignOut', 'Signed out everywhere: the user\'s refresh tokens and access tokens no longer work.'),
  action('/set-password', 'AdminSetUserPassword', 'Password set.', (ctx) => ({ Password: ctx.form.raw('password') ?? '', Permanent: ctx.form.has('permanent') })),
  action('/groups/add', 'AdminAddUserToGroup', 'Added to the group.', (ctx) => ({ GroupName: ctx.form.get('group') ?? '' })),
  action('/groups/remove', 'AdminRemoveUserFromGroup', 'Removed from the group.', (ctx) => ({ GroupName: ctx.form.get('group') ?? '' })),
  action('/attributes/delete', 'AdminDeleteUserAttributes', 'Attribute deleted.', (ctx) => ({ UserAttributeNames: [ctx.form.get('name') ?? ''] })),
  {
    method: 'GET', path: '/pools/:poolId/user/attributes', async handler(ctx) {
      const page = await loadUser(ctx);
      return attributesForm(ctx, page, Object.fromEntries(editable(page.user).map((a) => [a.Name, a.Value])), '');
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/user/attributes', async handler(ctx) {
      const page = await loadUser(ctx);
      const { pool, user } = page;
      const posted: Record<string, string> = {};
      for (const a of editable(user)) posted[a.Name] = ctx.form.get(`attr:${a.Name}`) ?? '';
      const addedText = ctx.form.get('added') ?? '';
      const added = parseAttributeLines(addedText);
      if (added.error) return attributesForm(ctx, page, posted, addedText, added.error);
      const changed = [
        ...editable(user).filter((a) => posted[a.Name] !== '' && posted[a.Name] !== a.Value).map((a) => ({ Name: a.Name, Value: posted[a.Name] })),
        ...added.attributes,
      ];
      const cleared = editable(user).filter((a) => posted[a.Name] === '').map((a) => a.Name);
      if (changed.length) {
        const updated = await ctx.attempt('AdminUpdateUserAttributes', { UserPoolId: pool.Id, Username: user.Username, UserAttributes: changed });
        if (updated.error) return attributesForm(ctx, page, posted, addedText, updated.error.message);
      }
      if (cleared.length) {
        const deleted = await ctx.attempt('AdminDeleteUserAttributes', { UserPoolId: pool.Id, Username: user.Username, UserAttributeNames: cleared });
        if (deleted.error) return attributesForm(ctx, page, posted, addedText, deleted.error.message);
      }
      return ctx.redirect(userPath(pool.Id, user.Username), changed.length || cleared.length ? 'Attributes saved.' : 'Nothing changed.');
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/user/delete', async handler(ctx) {
      const { pool, frame, user } = await loadUser(ctx);
      return confirmDeletePage(ctx, {
        title: `Delete ${user.Username}?`, section: 'users', pool: frame,
        warning: 'The user, their attributes, group memberships and devices are deleted, and they can no longer sign in. This cannot be undone.',
        action: userPath(pool.Id, user.Username, '/delete'), submit: 'Delete user', cancel: userPath(pool.Id, user.Username),
      });
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/user/delete', async handler(ctx) {
      const page = await loadUser(ctx);
      const { pool, user } = page;
      if (!isConfirmed(ctx)) return ctx.redirect(userPath(pool.Id, user.Username, '/delete'));
      const deleted = await ctx.attempt('AdminDeleteUser', { UserPoolId: pool.Id, Username: user.Username });
      if (deleted.error) return userPage(ctx, page, { error: deleted.error.message });
      return ctx.redirect(usersPath(pool.Id), `User ${user.Username} deleted.`);
    },
  },
]);
