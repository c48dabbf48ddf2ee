// CustomMessage: runs before Gatehouse sends a code or an invitation, and may replace the pool's
// text. The function sees placeholders only: the code is put into its text after it answered.
import type { Deps } from '../deps.js';
import type { PoolRecord, UserRecord } from '../../store/store.js';
import { InvalidParameterException } from '../../cognito/errors.js';
import { runTrigger, stringMember, triggerUserAttributes, type TriggerContext } from './run.js';

/** Why a message is sent; the trigger sources are CustomMessage_<source> (and CustomEmailSender_/CustomSMSSender_<source>). */
export type MessageSource =
  | 'SignUp'
  | 'AdminCreateUser'
  | 'ResendCode'
  | 'ForgotPassword'
  | 'UpdateUserAttribute'
  | 'VerifyUserAttribute'
  | 'Authentication';

export const CODE_PLACEHOLDER = '{####}';
export const USERNAME_PLACEHOLDER = '{username}';
// Cognito: sent in every CustomMessage event, whatever the pool's DefaultEmailOption.
const LINK_PLACEHOLDER = '{##Click Here##}';

// Cognito's limits on a message (MessageTemplateType): SMS 140 characters, email 20,000, subject 140.
const SMS_LIMIT = 140;
const EMAIL_LIMIT = 20_000;
const SUBJECT_LIMIT = 140;

export interface MessageText {
  subject?: string;
  body: string;
}

export interface CustomMessageCall {
  source: MessageSource;
  medium: 'EMAIL' | 'SMS';
  clientId: string | null;
  context?: TriggerContext;
}

/**
 * Runs the pool's CustomMessage (when it has one) and answers the text to send, placeholders
 * still in it: the function's smsMessage / emailMessage / emailSubject where it set them, the
 * pool's template (`text`) where it left them null.
 */
export async function customMessage(deps: Deps, pool: PoolRecord, user: UserRecord, call: CustomMessageCall, text: MessageText): Promise<MessageText> {
  const invitation = call.source === 'AdminCreateUser';
  const response = await runTrigger(deps, pool, 'CustomMessage', {
    triggerSource: `CustomMessage_${call.source}`,
    userName: user.username,
    clientId: call.clientId,
    request: {
      userAttributes: triggerUserAttributes(pool, user),
      codeParameter: CODE_PLACEHOLDER,
      linkParameter: LINK_PLACEHOLDER,
      usernameParameter: invitation ? USERNAME_PLACEHOLDER : null,
      ...(call.context?.clientMetadata && { clientMetadata: call.context.clientMetadata }),
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  if (!response) return text;
  // Every member is read (a wrong type anywhere makes the answer unreadable), the medium's used.
  const smsMessage = stringMember(response, 'smsMessage');
  const emailMessage = stringMember(response, 'emailMessage');
  const emailSubject = stringMember(response, 'emailSubject');
  // Cognito honours emailMessage whatever the pool's EmailSendingAccount: Gatehouse sends every
  // email itself, so the old DEVELOPER-only rule has nothing to protect here.
  if (call.medium === 'SMS') {
    if (smsMessage === undefined) return text;
    checkBody('smsMessage', smsMessage, SMS_LIMIT, invitation);
    return { body: smsMessage };
  }
  if (emailSubject !== undefined) checkLength('emailSubject', emailSubject, SUBJECT_LIMIT);
  if (emailMessage !== undefined) checkBody('emailBody', emailMessage, EMAIL_LIMIT, invitation);
  return { subject: emailSubject ?? text.subject, body: emailMessage ?? text.body };
}

// Cognito validates the function's text as it validates a message template: the code placeholder
// (and, in an invitation, the username placeholder) must be in it, within the medium's length.
// Cognito: "1 validation error detected: Value at 'emailBody' failed to satisfy constraint: …".
function checkBody(member: string, body: string, limit: number, invitation: boolean): void {
  checkLength(member, body, limit);
  if (!body.includes(CODE_PLACEHOLDER)) {
    throw new InvalidParameterException(`1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*`);
  }
  if (invitation && !body.includes(USERNAME_PLACEHOLDER)) {
    throw new InvalidParameterException(`1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must contain the username placeholder ${USERNAME_PLACEHOLDER}`);
  }
}

function checkLength(member: string, value: string, limit: number): void {
  if ([...value].length > limit) {
    throw new InvalidParameterException(`1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${limit}`);
  }
}
