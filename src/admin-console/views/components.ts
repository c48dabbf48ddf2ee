// Building blocks of console pages. Every value goes through the escaping `html` tag; every form
// posts with the session's CSRF token. Fields take the submitted value back after an error.
import { html, type Html } from '../../hosted-ui/views/html.js';
import { CSRF_FIELD } from '../../hosted-ui/csrf.js';

export const csrfInput = (csrf: string): Html => html`<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">`;

export const hidden = (name: string, value: string): Html => html`<input type="hidden" name="${name}" value="${value}">`;

/** A form posting to `action` with the CSRF token, its fields and a submit button. */
export function postForm(csrf: string, action: string, fields: Html, submit: string, options: { danger?: boolean; secondary?: boolean } = {}): Html {
  const cls = options.danger ? 'danger' : options.secondary ? 'secondary' : undefined;
  return html`<form method="post" action="${action}">
${csrfInput(csrf)}
${fields}
<button type="submit"${cls ? html` class="${cls}"` : ''}>${submit}</button>
</form>`;
}

export interface TextFieldSpec {
  name: string;
  label: string;
  value?: string;
  hint?: string;
  type?: 'text' | 'password' | 'number' | 'url';
  required?: boolean;
  placeholder?: string;
  autocomplete?: string;
  min?: number;
  max?: number;
}

export function textField(f: TextFieldSpec): Html {
  const hintId = f.hint ? `${f.name}-hint` : undefined;
  return html`<label for="${f.name}">${f.label}</label>
<input id="${f.name}" name="${f.name}" type="${f.type ?? 'text'}"${f.required ? html` required` : ''}${f.value !== undefined && f.type !== 'password' ? html` value="${f.value}"` : ''}${f.placeholder ? html` placeholder="${f.placeholder}"` : ''}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${f.min !== undefined ? html` min="${f.min}"` : ''}${f.max !== undefined ? html` max="${f.max}"` : ''}${hintId ? html` aria-describedby="${hintId}"` : ''}>
${f.hint ? html`<p class="hint" id="${hintId}">${f.hint}</p>` : ''}`;
}

export function textArea(f: { name: string; label: string; value?: string; hint?: string }): Html {
  const hintId = f.hint ? `${f.name}-hint` : undefined;
  return html`<label for="${f.name}">${f.label}</label>
<textarea id="${f.name}" name="${f.name}"${hintId ? html` aria-describedby="${hintId}"` : ''}>${f.value ?? ''}</textarea>
${f.hint ? html`<p class="hint" id="${hintId}">${f.hint}</p>` : ''}`;
}

/** One checkbox; posts `value` (default "on") under `name` when checked. */
export function checkbox(name: string, label: string, checked: boolean, value = 'on'): Html {
  const id = `${name}-${value}`.replace(/[^\w-]/g, '_');
  return html`<label class="check" for="${id}"><input type="checkbox" id="${id}" name="${name}" value="${value}"${checked ? html` checked` : ''}>${label}</label>`;
}

/** Several checkboxes under one name in a fieldset: the form's `all(name)` is the checked values. */
export function checkboxGroup(name: string, legend: string, options: Array<{ value: string; label: string }>, selected: readonly string[], hint?: string): Html {
  return html`<fieldset><legend>${legend}</legend>
${hint ? html`<p class="hint">${hint}</p>` : ''}
<div class="grid">${options.map((o) => checkbox(name, o.label, selected.includes(o.value), o.value))}</div>
</fieldset>`;
}

export function select(f: { name: string; label: string; options: Array<{ value: string; label: string }>; selected?: string; hint?: string }): Html {
  return html`<label for="${f.name}">${f.label}</label>
<select id="${f.name}" name="${f.name}">${f.options.map((o) => html`<option value="${o.value}"${o.value === f.selected ? html` selected` : ''}>${o.label}</option>`)}</select>
${f.hint ? html`<p class="hint">${f.hint}</p>` : ''}`;
}

/** A table; `rows` are already-rendered cells. */
export function table(headers: string[], rows: Array<Array<Html | string | number | null | undefined>>, empty = 'Nothing here yet.'): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<table><thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c ?? ''}</td>`)}</tr>`)}</tbody></table>`;
}

/** A definition list of label → value. */
export function details(items: Array<[string, Html | string | number | null | undefined]>): Html {
  return html`<dl>${items.map(([k, v]) => html`<dt>${k}</dt><dd>${v ?? '—'}</dd>`)}</dl>`;
}

/** "Next page" link to `path` with `query` (empty values dropped); nothing when there is no next page. */
export function nextPage(path: string, query: Record<string, string | undefined> | undefined): Html {
  if (!query) return html``;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  return html`<p class="pager"><a href="${`${path}${path.includes('?') ? '&' : '?'}${params}`}" rel="next">Next page →</a></p>`;
}

export const formatTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
