// The authenticator set-up QR code: the otpauth:// URI as an inline SVG (paths with fill/stroke
// presentation attributes only; no script and no style attribute, so the page's CSP holds).
import QRCode from 'qrcode';
import { Html } from '../../web/html.js';

/**
 * The Key Uri Format authenticators read (Google Authenticator's, which Cognito's managed login
 * follows): label "issuer:account", each part percent-encoded, and the issuer again as a parameter.
 */
export function otpauthUri(issuer: string, account: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

/**
 * The URI as an SVG QR code (medium error correction), ready to embed; undefined when the URI is
 * too long for a QR code (a 2048-character email and a long pool name): the page then shows the
 * secret and the link only.
 */
export async function qrSvg(uri: string): Promise<Html | undefined> {
  try {
    return new Html(await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
  } catch {
    return undefined;
  }
}
