// A CustomEmailSender function that runs unchanged on AWS Lambda behind Amazon Cognito and as a
// Gatehouse trigger (triggers.functions: { mailer: { module: ./examples/custom-email-sender.mjs } }).
// Locally, give it the key of `gatehouse trigger-key --kms-key-id <the pool's KMSKeyID>` as
// GATEHOUSE_TRIGGER_KEY and the KMSKeyID as KMS_KEY_ID; on AWS leave GATEHOUSE_TRIGGER_KEY unset.
import { decryptCode } from '../lib/decrypt-code.mjs'; // in your project: 'gatehouse/decrypt-code'

const SUBJECTS = {
  CustomEmailSender_SignUp: 'Welcome! Confirm your account',
  CustomEmailSender_ResendCode: 'Your confirmation code',
  CustomEmailSender_ForgotPassword: 'Reset your password',
  CustomEmailSender_UpdateUserAttribute: 'Confirm your new email address',
  CustomEmailSender_VerifyUserAttribute: 'Confirm your email address',
  CustomEmailSender_AdminCreateUser: 'Your new account',
  CustomEmailSender_Authentication: 'Your sign-in code',
};

export async function handler(event) {
  const code = await decryptCode(event.request.code);
  const to = event.request.userAttributes.email;
  const subject = SUBJECTS[event.triggerSource] ?? 'A message about your account';
  const body = event.triggerSource === 'CustomEmailSender_AdminCreateUser'
    ? `Your username is ${event.userName} and your temporary password is ${code}.`
    : `Your code is ${code}.`;
  // Hand { to, subject, body } to your email provider here.
  console.log(JSON.stringify({ to, subject, length: body.length }));
}
