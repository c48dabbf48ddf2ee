// The Hosted UI's look (SetUICustomization / GetUICustomization): CSS and a logo for the whole
// pool (ClientId 'ALL') or for one app client, the client's own winning over the pool's.
// - CSS may only style Cognito's *-customizable classes, and may not load anything or break
//   out of its <style> element: no '<', no at-rules, no url(), no expression(), no escapes;
// - the logo is a PNG or JPEG of at most 100 kB (Cognito's limit).
import type { Deps } from './deps.js';
import type { PoolRecord, UiCustomizationRecord } from '../store/store.js';
import { InvalidParameterException } from '../cognito/errors.js';
import { requireClient } from './clients.js';
import { toEpochSeconds } from './pools.js';

const CUSTOMIZABLE_CLASSES = new Set([
  'background-customizable', 'banner-customizable', 'errorMessage-customizable', 'idpButton-customizable',
  'idpButton-customizable:hover', 'inputField-customizable', 'inputField-customizable:focus', 'label-customizable',
  'legalText-customizable', 'logo-customizable', 'redirect-customizable', 'socialButton-customizable',
  'submitButton-customizable', 'submitButton-customizable:hover', 'textDescription-customizable', 'idpDescription-customizable',
]);

const MAX_CSS = 131_072;
const MAX_IMAGE_BYTES = 100 * 1024;

function checkCss(css: string): void {
  if (css.length > MAX_CSS) throw new InvalidParameterException('CSS is too long.');
  if (/[<\\@]|url\s*\(|expression\s*\(|javascript:/i.test(css)) {
    throw new InvalidParameterException('CSS may not contain <, \\, at-rules, url() or expression().');
  }
  const rules = css.split('}');
  for (const rule of rules) {
    if (rule.trim() === '') continue;
    const open = rule.indexOf('{');
    if (open < 0 || rule.indexOf('{', open + 1) >= 0) throw new InvalidParameterException('CSS could not be parsed.');
    for (const selector of rule.slice(0, open).split(',')) {
      const trimmed = selector.trim();
      if (!/^\.[A-Za-z-]+(:hover|:focus)?$/.test(trimmed) || !CUSTOMIZABLE_CLASSES.has(trimmed.slice(1))) {
        throw new InvalidParameterException(`${trimmed} is not a valid CSS class for customization.`);
      }
    }
  }
}

function imageType(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

export async function setUiCustomization(
  deps: Deps,
  pool: PoolRecord,
  input: { ClientId?: string; CSS?: string; ImageFile?: string },
): Promise<UiCustomizationRecord> {
  const clientId = input.ClientId ?? 'ALL';
  if (clientId !== 'ALL') await requireClient(deps.store, clientId, pool.id);
  if (input.CSS !== undefined) checkCss(input.CSS);
  let image: { base64: string; type: string } | undefined;
  if (input.ImageFile !== undefined) {
    const bytes = Buffer.from(input.ImageFile, 'base64');
    if (bytes.length > MAX_IMAGE_BYTES) throw new InvalidParameterException('ImageFile must be at most 100 kB.');
    const type = imageType(bytes);
    if (!type) throw new InvalidParameterException('ImageFile must be a PNG or JPEG image.');
    image = { base64: bytes.toString('base64'), type };
  }
  const now = deps.clock.now();
  const existing = await deps.store.uiCustomizations.find(pool.id, clientId);
  const record: UiCustomizationRecord = {
    poolId: pool.id, clientId, css: input.CSS ?? null, imageBase64: image?.base64 ?? null, imageType: image?.type ?? null,
    cssVersion: String(now), createdAt: existing?.createdAt ?? now, updatedAt: now,
  };
  await deps.store.uiCustomizations.put(record);
  return record;
}

/** The customization that applies to a client: its own, else the pool's. */
export async function effectiveUiCustomization(deps: Deps, poolId: string, clientId: string): Promise<UiCustomizationRecord | undefined> {
  return (await deps.store.uiCustomizations.find(poolId, clientId)) ?? (await deps.store.uiCustomizations.find(poolId, 'ALL'));
}

export const logoPath = (record: UiCustomizationRecord): string =>
  `/ui/logo/${encodeURIComponent(record.clientId)}?v=${encodeURIComponent(record.cssVersion)}`;

/** UICustomizationType. */
export function uiCustomizationView(deps: Deps, poolId: string, clientId: string, record: UiCustomizationRecord | undefined) {
  if (!record) return { UserPoolId: poolId, ClientId: clientId };
  return {
    UserPoolId: poolId,
    ClientId: record.clientId,
    ...(record.imageBase64 && { ImageUrl: `${deps.baseUrl()}/${poolId}${logoPath(record)}` }),
    ...(record.css !== null && { CSS: record.css }),
    CSSVersion: record.cssVersion,
    LastModifiedDate: toEpochSeconds(record.updatedAt),
    CreationDate: toEpochSeconds(record.createdAt),
  };
}
