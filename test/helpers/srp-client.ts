// A client side of Cognito's SRP written independently of src/crypto/srp.ts (BigInt, following
// amazon-cognito-identity-js's AuthenticationHelper), for driving USER_SRP_AUTH through the AWS SDK.
import { createHash, createHmac, getDiffieHellman, randomBytes } from 'node:crypto';

export const N = BigInt(`0x${getDiffieHellman('modp15').getPrime('hex')}`);
export const g = 2n;

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}

/** identity-js padHex on a non-negative BigInteger. */
export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  else if ('89abcdef'.includes(hex[0])) hex = `00${hex}`;
  return hex;
}
export const hexHash = (hex: string): string => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex').padStart(64, '0');
export const big = (hex: string): bigint => BigInt(`0x${hex}`);
export const k = big(hexHash(padHex(N) + padHex(g)));

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export function srpTimestamp(date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

export class SrpClient {
  private readonly a = big(randomBytes(128).toString('hex'));
  readonly A = modPow(g, this.a, N);
  readonly srpA = this.A.toString(16);

  /** The PASSWORD_VERIFIER ChallengeResponses for the server's challenge parameters. */
  respond(poolId: string, password: string, parameters: Record<string, string>, timestamp = srpTimestamp()): Record<string, string> {
    const poolName = poolId.split('_')[1];
    const userId = parameters.USER_ID_FOR_SRP;
    const B = big(parameters.SRP_B);
    const u = big(hexHash(padHex(this.A) + padHex(B)));
    const inner = createHash('sha256').update(`${poolName}${userId}:${password}`, 'utf8').digest('hex');
    const x = big(hexHash(padHex(big(parameters.SALT)) + inner));
    const S = modPow(((B - k * modPow(g, x, N)) % N + N) % N, this.a + u * x, N);
    const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex')).update(Buffer.from(padHex(S), 'hex')).digest();
    const key = createHmac('sha256', prk).update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])])).digest().subarray(0, 16);
    const signature = createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from(poolName), Buffer.from(userId), Buffer.from(parameters.SECRET_BLOCK, 'base64'), Buffer.from(timestamp)]))
      .digest('base64');
    return { USERNAME: userId, PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp };
  }
}
