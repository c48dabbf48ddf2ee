// The branding stylesheet: only checked values reach it, whatever a settings document holds.
import { describe, expect, it } from 'vitest';
import { managedLoginCss } from '../../../src/domain/managed-login/css.js';
import { checkSettings, mergeSettings } from '../../../src/domain/managed-login/settings.js';

const withButton = (value: unknown) => ({ components: { primaryButton: { lightMode: { defaults: { backgroundColor: value } } } } });

describe('managedLoginCss', () => {
  it.each([
    ['a colour with CSS after it', 'ff0000ff;}body{background:url(//evil)}'],
    ['a style element breakout', '</style><script>alert(1)</script>'],
    ['a six-digit colour', 'ff0000'],
    ['a number', 0xff0000ff],
  ])('leaves out %s', (_name, value) => {
    const css = managedLoginCss(withButton(value));
    expect(css).not.toMatch(/evil|script|<|ff0000/);
    expect(() => checkSettings(withButton(value))).toThrow(/RRGGBBAA/);
  });

  it('writes RRGGBBAA colours as #rrggbbaa, and image URLs only when they are plain paths', () => {
    const css = managedLoginCss(withButton('AA2200FF'), { pageBackground: { lightMode: '/p/managed-login/assets/id/res?v=1' } });
    expect(css).toContain('main button{background-color:#aa2200ff}');
    expect(css).toContain('background-image:url("/p/managed-login/assets/id/res?v=1")');
    expect(managedLoginCss({}, { pageBackground: { lightMode: '/x")}body{color:red' } })).not.toContain('background-image');
  });

  it('puts dark mode in a prefers-color-scheme block for DYNAMIC, alone for DARK, and leaves it out for LIGHT', () => {
    const style = mergeSettings({ components: { primaryButton: { darkMode: { defaults: { backgroundColor: '112233ff' } } } } }, withButton('445566ff'));
    const scheme = (mode: string) => managedLoginCss(mergeSettings(style, { categories: { global: { colorSchemeMode: mode } } }));
    expect(scheme('DYNAMIC')).toMatch(/#445566ff[^]*@media \(prefers-color-scheme: dark\)\{[^]*#112233ff/);
    expect(scheme('DARK')).toContain('#112233ff');
    expect(scheme('DARK')).not.toContain('#445566ff');
    expect(scheme('LIGHT')).not.toContain('#112233ff');
  });
});
