// USER_AUTH for a name that matches nobody, when the client hides users (PreventUserExistenceErrors
// ENABLED). Cognito: "a random selection from the challenge types allowed for the user pool", so an
// unknown name may be offered a passkey, a code or a password like anyone. Gatehouse's selection is
// fixed per pool and name and keyed with the server's secret: asking twice gives the same answer (a
// changing one would give the name away), and nobody outside can work out which names get which.
// A decoy always includes the password factors the pool allows, as nearly every user has a password;
// a login that is itself an email address or phone number is offered its code, as its owner would be.
import { createHmac } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { PoolRecord } from '../../store/store.js';
import { allowedFirstFactors } from '../auth-factors.js';
import { usernameKey } from '../users.js';

export type ChallengeName = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

const digestOf = (deps: Deps, pool: PoolRecord, login: string): Buffer =>
  createHmac('sha256', deps.secrets.keyEncryptionKey).update(`user-auth-decoy:${pool.id}:${usernameKey(pool, login)}`).digest();

/** The challenges a hidden unknown name is offered, in the order a real user's are listed. */
export function decoyChallenges(deps: Deps, pool: PoolRecord, login: string): ChallengeName[] {
  const digest = digestOf(deps, pool, login);
  const looksLike = { EMAIL_OTP: login.includes('@'), SMS_OTP: /^\+[0-9]{4,15}$/.test(login) };
  return allowedFirstFactors(pool).flatMap((factor, i): ChallengeName[] => {
    if (factor === 'PASSWORD') return ['PASSWORD', 'PASSWORD_SRP'];
    if (factor !== 'WEB_AUTHN' && looksLike[factor]) return [factor];
    return digest[i] % 2 === 0 ? [factor] : [];
  });
}

/** The passkey a hidden unknown name "has": a credential id and transports like a platform authenticator's. */
export function decoyCredential(deps: Deps, pool: PoolRecord, login: string): { id: string; transports: string[] } {
  const digest = digestOf(deps, pool, login);
  const id = createHmac('sha256', digest).update('credential-id').digest().toString('base64url');
  return { id, transports: digest[31] % 2 === 0 ? ['internal'] : ['hybrid', 'internal'] };
}
