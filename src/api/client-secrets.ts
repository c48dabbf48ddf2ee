// AddUserPoolClientSecret, ListUserPoolClientSecrets, DeleteUserPoolClientSecret: rotating a
// confidential client's secret without downtime (two active secrets at most).
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ClientId, NextToken, UserPoolId } from '../cognito/shapes.js';
import { ChosenClientSecret } from '../cognito/client-shapes.js';
import { requirePool } from '../domain/pools.js';
import { requireClient } from '../domain/clients.js';
import { addClientSecret, deleteClientSecret, listClientSecrets } from '../domain/client-secrets.js';

export const AddUserPoolClientSecret = defineOperation({
  name: 'AddUserPoolClientSecret',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId, ClientSecret: Type.Optional(ChosenClientSecret) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const client = await requireClient(deps.store, input.ClientId, input.UserPoolId);
    return { ClientSecretDescriptor: await addClientSecret(deps, client, input.ClientSecret) };
  },
});

export const ListUserPoolClientSecrets = defineOperation({
  name: 'ListUserPoolClientSecrets',
  auth: 'admin',
  // Cognito: NextToken is accepted, but with two secrets at most every answer is the whole list.
  input: Type.Object({ UserPoolId, ClientId, NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const client = await requireClient(deps.store, input.ClientId, input.UserPoolId);
    return { ClientSecrets: listClientSecrets(deps, client) };
  },
});

export const DeleteUserPoolClientSecret = defineOperation({
  name: 'DeleteUserPoolClientSecret',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId, ClientSecretId: Type.String({ minLength: 1, maxLength: 128 }) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const client = await requireClient(deps.store, input.ClientId, input.UserPoolId);
    await deleteClientSecret(deps, client, input.ClientSecretId);
    return {};
  },
});

export const clientSecretOperations = [AddUserPoolClientSecret, ListUserPoolClientSecrets, DeleteUserPoolClientSecret];
