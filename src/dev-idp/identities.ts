// Who signs in at the development provider: a name and an email typed on its page (no password),
// whether the email counts as verified, and optionally a phone number. The identities used in a browser are remembered in a
// cookie there (newest first), so the page offers them again with one click.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, setCookie, type CookieDeps } from '../web/cookies.js';
import { DEV_IDP_PATH } from './provider.js';

export interface DevIdentity {
  name: string;
  email: string;
  emailVerified: boolean;
  /** E.164, e.g. +15555550100; absent when none was typed. */
  phoneNumber?: string;
}

const COOKIE = 'dev-idp-identities';
const REMEMBERED = 5;
const REMEMBER_SECONDS = 30 * 24 * 3600;
const MAX_NAME_LENGTH = 128;
const MAX_EMAIL_LENGTH = 254;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
// E.164 with at least four digits, which a pool's phone_number attribute also accepts.
const PHONE = /^\+[1-9][0-9]{3,14}$/;
// No control characters (they would end up in tokens and the pool's user attributes).
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The identity a form describes, or what is wrong with it. */
export function identityOf(form: Record<string, string>): DevIdentity | { problem: string } {
  const name = (form.name ?? '').trim();
  const email = (form.email ?? '').trim();
  if (!name || !email) return { problem: 'Enter a name and an email.' };
  if (name.length > MAX_NAME_LENGTH || CONTROL.test(name)) return { problem: `The name must be at most ${MAX_NAME_LENGTH} printable characters.` };
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email) || CONTROL.test(email)) return { problem: 'Enter an email such as ana@example.com.' };
  const phoneNumber = (form.phone_number ?? '').trim();
  if (phoneNumber && !PHONE.test(phoneNumber)) return { problem: 'Enter the phone number in E.164 form, such as +15555550100, or leave it empty.' };
  return { name, email, emailVerified: form.email_verified === 'true', ...(phoneNumber && { phoneNumber }) };
}

/** The identities used in this browser, newest first; whatever the cookie holds is checked again. */
export function rememberedIdentities(request: FastifyRequest): DevIdentity[] {
  const value = readCookie(request, COOKIE);
  if (!value) return [];
  let entries: unknown;
  try {
    entries = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return [];
  }
  if (!Array.isArray(entries)) return [];
  return entries.slice(0, REMEMBERED).flatMap((entry) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') return [];
    const identity = identityOf({ name: entry[0], email: entry[1], email_verified: String(entry[2] === true), phone_number: typeof entry[3] === 'string' ? entry[3] : '' });
    return 'problem' in identity ? [] : [identity];
  });
}

export function rememberIdentity(deps: CookieDeps, request: FastifyRequest, reply: FastifyReply, identity: DevIdentity): void {
  const others = rememberedIdentities(request).filter((known) => known.email.toLowerCase() !== identity.email.toLowerCase());
  const entries = [identity, ...others].slice(0, REMEMBERED).map((known) => [known.name, known.email, known.emailVerified, ...(known.phoneNumber ? [known.phoneNumber] : [])]);
  setCookie(deps, request, reply, COOKIE, Buffer.from(JSON.stringify(entries)).toString('base64url'), { path: DEV_IDP_PATH, maxAgeSeconds: REMEMBER_SECONDS });
}
