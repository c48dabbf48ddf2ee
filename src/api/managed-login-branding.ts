// CreateManagedLoginBranding, DescribeManagedLoginBranding, DescribeManagedLoginBrandingByClient,
// UpdateManagedLoginBranding, DeleteManagedLoginBranding.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ClientId, UserPoolId } from '../cognito/shapes.js';
import { requirePool } from '../domain/pools.js';
import {
  brandingView, createBranding, requireBranding, requireBrandingOfClient, updateBranding,
} from '../domain/managed-login/branding.js';

const literals = (values: string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const ManagedLoginBrandingId = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$' });
const Asset = Type.Object({
  Category: literals([
    'FAVICON_ICO', 'FAVICON_SVG', 'EMAIL_GRAPHIC', 'SMS_GRAPHIC', 'AUTH_APP_GRAPHIC', 'PASSWORD_GRAPHIC', 'PASSKEY_GRAPHIC',
    'PAGE_HEADER_LOGO', 'PAGE_HEADER_BACKGROUND', 'PAGE_FOOTER_LOGO', 'PAGE_FOOTER_BACKGROUND', 'PAGE_BACKGROUND',
    'FORM_BACKGROUND', 'FORM_LOGO', 'IDP_BUTTON_ICON',
  ]),
  ColorMode: literals(['LIGHT', 'DARK', 'DYNAMIC']),
  Extension: literals(['ICO', 'JPEG', 'PNG', 'SVG', 'WEBP']),
  // A blob: base64 of at most 1,000,000 bytes.
  Bytes: Type.Optional(Type.String({ maxLength: 1_333_336 })),
  ResourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[\\w\\- ]+$' })),
});
const Style = {
  UseCognitoProvidedValues: Type.Optional(Type.Boolean()),
  Settings: Type.Optional(Type.Unknown()),
  Assets: Type.Optional(Type.Array(Asset, { maxItems: 40 })),
};

export const CreateManagedLoginBranding = defineOperation({
  name: 'CreateManagedLoginBranding',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId, ...Style }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { ManagedLoginBranding: brandingView(await createBranding(deps, pool, input.ClientId, input)) };
  },
});

export const DescribeManagedLoginBranding = defineOperation({
  name: 'DescribeManagedLoginBranding',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ManagedLoginBrandingId, ReturnMergedResources: Type.Optional(Type.Boolean()) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const branding = await requireBranding(deps.store, input.UserPoolId, input.ManagedLoginBrandingId);
    return { ManagedLoginBranding: brandingView(branding, input.ReturnMergedResources === true) };
  },
});

export const DescribeManagedLoginBrandingByClient = defineOperation({
  name: 'DescribeManagedLoginBrandingByClient',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId, ReturnMergedResources: Type.Optional(Type.Boolean()) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const branding = await requireBrandingOfClient(deps.store, input.UserPoolId, input.ClientId);
    return { ManagedLoginBranding: brandingView(branding, input.ReturnMergedResources === true) };
  },
});

export const UpdateManagedLoginBranding = defineOperation({
  name: 'UpdateManagedLoginBranding',
  auth: 'admin',
  // Optional in the model, but nothing can be updated without them.
  input: Type.Object({ UserPoolId, ManagedLoginBrandingId, ...Style }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    const current = await requireBranding(deps.store, input.UserPoolId, input.ManagedLoginBrandingId);
    return { ManagedLoginBranding: brandingView(await updateBranding(deps, current, input)) };
  },
});

export const DeleteManagedLoginBranding = defineOperation({
  name: 'DeleteManagedLoginBranding',
  auth: 'admin',
  input: Type.Object({ ManagedLoginBrandingId, UserPoolId }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    await requireBranding(deps.store, input.UserPoolId, input.ManagedLoginBrandingId);
    await deps.store.managedLoginBrandings.delete(input.UserPoolId, input.ManagedLoginBrandingId);
    return {};
  },
});

export const managedLoginBrandingOperations = [
  CreateManagedLoginBranding, DescribeManagedLoginBranding, DescribeManagedLoginBrandingByClient, UpdateManagedLoginBranding, DeleteManagedLoginBranding,
];
