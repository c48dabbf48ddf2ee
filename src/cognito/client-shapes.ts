// The input shapes of CreateUserPoolClient (and the settings UpdateUserPoolClient shares): what the
// API and the declared pools file (declare/file-schema.ts) both accept.
import { Type } from '@sinclair/typebox';
import { UserPoolId } from './shapes.js';

const Unit = Type.Union(['seconds', 'minutes', 'hours', 'days'].map((u) => Type.Literal(u)));
const Url = Type.String({ minLength: 1, maxLength: 1024 });
export const ClientSettings = {
  ClientName: Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\w\\s+=,.@-]+$' }),
  RefreshTokenValidity: Type.Optional(Type.Integer({ minimum: 0, maximum: 315_360_000 })),
  AccessTokenValidity: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
  IdTokenValidity: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
  TokenValidityUnits: Type.Optional(Type.Object({ AccessToken: Type.Optional(Unit), IdToken: Type.Optional(Unit), RefreshToken: Type.Optional(Unit) })),
  ReadAttributes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2048 }))),
  WriteAttributes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2048 }))),
  ExplicitAuthFlows: Type.Optional(Type.Array(Type.Union([
    'ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH',
    'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH',
    // Cognito: GetClientToken's flow; its documentation requires it though the SDK's enum may lag.
    'ALLOW_CLIENT_TOKEN_AUTH',
  ].map((f) => Type.Literal(f))))),
  SupportedIdentityProviders: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }))),
  CallbackURLs: Type.Optional(Type.Array(Url, { maxItems: 100 })),
  LogoutURLs: Type.Optional(Type.Array(Url, { maxItems: 100 })),
  DefaultRedirectURI: Type.Optional(Url),
  AllowedOAuthFlows: Type.Optional(Type.Array(Type.Union(['code', 'implicit', 'client_credentials'].map((f) => Type.Literal(f))), { maxItems: 3 })),
  AllowedOAuthScopes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 50 })),
  AllowedOAuthFlowsUserPoolClient: Type.Optional(Type.Boolean()),
  AnalyticsConfiguration: Type.Optional(Type.Object({
    ApplicationId: Type.Optional(Type.String()),
    ApplicationArn: Type.Optional(Type.String()),
    RoleArn: Type.Optional(Type.String()),
    ExternalId: Type.Optional(Type.String()),
    UserDataShared: Type.Optional(Type.Boolean()),
  })),
  PreventUserExistenceErrors: Type.Optional(Type.Union([Type.Literal('LEGACY'), Type.Literal('ENABLED')])),
  EnableTokenRevocation: Type.Optional(Type.Boolean()),
  EnablePropagateAdditionalUserContextData: Type.Optional(Type.Boolean()),
  AuthSessionValidity: Type.Optional(Type.Integer({ minimum: 3, maximum: 15 })),
  RefreshTokenRotation: Type.Optional(Type.Object({
    Feature: Type.Union([Type.Literal('ENABLED'), Type.Literal('DISABLED')]),
    RetryGracePeriodSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
  })),
};

export const CreateUserPoolClientInput = Type.Object({ UserPoolId, GenerateSecret: Type.Optional(Type.Boolean()), ...ClientSettings });

/** A client secret the caller chooses (CreateUserPoolClient, AddUserPoolClientSecret). */
export const ChosenClientSecret = Type.String({ minLength: 24, maxLength: 64, pattern: '^[\\w+]+$' });
