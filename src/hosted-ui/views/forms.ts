// One view function per Hosted UI page. Each form posts back to its own page with the
// authorization parameters in the query string and the CSRF token in a hidden field.
import { html, type Html } from '../../web/html.js';
import { layout, messages, modeImage, type FactorGraphic, type UiLook } from '../../web/layout.js';
import { CSRF_FIELD } from '../../web/csrf.js';
import type { PasswordPolicy } from '../../domain/password-policy.js';
import type { TermsLinks } from '../../domain/terms.js';

export interface ViewContext {
  cssNonce: string;
  poolName: string;
  csrf: string;
  /** Builds the URL of a page of this pool, carrying the authorization parameters. */
  link(page: string, extra?: Record<string, string>): string;
  error?: string;
  notice?: string;
  ui?: UiLook;
  /** Managed login: the client's terms documents, linked on the sign-up page. */
  terms?: TermsLinks;
}

export interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'email' | 'tel' | 'password';
  autocomplete?: string;
  hint?: string;
  value?: string;
}

export const csrfField = (v: ViewContext) => html`<input type="hidden" name="${CSRF_FIELD}" value="${v.csrf}">`;

export function field(f: FieldSpec, autofocus = false): Html {
  const hintId = f.hint ? `${f.name}-hint` : undefined;
  return html`<label class="label-customizable" for="${f.name}">${f.label}</label>
<input class="inputField-customizable" id="${f.name}" name="${f.name}" type="${f.type}" required${autofocus ? html` autofocus` : ''}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${hintId ? html` aria-describedby="${hintId}"` : ''}${f.value !== undefined && f.type !== 'password' ? html` value="${f.value}"` : ''}>
${f.hint ? html`<p class="hint" id="${hintId}">${f.hint}</p>` : ''}`;
}

function form(v: ViewContext, action: string, fields: Html, submit: string): Html {
  return html`<form method="post" action="${action}">
${csrfField(v)}
${fields}
<button class="submitButton-customizable" type="submit">${submit}</button>
</form>`;
}

function policyList(policy: PasswordPolicy): Html {
  const rules = [
    `At least ${policy.MinimumLength} characters`,
    policy.RequireUppercase && 'An uppercase letter',
    policy.RequireLowercase && 'A lowercase letter',
    policy.RequireNumbers && 'A number',
    policy.RequireSymbols && 'A symbol such as ! @ # $ % ^ & *',
  ].filter(Boolean);
  return html`<ul class="hint" id="password-policy" aria-label="Password requirements">${rules.map((r) => html`<li>${r}</li>`)}</ul>`;
}

/** Managed login: the style's graphic of a sign-in factor, when it has one. */
export const factorGraphic = (v: ViewContext, factor: FactorGraphic): Html | string => {
  const graphic = v.ui?.graphics?.[factor];
  return graphic ? modeImage(graphic, `factor-graphic factor-graphic-${factor.toLowerCase()}`) : '';
};

/** Cognito names the social providers after their types; their buttons say whose sign-in they are. */
const SOCIAL_LABELS: Record<string, string> = {
  Google: 'Google', Facebook: 'Facebook', LoginWithAmazon: 'Amazon', SignInWithApple: 'Apple',
};

/** One button per identity provider of the app client: each starts /oauth2/authorize with identity_provider. */
export function providerButtons(v: ViewContext, providers: string[]): Html {
  if (providers.length === 0) return html``;
  return html`<div class="providers">${providers.map((name) => {
    // Own keys only: a provider may be named "constructor" or "toString".
    const social = Object.hasOwn(SOCIAL_LABELS, name);
    // Managed login: the style's IDP_BUTTON_ICON marks the buttons of the pool's own OIDC and SAML providers.
    const icon = !social && v.ui?.idpIcon ? modeImage(v.ui.idpIcon, 'idp-icon') : '';
    return html`<a class="${social ? 'socialButton-customizable' : 'idpButton-customizable'}" href="${v.link('oauth2/authorize', { identity_provider: name })}">${icon}Continue with ${social ? SOCIAL_LABELS[name] : name}</a>`;
  })}</div>`;
}

/** `cognito`: the client signs in the pool's own users (COGNITO), so the form shows; else only the buttons. */
export function loginView(v: ViewContext, options: { usernameLabel: string; username?: string; allowSignUp: boolean; providers: string[]; cognito: boolean }): Html {
  const passwordForm = options.cognito
    ? html`${form(v, v.link('login'), html`${field({ name: 'username', label: options.usernameLabel, type: 'text', autocomplete: 'username', value: options.username }, true)}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}`, 'Sign in')}
<p class="links redirect-customizable"><a href="${v.link('forgotPassword')}">Forgot your password?</a>${options.allowSignUp ? html`<a href="${v.link('signup')}">Need an account? Sign up</a>` : ''}</p>`
    : html``;
  return layout({ title: 'Sign in', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
${providerButtons(v, options.providers)}
${passwordForm}`);
}

// Cognito: managed login only links the documents (Enforcement NONE); nothing is recorded.
const termsNotice = (terms?: TermsLinks): Html | string => (terms
  ? html`<p class="legalText-customizable terms">By signing up, you agree to the <a href="${terms.termsOfUse}" rel="noopener noreferrer" target="_blank">Terms of use</a> and the <a href="${terms.privacyPolicy}" rel="noopener noreferrer" target="_blank">Privacy policy</a>.</p>`
  : '');

export function signUpView(v: ViewContext, options: { fields: FieldSpec[]; policy: PasswordPolicy }): Html {
  const fields = options.fields.map((f, i) => field(f, i === 0));
  return layout({ title: 'Sign up', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
<form method="post" action="${v.link('signup')}">
${csrfField(v)}
${fields}
<label class="label-customizable" for="password">Password</label>
<input class="inputField-customizable" id="password" name="password" type="password" required autocomplete="new-password" aria-describedby="password-policy">
${policyList(options.policy)}
${termsNotice(v.terms)}
<button class="submitButton-customizable" type="submit">Sign up</button>
</form>
<p class="links redirect-customizable"><a href="${v.link('login')}">Already have an account? Sign in</a></p>`);
}

export function confirmView(v: ViewContext, options: { username?: string; destination?: string }): Html {
  const extra: Record<string, string> = options.username ? { username: options.username } : {};
  return layout({ title: 'Confirm your account', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
${options.destination ? html`<p class="textDescription-customizable">We sent a code to ${options.destination}. Enter it below.</p>` : ''}
${form(v, v.link('confirm', extra), html`${field({ name: 'username', label: 'Username', type: 'text', autocomplete: 'username', value: options.username }, !options.username)}
${field({ name: 'code', label: 'Verification code', type: 'text', autocomplete: 'one-time-code' }, !!options.username)}`, 'Confirm account')}
<form method="post" action="${v.link('resendcode', extra)}">
${csrfField(v)}
<input type="hidden" name="username" value="${options.username ?? ''}">
<button type="submit" class="secondary submitButton-customizable">Send a new code</button>
</form>`);
}

export function forgotPasswordView(v: ViewContext, options: { usernameLabel: string; username?: string }): Html {
  return layout({ title: 'Forgot your password?', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
<p class="textDescription-customizable">Enter your username and we will send you a code to reset your password.</p>
${form(v, v.link('forgotPassword'), field({ name: 'username', label: options.usernameLabel, type: 'text', autocomplete: 'username', value: options.username }, true), 'Send code')}
<p class="links redirect-customizable"><a href="${v.link('login')}">Back to sign in</a></p>`);
}

export function resetPasswordView(v: ViewContext, options: { username: string; destination?: string; policy: PasswordPolicy }): Html {
  return layout({ title: 'Reset your password', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
${options.destination ? html`<p class="textDescription-customizable">We sent a code to ${options.destination}.</p>` : ''}
<form method="post" action="${v.link('confirmForgotPassword', { username: options.username })}">
${csrfField(v)}
<input type="hidden" name="username" value="${options.username}">
${field({ name: 'code', label: 'Code', type: 'text', autocomplete: 'one-time-code' }, true)}
<label class="label-customizable" for="password">New password</label>
<input class="inputField-customizable" id="password" name="password" type="password" required autocomplete="new-password" aria-describedby="password-policy">
${policyList(options.policy)}
<button class="submitButton-customizable" type="submit">Change password</button>
</form>
<p class="links redirect-customizable"><a href="${v.link('login')}">Back to sign in</a></p>`);
}

export function newPasswordView(v: ViewContext, options: { session: string; fields: FieldSpec[]; policy: PasswordPolicy }): Html {
  return layout({ title: 'Change your password', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
<p class="textDescription-customizable">Please enter a new password to finish signing in.</p>
<form method="post" action="${v.link('newPassword')}">
${csrfField(v)}
<input type="hidden" name="session" value="${options.session}">
<label class="label-customizable" for="password">New password</label>
<input class="inputField-customizable" id="password" name="password" type="password" required autofocus autocomplete="new-password" aria-describedby="password-policy">
${policyList(options.policy)}
${options.fields.map((f) => field(f))}
<button class="submitButton-customizable" type="submit">Send</button>
</form>`);
}
