// InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { InvalidParameterException } from '../cognito/errors.js';
import { ClientId, StringMap, UserPoolId } from '../cognito/shapes.js';
import type { Deps } from '../domain/deps.js';
import type { ClientRecord, PoolRecord } from '../store/store.js';
import { requireClient } from '../domain/clients.js';
import { requirePool } from '../domain/pools.js';
import { srpSignIn, respondPasswordVerifier } from '../domain/sign-in/srp.js';
import { respondDevicePasswordVerifier, respondDeviceSrpAuth, respondFactor, respondMfaSetup, respondSelectMfaType } from '../domain/sign-in/next-step.js';
import { respondFirstFactor, userAuthSignIn } from '../domain/sign-in/user-auth.js';
import { passwordSignIn } from '../domain/sign-in/password.js';
import { respondWebAuthn } from '../domain/sign-in/web-authn.js';
import { refreshSignIn } from '../domain/sign-in/refresh.js';
import { respondNewPassword } from '../domain/sign-in/new-password.js';
import { requireFlow } from '../domain/sign-in/parameters.js';
import { customAuthSignIn, isCustomAuthSession, respondCustomChallenge, respondCustomPasswordVerifier } from '../domain/sign-in/custom-auth.js';
import type { AuthOutcome } from '../domain/sign-in/outcome.js';
import type { TriggerContext } from '../domain/triggers/run.js';
import { isOtpFirstFactorSession, respondOtpFactor } from '../domain/sign-in/one-time-code.js';
import { withContextData, withUserContextData } from '../domain/risk/request-context.js';

const AuthFlow = Type.String({ minLength: 1, maxLength: 64 });
const ChallengeName = Type.String({ minLength: 1, maxLength: 64 });
const Session = Type.String({ minLength: 20, maxLength: 4096 });
const Common = {
  ClientId,
  AuthParameters: Type.Optional(StringMap),
  ClientMetadata: Type.Optional(StringMap),
  AnalyticsMetadata: Type.Optional(Type.Object({})),
  Session: Type.Optional(Session),
};

type Flow = (deps: Deps, pool: PoolRecord, client: ClientRecord, parameters: Record<string, string> | undefined, context: TriggerContext) => Promise<AuthOutcome>;

// Lookup tables keyed by client input are Maps, never object literals: a name such as
// "constructor" or "__proto__" must not reach Object.prototype (ChallengeName "constructor" once
// made Object(deps) the handler and echoed the server's secrets).
/** Each flow: the ExplicitAuthFlows value that enables it and its handler. */
const PUBLIC_FLOWS = new Map<string, [string, Flow]>([
  ['USER_SRP_AUTH', ['ALLOW_USER_SRP_AUTH', srpSignIn]],
  ['USER_PASSWORD_AUTH', ['ALLOW_USER_PASSWORD_AUTH', passwordSignIn]],
  ['REFRESH_TOKEN_AUTH', ['ALLOW_REFRESH_TOKEN_AUTH', refreshSignIn]],
  ['REFRESH_TOKEN', ['ALLOW_REFRESH_TOKEN_AUTH', refreshSignIn]],
  ['USER_AUTH', ['ALLOW_USER_AUTH', userAuthSignIn]],
  ['CUSTOM_AUTH', ['ALLOW_CUSTOM_AUTH', customAuthSignIn]],
]);
const ADMIN_FLOWS = new Map<string, [string, Flow]>([
  ['USER_SRP_AUTH', ['ALLOW_USER_SRP_AUTH', srpSignIn]],
  ['ADMIN_USER_PASSWORD_AUTH', ['ALLOW_ADMIN_USER_PASSWORD_AUTH', passwordSignIn]],
  ['ADMIN_NO_SRP_AUTH', ['ALLOW_ADMIN_USER_PASSWORD_AUTH', passwordSignIn]],
  ['REFRESH_TOKEN_AUTH', ['ALLOW_REFRESH_TOKEN_AUTH', refreshSignIn]],
  ['REFRESH_TOKEN', ['ALLOW_REFRESH_TOKEN_AUTH', refreshSignIn]],
  ['USER_AUTH', ['ALLOW_USER_AUTH', userAuthSignIn]],
  ['CUSTOM_AUTH', ['ALLOW_CUSTOM_AUTH', customAuthSignIn]],
]);
const KNOWN_FLOWS = new Set(['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH']);

async function initiate(
  deps: Deps, flows: Map<string, [string, Flow]>, poolId: string | undefined,
  input: { ClientId: string; AuthFlow: string; AuthParameters?: Record<string, string>; ClientMetadata?: Record<string, string>; Session?: string; UserContextData?: object },
) {
  if (!KNOWN_FLOWS.has(input.AuthFlow)) {
    throw new InvalidParameterException(`1 validation error detected: Value '${input.AuthFlow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [${[...KNOWN_FLOWS].join(', ')}]`);
  }
  const client = await requireClient(deps.store, input.ClientId, poolId);
  const pool = await requirePool(deps.store, client.poolId);
  deps = withUserContextData(deps, client, input.UserContextData);
  const entry = flows.get(input.AuthFlow);
  if (!entry) throw new InvalidParameterException('Initiate Auth method not supported.');
  requireFlow(client, input.AuthFlow, entry[0]);
  // Cognito: InitiateAuth's ClientMetadata reaches PreAuthentication and UserMigration as their
  // validationData, and PostAuthentication not at all.
  const context = { validationData: input.ClientMetadata };
  // Only USER_AUTH takes a Session (SignUp's or ConfirmSignUp's); the other flows ignore it, as Cognito does.
  if (input.AuthFlow === 'USER_AUTH' && input.Session !== undefined) return userAuthSignIn(deps, pool, client, input.AuthParameters, context, input.Session);
  return entry[1](deps, pool, client, input.AuthParameters, context);
}

/** `clientMetadata`: the request's ClientMetadata (Cognito hands it to PreTokenGeneration and the custom-auth triggers from these operations). */
type ChallengeHandler = (
  deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Record<string, string> | undefined,
  clientMetadata?: Record<string, string>,
) => Promise<AuthOutcome>;
const CHALLENGES = new Map<string, ChallengeHandler>([
  ['NEW_PASSWORD_REQUIRED', respondNewPassword],
  // A PASSWORD_VERIFIER with CUSTOM_AUTH's Session is that flow's SRP step; USER_SRP_AUTH's has none.
  ['PASSWORD_VERIFIER', (deps, pool, client, session, responses, clientMetadata) => (isCustomAuthSession(deps, client, session)
    ? respondCustomPasswordVerifier(deps, pool, client, session, responses, clientMetadata)
    : respondPasswordVerifier(deps, pool, client, session, responses, clientMetadata))],
  ['CUSTOM_CHALLENGE', respondCustomChallenge],
  ['SOFTWARE_TOKEN_MFA', respondFactor('SOFTWARE_TOKEN_MFA')],
  ['SMS_MFA', respondFactor('SMS_MFA')],
  // EMAIL_OTP is email MFA's challenge and USER_AUTH's first factor: the Session tells which.
  ['EMAIL_OTP', (deps, pool, client, session, responses, clientMetadata) => (isOtpFirstFactorSession(deps, client, session, 'EMAIL_OTP')
    ? respondOtpFactor('EMAIL_OTP')(deps, pool, client, session, responses, clientMetadata)
    : respondFactor('EMAIL_OTP')(deps, pool, client, session, responses, clientMetadata))],
  ['SMS_OTP', respondOtpFactor('SMS_OTP')],
  ['SELECT_MFA_TYPE', respondSelectMfaType],
  ['MFA_SETUP', respondMfaSetup],
  ['DEVICE_SRP_AUTH', respondDeviceSrpAuth],
  ['DEVICE_PASSWORD_VERIFIER', respondDevicePasswordVerifier],
  ['SELECT_CHALLENGE', respondFirstFactor()],
  ['PASSWORD', respondFirstFactor('PASSWORD')],
  ['PASSWORD_SRP', respondFirstFactor('PASSWORD_SRP')],
  ['WEB_AUTHN', respondWebAuthn],
]);

/** Cognito's ChallengeNameType, in the order its validation errors list them. */
const CHALLENGE_NAMES = [
  'SMS_MFA', 'EMAIL_OTP', 'SOFTWARE_TOKEN_MFA', 'SELECT_MFA_TYPE', 'MFA_SETUP', 'PASSWORD_VERIFIER', 'CUSTOM_CHALLENGE', 'SELECT_CHALLENGE',
  'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER', 'ADMIN_NO_SRP_AUTH', 'NEW_PASSWORD_REQUIRED', 'SMS_OTP', 'PASSWORD', 'WEB_AUTHN', 'PASSWORD_SRP',
];

async function respond(
  deps: Deps, poolId: string | undefined,
  input: { ClientId: string; ChallengeName: string; Session?: string; ChallengeResponses?: Record<string, string>; ClientMetadata?: Record<string, string>; UserContextData?: object },
) {
  if (!CHALLENGE_NAMES.includes(input.ChallengeName)) {
    throw new InvalidParameterException(`1 validation error detected: Value '${input.ChallengeName}' at 'challengeName' failed to satisfy constraint: Member must satisfy enum value set: [${CHALLENGE_NAMES.join(', ')}]`);
  }
  const client = await requireClient(deps.store, input.ClientId, poolId);
  const pool = await requirePool(deps.store, client.poolId);
  deps = withUserContextData(deps, client, input.UserContextData);
  const handler = CHALLENGES.get(input.ChallengeName);
  if (!handler) throw new InvalidParameterException(`Unsupported challenge name ${input.ChallengeName}`);
  return handler(deps, pool, client, input.Session, input.ChallengeResponses, input.ClientMetadata);
}

export const InitiateAuth = defineOperation({
  name: 'InitiateAuth',
  auth: 'public',
  input: Type.Object({ AuthFlow, ...Common, UserContextData: Type.Optional(Type.Object({})) }),
  handler: (input, { deps }) => initiate(deps, PUBLIC_FLOWS, undefined, input),
});

export const AdminInitiateAuth = defineOperation({
  name: 'AdminInitiateAuth',
  auth: 'admin',
  input: Type.Object({ UserPoolId, AuthFlow, ...Common, ContextData: Type.Optional(Type.Object({})) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    return initiate(withContextData(deps, input.ContextData), ADMIN_FLOWS, input.UserPoolId, input);
  },
});

const RespondInput = {
  ClientId,
  ChallengeName,
  Session: Type.Optional(Session),
  ChallengeResponses: Type.Optional(StringMap),
  ClientMetadata: Type.Optional(StringMap),
  AnalyticsMetadata: Type.Optional(Type.Object({})),
};

export const RespondToAuthChallenge = defineOperation({
  name: 'RespondToAuthChallenge',
  auth: 'public',
  input: Type.Object({ ...RespondInput, UserContextData: Type.Optional(Type.Object({})) }),
  handler: (input, { deps }) => respond(deps, undefined, input),
});

export const AdminRespondToAuthChallenge = defineOperation({
  name: 'AdminRespondToAuthChallenge',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ...RespondInput, ContextData: Type.Optional(Type.Object({})) }),
  async handler(input, { deps }) {
    await requirePool(deps.store, input.UserPoolId);
    return respond(withContextData(deps, input.ContextData), input.UserPoolId, input);
  },
});

export const authOperations = [InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge];
