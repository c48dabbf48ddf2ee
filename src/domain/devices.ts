// Device tracking. With a pool DeviceConfiguration, every sign-in
// that did not come through a known device answers NewDeviceMetadata {DeviceKey, DeviceGroupKey}
// (the key is recorded for the user, verifier pending); ConfirmDevice stores the device's SRP salt
// and verifier, sealed. A later sign-in naming a confirmed DEVICE_KEY must prove the device secret
// (DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER, the SRP math with P = DeviceGroupKey and
// U = DeviceKey) instead of MFA when it is remembered; a device not remembered gets MFA as usual.
// - Tokens of a sign-in made with a device, or issuing one, carry device_key (access token) and
//   their refresh token is bound to it: REFRESH_TOKEN_AUTH must then send that DEVICE_KEY, and the
//   device must be confirmed, else "Invalid Refresh Token" (as Cognito answers).
// - A device key never confirmed lives UNCONFIRMED_TTL_MS: ConfirmDevice refuses it after that, and
//   the user's stale unconfirmed keys are purged whenever the user is issued a new one.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Deps } from './deps.js';
import type { ClientRecord, DeviceRecord, PoolRecord, UserRecord } from '../store/store.js';
import { InvalidParameterException, NotAuthorizedException, ResourceNotFoundException, INCORRECT_CREDENTIALS } from '../cognito/errors.js';
import { checkClientPublic, parseHex, toHex } from '../crypto/srp.js';
import { issueTokens } from './issue-tokens.js';
import { toEpochSeconds } from './pools.js';
import { findUserByLogin } from './users.js';
import { checkSecretHash } from './secret-hash.js';
import { consumeChallengeSession, createChallengeSession } from './sign-in/challenge-session.js';
import { requireParameter } from './sign-in/parameters.js';
import { answerSrpA, claimMatches, readPasswordClaim, sealSecretBlock, spendSecretBlock, withinSkew } from './sign-in/secret-block.js';
import type { AuthOutcome } from './sign-in/outcome.js';
import type { TokenTrigger } from './triggers/pre-token-generation.js';

const VERIFIER_PURPOSE = 'device-verifier';
const UNCONFIRMED_TTL_MS = 24 * 3600_000;

export const tracksDevices = (pool: PoolRecord): boolean => Boolean(pool.config.DeviceConfiguration);

/** Tokens at the end of a sign-in; NewDeviceMetadata when the pool tracks devices and no known device was used. */
export async function tokensFor(
  deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, device?: DeviceRecord, trigger?: TokenTrigger,
): Promise<AuthOutcome> {
  if (device) {
    const result = await issueTokens(deps, { pool, client, user, deviceKey: device.deviceKey, trigger });
    await deps.store.devices.update(device.deviceKey, { lastAuthenticatedAt: deps.clock.now() });
    return { AuthenticationResult: result, ChallengeParameters: {} };
  }
  if (!tracksDevices(pool)) return { AuthenticationResult: await issueTokens(deps, { pool, client, user, trigger }), ChallengeParameters: {} };
  const now = deps.clock.now();
  await deps.store.devices.deleteUnconfirmed(user.sub, now - UNCONFIRMED_TTL_MS);
  const meta = { DeviceKey: `${deps.config.aws.region}_${randomUUID()}`, DeviceGroupKey: `-${randomBytes(6).toString('base64url')}` };
  await deps.store.devices.insert({
    deviceKey: meta.DeviceKey, poolId: pool.id, sub: user.sub, groupKey: meta.DeviceGroupKey, verifierSealed: null, name: null,
    remembered: false, lastIp: null, createdAt: now, updatedAt: now, lastAuthenticatedAt: now,
  });
  const result = await issueTokens(deps, { pool, client, user, deviceKey: meta.DeviceKey, trigger });
  return { AuthenticationResult: { ...result, NewDeviceMetadata: meta }, ChallengeParameters: {} };
}

/** A confirmed device of this user, when the sign-in names one. */
export async function knownDevice(deps: Deps, user: UserRecord, deviceKey: string | undefined): Promise<DeviceRecord | undefined> {
  if (!deviceKey) return undefined;
  const device = await deps.store.devices.find(deviceKey);
  return device && device.sub === user.sub && device.verifierSealed ? device : undefined;
}

export function deviceChallenge(deps: Deps, client: ClientRecord, user: UserRecord, device: DeviceRecord): AuthOutcome {
  return {
    ChallengeName: 'DEVICE_SRP_AUTH',
    ChallengeParameters: { USERNAME: user.username },
    Session: createChallengeSession(deps, client, user.sub, 'DEVICE_SRP_AUTH', { deviceKey: device.deviceKey }),
  };
}

function decodeVerifierPart(base64: string, member: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  const value = bytes.length > 0 && bytes.length <= 1024 ? parseHex(bytes.toString('hex')) : undefined;
  if (!value) throw new InvalidParameterException(`Invalid DeviceSecretVerifierConfig.${member}.`);
  return value;
}

function openDeviceVerifier(deps: Deps, device: DeviceRecord): { salt: Buffer; verifier: Buffer } {
  const { s, v } = JSON.parse(deps.sealer.open(device.verifierSealed!, VERIFIER_PURPOSE));
  return { salt: parseHex(s)!, verifier: parseHex(v)! };
}

async function requireOwnDevice(deps: Deps, user: UserRecord, deviceKey: string): Promise<DeviceRecord> {
  const device = await deps.store.devices.find(deviceKey);
  if (!device || device.sub !== user.sub) throw new ResourceNotFoundException('Device does not exist.');
  return device;
}

/** ConfirmDevice: stores the device verifier; says whether the user must still choose to remember it. */
export async function confirmDevice(
  deps: Deps, pool: PoolRecord, user: UserRecord, deviceKey: string, config: { PasswordVerifier?: string; Salt?: string } | undefined, name: string | undefined,
): Promise<boolean> {
  const device = await requireOwnDevice(deps, user, deviceKey);
  if (device.verifierSealed) throw new NotAuthorizedException('Device has already been confirmed.');
  if (device.createdAt <= deps.clock.now() - UNCONFIRMED_TTL_MS) {
    await deps.store.devices.delete(deviceKey);
    throw new ResourceNotFoundException('Device does not exist.');
  }
  const verifier = decodeVerifierPart(config?.PasswordVerifier ?? '', 'PasswordVerifier');
  const salt = decodeVerifierPart(config?.Salt ?? '', 'Salt');
  const onPrompt = pool.config.DeviceConfiguration?.DeviceOnlyRememberedOnUserPrompt === true;
  await deps.store.devices.update(deviceKey, {
    verifierSealed: deps.sealer.seal(JSON.stringify({ s: toHex(salt), v: toHex(verifier) }), VERIFIER_PURPOSE),
    name: name ?? null, remembered: !onPrompt, updatedAt: deps.clock.now(),
  });
  return onPrompt;
}

export function deviceType(device: DeviceRecord) {
  return {
    DeviceKey: device.deviceKey,
    DeviceAttributes: [
      { Name: 'device_status', Value: 'valid' },
      ...(device.name ? [{ Name: 'device_name', Value: device.name }] : []),
      { Name: 'dev:device_remembered_status', Value: device.remembered ? 'remembered' : 'not_remembered' },
      ...(device.lastIp ? [{ Name: 'last_ip_used', Value: device.lastIp }] : []),
    ],
    DeviceCreateDate: toEpochSeconds(device.createdAt),
    DeviceLastModifiedDate: toEpochSeconds(device.updatedAt),
    ...(device.lastAuthenticatedAt !== null && { DeviceLastAuthenticatedDate: toEpochSeconds(device.lastAuthenticatedAt) }),
  };
}

export async function getDevice(deps: Deps, user: UserRecord, deviceKey: string): Promise<DeviceRecord> {
  const device = await requireOwnDevice(deps, user, deviceKey);
  if (!device.verifierSealed) throw new ResourceNotFoundException('Device does not exist.');
  return device;
}

export async function updateDeviceStatus(deps: Deps, user: UserRecord, deviceKey: string, status: string | undefined): Promise<void> {
  await getDevice(deps, user, deviceKey);
  await deps.store.devices.update(deviceKey, { remembered: status === 'remembered', updatedAt: deps.clock.now() });
}

export async function forgetDevice(deps: Deps, user: UserRecord, deviceKey: string): Promise<void> {
  await requireOwnDevice(deps, user, deviceKey);
  await deps.store.devices.delete(deviceKey);
}

interface DeviceBlock {
  poolId: string;
  clientId: string;
  sub: string;
  deviceKey: string;
  key: string;
}

/** DEVICE_SRP_AUTH: the device's SRP_A; answers DEVICE_PASSWORD_VERIFIER. */
export async function respondDeviceSrpAuth(deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Record<string, string> | undefined): Promise<AuthOutcome> {
  const login = requireParameter(responses, 'USERNAME');
  const deviceKey = requireParameter(responses, 'DEVICE_KEY');
  const parsed = parseHex(requireParameter(responses, 'SRP_A'));
  const A = parsed && checkClientPublic(parsed);
  if (!A) throw new InvalidParameterException('Invalid value for SRP_A.');
  const state = await consumeChallengeSession(deps, client, session, 'DEVICE_SRP_AUTH');
  const user = await deps.store.users.findBySub(state.sub);
  const named = await findUserByLogin(deps.store, pool, login);
  if (!user || named?.sub !== user.sub || state.data?.deviceKey !== deviceKey) throw new NotAuthorizedException('Invalid session for the user.');
  checkSecretHash(deps, client, responses?.SECRET_HASH, [login, user.username]);
  const device = await knownDevice(deps, user, deviceKey);
  if (!device?.remembered) throw new NotAuthorizedException('Invalid session for the user.');
  const { salt, verifier } = openDeviceVerifier(deps, device);
  const { B, key } = answerSrpA(A, verifier);
  const secretBlock = sealSecretBlock<DeviceBlock>(deps, 'device', {
    poolId: pool.id, clientId: client.id, sub: user.sub, deviceKey, key: (key ?? randomBytes(16)).toString('base64'),
  });
  return {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    ChallengeParameters: { SALT: toHex(salt), SRP_B: toHex(B), SECRET_BLOCK: secretBlock, USERNAME: user.username, DEVICE_KEY: deviceKey },
    Session: createChallengeSession(deps, client, user.sub, 'DEVICE_PASSWORD_VERIFIER', { deviceKey }),
  };
}

/** DEVICE_PASSWORD_VERIFIER: checks the device's proof; answers the user and the device (the sign-in then completes). */
export async function verifyDeviceProof(deps: Deps, pool: PoolRecord, client: ClientRecord, responses: Record<string, string> | undefined): Promise<{ user: UserRecord; device: DeviceRecord }> {
  const { login, block, blockBytes, signature, timestampText, timestamp } = readPasswordClaim<DeviceBlock>(deps, 'device', responses, pool, client);
  const user = await deps.store.users.findBySub(block.sub);
  const named = await findUserByLogin(deps.store, pool, login);
  if (!user || named?.sub !== user.sub) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  checkSecretHash(deps, client, responses?.SECRET_HASH, [login, user.username]);
  const device = await knownDevice(deps, user, block.deviceKey);
  if (!device?.remembered) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  if (!(await spendSecretBlock(deps, 'device', block))) throw new NotAuthorizedException('Invalid session for the user.');
  if (!claimMatches(block, device.groupKey, device.deviceKey, blockBytes, timestampText, signature) || !withinSkew(deps, timestamp)) {
    throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  }
  return { user, device };
}
