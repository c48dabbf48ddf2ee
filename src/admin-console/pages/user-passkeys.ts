// A user's passkeys on their page (name, shortened credential id, relying party, authenticator,
// creation date) and the deletion of one, after a confirmation, recorded in the audit log. Cognito
// has no admin operation for passkeys, so these read and delete through the domain directly.
import { html, type Html } from '../../web/html.js';
import type { ConsoleContext } from '../context.js';
import type { WebAuthnCredentialRecord } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { confirmDeletePage, isConfirmed } from '../views/confirm.js';
import { loadPoolFrame } from '../pool-frame.js';
import { formatTime, table } from '../views/components.js';
import { deleteUserPasskey, listUserPasskeys } from '../../domain/passkeys/user-passkeys.js';
import { recordAuditEvent } from '../../domain/audit.js';
import { CognitoError } from '../../cognito/errors.js';
import { userPath } from './users.js';

const DEFAULT_NAME = 'Passkey';

/** A credential id is long base64url: its start and end are enough to tell two apart on a page. */
const shortened = (id: string): string => (id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id);

const deletePath = (poolId: string, username: string, credentialId: string): string =>
  `${userPath(poolId, username, '/passkeys/delete')}&${new URLSearchParams({ credential: credentialId })}`;

/** The Passkeys section of a user's page. */
export async function passkeySection(ctx: ConsoleContext, poolId: string, username: string): Promise<Html> {
  const credentials = await listUserPasskeys(ctx.deps, poolId, username);
  const rows = credentials.map((c) => [
    c.friendlyName ?? DEFAULT_NAME,
    html`<span class="mono" title="${c.credentialId}">${shortened(c.credentialId)}</span>`,
    c.relyingPartyId,
    [c.attachment ?? 'unknown', ...(c.transports.length ? [`(${c.transports.join(', ')})`] : [])].join(' '),
    formatTime(c.createdAt),
    html`<a class="button secondary" href="${deletePath(poolId, username, c.credentialId)}">Delete</a>`,
  ]);
  return html`<h2>Passkeys</h2>
${table(['Name', 'Credential id', 'Relying party', 'Authenticator', 'Created', ''], rows, 'No passkey registered.')}`;
}

async function loadPasskey(ctx: ConsoleContext): Promise<{ poolId: string; frame: { id: string; name: string }; username: string; credential?: WebAuthnCredentialRecord }> {
  const { pool, frame } = await loadPoolFrame(ctx);
  const { Username: username } = await ctx.invoke('AdminGetUser', { UserPoolId: pool.Id, Username: ctx.query.name ?? '' });
  const credentials = await listUserPasskeys(ctx.deps, pool.Id, username);
  return { poolId: pool.Id, frame, username, credential: credentials.find((c) => c.credentialId === ctx.query.credential) };
}

export const userPasskeyRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/user/passkeys/delete', async handler(ctx) {
      const { poolId, frame, username, credential } = await loadPasskey(ctx);
      if (!credential) return ctx.redirect(userPath(poolId, username), 'That passkey is no longer registered.');
      return confirmDeletePage(ctx, {
        title: `Delete the passkey "${credential.friendlyName ?? DEFAULT_NAME}" of ${username}?`, section: 'users', pool: frame,
        warning: `The credential ${shortened(credential.credentialId)} (relying party ${credential.relyingPartyId}) is deleted: the user can no longer sign in with it, and must register the authenticator again to use it. This cannot be undone.`,
        action: deletePath(poolId, username, credential.credentialId), submit: 'Delete passkey', cancel: userPath(poolId, username),
      });
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/user/passkeys/delete', async handler(ctx) {
      const { poolId, username, credential } = await loadPasskey(ctx);
      if (!credential) return ctx.redirect(userPath(poolId, username), 'That passkey is no longer registered.');
      if (!isConfirmed(ctx)) return ctx.redirect(deletePath(poolId, username, credential.credentialId));
      try {
        await deleteUserPasskey(ctx.deps, poolId, username, credential.credentialId);
      } catch (error) {
        if (error instanceof CognitoError && error.status < 500) return ctx.redirect(userPath(poolId, username), `The passkey was not deleted: ${error.message}`);
        throw error;
      }
      await recordAuditEvent(ctx.deps, {
        actor: ctx.actor, action: 'DeleteWebAuthnCredential', poolId, target: username, details: { CredentialId: credential.credentialId },
      });
      return ctx.redirect(userPath(poolId, username), 'Passkey deleted.');
    },
  },
]);
