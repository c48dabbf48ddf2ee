// The choice-based sign-in pages (managed login's): the username first, then the ways this user
// may sign in (a passkey, a code by email or text message, the password), the code page, the
// passkey page, and the offer to register a passkey after a password sign-in. The code pages are
// plain forms; only the passkey pages carry a script (PASSKEY_SCRIPT), and say so without it.
import { html, type Html } from '../../web/html.js';
import { layout, messages } from '../../web/layout.js';
import { csrfField, factorGraphic, field, providerButtons, type ViewContext } from './forms.js';
import { PASSKEY_SCRIPT } from './passkey-script.js';

export type SignInFactor = 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

const CODE_BUTTONS: Record<'EMAIL_OTP' | 'SMS_OTP', string> = { EMAIL_OTP: 'Email me a code', SMS_OTP: 'Text me a code' };
const CODE_GRAPHICS = { EMAIL_OTP: 'EMAIL', SMS_OTP: 'SMS' } as const;

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;

/** The first step: the username alone ("Next"), beside the identity providers' buttons. */
export function usernameFirstView(v: ViewContext, options: { usernameLabel: string; username?: string; allowSignUp: boolean; providers: string[] }): Html {
  return layout({ title: 'Sign in', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
${providerButtons(v, options.providers)}
<form method="post" action="${v.link('login')}">
${csrfField(v)}
${field({ name: 'username', label: options.usernameLabel, type: 'text', autocomplete: 'username webauthn', value: options.username }, true)}
<button class="submitButton-customizable" type="submit">Next</button>
</form>
<p class="links redirect-customizable"><a href="${v.link('forgotPassword')}">Forgot your password?</a>${options.allowSignUp ? html`<a href="${v.link('signup')}">Need an account? Sign up</a>` : ''}</p>`);
}

/** The second step: one button per way this user may sign in, the password form last. */
export function signInChoicesView(v: ViewContext, options: { username: string; factors: SignInFactor[] }): Html {
  const { username, factors } = options;
  const passkey = factors.includes('WEB_AUTHN')
    ? html`<form method="post" action="${v.link('passkey')}">
${csrfField(v)}
${hidden('username', username)}
${factorGraphic(v, 'PASSKEY')}
<button class="submitButton-customizable" type="submit">Sign in with a passkey</button>
</form>`
    : '';
  const codes = (['EMAIL_OTP', 'SMS_OTP'] as const).filter((f) => factors.includes(f)).map((factor) => html`<form method="post" action="${v.link('signInCode')}">
${csrfField(v)}
${hidden('username', username)}
${hidden('factor', factor)}
${factorGraphic(v, CODE_GRAPHICS[factor])}
<button class="secondary submitButton-customizable" type="submit">${CODE_BUTTONS[factor]}</button>
</form>`);
  const password = factors.includes('PASSWORD')
    ? html`<form method="post" action="${v.link('login')}">
${csrfField(v)}
${hidden('username', username)}
${factorGraphic(v, 'PASSWORD')}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' }, true)}
<button class="submitButton-customizable" type="submit">Sign in</button>
</form>`
    : '';
  return layout({ title: 'Sign in', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
<p class="textDescription-customizable">Signing in as <strong id="signing-in-as">${username}</strong>. Choose how to sign in.</p>
${passkey}
${codes}
${password}
<p class="links redirect-customizable"><a href="${v.link('login')}">Not you? Sign in as someone else</a>${factors.includes('PASSWORD') ? html`<a href="${v.link('forgotPassword')}">Forgot your password?</a>` : ''}</p>`);
}

/** The code page: the code sent by email or text message; works without JavaScript. */
export function signInCodeView(v: ViewContext, options: { factor: 'EMAIL_OTP' | 'SMS_OTP'; username: string; session: string; destination: string }): Html {
  const sent = options.factor === 'EMAIL_OTP' ? 'We emailed a code to' : 'We texted a code to';
  return layout({ title: 'Enter your code', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
<p class="textDescription-customizable">${sent} ${options.destination}. Enter it below.</p>
<form method="post" action="${v.link('signInCode')}">
${csrfField(v)}
${hidden('username', options.username)}
${hidden('factor', options.factor)}
${hidden('session', options.session)}
${hidden('destination', options.destination)}
${field({ name: 'code', label: 'Code', type: 'text', autocomplete: 'one-time-code' }, true)}
<button class="submitButton-customizable" type="submit">Sign in</button>
</form>
<p class="links redirect-customizable"><a href="${v.link('login')}">Back to sign in</a></p>`);
}

const noScript = html`<noscript><p class="alert" role="alert">Passkeys need JavaScript in this browser. Go back and choose another way to sign in.</p></noscript>
<p class="hint" id="passkey-status" role="status" aria-live="polite"></p>`;

/** The passkey page: the button asks the browser for a passkey (CREDENTIAL_REQUEST_OPTIONS) and posts the credential. */
export function passkeyView(v: ViewContext, options: { username: string; session: string; requestOptions: string }): Html {
  return layout({ title: 'Sign in with a passkey', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui, script: PASSKEY_SCRIPT }, html`${messages(v.error, v.notice)}
<p class="textDescription-customizable">Use the passkey saved on this device or your security key to sign in as <strong>${options.username}</strong>.</p>
${noScript}
<form method="post" action="${v.link('passkey')}" id="passkey-form" data-mode="get" data-options="${options.requestOptions}">
${csrfField(v)}
${hidden('username', options.username)}
${hidden('session', options.session)}
<input type="hidden" name="credential" value="">
<button class="submitButton-customizable" type="submit" id="passkey-button">Use my passkey</button>
</form>
<p class="links redirect-customizable"><a href="${v.link('login')}">Choose another way to sign in</a></p>`);
}

/** After a password sign-in: register a passkey (Register) or go on to the app (Not now, always possible). */
export function passkeyOfferView(v: ViewContext, options: { ticket: string; creationOptions: string }): Html {
  return layout({ title: 'Sign in faster with a passkey', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui, script: PASSKEY_SCRIPT }, html`${messages(v.error, v.notice)}
<p class="textDescription-customizable">Next time, sign in with your fingerprint, face or screen lock instead of your password. A passkey is saved on this device or in your password manager.</p>
${noScript}
<form method="post" action="${v.link('passkeyOffer')}" id="passkey-form" data-mode="create" data-options="${options.creationOptions}">
${csrfField(v)}
${hidden('ticket', options.ticket)}
<input type="hidden" name="credential" value="">
<button class="submitButton-customizable" type="submit" id="passkey-button">Register a passkey</button>
</form>
<form method="post" action="${v.link('passkeyOffer')}">
${csrfField(v)}
${hidden('ticket', options.ticket)}
${hidden('skip', 'true')}
<button class="secondary submitButton-customizable" type="submit">Not now</button>
</form>`);
}
