// PreTokenGeneration: runs at every point tokens are minted and may change what they carry.
// - V1_0 (version "1"): claimsOverrideDetails edits the ID token (string values only);
//   groupOverrideDetails replaces cognito:groups (both tokens), cognito:roles and cognito:preferred_role.
// - V2_0 / V3_0 (version "2" / "3"): claimsAndScopeOverrideDetails edits the ID and the access token
//   independently (JSON values), changes the access token's scopes, and overrides groups as V1 does.
//   Only V3_0 runs for client_credentials tokens (TokenGeneration_ClientCredentials).
// - Claims Cognito owns cannot be added, changed or suppressed: such entries are dropped quietly,
//   as Cognito drops them (a function that "works" here then does the same nothing in production).
import type { Deps } from '../deps.js';
import type { PoolRecord } from '../../store/store.js';
import type { Claims } from '../../tokens/jwt.js';
import { InvalidLambdaResponseException, InvalidParameterException } from '../../cognito/errors.js';
import { objectMember, runTrigger, stringListMember, stringMapMember, stringMember } from './run.js';

export type TokenGenerationSource =
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_AuthenticateDevice'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_ClientCredentials';

/** What a caller that mints tokens tells the trigger: why (the source) and RespondToAuthChallenge's ClientMetadata. */
export interface TokenTrigger {
  source?: TokenGenerationSource;
  clientMetadata?: Record<string, string>;
}

/** The user's groups as the event's groupConfiguration carries them (and as groupOverrideDetails replaces them). */
export interface GroupConfiguration {
  groupsToOverride: string[];
  iamRolesToOverride: string[];
  preferredRole: string | null;
}

interface ClaimEdits {
  add: Claims;
  suppress: string[];
}

/** What the function asked for; undefined when the pool has no PreTokenGeneration or it changed nothing. */
export interface TokenCustomization {
  groups: GroupConfiguration;
  id: ClaimEdits;
  access: ClaimEdits;
  scopes: string[];
}

export type LambdaVersion = 'V1_0' | 'V2_0' | 'V3_0';
const EVENT_VERSION: Record<LambdaVersion, string> = { V1_0: '1', V2_0: '2', V3_0: '3' };

export function preTokenGenerationVersion(pool: PoolRecord): LambdaVersion {
  return (pool.config.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion as LambdaVersion | undefined) ?? 'V1_0';
}

// Cognito: claims no version may add, override or suppress.
const ID_FIXED = new Set([
  'acr', 'amr', 'aud', 'at_hash', 'auth_time', 'azp', 'cognito:username', 'exp', 'iat', 'identities', 'iss', 'jti', 'nbf',
  'nonce', 'origin_jti', 'sub', 'token_use',
]);
// Cognito: the access token also keeps its own identity and session claims; its scope changes only
// through scopesToAdd / scopesToSuppress. device_key is kept too: a refresh token is bound to it.
const ACCESS_FIXED = new Set([...ID_FIXED, 'client_id', 'scope', 'username', 'version', 'event_id', 'device_key']);
// Cognito: these ID-token claims take no array or object values.
const SCALAR_ONLY_ID_CLAIMS = new Set(['email_verified', 'phone_number_verified', 'updated_at', 'address']);

// Group claims (cognito:*) change only through groupOverrideDetails.
const isFixed = (fixed: Set<string>, name: string): boolean => fixed.has(name) || name.startsWith('cognito:');

const refuse = (): never => {
  throw new InvalidLambdaResponseException('Unrecognizable lambda output');
};

function isJsonValue(value: unknown): boolean {
  if (value === null) return false;
  if (['string', 'number', 'boolean'].includes(typeof value)) return typeof value !== 'number' || Number.isFinite(value);
  return typeof value === 'object';
}

/** claimsToAddOrOverride / claimsToSuppress of one token, without the claims Cognito keeps. */
function readClaimEdits(details: Record<string, unknown> | undefined, fixed: Set<string>, jsonValues: boolean, scalarOnly = new Set<string>()): ClaimEdits {
  const add: Claims = {};
  const requested = jsonValues ? objectMember(details, 'claimsToAddOrOverride') : stringMapMember(details, 'claimsToAddOrOverride');
  for (const [name, value] of Object.entries(requested ?? {})) {
    if (!isJsonValue(value)) refuse();
    if (scalarOnly.has(name) && typeof value === 'object') refuse();
    // Defined, not assigned: a claim named __proto__ stays a claim.
    if (!isFixed(fixed, name)) Object.defineProperty(add, name, { value, enumerable: true, writable: true, configurable: true });
  }
  const suppress = (stringListMember(details, 'claimsToSuppress') ?? []).filter((name) => !isFixed(fixed, name));
  return { add, suppress };
}

/**
 * groupOverrideDetails replaces the user's groups, roles and preferred role as a whole. Cognito: a
 * member left out (or null) is empty, so a function that changes only the groups copies the others
 * from the request (as Cognito's own examples do); an empty preferredRole means none.
 */
function readGroupOverride(details: Record<string, unknown> | undefined, groups: GroupConfiguration): GroupConfiguration {
  const override = objectMember(details, 'groupOverrideDetails');
  if (!override) return groups;
  return {
    groupsToOverride: stringListMember(override, 'groupsToOverride') ?? [],
    iamRolesToOverride: stringListMember(override, 'iamRolesToOverride') ?? [],
    preferredRole: stringMember(override, 'preferredRole') || null,
  };
}

function readScopes(details: Record<string, unknown> | undefined, scopes: string[]): string[] {
  const added = stringListMember(details, 'scopesToAdd') ?? [];
  const suppressed = new Set(stringListMember(details, 'scopesToSuppress') ?? []);
  return [...new Set([...scopes, ...added])].filter((scope) => !suppressed.has(scope));
}

export interface PreTokenGenerationInput {
  source: TokenGenerationSource;
  clientId: string;
  /** Null for client_credentials tokens, which have no user. */
  userName: string | null;
  userAttributes: Record<string, string>;
  groups: GroupConfiguration;
  /** The access token's scopes before the function's changes. */
  scopes: string[];
  clientMetadata?: Record<string, string>;
}

/**
 * Runs the pool's PreTokenGeneration (V1_0, V2_0 or V3_0) and reads what it changes; undefined when
 * the pool has none (or, for client_credentials, has one older than V3_0).
 */
export async function preTokenGeneration(deps: Deps, pool: PoolRecord, input: PreTokenGenerationInput): Promise<TokenCustomization | undefined> {
  const version = preTokenGenerationVersion(pool);
  // Cognito: machine-to-machine tokens invoke the trigger only in version 3.
  if (input.source === 'TokenGeneration_ClientCredentials' && version !== 'V3_0') return undefined;
  const v1 = version === 'V1_0';
  const member = v1 ? 'claimsOverrideDetails' : 'claimsAndScopeOverrideDetails';
  const response = await runTrigger(deps, pool, 'PreTokenGeneration', {
    version: EVENT_VERSION[version],
    triggerSource: input.source,
    userName: input.userName,
    clientId: input.clientId,
    request: {
      userAttributes: input.userAttributes,
      groupConfiguration: input.groups,
      ...(!v1 && { scopes: input.scopes }),
      ...(input.clientMetadata && { clientMetadata: input.clientMetadata }),
    },
    // Cognito sends the override member as null: the function fills it in.
    response: { [member]: null },
  });
  if (!response) return undefined;
  const details = objectMember(response, member);
  if (v1) {
    return {
      groups: readGroupOverride(details, input.groups),
      id: readClaimEdits(details, ID_FIXED, false),
      access: { add: {}, suppress: [] },
      scopes: input.scopes,
    };
  }
  const access = objectMember(details, 'accessTokenGeneration');
  return {
    groups: readGroupOverride(details, input.groups),
    id: readClaimEdits(objectMember(details, 'idTokenGeneration'), ID_FIXED, true, SCALAR_ONLY_ID_CLAIMS),
    access: readClaimEdits(access, ACCESS_FIXED, true),
    scopes: readScopes(access, input.scopes),
  };
}

/** A token's claims with the function's edits. Cognito: a claim both added and suppressed is suppressed. */
export function editClaims(claims: Claims, edits: ClaimEdits | undefined): Claims {
  if (!edits) return claims;
  const edited: Claims = { ...claims, ...edits.add };
  for (const name of edits.suppress) delete edited[name];
  return edited;
}

/**
 * A pool's LambdaConfig with its two PreTokenGeneration members in step, as DescribeUserPool shows
 * them: the legacy ARN alone means V1_0 and fills PreTokenGenerationConfig; the versioned member
 * alone fills PreTokenGeneration. Cognito: when both are given their ARNs must be identical.
 */
export function withPreTokenGenerationInStep(lambdaConfig: Record<string, any>): Record<string, any> {
  const legacy: string | undefined = lambdaConfig.PreTokenGeneration;
  const versioned: { LambdaVersion: string; LambdaArn: string } | undefined = lambdaConfig.PreTokenGenerationConfig;
  if (!versioned) return legacy === undefined ? lambdaConfig : { ...lambdaConfig, PreTokenGenerationConfig: { LambdaVersion: 'V1_0', LambdaArn: legacy } };
  // The shape (cognito/user-pool-shapes.ts) has already required both members and the version's enum.
  if (legacy !== undefined && legacy !== versioned.LambdaArn) {
    throw new InvalidParameterException('PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must be the same Lambda function.');
  }
  return { ...lambdaConfig, PreTokenGeneration: versioned.LambdaArn, PreTokenGenerationConfig: { LambdaVersion: versioned.LambdaVersion, LambdaArn: versioned.LambdaArn } };
}
