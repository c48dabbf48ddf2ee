// Sends a code to the user's email or phone with the pool's message templates (through the pool's
// CustomMessage or custom sender triggers), and answers the CodeDeliveryDetails Cognito returns
// (destination masked).
import type { Deps } from './deps.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import { maskDestination } from './attributes.js';
import { sha256Hex } from '../crypto/digest.js';
import { CODE_PLACEHOLDER, customMessage, type MessageSource, type MessageText } from './triggers/custom-message.js';
import { customSender } from './triggers/custom-sender.js';
import type { TriggerContext } from './triggers/run.js';
import { publishDeliveryFailure } from './risk/log-delivery.js';

export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL' | 'SMS';
  AttributeName: string;
}

const DEFAULT_EMAIL = 'Your verification code is {####}. ';
const DEFAULT_SUBJECT = 'Your verification code';
const DEFAULT_SMS = 'Your verification code is {####}. ';

/** Where a verification code goes: the given attribute, else email before phone (what the pool auto-verifies first). */
export function deliveryTarget(pool: PoolRecord, user: UserRecord, attribute?: string): { medium: 'EMAIL' | 'SMS'; attribute: string; destination: string } | undefined {
  const candidates = attribute ? [attribute] : (pool.config.AutoVerifiedAttributes?.length ? pool.config.AutoVerifiedAttributes : ['email', 'phone_number']);
  for (const name of candidates) {
    const destination = user.attributes[name];
    if (destination) return { medium: name === 'phone_number' ? 'SMS' : 'EMAIL', attribute: name, destination };
  }
  return undefined;
}

/** Which trigger event a message is (its source), and what the operation hands its triggers. */
export interface MessageTrigger {
  source: MessageSource;
  clientId: string | null;
  context?: TriggerContext;
}

export async function sendCode(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  target: { medium: 'EMAIL' | 'SMS'; attribute: string; destination: string },
  purpose: string,
  code: string,
  trigger: MessageTrigger,
): Promise<CodeDeliveryDetails> {
  const template = pool.config.VerificationMessageTemplate ?? {};
  const text = target.medium === 'EMAIL'
    ? { subject: template.EmailSubject ?? pool.config.EmailVerificationSubject ?? DEFAULT_SUBJECT, body: template.EmailMessage ?? pool.config.EmailVerificationMessage ?? DEFAULT_EMAIL }
    : { body: template.SmsMessage ?? pool.config.SmsVerificationMessage ?? DEFAULT_SMS };
  await deliverMessage(deps, pool, user, { ...trigger, purpose, medium: target.medium, destination: target.destination, text, code });
  return { Destination: maskDestination(target.medium, target.destination), DeliveryMedium: target.medium, AttributeName: target.attribute };
}

export interface Delivery extends MessageTrigger {
  purpose: string;
  medium: 'EMAIL' | 'SMS';
  destination: string;
  /** The pool's text for this message, placeholders still in it. */
  text: MessageText;
  code: string;
  /** What {username} stands for (an invitation names the login the administrator gave). */
  login?: string;
}

/**
 * Every code and invitation goes out here: to the pool's custom sender for the medium when it
 * names one (CustomMessage is then not run: the sender receives no text); else with the text
 * CustomMessage answers, or the pool's, the code put in only now.
 */
export async function deliverMessage(deps: Deps, pool: PoolRecord, user: UserRecord, delivery: Delivery): Promise<void> {
  if (await customSender(deps, pool, user, delivery, delivery.code)) return;
  const text = await customMessage(deps, pool, user, delivery, delivery.text);
  // One pass, so a code or username that itself looks like a placeholder is never substituted again.
  const fill = (body: string) => body.replace(/\{####\}|\{username\}/g, (found) => (found === CODE_PLACEHOLDER ? delivery.code : delivery.login ?? user.username));
  await deps.messenger.send({
    poolId: pool.id, username: user.username, purpose: delivery.purpose, medium: delivery.medium, destination: delivery.destination,
    code: delivery.code, ...(text.subject !== undefined && delivery.medium === 'EMAIL' && { subject: text.subject }), body: fill(text.body),
  }).catch(async (error: Error) => {
    // Log delivery's userNotification source: a message that could not be sent.
    await publishDeliveryFailure(deps, pool.id, { medium: delivery.medium, purpose: delivery.purpose, error: error.message });
    throw error;
  });
}

/**
 * PreventUserExistenceErrors=ENABLED: the CodeDeliveryDetails answered for a user that does not
 * exist. The medium follows the login's format (an email or a phone number), else the first of
 * `preferred`; the masked letters derive from the pool and login, so asking twice gives the same
 * answer and nothing distinguishes it from a real delivery. Nothing is sent.
 */
export function simulatedDelivery(poolId: string, login: string, preferred: Array<'email' | 'phone_number'>): CodeDeliveryDetails {
  if (login.includes('@')) return { Destination: maskDestination('EMAIL', login), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  if (/^\+[0-9]{4,15}$/.test(login)) return { Destination: maskDestination('SMS', login), DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
  const digest = sha256Hex(`${poolId}:${login}`);
  if (preferred[0] === 'phone_number') {
    const digits = digest.replace(/[^0-9]/g, '').padEnd(4, '0').slice(0, 4);
    return { Destination: maskDestination('SMS', `+1555555${digits}`), DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
  }
  const letter = (i: number) => String.fromCharCode(97 + (parseInt(digest.slice(i, i + 2), 16) % 26));
  return { Destination: maskDestination('EMAIL', `${letter(0)}@${letter(2)}`), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
}
