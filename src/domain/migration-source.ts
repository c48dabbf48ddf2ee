// The source pool of a pool moved in from Cognito (or anything that speaks its API): how to reach
// it, and the one question asked of it, "is this the user's password?", for users who have no
// password here yet. Its client secret and AWS credentials are sealed with the key-encryption key.
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Deps } from './deps.js';
import type { MigrationSourceRecord, PoolRecord, UserRecord } from '../store/store.js';
import { InternalErrorException, PasswordResetRequiredException } from '../cognito/errors.js';
import { hmacSha256Base64 } from '../crypto/digest.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Where the source pool answers; without credentials the SDK's default chain supplies them. */
export interface SourceEndpoint {
  region: string;
  endpoint?: string;
  credentials?: AwsCredentials;
}

interface SourceSecrets {
  clientSecret?: string;
  credentials?: AwsCredentials;
}

const SECRETS_PURPOSE = 'migration-source';
/** One slow source must not hold a sign-in for long. */
const SOURCE_TIMEOUT_MS = 10_000;

/**
 * A CommonJS package's exports, imported dynamically: Node and tsx give them as named exports, but
 * the built CLI (an esbuild bundle) may give them only as the module's default export.
 */
function commonJsExports<T extends object>(module: T): T {
  return 'default' in module && module.default && typeof module.default === 'object' ? { ...(module.default as T), ...module } : module;
}

/** The SDK is loaded only when a source is used: a server without imported pools never loads it. */
export const loadCognitoSdk = async () => commonJsExports(await import('@aws-sdk/client-cognito-identity-provider'));

export async function createSourceClient(source: SourceEndpoint): Promise<CognitoIdentityProviderClient> {
  const { CognitoIdentityProviderClient } = await loadCognitoSdk();
  return new CognitoIdentityProviderClient({
    region: source.region,
    ...(source.endpoint && { endpoint: source.endpoint }),
    // A copy: the SDK writes bookkeeping fields into the credentials object it is given.
    ...(source.credentials && { credentials: { ...source.credentials } }),
    maxAttempts: 2,
    requestHandler: { requestTimeout: SOURCE_TIMEOUT_MS, connectionTimeout: SOURCE_TIMEOUT_MS },
  });
}

/** Records the pool's source (replacing an earlier one), its secrets sealed. */
export async function saveMigrationSource(
  deps: Deps, poolId: string, source: SourceEndpoint & { sourcePoolId: string; clientId: string; clientSecret?: string },
): Promise<void> {
  const now = deps.clock.now();
  const current = await deps.store.migrationSources.find(poolId);
  const secrets: SourceSecrets = { ...(source.clientSecret && { clientSecret: source.clientSecret }), ...(source.credentials && { credentials: source.credentials }) };
  await deps.store.migrationSources.put({
    poolId, sourcePoolId: source.sourcePoolId, region: source.region, endpoint: source.endpoint ?? null, clientId: source.clientId,
    secretsSealed: deps.sealer.seal(JSON.stringify(secrets), SECRETS_PURPOSE), createdAt: current?.createdAt ?? now, updatedAt: now,
  });
}

function openSecrets(deps: Deps, source: MigrationSourceRecord): SourceSecrets {
  return JSON.parse(deps.sealer.open(source.secretsSealed, SECRETS_PURPOSE)) as SourceSecrets;
}

/** Users the source may know a password for: not federated, not awaiting a reset, none stored here. */
export const awaitsSourcePassword = (user: UserRecord): boolean =>
  user.passwordHash === null && user.status !== 'EXTERNAL_PROVIDER' && user.status !== 'RESET_REQUIRED';

/**
 * 'right' or 'wrong' when the pool has a source and the user has no password here yet; undefined
 * otherwise (the password is checked here). Any answer of the source but a refusal means the
 * password is right: Cognito checks it before it asks for MFA, a new password or a confirmation.
 */
export async function checkPasswordAtSource(deps: Deps, pool: PoolRecord, user: UserRecord, password: string): Promise<'right' | 'wrong' | undefined> {
  if (!awaitsSourcePassword(user)) return undefined;
  const source = await deps.store.migrationSources.find(pool.id);
  if (!source) return undefined;
  const { clientSecret, credentials } = openSecrets(deps, source);
  const { AdminInitiateAuthCommand } = await loadCognitoSdk();
  const client = await createSourceClient({ region: source.region, ...(source.endpoint && { endpoint: source.endpoint }), ...(credentials && { credentials }) });
  try {
    await client.send(new AdminInitiateAuthCommand({
      UserPoolId: source.sourcePoolId,
      ClientId: source.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: {
        USERNAME: user.username,
        PASSWORD: password,
        ...(clientSecret && { SECRET_HASH: hmacSha256Base64(clientSecret, user.username + source.clientId) }),
      },
    }));
    return 'right';
  } catch (error) {
    const name = (error as Error).name;
    // Cognito checks the password before it says the user is unconfirmed.
    if (name === 'UserNotConfirmedException') return 'right';
    if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') return 'wrong';
    // The source holds no password either: the user must reset it (here, where the codes are sent).
    if (name === 'PasswordResetRequiredException') throw new PasswordResetRequiredException('Password reset required for the user');
    deps.log.warn({ poolId: pool.id, sourcePoolId: source.sourcePoolId, error: name }, 'the migration source could not check a password');
    throw new InternalErrorException('The pool this user is migrating from could not be reached.');
  } finally {
    client.destroy();
  }
}
