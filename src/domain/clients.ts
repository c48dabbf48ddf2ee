// App clients: Cognito's defaults and validation rules, the sealed secret, token lifetimes, and
// the UserPoolClientType view.
import type { Deps } from './deps.js';
import type { ClientRecord, Json, PoolRecord, Store } from '../store/store.js';
import {
  InvalidOAuthFlowException,
  InvalidParameterException,
  ResourceNotFoundException,
  ScopeDoesNotExistException,
} from '../cognito/errors.js';
import { newClientId, newClientSecret } from '../crypto/random.js';
import { toEpochSeconds } from './pools.js';
import { checkSupportedIdentityProviders } from './identity-providers.js';
import { describedSecret, hasClientSecret, sealClientSecret } from './client-secrets.js';

const CONFIG_MEMBERS = [
  'RefreshTokenValidity', 'AccessTokenValidity', 'IdTokenValidity', 'TokenValidityUnits', 'ReadAttributes',
  'WriteAttributes', 'ExplicitAuthFlows', 'SupportedIdentityProviders', 'CallbackURLs', 'LogoutURLs',
  'DefaultRedirectURI', 'AllowedOAuthFlows', 'AllowedOAuthScopes', 'AllowedOAuthFlowsUserPoolClient',
  'AnalyticsConfiguration', 'PreventUserExistenceErrors', 'EnableTokenRevocation',
  'EnablePropagateAdditionalUserContextData', 'AuthSessionValidity', 'RefreshTokenRotation',
] as const;

const LEGACY_FLOWS = new Set(['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH']);
/** GetClientToken's flow: machine-to-machine access tokens for a confidential client. */
export const CLIENT_TOKEN_FLOW = 'ALLOW_CLIENT_TOKEN_AUTH';
const STANDARD_SCOPES = new Set(['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin']);
const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

export async function requireClient(store: Store, clientId: string, poolId?: string): Promise<ClientRecord> {
  const client = await store.clients.find(clientId);
  if (!client || (poolId !== undefined && client.poolId !== poolId)) {
    throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  }
  return client;
}

/** Token lifetimes in seconds, from the client's validity and units (defaults: 1 h, 1 h, 30 days). */
export function tokenLifetimes(client: ClientRecord): { access: number; id: number; refresh: number } {
  const c = client.config;
  const units = c.TokenValidityUnits ?? {};
  return {
    access: (c.AccessTokenValidity ?? 60) * UNIT_SECONDS[units.AccessToken ?? (c.AccessTokenValidity === undefined ? 'minutes' : 'hours')],
    id: (c.IdTokenValidity ?? 60) * UNIT_SECONDS[units.IdToken ?? (c.IdTokenValidity === undefined ? 'minutes' : 'hours')],
    refresh: (c.RefreshTokenValidity ?? 30) * UNIT_SECONDS[units.RefreshToken ?? 'days'],
  };
}

export const allowsFlow = (client: ClientRecord, flow: string): boolean => (client.config.ExplicitAuthFlows ?? []).includes(flow);

/** The longest an ID or access token may live (Cognito's limit: one day). */
export const MAX_ID_ACCESS_VALIDITY_SECONDS = 86_400;

function checkValidity(seconds: number, min: number, max: number, member: string): void {
  if (seconds < min || seconds > max) {
    throw new InvalidParameterException(`Invalid range for token validity: ${member} must be between ${min / 60} minutes and ${max / 86_400} days.`);
  }
}

function isAllowedRedirect(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.hash) return false;
  if (parsed.protocol === 'https:') return true;
  // Cognito: plain http only for localhost; custom schemes (myapp://) are allowed for native apps.
  if (parsed.protocol === 'http:') return ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  return !['javascript:', 'data:', 'file:', 'vbscript:'].includes(parsed.protocol);
}

async function normalize(deps: Deps, pool: PoolRecord, input: Json, hasSecret: boolean): Promise<Json> {
  const config: Json = {};
  for (const member of CONFIG_MEMBERS) if (input[member] !== undefined) config[member] = input[member];

  const flows: string[] = config.ExplicitAuthFlows ?? [];
  if (flows.length === 0) config.ExplicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH'];
  else {
    const legacy = flows.filter((f) => LEGACY_FLOWS.has(f));
    if (legacy.length > 0 && legacy.length < flows.length) {
      throw new InvalidParameterException('ExplicitAuthFlows cannot have both ALLOW_ prefixed and legacy values.');
    }
    // Legacy values map onto the ALLOW_ ones they stand for; refresh was always allowed with them.
    if (legacy.length > 0) {
      const mapped = new Set(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
      if (flows.includes('ADMIN_NO_SRP_AUTH')) mapped.add('ALLOW_ADMIN_USER_PASSWORD_AUTH');
      if (flows.includes('USER_PASSWORD_AUTH')) mapped.add('ALLOW_USER_PASSWORD_AUTH');
      if (flows.includes('CUSTOM_AUTH_FLOW_ONLY')) mapped.add('ALLOW_CUSTOM_AUTH');
      config.ExplicitAuthFlows = [...mapped];
    }
  }
  // Cognito: ALLOW_CLIENT_TOKEN_AUTH must be the client's only flow, and needs a client secret.
  if (config.ExplicitAuthFlows.includes(CLIENT_TOKEN_FLOW)) {
    if (config.ExplicitAuthFlows.length > 1) throw new InvalidParameterException(`${CLIENT_TOKEN_FLOW} cannot be combined with user authentication flows in ExplicitAuthFlows.`);
    if (!hasSecret) throw new InvalidParameterException(`${CLIENT_TOKEN_FLOW} can not be selected if client does not have a client secret.`);
  }

  const units = config.TokenValidityUnits ?? {};
  const probe = { config } as ClientRecord;
  const lifetimes = tokenLifetimes(probe);
  if (config.AccessTokenValidity !== undefined) checkValidity(lifetimes.access, 300, MAX_ID_ACCESS_VALIDITY_SECONDS, 'AccessTokenValidity');
  if (config.IdTokenValidity !== undefined) checkValidity(lifetimes.id, 300, MAX_ID_ACCESS_VALIDITY_SECONDS, 'IdTokenValidity');
  if (config.RefreshTokenValidity !== undefined) checkValidity(lifetimes.refresh, 3600, 315_360_000, 'RefreshTokenValidity');
  config.RefreshTokenValidity ??= 30;
  config.AccessTokenValidity ??= 60;
  config.IdTokenValidity ??= 60;
  config.TokenValidityUnits = {
    AccessToken: units.AccessToken ?? (input.AccessTokenValidity === undefined ? 'minutes' : 'hours'),
    IdToken: units.IdToken ?? (input.IdTokenValidity === undefined ? 'minutes' : 'hours'),
    RefreshToken: units.RefreshToken ?? 'days',
  };
  const session = config.AuthSessionValidity ?? 3;
  if (session < 3 || session > 15) throw new InvalidParameterException('AuthSessionValidity must be between 3 and 15 minutes.');
  config.AuthSessionValidity = session;
  config.EnableTokenRevocation ??= true;
  config.PreventUserExistenceErrors ??= 'LEGACY';
  config.EnablePropagateAdditionalUserContextData ??= false;
  config.AllowedOAuthFlowsUserPoolClient ??= false;
  // Cognito: a client describes its rotation setting even when it never set one (off, no grace period).
  config.RefreshTokenRotation = {
    Feature: config.RefreshTokenRotation?.Feature ?? 'DISABLED',
    RetryGracePeriodSeconds: config.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0,
  };

  const schemaNames = new Set<string>((pool.config.SchemaAttributes ?? []).map((a: { Name: string }) => a.Name));
  for (const member of ['ReadAttributes', 'WriteAttributes'] as const) {
    for (const name of config[member] ?? []) {
      if (!schemaNames.has(name)) throw new InvalidParameterException(`Invalid ${member} value: ${name} is not an attribute of the user pool.`);
    }
  }

  for (const member of ['CallbackURLs', 'LogoutURLs'] as const) {
    for (const url of config[member] ?? []) {
      if (!isAllowedRedirect(url)) throw new InvalidParameterException(`${url} is not a valid ${member === 'CallbackURLs' ? 'callback' : 'logout'} URL: use https, http://localhost or an app scheme, without a fragment.`);
    }
  }
  if (config.DefaultRedirectURI && !(config.CallbackURLs ?? []).includes(config.DefaultRedirectURI)) {
    throw new InvalidParameterException('DefaultRedirectURI must be one of the CallbackURLs.');
  }

  await checkSupportedIdentityProviders(deps.store, pool.id, config.SupportedIdentityProviders ?? []);

  const oauthFlows: string[] = config.AllowedOAuthFlows ?? [];
  if (oauthFlows.includes('client_credentials')) {
    if (oauthFlows.length > 1) throw new InvalidOAuthFlowException('client_credentials flow can not be selected along with code flow or implicit flow.');
    if (!hasSecret) throw new InvalidOAuthFlowException('client_credentials flow can not be selected if client does not have a client secret.');
  }
  if (config.AllowedOAuthFlowsUserPoolClient && oauthFlows.length === 0) {
    throw new InvalidOAuthFlowException('AllowedOAuthFlows are required when AllowedOAuthFlowsUserPoolClient is true.');
  }
  const scopes: string[] = config.AllowedOAuthScopes ?? [];
  for (const scope of scopes) {
    if (STANDARD_SCOPES.has(scope)) {
      if (oauthFlows.includes('client_credentials')) throw new InvalidOAuthFlowException(`${scope} scope can not be used with client_credentials flow.`);
      continue;
    }
    const slash = scope.lastIndexOf('/');
    const server = slash > 0 ? await deps.store.resourceServers.find(pool.id, scope.slice(0, slash)) : undefined;
    if (!server?.scopes.some((s) => s.ScopeName === scope.slice(slash + 1))) throw new ScopeDoesNotExistException(`Invalid scope requested: ${scope}`);
  }
  if (config.AllowedOAuthFlowsUserPoolClient && (oauthFlows.includes('code') || oauthFlows.includes('implicit'))) {
    if (!(config.CallbackURLs ?? []).length) throw new InvalidParameterException('A callback URL is required when the code or implicit flow is allowed.');
  }
  return config;
}

/** `fixed` is for clients declared in a file, whose id and secret are derived so that they never change. */
export async function createClient(
  deps: Deps,
  pool: PoolRecord,
  input: Json,
  fixed: { id?: string; secret?: string } = {},
): Promise<{ client: ClientRecord; secret?: string }> {
  // Cognito: a caller-chosen ClientSecret (its shape checked by the operation) or a generated one, not both.
  if (input.GenerateSecret === true && input.ClientSecret !== undefined) {
    throw new InvalidParameterException('You cannot specify both GenerateSecret as true and a ClientSecret value.');
  }
  const secret = fixed.secret ?? input.ClientSecret ?? (input.GenerateSecret ? newClientSecret() : undefined);
  const config = await normalize(deps, pool, input, secret !== undefined);
  const now = deps.clock.now();
  const client: ClientRecord = {
    id: fixed.id ?? newClientId(), poolId: pool.id, name: input.ClientName, config, createdAt: now, updatedAt: now,
    secretSealed: secret ? sealClientSecret(deps, secret) : null, addedSecrets: [],
  };
  await deps.store.clients.insert(client);
  return { client, secret };
}

/** UpdateUserPoolClient replaces every setting; what is omitted returns to its default. */
export async function updateClient(deps: Deps, pool: PoolRecord, client: ClientRecord, input: Json): Promise<ClientRecord> {
  const config = await normalize(deps, pool, input, hasClientSecret(client));
  const updated = { ...client, name: input.ClientName ?? client.name, config, updatedAt: deps.clock.now() };
  await deps.store.clients.update(client.id, { name: updated.name, config, updatedAt: updated.updatedAt });
  return updated;
}

export function describeClient(deps: Deps, client: ClientRecord): Json {
  const secret = describedSecret(deps, client);
  return {
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.id,
    ...(secret !== undefined && { ClientSecret: secret }),
    LastModifiedDate: toEpochSeconds(client.updatedAt),
    CreationDate: toEpochSeconds(client.createdAt),
    // Clients stored before the setting was kept describe Cognito's default.
    RefreshTokenRotation: { Feature: 'DISABLED', RetryGracePeriodSeconds: 0 },
    ...client.config,
  };
}
