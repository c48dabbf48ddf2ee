// SetUICustomization, GetUICustomization.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { UserPoolId } from '../cognito/shapes.js';
import { requirePool } from '../domain/pools.js';
import { requireClient } from '../domain/clients.js';
import { effectiveUiCustomization, setUiCustomization, uiCustomizationView } from '../domain/ui-customization.js';

const ClientIdOrAll = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\w+]+$' });

export const SetUICustomization = defineOperation({
  name: 'SetUICustomization',
  auth: 'admin',
  input: Type.Object({
    UserPoolId,
    ClientId: Type.Optional(ClientIdOrAll),
    CSS: Type.Optional(Type.String({ maxLength: 131_072 })),
    // A blob: base64 in the JSON protocol.
    ImageFile: Type.Optional(Type.String({ maxLength: 140_000 })),
  }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const record = await setUiCustomization(deps, pool, input);
    return { UICustomization: uiCustomizationView(deps, pool.id, record.clientId, record) };
  },
});

export const GetUICustomization = defineOperation({
  name: 'GetUICustomization',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId: Type.Optional(ClientIdOrAll) }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    const clientId = input.ClientId ?? 'ALL';
    if (clientId !== 'ALL') await requireClient(deps.store, clientId, pool.id);
    const record = clientId === 'ALL' ? await deps.store.uiCustomizations.find(pool.id, 'ALL') : await effectiveUiCustomization(deps, pool.id, clientId);
    return { UICustomization: uiCustomizationView(deps, pool.id, clientId, record) };
  },
});

export const uiCustomizationOperations = [SetUICustomization, GetUICustomization];
