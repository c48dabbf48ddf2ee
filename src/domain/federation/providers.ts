// How federation reads a pool's identity providers: the records, and their details with the
// sealed secrets opened (identity-providers.ts keeps them).
import type { Deps } from '../deps.js';
import type { IdentityProviderRecord } from '../../store/store.js';
import { providerSecrets } from '../identity-providers.js';

export { providerEndpoints } from '../identity-providers.js';

export async function findProvider(deps: Deps, poolId: string, name: string): Promise<IdentityProviderRecord | undefined> {
  return deps.store.identityProviders.find(poolId, name);
}

export async function findProviderByIdentifier(deps: Deps, poolId: string, identifier: string): Promise<IdentityProviderRecord | undefined> {
  return deps.store.identityProviders.findByIdentifier(poolId, identifier);
}

/** The provider's ProviderDetails with its secrets readable (client_secret, Apple's private_key). */
export function providerDetails(deps: Deps, provider: IdentityProviderRecord): Record<string, string> {
  return { ...provider.details, ...providerSecrets(deps, provider) };
}
