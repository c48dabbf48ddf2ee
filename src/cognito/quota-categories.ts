// Cognito's request-rate categories: which category each API operation counts against, and each
// category's default rate in requests per second. Cognito applies them per account and region;
// Gatehouse applies each one per user pool (operations on no pool, such as CreateUserPool, share
// one account-wide budget), so that one busy pool cannot use up another's.
// Cognito: operations outside these categories (ListUserImportJobs, log delivery, …) have their own
// fixed quotas; Gatehouse leaves them unthrottled.

export const QUOTA_CATEGORIES = [
  'UserAuthentication',
  'UserCreation',
  'UserAccountRecovery',
  'UserRead',
  'UserUpdate',
  'UserResourceRead',
  'UserResourceUpdate',
  'UserList',
  'UserFederation',
  'UserPoolRead',
  'UserPoolUpdate',
  'UserPoolResourceRead',
  'UserPoolResourceUpdate',
  'ClientAuthentication',
] as const;

export type QuotaCategory = (typeof QUOTA_CATEGORIES)[number];

/** Cognito's default (free) rates, requests per second. */
export const DEFAULT_RATES: Readonly<Record<QuotaCategory, number>> = {
  UserAuthentication: 120,
  UserCreation: 50,
  UserAccountRecovery: 30,
  UserRead: 120,
  UserUpdate: 25,
  UserResourceRead: 50,
  UserResourceUpdate: 25,
  UserList: 30,
  UserFederation: 25,
  UserPoolRead: 15,
  UserPoolUpdate: 15,
  UserPoolResourceRead: 20,
  UserPoolResourceUpdate: 15,
  ClientAuthentication: 150,
};

const byCategory: Record<QuotaCategory, string[]> = {
  UserAuthentication: [
    'InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge', 'GetTokensFromRefreshToken',
  ],
  UserCreation: ['SignUp', 'ConfirmSignUp', 'AdminCreateUser', 'AdminConfirmSignUp'],
  UserAccountRecovery: ['ForgotPassword', 'ConfirmForgotPassword', 'ResendConfirmationCode', 'AdminResetUserPassword'],
  UserRead: ['GetUser', 'AdminGetUser', 'AdminListGroupsForUser', 'GetUserAuthFactors', 'AdminGetUserAuthFactors', 'AdminListUserAuthEvents'],
  UserUpdate: [
    'AdminAddUserToGroup', 'AdminRemoveUserFromGroup', 'AdminDeleteUser', 'AdminDeleteUserAttributes', 'AdminDisableUser',
    'AdminEnableUser', 'AdminLinkProviderForUser', 'AdminDisableProviderForUser', 'AdminSetUserMFAPreference',
    'AdminSetUserPassword', 'AdminSetUserSettings', 'AdminUpdateUserAttributes', 'AdminUserGlobalSignOut',
    'AdminDeleteSoftwareToken', 'AdminUpdateAuthEventFeedback', 'ChangePassword', 'DeleteUser', 'DeleteUserAttributes',
    'GlobalSignOut', 'RevokeToken', 'SetUserMFAPreference', 'SetUserSettings', 'UpdateUserAttributes',
    'GetUserAttributeVerificationCode', 'VerifyUserAttribute', 'AssociateSoftwareToken', 'VerifySoftwareToken',
    'UpdateAuthEventFeedback',
  ],
  UserResourceRead: ['GetDevice', 'ListDevices', 'AdminGetDevice', 'AdminListDevices', 'ListWebAuthnCredentials'],
  UserResourceUpdate: [
    'ConfirmDevice', 'ForgetDevice', 'UpdateDeviceStatus', 'AdminForgetDevice', 'AdminUpdateDeviceStatus',
    'StartWebAuthnRegistration', 'CompleteWebAuthnRegistration', 'DeleteWebAuthnCredential',
  ],
  UserList: ['ListUsers', 'ListUsersInGroup'],
  // Cognito: sign-ins through an external identity provider (/oauth2/idpresponse, /saml2/idpresponse),
  // no API operation; domain/quotas/pool-admission.ts counts them.
  UserFederation: [],
  UserPoolRead: ['DescribeUserPool', 'ListUserPools', 'GetUserPoolMfaConfig', 'ListTagsForResource', 'DescribeRiskConfiguration'],
  UserPoolUpdate: [
    'CreateUserPool', 'UpdateUserPool', 'DeleteUserPool', 'AddCustomAttributes', 'SetUserPoolMfaConfig', 'TagResource',
    'UntagResource', 'SetRiskConfiguration',
  ],
  UserPoolResourceRead: [
    'DescribeUserPoolClient', 'ListUserPoolClients', 'DescribeUserPoolDomain', 'DescribeResourceServer', 'ListResourceServers',
    'DescribeIdentityProvider', 'ListIdentityProviders', 'GetIdentityProviderByIdentifier', 'GetGroup', 'ListGroups',
    'GetUICustomization', 'GetSigningCertificate', 'ListUserPoolClientSecrets',
  ],
  UserPoolResourceUpdate: [
    'CreateUserPoolClient', 'UpdateUserPoolClient', 'DeleteUserPoolClient', 'CreateUserPoolDomain', 'UpdateUserPoolDomain',
    'DeleteUserPoolDomain', 'CreateResourceServer', 'UpdateResourceServer', 'DeleteResourceServer', 'CreateIdentityProvider',
    'UpdateIdentityProvider', 'DeleteIdentityProvider', 'CreateGroup', 'UpdateGroup', 'DeleteGroup', 'SetUICustomization',
    'AddUserPoolClientSecret', 'DeleteUserPoolClientSecret',
  ],
  // Cognito: the token endpoint's client_credentials grant (oauth/grants/client-credentials.ts names
  // it), and its API form.
  ClientAuthentication: ['GetClientToken'],
};

const categoryOf = new Map<string, QuotaCategory>();
for (const category of QUOTA_CATEGORIES) for (const operation of byCategory[category]) categoryOf.set(operation, category);

/** The category an API operation counts against; undefined for an operation outside every category. */
export const quotaCategoryOf = (operation: string): QuotaCategory | undefined => categoryOf.get(operation);

export const isQuotaCategory = (name: string): name is QuotaCategory => (QUOTA_CATEGORIES as readonly string[]).includes(name);
