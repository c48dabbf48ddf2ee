// ConfirmDevice, GetDevice, ListDevices, UpdateDeviceStatus, ForgetDevice and the Admin variants.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ListLimit, Token, Username, UserPoolId } from './shapes.js';
import { NameCursor, decodePageToken, encodePageToken } from './pagination.js';
import type { Deps } from '../deps.js';
import type { UserRecord } from '../store/store.js';
import { authenticateAccessToken } from '../domain/access-token.js';
import { requirePool } from '../domain/pools.js';
import { requireUser } from '../domain/users.js';
import { confirmDevice, deviceType, forgetDevice, getDevice, updateDeviceStatus } from '../domain/devices.js';

const DeviceKey = Type.String({ minLength: 1, maxLength: 55, pattern: '^[\\w-]+_[0-9a-f-]+$' });
const RememberedStatus = Type.Union([Type.Literal('remembered'), Type.Literal('not_remembered')]);
const PaginationToken = Type.Optional(Type.String({ minLength: 1, maxLength: 4096 }));

async function listDevices(deps: Deps, user: UserRecord, limit: number | undefined, token: string | undefined) {
  const query = `devices:${user.sub}`;
  const after = decodePageToken(token, query, NameCursor);
  const page = await deps.store.devices.listForUser(user.sub, limit || 60, after);
  return { Devices: page.items.map(deviceType), ...(page.next && { PaginationToken: encodePageToken(query, page.next) }) };
}

async function adminUser(deps: Deps, poolId: string, username: string) {
  const pool = await requirePool(deps.store, poolId);
  return requireUser(deps.store, pool, username);
}

export const ConfirmDevice = defineOperation({
  name: 'ConfirmDevice',
  auth: 'public',
  input: Type.Object({
    AccessToken: Token,
    DeviceKey,
    DeviceSecretVerifierConfig: Type.Optional(Type.Object({ PasswordVerifier: Type.Optional(Type.String({ maxLength: 2048 })), Salt: Type.Optional(Type.String({ maxLength: 1024 })) })),
    DeviceName: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  }),
  async handler(input, { deps }) {
    const { user, poolId } = await authenticateAccessToken(deps, input.AccessToken);
    const pool = await requirePool(deps.store, poolId);
    return { UserConfirmationNecessary: await confirmDevice(deps, pool, user, input.DeviceKey, input.DeviceSecretVerifierConfig, input.DeviceName) };
  },
});

export const GetDevice = defineOperation({
  name: 'GetDevice',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, DeviceKey }),
  async handler(input, { deps }) {
    const { user } = await authenticateAccessToken(deps, input.AccessToken);
    return { Device: deviceType(await getDevice(deps, user, input.DeviceKey)) };
  },
});

export const ListDevices = defineOperation({
  name: 'ListDevices',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, Limit: Type.Optional(ListLimit(60)), PaginationToken }),
  async handler(input, { deps }) {
    const { user } = await authenticateAccessToken(deps, input.AccessToken);
    return listDevices(deps, user, input.Limit, input.PaginationToken);
  },
});

export const UpdateDeviceStatus = defineOperation({
  name: 'UpdateDeviceStatus',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, DeviceKey, DeviceRememberedStatus: Type.Optional(RememberedStatus) }),
  async handler(input, { deps }) {
    const { user } = await authenticateAccessToken(deps, input.AccessToken);
    await updateDeviceStatus(deps, user, input.DeviceKey, input.DeviceRememberedStatus);
    return {};
  },
});

export const ForgetDevice = defineOperation({
  name: 'ForgetDevice',
  auth: 'public',
  input: Type.Object({ AccessToken: Token, DeviceKey }),
  async handler(input, { deps }) {
    const { user } = await authenticateAccessToken(deps, input.AccessToken);
    await forgetDevice(deps, user, input.DeviceKey);
    return {};
  },
});

export const AdminGetDevice = defineOperation({
  name: 'AdminGetDevice',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, DeviceKey }),
  async handler(input, { deps }) {
    return { Device: deviceType(await getDevice(deps, await adminUser(deps, input.UserPoolId, input.Username), input.DeviceKey)) };
  },
});

export const AdminListDevices = defineOperation({
  name: 'AdminListDevices',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, Limit: Type.Optional(ListLimit(60)), PaginationToken }),
  async handler(input, { deps }) {
    return listDevices(deps, await adminUser(deps, input.UserPoolId, input.Username), input.Limit, input.PaginationToken);
  },
});

export const AdminUpdateDeviceStatus = defineOperation({
  name: 'AdminUpdateDeviceStatus',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, DeviceKey, DeviceRememberedStatus: Type.Optional(RememberedStatus) }),
  async handler(input, { deps }) {
    await updateDeviceStatus(deps, await adminUser(deps, input.UserPoolId, input.Username), input.DeviceKey, input.DeviceRememberedStatus);
    return {};
  },
});

export const AdminForgetDevice = defineOperation({
  name: 'AdminForgetDevice',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, DeviceKey }),
  async handler(input, { deps }) {
    await forgetDevice(deps, await adminUser(deps, input.UserPoolId, input.Username), input.DeviceKey);
    return {};
  },
});

export const deviceOperations = [
  ConfirmDevice, GetDevice, ListDevices, UpdateDeviceStatus, ForgetDevice, AdminGetDevice, AdminListDevices, AdminUpdateDeviceStatus, AdminForgetDevice,
];
