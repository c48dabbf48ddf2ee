// The Cognito error family. Names, statuses and (where we know them) messages are Cognito's own:
// SDKs and apps match on them. domain/ throws these; api/call.ts turns them into bytes.
export class CognitoError extends Error {
  constructor(readonly type: string, message: string, readonly status = 400) {
    super(message);
    this.name = type;
  }
}

const defineError = (type: string, status = 400) =>
  class extends CognitoError {
    constructor(message: string) {
      super(type, message, status);
    }
  };

// Protocol and signature errors (AWS JSON protocol, shared by every AWS JSON service). The Coral
// front end of AWS JSON services answers every signature failure with 400, not 403 (DynamoDB's
// error table lists MissingAuthenticationToken, UnrecognizedClient, InvalidSignature and
// IncompleteSignature as 400; "Signature expired" is a 400 InvalidSignatureException there too).
export const SerializationException = defineError('SerializationException');
export const UnknownOperationException = defineError('UnknownOperationException');
export const MissingAuthenticationTokenException = defineError('MissingAuthenticationTokenException');
export const UnrecognizedClientException = defineError('UnrecognizedClientException');
export const InvalidSignatureException = defineError('InvalidSignatureException');
export const IncompleteSignatureException = defineError('IncompleteSignatureException');

export const InternalErrorException = defineError('InternalErrorException', 500);
export const InvalidParameterException = defineError('InvalidParameterException');
export const NotAuthorizedException = defineError('NotAuthorizedException');
export const ResourceNotFoundException = defineError('ResourceNotFoundException');
export const TooManyRequestsException = defineError('TooManyRequestsException');
export const LimitExceededException = defineError('LimitExceededException');
export const UnsupportedOperationException = defineError('UnsupportedOperationException');

export const UsernameExistsException = defineError('UsernameExistsException');
export const AliasExistsException = defineError('AliasExistsException');
export const UserNotFoundException = defineError('UserNotFoundException');
export const UserNotConfirmedException = defineError('UserNotConfirmedException');
export const PasswordResetRequiredException = defineError('PasswordResetRequiredException');
export const InvalidPasswordException = defineError('InvalidPasswordException');
export const CodeMismatchException = defineError('CodeMismatchException');
export const ExpiredCodeException = defineError('ExpiredCodeException');
export const UnsupportedUserStateException = defineError('UnsupportedUserStateException');
export const GroupExistsException = defineError('GroupExistsException');
export const ScopeDoesNotExistException = defineError('ScopeDoesNotExistException');
export const InvalidOAuthFlowException = defineError('InvalidOAuthFlowException');
export const UnauthorizedException = defineError('UnauthorizedException', 401);
export const UnsupportedTokenTypeException = defineError('UnsupportedTokenTypeException');
export const EnableSoftwareTokenMFAException = defineError('EnableSoftwareTokenMFAException');
export const SoftwareTokenMFANotFoundException = defineError('SoftwareTokenMFANotFoundException');
// Lambda triggers: the function threw, could not be run in time, or answered something that is not an event.
export const UserLambdaValidationException = defineError('UserLambdaValidationException');
export const UnexpectedLambdaException = defineError('UnexpectedLambdaException');
export const InvalidLambdaResponseException = defineError('InvalidLambdaResponseException');
export const InvalidUserPoolConfigurationException = defineError('InvalidUserPoolConfigurationException');
export const FeatureUnavailableInTierException = defineError('FeatureUnavailableInTierException');
// Federation: identity providers.
export const DuplicateProviderException = defineError('DuplicateProviderException');
// Passkeys (WebAuthn).
export const WebAuthnChallengeNotFoundException = defineError('WebAuthnChallengeNotFoundException');
export const WebAuthnClientMismatchException = defineError('WebAuthnClientMismatchException');
export const WebAuthnOriginNotAllowedException = defineError('WebAuthnOriginNotAllowedException');
export const WebAuthnRelyingPartyMismatchException = defineError('WebAuthnRelyingPartyMismatchException');
export const WebAuthnNotEnabledException = defineError('WebAuthnNotEnabledException');
export const WebAuthnCredentialNotSupportedException = defineError('WebAuthnCredentialNotSupportedException');
// Managed login: terms documents and branding styles.
export const TermsExistsException = defineError('TermsExistsException');
export const ManagedLoginBrandingExistsException = defineError('ManagedLoginBrandingExistsException');
export const ServiceQuotaExceededException = defineError('ServiceQuotaExceededException');

// Refresh-token rotation.
export const RefreshTokenReuseException = defineError('RefreshTokenReuseException');
// User import jobs.
export const PreconditionNotMetException = defineError('PreconditionNotMetException');

export const USER_NOT_FOUND = 'User does not exist.';
export const INCORRECT_CREDENTIALS = 'Incorrect username or password.';
export const CODE_MISMATCH = 'Invalid verification code provided, please try again.';
export const CODE_EXPIRED = 'Invalid code provided, please request a code again.';
export const ATTEMPT_LIMIT = 'Attempt limit exceeded, please try after some time.';
export const ConcurrentModificationException = defineError('ConcurrentModificationException');
export const OperationNotEnabledException = defineError('OperationNotEnabledException');
export const UserPoolAddOnNotEnabledException = defineError('UserPoolAddOnNotEnabledException');
