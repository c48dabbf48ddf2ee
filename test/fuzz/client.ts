// Raw requests for the fuzzer: bodies no SDK would send, SigV4-signed by the AWS SDK's own signer
// when the operation is an admin one, with a deadline so that a hang is a failure, not a stuck run.
import { SignatureV4 } from '@smithy/signature-v4';
import { expect } from 'vitest';
import { ADMIN_KEY } from '../helpers/server.js';
import { SdkSha256 } from '../../src/crypto/sdk-sha256.js';

const signer = new SignatureV4({ service: 'cognito-idp', region: 'us-east-1', credentials: ADMIN_KEY, sha256: SdkSha256 });

/** A request that takes longer than this counts as a hang. */
export const HANG_MS = 15_000;

export interface FuzzResponse {
  status: number;
  text: string;
}

export async function postApi(url: string, target: string, body: string, options: { sign: boolean; contentType?: string }): Promise<FuzzResponse> {
  const { host, hostname, port } = new URL(url);
  let headers: Record<string, string> = {
    host,
    'content-type': options.contentType ?? 'application/x-amz-json-1.1',
    'x-amz-target': target,
  };
  if (options.sign) {
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname, port: Number(port), path: '/', query: {}, headers, body });
    headers = signed.headers;
  }
  const { host: _host, ...sent } = headers;
  return send(`${url}/`, { method: 'POST', headers: sent, body });
}

export async function send(url: string, init: RequestInit): Promise<FuzzResponse> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(HANG_MS) });
  return { status: response.status, text: await response.text() };
}

/** What every JSON API answer must be: no 5xx, and an error is Cognito-shaped (`__type` and `message`). */
export function expectCognitoShaped(response: FuzzResponse, what: string): void {
  expect(response.status, `${what} answered ${response.status}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
  const body = JSON.parse(response.text);
  if (response.status >= 400) {
    expect(typeof body.__type, `${what}: ${response.text.slice(0, 300)}`).toBe('string');
    expect(typeof (body.message ?? body.Message), `${what}: ${response.text.slice(0, 300)}`).toBe('string');
  } else {
    expect(typeof body, what).toBe('object');
  }
}
