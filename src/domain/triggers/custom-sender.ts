// CustomEmailSender / CustomSMSSender: when the pool names one for a medium, Gatehouse sends nothing
// itself on that medium. It hands the function the code (or temporary password), encrypted under
// LambdaConfig.KMSKeyID, and the function delivers the message.
// - The function is invoked asynchronously, as Cognito does: its failures are logged, never the
//   caller's error, and its answer is not read.
// - The outbox records that the function was handed the message (body says so, code null): the
//   operator sees every message, and the store never holds the code.
import type { Deps } from '../deps.js';
import type { PoolRecord, UserRecord } from '../../store/store.js';
import { InvalidUserPoolConfigurationException } from '../../cognito/errors.js';
import { encryptCode } from '../../triggers/code-encryption.js';
import { hasTrigger, sendToTrigger, triggerUserAttributes, type TriggerContext } from './run.js';
import type { MessageSource } from './custom-message.js';

export interface CustomSenderCall {
  source: MessageSource;
  medium: 'EMAIL' | 'SMS';
  destination: string;
  purpose: string;
  clientId: string | null;
  context?: TriggerContext;
}

// Cognito HTML-escapes a temporary password before encrypting it (it may contain <, >, &, quotes).
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** The pool's custom sender for a medium, if it names one. */
export const senderTrigger = (pool: PoolRecord, medium: 'EMAIL' | 'SMS') => {
  const trigger = medium === 'EMAIL' ? 'CustomEmailSender' as const : 'CustomSMSSender' as const;
  return hasTrigger(pool, trigger) ? trigger : undefined;
};

/** Hands the message to the pool's custom sender for its medium; false when the pool has none (Gatehouse sends it). */
export async function customSender(deps: Deps, pool: PoolRecord, user: UserRecord, call: CustomSenderCall, code: string): Promise<boolean> {
  const trigger = senderTrigger(pool, call.medium);
  if (!trigger) return false;
  const kmsKeyId: string | undefined = pool.config.LambdaConfig?.KMSKeyID ?? undefined;
  if (!kmsKeyId) throw new InvalidUserPoolConfigurationException(`KMSKeyID is required to use ${trigger}.`);
  const secret = call.source === 'AdminCreateUser' ? escapeHtml(code) : code;
  // Gatehouse binds the ciphertext to the pool, so a code cannot be replayed to another pool's handler.
  const encrypted = await encryptCode(
    { keyEncryptionKey: deps.secrets.keyEncryptionKey, kmsEndpoint: deps.config.triggers.kmsEndpoint },
    kmsKeyId, secret, { 'userpool-id': pool.id },
  );
  await deps.store.outbox.insert({
    poolId: pool.id, username: user.username, purpose: call.purpose, medium: call.medium, destination: call.destination,
    subject: null, body: `Handed to the pool's ${trigger} function (${trigger}_${call.source}), with the code encrypted.`, code: null,
    createdAt: deps.clock.now(),
  });
  await sendToTrigger(deps, pool, trigger, {
    triggerSource: `${trigger}_${call.source}`,
    userName: user.username,
    clientId: call.clientId,
    request: {
      type: trigger === 'CustomEmailSender' ? 'customEmailSenderRequestV1' : 'customSMSSenderRequestV1',
      code: encrypted,
      userAttributes: triggerUserAttributes(pool, user),
      ...(call.context?.clientMetadata && { clientMetadata: call.context.clientMetadata }),
    },
    response: {},
  });
  return true;
}
