// Delivery of codes and invitations. Every message lands in the outbox (kept in the store, read by
// `gatehouse outbox` and by tests); emails also go out by SMTP when smtpUrl is set. When SMTP
// delivers, the outbox keeps the message with its code blanked, so the store never holds a live
// code that was really sent to someone.
import type { Transporter } from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../clock.js';

export interface Message {
  poolId: string;
  username: string;
  purpose: string;
  medium: 'EMAIL' | 'SMS';
  destination: string;
  subject?: string;
  body: string;
  code?: string;
}

export interface Messenger {
  send(message: Message): Promise<void>;
}

export function createMessenger(config: Config, store: Store, clock: Clock, log: FastifyBaseLogger): Messenger {
  let transport: Transporter | undefined;
  const smtpUrl = config.messaging.smtpUrl;
  return {
    async send(message) {
      const viaSmtp = message.medium === 'EMAIL' && smtpUrl !== undefined;
      const redact = (text: string) => (viaSmtp && message.code ? text.split(message.code).join('******') : text);
      await store.outbox.insert({
        poolId: message.poolId,
        username: message.username,
        purpose: message.purpose,
        medium: message.medium,
        destination: message.destination,
        subject: message.subject ?? null,
        body: redact(message.body),
        code: viaSmtp ? null : message.code ?? null,
        createdAt: clock.now(),
      });
      if (viaSmtp) {
        // Loaded on first use: most servers never send SMTP, and start-up time counts.
        transport ??= (await import('nodemailer')).default.createTransport(smtpUrl);
        try {
          await transport.sendMail({ from: config.messaging.emailFrom, to: message.destination, subject: message.subject, text: message.body });
        } catch (error) {
          // Logged without the body: it holds the code.
          log.error({ err: { message: (error as Error).message }, purpose: message.purpose }, 'SMTP delivery failed');
          throw error;
        }
      }
    },
  };
}
