// Deterministic ids for declared resources: HMAC-SHA256 of the resource's names under the file's
// seed, mapped onto Cognito's alphabets. Same seed and names, same ids, on every machine.
import { createHmac } from 'node:crypto';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LOWER_ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';
export const DEFAULT_SEED = 'gatehouse-dev';

function derive(seed: string, label: string, alphabet: string, length: number): string {
  let out = '';
  for (let counter = 0; out.length < length; counter++) {
    const bytes = createHmac('sha256', seed).update(`${label}#${counter}`).digest();
    // 256 is not a multiple of 62 or 36; the bias this leaves is irrelevant for identifiers.
    for (const byte of bytes) if (out.length < length) out += alphabet[byte % alphabet.length];
  }
  return out;
}

export const derivedPoolId = (seed: string, region: string, poolName: string): string => `${region}_${derive(seed, `pool:${poolName}`, ALNUM, 9)}`;
export const derivedClientId = (seed: string, poolName: string, clientName: string): string => derive(seed, `client:${poolName}:${clientName}`, LOWER_ALNUM, 26);
export const derivedClientSecret = (seed: string, poolName: string, clientName: string): string => derive(seed, `secret:${poolName}:${clientName}`, LOWER_ALNUM, 51);
