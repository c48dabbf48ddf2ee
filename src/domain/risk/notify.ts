// The email a user gets about a risky sign-in (an action with Notify): the pool's NotifyConfiguration
// template for what was done (BlockEmail, MfaEmail or NoActionEmail), or a default, with Cognito's
// placeholders filled in. It goes out like every message (outbox, and SMTP when configured).
import type { Deps } from '../deps.js';
import type { AuthEventRecord, Json, PoolRecord, UserRecord } from '../../store/store.js';
import type { EventAction } from './configuration.js';
import { publishDeliveryFailure } from './log-delivery.js';

const DEFAULTS = {
  BlockEmail: {
    Subject: 'Blocked sign-in attempt',
    TextBody: 'We blocked an unrecognized sign-in to your account {username} at {login-time} from {ip-address} ({device-name}).\nIf this was you: {one-click-link-valid}\nIf this was not you: {one-click-link-invalid}',
  },
  MfaEmail: {
    Subject: 'New sign-in attempt',
    TextBody: 'We noticed a sign-in to your account {username} at {login-time} from {ip-address} ({device-name}) and asked for your second factor.\nIf this was you: {one-click-link-valid}\nIf this was not you: {one-click-link-invalid}',
  },
  NoActionEmail: {
    Subject: 'New sign-in attempt',
    TextBody: 'We noticed a sign-in to your account {username} at {login-time} from {ip-address} ({device-name}).\nIf this was you: {one-click-link-valid}\nIf this was not you: {one-click-link-invalid}',
  },
};

/**
 * Gatehouse has no page of its own behind Cognito's one-click links: each link placeholder becomes
 * the query string of an UpdateAuthEventFeedback call for that answer, which the app's own link
 * handler passes on (user_pool_id, username, event_id, feedback_token, feedback_value).
 */
function feedbackLink(pool: PoolRecord, user: UserRecord, event: AuthEventRecord, token: string, value: 'valid' | 'invalid'): string {
  return new URLSearchParams({ user_pool_id: pool.id, username: user.username, event_id: event.eventId, feedback_token: token, feedback_value: value }).toString();
}

export async function notifyUser(
  deps: Deps, pool: PoolRecord, user: UserRecord, event: AuthEventRecord, action: EventAction, notifyConfiguration: Json | undefined, feedbackToken: string,
): Promise<void> {
  const email = user.attributes.email;
  if (!email) return;
  const which = action === 'BLOCK' ? 'BlockEmail' : action === 'NO_ACTION' ? 'NoActionEmail' : 'MfaEmail';
  const template = notifyConfiguration?.[which] ?? DEFAULTS[which];
  const values: Record<string, string> = {
    '{username}': user.username,
    '{ip-address}': event.ipAddress,
    '{device-name}': event.userAgent ?? 'unknown device',
    '{city}': '',
    '{country}': '',
    '{login-time}': new Date(event.createdAt).toISOString(),
    '{one-click-link-valid}': feedbackLink(pool, user, event, feedbackToken, 'valid'),
    '{one-click-link-invalid}': feedbackLink(pool, user, event, feedbackToken, 'invalid'),
  };
  // One pass, so a value that looks like a placeholder is never substituted again.
  const fill = (text: string) => text.replace(/\{[a-z-]+\}/g, (found) => values[found] ?? found);
  try {
    await deps.messenger.send({
      poolId: pool.id, username: user.username, purpose: 'risk_notification', medium: 'EMAIL', destination: email,
      subject: fill(template.Subject ?? DEFAULTS[which].Subject), body: fill(template.TextBody ?? template.HtmlBody ?? DEFAULTS[which].TextBody),
    });
  } catch (error) {
    // A notice that cannot be sent does not change the sign-in's outcome; it is logged (userNotification).
    await publishDeliveryFailure(deps, pool.id, { medium: 'EMAIL', purpose: 'risk_notification', error: (error as Error).message });
  }
}
