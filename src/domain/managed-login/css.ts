// The stylesheet of a managed login branding style: its colours, radii and images laid on the
// page frame of layout.ts. Only values that pass a strict check reach the CSS (RRGGBBAA hex
// colours, numbers, and image URLs the caller built), so a Settings document cannot inject CSS
// or markup; anything else is skipped.
import { isPlainObject, settingAt, type Settings } from './settings.js';

export type ColorMode = 'lightMode' | 'darkMode';

/** Image URLs of the style's assets, per colour mode (an asset of mode DYNAMIC serves both). */
export interface BrandingImages {
  pageBackground?: Partial<Record<ColorMode, string>>;
  formBackground?: Partial<Record<ColorMode, string>>;
  pageHeaderBackground?: Partial<Record<ColorMode, string>>;
  pageFooterBackground?: Partial<Record<ColorMode, string>>;
}

/** Where the rules land: the page (body) and the card (main) of the Hosted UI, or a preview's boxes. */
export interface BrandingScope {
  page: string;
  card: string;
  /** The page's header and footer bars, where the scope has them. */
  header?: string;
  footer?: string;
}

export const HOSTED_UI_SCOPE: BrandingScope = { page: 'body', card: 'main', header: '.page-header', footer: '.page-footer' };

const color = (value: unknown): string | undefined => (typeof value === 'string' && /^[0-9a-fA-F]{8}$/.test(value) ? `#${value.toLowerCase()}` : undefined);
const radius = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1000 ? `${Math.round(value)}px` : undefined;
// The callers build these from ids Gatehouse checked; the check here keeps a quote or parenthesis out regardless.
const image = (url: string | undefined): string | undefined => (url && /^[\w\-./?=&%]+$/.test(url) ? `url("${url}")` : undefined);

function rule(selector: string, declarations: Array<[string, string | undefined]>): string {
  const body = declarations.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}:${v}`).join(';');
  return body ? `${selector}{${body}}` : '';
}

/** The header or footer bar (`component` pageHeader or pageFooter): its colour, border and background image. */
function barRules(s: Settings, mode: ColorMode, component: 'pageHeader' | 'pageFooter', selector: string | undefined, images?: Partial<Record<ColorMode, string>>): string {
  if (!selector) return '';
  const at = (path: string) => settingAt(s, `components.${component}.${path}`);
  const backgroundImage = at('backgroundImage.enabled') === true ? image(images?.[mode]) : undefined;
  const border = color(at(`${mode}.borderColor`));
  return rule(selector, [
    ['background-color', color(at(`${mode}.background.color`))],
    [component === 'pageHeader' ? 'border-bottom' : 'border-top', border && `1px solid ${border}`],
    ['background-image', backgroundImage], ['background-size', backgroundImage && 'cover'], ['background-position', backgroundImage && 'center'],
  ]);
}

function modeRules(s: Settings, mode: ColorMode, scope: BrandingScope, images: BrandingImages): string {
  const at = (path: string) => settingAt(s, path.replace('MODE', mode));
  const pageText = (name: string, fallback: string) => color(at(`components.pageText.MODE.${name}`)) ?? color(at(`componentClasses.text.MODE.${fallback}`));
  const pageImage = settingAt(s, 'components.pageBackground.image.enabled') !== false ? image(images.pageBackground?.[mode]) : undefined;
  const formImage = settingAt(s, 'components.form.backgroundImage.enabled') === true ? image(images.formBackground?.[mode]) : undefined;
  const { page, card } = scope;
  const formBorder = color(at('components.form.MODE.borderColor'));
  const secondaryBorder = color(at('components.secondaryButton.MODE.defaults.borderColor'));
  return [
    rule(page, [
      ['background-color', color(at('components.pageBackground.MODE.color'))],
      ['background-image', pageImage], ['background-size', pageImage && 'cover'], ['background-position', pageImage && 'center'],
      ['color', pageText('bodyColor', 'bodyTextColor')],
    ]),
    rule(card, [
      ['background-color', color(at('components.form.MODE.backgroundColor'))],
      ['border', formBorder && `1px solid ${formBorder}`],
      ['background-image', formImage], ['background-size', formImage && 'cover'],
    ]),
    rule(`${card} h1`, [['color', pageText('headingColor', 'headingTextColor')]]),
    rule(`${card} .pool,${card} .hint,${card} .textDescription-customizable`, [['color', pageText('descriptionColor', 'captionTextColor')]]),
    rule(`${card} label`, [['color', color(at('componentClasses.inputLabel.MODE.textColor'))]]),
    rule(`${card} input`, [
      ['background-color', color(at('componentClasses.input.MODE.defaults.backgroundColor'))],
      ['border-color', color(at('componentClasses.input.MODE.defaults.borderColor'))],
      ['color', pageText('bodyColor', 'bodyTextColor')],
    ]),
    rule(`${card} input::placeholder`, [['color', color(at('componentClasses.input.MODE.placeholderColor'))]]),
    rule(`${card} button`, [
      ['background-color', color(at('components.primaryButton.MODE.defaults.backgroundColor'))],
      ['color', color(at('components.primaryButton.MODE.defaults.textColor'))],
    ]),
    rule(`${card} button:hover`, [
      ['background-color', color(at('components.primaryButton.MODE.hover.backgroundColor'))],
      ['color', color(at('components.primaryButton.MODE.hover.textColor'))],
    ]),
    rule(`${card} button.secondary`, [
      ['background-color', color(at('components.secondaryButton.MODE.defaults.backgroundColor'))],
      ['color', color(at('components.secondaryButton.MODE.defaults.textColor'))],
      ['border', secondaryBorder && `1px solid ${secondaryBorder}`],
    ]),
    rule(`${card} a`, [['color', color(at('componentClasses.link.MODE.defaults.textColor'))]]),
    rule(`${card} a:hover`, [['color', color(at('componentClasses.link.MODE.hover.textColor'))]]),
    rule(`${card} input:focus,${card} button:focus,${card} a:focus`, [['outline-color', color(at('componentClasses.focusState.MODE.borderColor'))]]),
    rule(`${card} .alert`, [
      ['background-color', color(at('componentClasses.statusIndicator.MODE.error.backgroundColor'))],
      ['color', color(at('componentClasses.statusIndicator.MODE.error.indicatorColor'))],
    ]),
    barRules(s, mode, 'pageHeader', scope.header, images.pageHeaderBackground),
    barRules(s, mode, 'pageFooter', scope.footer, images.pageFooterBackground),
  ].join('\n');
}

/** Rules that do not depend on the colour mode: radii. */
function shapeRules(s: Settings, scope: BrandingScope): string {
  const { card } = scope;
  return [
    rule(card, [['border-radius', radius(settingAt(s, 'components.form.borderRadius'))]]),
    rule(`${card} input`, [['border-radius', radius(settingAt(s, 'componentClasses.input.borderRadius'))]]),
    rule(`${card} button`, [['border-radius', radius(settingAt(s, 'componentClasses.buttons.borderRadius'))]]),
  ].join('\n');
}

/** The colour scheme a style shows: LIGHT, DARK, or DYNAMIC (the browser's preference). */
export function colorScheme(settings: Settings): 'LIGHT' | 'DARK' | 'DYNAMIC' {
  const mode = settingAt(settings, 'categories.global.colorSchemeMode');
  return mode === 'DARK' || mode === 'DYNAMIC' ? mode : 'LIGHT';
}

/** The stylesheet for `settings` (already merged over managed login's own). */
export function managedLoginCss(settings: Settings, images: BrandingImages = {}, scope: BrandingScope = HOSTED_UI_SCOPE): string {
  if (!isPlainObject(settings)) return '';
  const scheme = colorScheme(settings);
  const shapes = shapeRules(settings, scope);
  if (scheme === 'DARK') return `${shapes}\n${modeRules(settings, 'darkMode', scope, images)}`;
  const light = `${shapes}\n${modeRules(settings, 'lightMode', scope, images)}`;
  return scheme === 'DYNAMIC' ? `${light}\n@media (prefers-color-scheme: dark){${modeRules(settings, 'darkMode', scope, images)}}` : light;
}
