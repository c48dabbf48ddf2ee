// The scopes of a machine-to-machine access token, for /oauth2/token grant_type=client_credentials
// and GetClientToken alike (both then mint it with issueClientToken): the requested ones, each
// allowed to the client (AllowedOAuthScopes; all of them when none is requested) and still defined
// by a resource server of the pool.
import type { Deps } from './deps.js';
import type { ClientRecord, PoolRecord } from '../store/store.js';
import { InvalidParameterException } from '../cognito/errors.js';

/** The scopes a machine token grants; InvalidParameterException names the first one refused. */
export async function grantedClientScopes(deps: Deps, pool: PoolRecord, client: ClientRecord, requested: string[] | undefined): Promise<string[]> {
  const allowed: string[] = client.config.AllowedOAuthScopes ?? [];
  const scopes = requested && requested.length > 0 ? [...new Set(requested)] : allowed;
  if (scopes.length === 0) throw new InvalidParameterException('The app client has no allowed scopes to grant.');
  const refused = scopes.find((s) => !allowed.includes(s));
  if (refused !== undefined) throw new InvalidParameterException(`Invalid scope requested: ${refused}`);
  // A scope whose resource server was deleted since the client was configured is no longer granted.
  for (const scope of scopes) {
    const slash = scope.lastIndexOf('/');
    const server = slash > 0 ? await deps.store.resourceServers.find(pool.id, scope.slice(0, slash)) : undefined;
    if (!server?.scopes.some((s) => s.ScopeName === scope.slice(slash + 1))) throw new InvalidParameterException(`Invalid scope requested: ${scope}`);
  }
  return scopes;
}
