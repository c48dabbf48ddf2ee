// Managed login branding styles (CreateManagedLoginBranding and the rest): one per app client, a
// Settings document and image assets.
// - UseCognitoProvidedValues true means managed login's own style: Settings and Assets must then
//   be omitted, and any earlier ones are dropped;
// - UpdateManagedLoginBranding keeps what it is not given (Cognito splits large styles over
//   several requests): Settings merge member by member, an asset replaces the one of its
//   category and colour mode;
// - assets: at most 40, one per category and colour mode, at most 1,000,000 bytes each, their
//   bytes of the type their Extension names; FAVICON_ICO is an ICO and FAVICON_SVG an SVG, and
//   only they are.
import type { Deps } from '../deps.js';
import type { ManagedLoginAsset, ManagedLoginBrandingRecord, PoolRecord, Store } from '../../store/store.js';
import { InvalidParameterException, ManagedLoginBrandingExistsException, ResourceNotFoundException } from '../../cognito/errors.js';
import { StoreConflict } from '../../store/errors.js';
import { requireClient } from '../clients.js';
import { newUuid } from '../../crypto/random.js';
import { checkSettings, mergeSettings, type Settings } from './settings.js';
import { COGNITO_DEFAULT_SETTINGS } from './defaults.js';
import { toEpochSeconds } from '../pools.js';

const MAX_ASSETS = 40;
const MAX_ASSET_BYTES = 1_000_000;

export const ASSET_CONTENT_TYPES: Record<string, string> = {
  ICO: 'image/x-icon', JPEG: 'image/jpeg', PNG: 'image/png', SVG: 'image/svg+xml', WEBP: 'image/webp',
};

export interface AssetInput {
  Category: string;
  ColorMode: string;
  Extension: string;
  /** base64, as blobs travel in the JSON protocol. */
  Bytes?: string;
  ResourceId?: string;
}

export interface BrandingInput {
  UseCognitoProvidedValues?: boolean;
  Settings?: unknown;
  Assets?: AssetInput[];
}

/** Whether `bytes` are what `extension` says (so a browser never gets a file of another type). */
function isOfType(bytes: Buffer, extension: string): boolean {
  switch (extension) {
    case 'PNG': return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'JPEG': return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    case 'WEBP': return bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP';
    case 'ICO': return bytes.length > 4 && bytes.readUInt32BE(0) === 0x00000100;
    case 'SVG': {
      const text = bytes.toString('utf8').replace(/^\uFEFF/, '').trimStart();
      return (text.startsWith('<svg') || text.startsWith('<?xml')) && text.includes('<svg');
    }
    default: return false;
  }
}

function checkAssets(assets: AssetInput[], existing: ManagedLoginAsset[]): ManagedLoginAsset[] {
  if (assets.length > MAX_ASSETS) throw new InvalidParameterException(`Assets can have at most ${MAX_ASSETS} items.`);
  const seen = new Set<string>();
  return assets.map((asset) => {
    const slot = `${asset.Category}/${asset.ColorMode}`;
    if (seen.has(slot)) throw new InvalidParameterException(`Assets has more than one ${asset.Category} for color mode ${asset.ColorMode}.`);
    seen.add(slot);
    if ((asset.Category === 'FAVICON_ICO') !== (asset.Extension === 'ICO') || (asset.Category === 'FAVICON_SVG' && asset.Extension !== 'SVG')) {
      throw new InvalidParameterException(`Extension ${asset.Extension} is not valid for category ${asset.Category}.`);
    }
    if (asset.Bytes === undefined) {
      // Without bytes, an asset names one the style already has.
      const kept = existing.find((a) => a.resourceId === asset.ResourceId && a.category === asset.Category && a.colorMode === asset.ColorMode);
      if (!kept) throw new InvalidParameterException(`Asset ${asset.Category} for color mode ${asset.ColorMode} needs Bytes.`);
      return kept;
    }
    const bytes = Buffer.from(asset.Bytes, 'base64');
    if (bytes.length === 0 || bytes.length > MAX_ASSET_BYTES) throw new InvalidParameterException(`Asset ${asset.Category} must be 1 to ${MAX_ASSET_BYTES} bytes.`);
    if (!isOfType(bytes, asset.Extension)) throw new InvalidParameterException(`Asset ${asset.Category} is not a valid ${asset.Extension} file.`);
    return {
      category: asset.Category, colorMode: asset.ColorMode, extension: asset.Extension,
      resourceId: asset.ResourceId ?? newUuid(), bytesBase64: bytes.toString('base64'),
    };
  });
}

function checkInput(input: BrandingInput): void {
  if (input.UseCognitoProvidedValues && (input.Settings !== undefined || input.Assets !== undefined)) {
    throw new InvalidParameterException('Settings and Assets must be omitted when UseCognitoProvidedValues is true.');
  }
  if (input.Settings !== undefined) checkSettings(input.Settings);
}

export async function requireBranding(store: Store, poolId: string, id: string): Promise<ManagedLoginBrandingRecord> {
  const branding = await store.managedLoginBrandings.find(poolId, id);
  if (!branding) throw new ResourceNotFoundException(`Managed login branding ${id} does not exist.`);
  return branding;
}

export async function requireBrandingOfClient(store: Store, poolId: string, clientId: string): Promise<ManagedLoginBrandingRecord> {
  await requireClient(store, clientId, poolId);
  const branding = await store.managedLoginBrandings.findByClient(poolId, clientId);
  if (!branding) throw new ResourceNotFoundException(`App client ${clientId} has no managed login branding.`);
  return branding;
}

export async function createBranding(deps: Deps, pool: PoolRecord, clientId: string, input: BrandingInput): Promise<ManagedLoginBrandingRecord> {
  await requireClient(deps.store, clientId, pool.id);
  checkInput(input);
  const now = deps.clock.now();
  const branding: ManagedLoginBrandingRecord = {
    id: newUuid(), poolId: pool.id, clientId,
    useCognitoProvidedValues: input.UseCognitoProvidedValues === true,
    settings: (input.Settings as Settings | undefined) ?? null,
    assets: checkAssets(input.Assets ?? [], []),
    createdAt: now, updatedAt: now,
  };
  try {
    await deps.store.managedLoginBrandings.insert(branding);
  } catch (error) {
    if (error instanceof StoreConflict) throw new ManagedLoginBrandingExistsException(`App client ${clientId} already has a managed login branding.`);
    throw error;
  }
  return branding;
}

export async function updateBranding(deps: Deps, current: ManagedLoginBrandingRecord, input: BrandingInput): Promise<ManagedLoginBrandingRecord> {
  checkInput(input);
  let next: ManagedLoginBrandingRecord;
  if (input.UseCognitoProvidedValues) {
    next = { ...current, useCognitoProvidedValues: true, settings: null, assets: [] };
  } else {
    const given = checkAssets(input.Assets ?? [], current.assets);
    const kept = current.assets.filter((a) => !given.some((g) => g.category === a.category && g.colorMode === a.colorMode));
    const assets = [...kept, ...given];
    if (assets.length > MAX_ASSETS) throw new InvalidParameterException(`A style can have at most ${MAX_ASSETS} assets.`);
    const settings = input.Settings === undefined ? current.settings : mergeSettings(current.settings ?? {}, input.Settings as Settings);
    const changed = input.Settings !== undefined || input.Assets !== undefined;
    next = { ...current, useCognitoProvidedValues: changed ? false : current.useCognitoProvidedValues, settings, assets };
  }
  next.updatedAt = deps.clock.now();
  await deps.store.managedLoginBrandings.update(next);
  return next;
}

/** The settings that apply: managed login's own, under the style's. */
export const effectiveSettings = (branding: ManagedLoginBrandingRecord): Settings =>
  branding.useCognitoProvidedValues || !branding.settings ? COGNITO_DEFAULT_SETTINGS : mergeSettings(COGNITO_DEFAULT_SETTINGS, branding.settings);

/** ManagedLoginBrandingType; `merged`: ReturnMergedResources. */
export function brandingView(branding: ManagedLoginBrandingRecord, merged = false) {
  const settings = merged ? effectiveSettings(branding) : branding.settings;
  return {
    ManagedLoginBrandingId: branding.id,
    UserPoolId: branding.poolId,
    UseCognitoProvidedValues: branding.useCognitoProvidedValues,
    ...(settings && { Settings: settings }),
    Assets: branding.assets.map((a) => ({ Category: a.category, ColorMode: a.colorMode, Extension: a.extension, Bytes: a.bytesBase64, ResourceId: a.resourceId })),
    CreationDate: toEpochSeconds(branding.createdAt),
    LastModifiedDate: toEpochSeconds(branding.updatedAt),
  };
}
