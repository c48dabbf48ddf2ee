// GetUserAuthFactors, AdminGetUserAuthFactors and AdminDeleteSoftwareToken: a user's factors for
// choice-based sign-in and MFA.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { Token, Username, UserPoolId } from '../cognito/shapes.js';
import { requirePool } from '../domain/pools.js';
import { requireUser } from '../domain/users.js';
import { authenticateAccessToken } from '../domain/access-token.js';
import { userAuthFactors } from '../domain/auth-factors.js';
import { deleteSoftwareToken } from '../domain/mfa-settings.js';
import { passkeyCount } from '../domain/passkeys/registration.js';


export const GetUserAuthFactors = defineOperation({
  name: 'GetUserAuthFactors',
  auth: 'public',
  input: Type.Object({ AccessToken: Token }),
  async handler(input, { deps }) {
    const { user, poolId } = await authenticateAccessToken(deps, input.AccessToken);
    return userAuthFactors(await requirePool(deps.store, poolId), user, { webAuthnCredentials: await passkeyCount(deps, user) });
  },
});

export const AdminGetUserAuthFactors = defineOperation({
  name: 'AdminGetUserAuthFactors',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const user = await requireUser(deps.store, pool, input.Username);
    return userAuthFactors(pool, user, { webAuthnCredentials: await passkeyCount(deps, user) });
  },
});

export const AdminDeleteSoftwareToken = defineOperation({
  name: 'AdminDeleteSoftwareToken',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    await deleteSoftwareToken(deps, await requireUser(deps.store, pool, input.Username));
    return {};
  },
});

export const authFactorOperations = [GetUserAuthFactors, AdminGetUserAuthFactors, AdminDeleteSoftwareToken];
