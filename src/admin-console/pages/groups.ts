// Groups: list, create (name, description, precedence, IAM role ARN), a group's page with its
// members (ListUsersInGroup, a page at a time), edit (UpdateGroup) and delete with confirmation.
import { html } from '../../hosted-ui/views/html.js';
import type { ConsoleContext } from '../context.js';
import type { ConsoleForm } from '../form.js';
import type { OperationOutput } from '../invoke.js';
import { defineRoutes } from '../route.js';
import { namedPath, poolPath } from '../nav.js';
import { loadPoolFrame, type PoolFrame } from '../pool-frame.js';
import { details, formatTime, nextPage, postForm, table, textArea, textField } from '../views/components.js';
import { confirmDeletePage, isConfirmed } from '../views/confirm.js';
import { attributeOf, userPath } from './users.js';

const groupsPath = (poolId: string, rest = ''): string => poolPath(poolId, `/groups${rest}`);
export const groupPath = (poolId: string, name: string, rest = ''): string => namedPath(poolId, 'group', name, rest);

interface GroupValues {
  name: string;
  description: string;
  precedence: string;
  roleArn: string;
}

const valuesFromForm = (form: ConsoleForm): GroupValues => ({
  name: form.get('name') ?? '', description: form.get('description') ?? '', precedence: form.get('precedence') ?? '', roleArn: form.get('roleArn') ?? '',
});

const valuesFromGroup = (g: OperationOutput): GroupValues => ({
  name: g.GroupName, description: g.Description ?? '', precedence: g.Precedence === undefined ? '' : String(g.Precedence), roleArn: g.RoleArn ?? '',
});

/** The members the form sets; an empty precedence or role ARN is left out (UpdateGroup then keeps it). */
function settings(v: GroupValues, mode: 'create' | 'edit'): Record<string, unknown> {
  return {
    ...((v.description || mode === 'edit') && { Description: v.description }),
    ...(v.precedence && { Precedence: /^\d{1,10}$/.test(v.precedence) ? Number(v.precedence) : v.precedence }),
    ...(v.roleArn && { RoleArn: v.roleArn }),
  };
}

function groupForm(ctx: ConsoleContext, frame: PoolFrame['frame'], v: GroupValues, mode: 'create' | 'edit', error?: string) {
  const fields = html`
${mode === 'create' ? textField({ name: 'name', label: 'Group name', value: v.name, required: true, hint: 'Fixed once created.' }) : ''}
${textArea({ name: 'description', label: 'Description', value: v.description })}
${textField({ name: 'precedence', label: 'Precedence (optional)', type: 'number', value: v.precedence, min: 0, hint: 'Lower wins when a user is in several groups with roles.' })}
${textField({ name: 'roleArn', label: 'IAM role ARN (optional)', value: v.roleArn, placeholder: 'arn:aws:iam::123456789012:role/example' })}
${mode === 'edit' ? html`<p class="hint">An emptied precedence or role ARN is kept as it was (UpdateGroup changes only what it is given).</p>` : ''}`;
  const action = mode === 'create' ? poolPath(frame.id, '/new-group') : groupPath(frame.id, v.name, '/edit');
  return ctx.render({ title: mode === 'create' ? 'Create a group' : `Edit ${v.name}`, section: 'groups', pool: frame, error },
    postForm(ctx.session!.csrf, action, fields, mode === 'create' ? 'Create group' : 'Save changes'), error ? 400 : 200);
}

async function loadGroup(ctx: ConsoleContext): Promise<PoolFrame & { group: OperationOutput }> {
  const frame = await loadPoolFrame(ctx);
  const { Group: group } = await ctx.invoke('GetGroup', { UserPoolId: frame.pool.Id, GroupName: ctx.query.name ?? '' });
  return { ...frame, group };
}

export const groupRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/groups', async handler(ctx) {
      const { pool, frame } = await loadPoolFrame(ctx);
      const out = await ctx.invoke('ListGroups', { UserPoolId: pool.Id, ...(ctx.query.next && { NextToken: ctx.query.next }) });
      const rows = (out.Groups as OperationOutput[]).map((g) => [
        html`<a href="${groupPath(pool.Id, g.GroupName)}">${g.GroupName}</a>`, g.Description, g.Precedence, formatTime(g.CreationDate * 1000),
      ]);
      return ctx.render({ title: 'Groups', section: 'groups', pool: frame }, html`
<p class="actions"><a class="button" href="${poolPath(pool.Id, '/new-group')}">Create group</a></p>
${table(['Name', 'Description', 'Precedence', 'Created'], rows, 'No group yet.')}
${nextPage(groupsPath(pool.Id), out.NextToken ? { next: out.NextToken } : undefined)}`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/new-group', async handler(ctx) {
      return groupForm(ctx, (await loadPoolFrame(ctx)).frame, { name: '', description: '', precedence: '', roleArn: '' }, 'create');
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/new-group', async handler(ctx) {
      const { frame } = await loadPoolFrame(ctx);
      const v = valuesFromForm(ctx.form);
      const created = await ctx.attempt('CreateGroup', { UserPoolId: frame.id, GroupName: v.name, ...settings(v, 'create') });
      if (created.error) return groupForm(ctx, frame, v, 'create', created.error.message);
      return ctx.redirect(groupPath(frame.id, v.name), `Group ${v.name} created.`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/group', async handler(ctx) {
      const { pool, frame, group } = await loadGroup(ctx);
      const members = await ctx.invoke('ListUsersInGroup', { UserPoolId: pool.Id, GroupName: group.GroupName, ...(ctx.query.next && { NextToken: ctx.query.next }) });
      const rows = (members.Users as OperationOutput[]).map((u) => [
        html`<a href="${userPath(pool.Id, u.Username)}">${u.Username}</a>`, attributeOf(u.Attributes, 'email'), u.UserStatus, u.Enabled ? 'Yes' : 'No',
      ]);
      return ctx.render({ title: group.GroupName, section: 'groups', pool: frame }, html`
<p class="actions"><a class="button" href="${groupPath(pool.Id, group.GroupName, '/edit')}">Edit</a>
<a class="button secondary" href="${groupPath(pool.Id, group.GroupName, '/delete')}">Delete</a></p>
${details([
  ['Description', group.Description || '—'],
  ['Precedence', group.Precedence],
  ['IAM role ARN', group.RoleArn ? html`<span class="mono">${group.RoleArn}</span>` : undefined],
  ['Created', formatTime(group.CreationDate * 1000)],
  ['Last modified', formatTime(group.LastModifiedDate * 1000)],
])}
<h2>Members</h2>
${table(['Username', 'Email', 'Status', 'Enabled'], rows, 'No member yet: add users from their page.')}
${nextPage(groupPath(pool.Id, group.GroupName), members.NextToken ? { next: members.NextToken } : undefined)}`);
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/group/edit', async handler(ctx) {
      const { frame, group } = await loadGroup(ctx);
      return groupForm(ctx, frame, valuesFromGroup(group), 'edit');
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/group/edit', async handler(ctx) {
      const { frame, group } = await loadGroup(ctx);
      const v = { ...valuesFromForm(ctx.form), name: group.GroupName };
      const updated = await ctx.attempt('UpdateGroup', { UserPoolId: frame.id, GroupName: group.GroupName, ...settings(v, 'edit') });
      if (updated.error) return groupForm(ctx, frame, v, 'edit', updated.error.message);
      return ctx.redirect(groupPath(frame.id, group.GroupName), 'Group saved.');
    },
  },
  {
    method: 'GET', path: '/pools/:poolId/group/delete', async handler(ctx) {
      const { frame, group } = await loadGroup(ctx);
      return confirmDeletePage(ctx, {
        title: `Delete ${group.GroupName}?`, section: 'groups', pool: frame,
        warning: 'The group is deleted and its members leave it (the users themselves stay). Tokens already issued keep its name in cognito:groups until they expire.',
        action: groupPath(frame.id, group.GroupName, '/delete'), submit: 'Delete group', cancel: groupPath(frame.id, group.GroupName),
      });
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/group/delete', async handler(ctx) {
      const { frame, group } = await loadGroup(ctx);
      if (!isConfirmed(ctx)) return ctx.redirect(groupPath(frame.id, group.GroupName, '/delete'));
      await ctx.invoke('DeleteGroup', { UserPoolId: frame.id, GroupName: group.GroupName });
      return ctx.redirect(groupsPath(frame.id), `Group ${group.GroupName} deleted.`);
    },
  },
]);
