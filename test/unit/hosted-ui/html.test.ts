import { describe, expect, it } from 'vitest';
import { html } from '../../../src/web/html.js';

describe('the html tagged template', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['" onfocus="x', '&quot; onfocus=&quot;x'],
    ["' & `", '&#39; &amp; &#96;'],
    [42, '42'],
    [undefined, ''],
    [null, ''],
    [false, ''],
  ])('escapes %j', (value, expected) => {
    expect(html`<p title="${value}">`.value).toBe(`<p title="${expected}">`);
  });

  it('keeps nested html as markup and joins arrays', () => {
    const items = ['a<b', 'c'].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
  });
});
