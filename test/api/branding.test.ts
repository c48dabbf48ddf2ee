// Managed login branding styles through the AWS SDK: members, Settings and Assets rules, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateManagedLoginBrandingCommand, DeleteManagedLoginBrandingCommand, DeleteUserPoolClientCommand,
  DescribeManagedLoginBrandingByClientCommand, DescribeManagedLoginBrandingCommand, UpdateManagedLoginBrandingCommand,
  type AssetType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PNG, SVG } from './branding-images.js';

const settings = {
  components: { primaryButton: { lightMode: { defaults: { backgroundColor: 'aa2200ff', textColor: 'ffffffff' } } } },
  categories: { global: { colorSchemeMode: 'DYNAMIC' } },
};

describe('managed login branding', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Cognito takes branding requests of up to 2 MB; the server's default body limit is smaller.
    t = await startTestServer({ config: { server: { bodyLimitBytes: 3 * 1024 * 1024 } } });
  });
  afterAll(() => t.close());

  it('creates a style for an app client with settings and assets, and describes it by id and by client', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const assets: AssetType[] = [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }];
    const { ManagedLoginBranding: created } = await t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: settings, Assets: assets }));
    expect(created).toMatchObject({ UserPoolId: poolId, UseCognitoProvidedValues: false, Settings: settings });
    expect(created!.ManagedLoginBrandingId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created!.Assets).toHaveLength(1);
    expect(created!.Assets![0]).toMatchObject({ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG' });
    expect(Buffer.from(created!.Assets![0].Bytes!)).toEqual(PNG);
    expect(created!.Assets![0].ResourceId).toBeTruthy();
    expect(created!.CreationDate).toBeInstanceOf(Date);

    const byId = await t.cognito.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: created!.ManagedLoginBrandingId }));
    expect(byId.ManagedLoginBranding).toEqual(created);
    const byClient = await t.cognito.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    expect(byClient.ManagedLoginBranding).toEqual(created);
  });

  it('fills in managed login\'s own values with ReturnMergedResources, and keeps the style\'s own over them', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    await t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: settings }));
    const merged = (await t.cognito.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId, ReturnMergedResources: true }))).ManagedLoginBranding!;
    const doc = merged.Settings as any;
    expect(doc.components.primaryButton.lightMode.defaults.backgroundColor).toBe('aa2200ff');
    expect(doc.categories.global.colorSchemeMode).toBe('DYNAMIC');
    // Members the style does not set come from managed login's defaults.
    expect(doc.components.primaryButton.darkMode.defaults.backgroundColor).toMatch(/^[0-9a-f]{8}$/);
    expect(doc.componentClasses.input.borderRadius).toBe(8);
  });

  it('with UseCognitoProvidedValues, refuses Settings or Assets and drops earlier ones', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    await expect(t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true, Settings: settings })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    const { ManagedLoginBranding: style } = await t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: settings }));
    const reset = await t.cognito.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: style!.ManagedLoginBrandingId, UseCognitoProvidedValues: true }));
    expect(reset.ManagedLoginBranding).toMatchObject({ UseCognitoProvidedValues: true, Assets: [] });
    expect(reset.ManagedLoginBranding!.Settings).toBeUndefined();
  });

  it('allows one style per app client (ManagedLoginBrandingExistsException)', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    await t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true }));
    await expect(t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: settings })))
      .rejects.toMatchObject({ name: 'ManagedLoginBrandingExistsException', $metadata: { httpStatusCode: 400 } });
  });

  it('refuses settings that are not managed login\'s, or whose colours are not RRGGBBAA hex, and writes nothing', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const attempt = (Settings: any) => t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings }));
    for (const bad of [
      { components: { pageBackground: { lightMode: { color: 'red;}body{background:url(//evil)' } } } },
      { components: { pageBackground: { lightMode: { color: 'ff0000' } } } },
      { componentClasses: { buttons: { borderRadius: '8px; color: red' } } },
      { categories: { global: { colorSchemeMode: 'SEPIA' } } },
      { script: '<script>alert(1)</script>' },
      ['not', 'an', 'object'],
      'text',
    ]) {
      await expect(attempt(bad), JSON.stringify(bad)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    }
    await expect(t.cognito.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('checks each asset: its bytes are of its extension, favicons are ICO or SVG, one per category and mode, at most 1,000,000 bytes', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const attempt = (Assets: AssetType[]) => t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Assets }));
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    for (const assets of [
      [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: html }],
      [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'SVG', Bytes: html }],
      [{ Category: 'FAVICON_ICO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }],
      [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }, { Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'SVG', Bytes: SVG }],
      [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: Buffer.concat([PNG, Buffer.alloc(1_000_000)]) }],
      [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG' }],
      [{ Category: 'WALLPAPER', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }],
      [{ Category: 'FORM_LOGO', ColorMode: 'SEPIA', Extension: 'PNG', Bytes: PNG }],
    ] as AssetType[][]) {
      await expect(attempt(assets)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    }
    const ok = await attempt([{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }, { Category: 'FORM_LOGO', ColorMode: 'DARK', Extension: 'SVG', Bytes: SVG }]);
    expect(ok.ManagedLoginBranding!.Assets).toHaveLength(2);
  });

  it('updates keep what they are not given: settings merge, an asset replaces the one of its category and mode', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const { ManagedLoginBranding: style } = await t.cognito.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: poolId, ClientId: clientId, Settings: settings,
      Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }, { Category: 'PAGE_BACKGROUND', ColorMode: 'DYNAMIC', Extension: 'PNG', Bytes: PNG }],
    }));
    const id = style!.ManagedLoginBrandingId!;
    t.clock.advance(2000);
    const { ManagedLoginBranding: updated } = await t.cognito.send(new UpdateManagedLoginBrandingCommand({
      UserPoolId: poolId, ManagedLoginBrandingId: id,
      Settings: { components: { pageBackground: { lightMode: { color: '102030ff' } } } },
      Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'SVG', Bytes: SVG }],
    }));
    const doc = updated!.Settings as any;
    expect(doc.components.pageBackground.lightMode.color).toBe('102030ff');
    expect(doc.components.primaryButton.lightMode.defaults.backgroundColor).toBe('aa2200ff');
    expect(updated!.Assets!.map((a) => `${a.Category}/${a.ColorMode}/${a.Extension}`).sort()).toEqual(['FORM_LOGO/LIGHT/SVG', 'PAGE_BACKGROUND/DYNAMIC/PNG']);
    expect(updated!.LastModifiedDate!.getTime()).toBeGreaterThan(style!.LastModifiedDate!.getTime());
    // An asset named by ResourceId without Bytes is kept as it is.
    const background = updated!.Assets!.find((a) => a.Category === 'PAGE_BACKGROUND')!;
    const kept = await t.cognito.send(new UpdateManagedLoginBrandingCommand({
      UserPoolId: poolId, ManagedLoginBrandingId: id,
      Assets: [{ Category: 'PAGE_BACKGROUND', ColorMode: 'DYNAMIC', Extension: 'PNG', ResourceId: background.ResourceId }],
    }));
    expect(kept.ManagedLoginBranding!.Assets!.find((a) => a.Category === 'PAGE_BACKGROUND')!.ResourceId).toBe(background.ResourceId);
  });

  it('answers ResourceNotFoundException for unknown pools, clients and styles, and InvalidParameterException for a malformed id', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const unknown = '1b2c3d4e-5f60-4a1b-8c2d-3e4f5a6b7c8d';
    await expect(t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: 'nosuchclient00' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: 'us-east-1_Nope0000', ClientId: clientId }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    for (const command of [
      new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: unknown }),
      new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: unknown, UseCognitoProvidedValues: true }),
      new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: unknown }),
      new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId }),
    ]) {
      await expect(t.cognito.send(command as any)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    }
    await expect(t.cognito.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: 'x' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, UseCognitoProvidedValues: true }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('deletes a style, and a deleted app client takes its style along', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const { ManagedLoginBranding: style } = await t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true }));
    await t.cognito.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: style!.ManagedLoginBrandingId }));
    await expect(t.cognito.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: style!.ManagedLoginBrandingId })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const { ManagedLoginBranding: again } = await t.cognito.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true }));
    await t.cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    await expect(t.cognito.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: again!.ManagedLoginBrandingId })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
