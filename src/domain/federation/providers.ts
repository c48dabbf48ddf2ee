// How federation reads a pool's identity providers and their secrets. One place, so that the
// sign-in flows switch to the identity-provider module's readers in one edit.
import type { Deps } from '../deps.js';
import type { IdentityProviderRecord } from '../../store/store.js';
import { providerSecrets } from '../identity-providers.js';

export async function findProvider(deps: Deps, poolId: string, name: string): Promise<IdentityProviderRecord | undefined> {
  return deps.store.identityProviders.find(poolId, name);
}

export async function findProviderByIdentifier(deps: Deps, poolId: string, identifier: string): Promise<IdentityProviderRecord | undefined> {
  return deps.store.identityProviders.findByIdentifier(poolId, identifier);
}

/** The provider's ProviderDetails with its secrets readable (client_secret, Apple's private_key). */
export async function providerDetails(deps: Deps, provider: IdentityProviderRecord): Promise<Record<string, string>> {
  return { ...provider.details, ...providerSecrets(deps, provider) };
}
