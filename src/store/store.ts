// The storage contract: repositories grouped by aggregate. `find*` returns undefined when absent;
// `insert` throws StoreConflict on a unique violation; `consume` is atomic single use.
// No business rules live here: the domain decides what a conflict or an absence means.

export type Json = Record<string, any>;

export interface PoolRecord {
  id: string;
  name: string;
  config: Json;
  createdAt: number;
  updatedAt: number;
}

export interface PoolKeyRecord {
  kid: string;
  poolId: string;
  tokenUse: 'id' | 'access';
  privateKeySealed: string;
  publicJwk: Json;
  createdAt: number;
  retiredAt: number | null;
}

/** A secret added to a client with AddUserPoolClientSecret, sealed like the one it was created with. */
export interface AddedClientSecret {
  id: string;
  sealed: string;
  createdAt: number;
}

export interface ClientRecord {
  id: string;
  poolId: string;
  name: string;
  /** The secret the client was created with; null for a public client, or once that secret is deleted. */
  secretSealed: string | null;
  /** Secrets added later, oldest first. */
  addedSecrets: AddedClientSecret[];
  config: Json;
  createdAt: number;
  updatedAt: number;
}

export interface DomainRecord {
  domain: string;
  poolId: string;
  custom: boolean;
  config: Json;
  createdAt: number;
}

export interface ResourceServerRecord {
  poolId: string;
  identifier: string;
  name: string;
  scopes: Array<{ ScopeName: string; ScopeDescription: string }>;
  createdAt: number;
}

export interface IdentityProviderRecord {
  poolId: string;
  name: string;
  /** OIDC, SAML, Google, Facebook, LoginWithAmazon or SignInWithApple. */
  type: string;
  /** ProviderDetails as stored (the domain seals secrets before they get here). */
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: number;
  updatedAt: number;
}

/** One provider identity that signs a pool user in: its own id of the user at that provider. */
export interface UserIdentityRecord {
  poolId: string;
  providerName: string;
  providerUserId: string;
  sub: string;
  createdAt: number;
}

/** A passkey: a WebAuthn credential bound to one user of one pool. */
export interface WebAuthnCredentialRecord {
  poolId: string;
  /** base64url, as the browser reports it. */
  credentialId: string;
  sub: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  signCount: number;
  transports: string[];
  /** "platform" or "cross-platform" when the browser said. */
  attachment?: string;
  friendlyName?: string;
  relyingPartyId: string;
  createdAt: number;
}

export interface SpCertificateRecord {
  poolId: string;
  /** PEM of the pool's self-signed SAML signing certificate. */
  certificate: string;
  privateKeySealed: string;
  createdAt: number;
}

export interface UserRecord {
  sub: string;
  poolId: string;
  username: string;
  usernameKey: string;
  status: string;
  enabled: boolean;
  passwordHash: string | null;
  srpSealed: string | null;
  /** Every attribute but `sub`, name → value (Cognito's string form, e.g. "true" for verified flags). */
  attributes: Record<string, string>;
  mfa: Json;
  failedAttempts: number;
  lastFailedAt: number | null;
  lockedUntil: number | null;
  passwordExpiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type UserPatch = Partial<Omit<UserRecord, 'sub' | 'poolId' | 'createdAt'>>;

export interface AliasRecord {
  kind: string;
  valueKey: string;
}

/**
 * ListUsers: one condition on an indexed column (the store knows nothing of Cognito's names).
 * `username_key` and `email_key` hold the username as matched and the email lower-cased.
 */
export type UserSearchColumn =
  | 'username' | 'username_key' | 'email' | 'email_key' | 'phone_number' | 'name' | 'given_name' | 'family_name'
  | 'preferred_username' | 'status' | 'sub';

export interface UserQuery {
  poolId: string;
  where?:
    | { column: UserSearchColumn; op: '=' | '^='; value: string }
    | { column: 'enabled'; op: '='; value: boolean };
  limit: number;
  /** Resume after this row: the value of the filtered column (for `^=`) and the sub. */
  after?: { value?: string; sub: string };
}

export interface GroupRecord {
  poolId: string;
  name: string;
  description: string | null;
  roleArn: string | null;
  precedence: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface AuthSessionRecord {
  originJti: string;
  poolId: string;
  sub: string;
  clientId: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  /** The device the sign-in was made with (device tracking); absent or null when none. */
  deviceKey?: string | null;
  /** Cognito's SessionId ("tkn…"); absent or null only for rows written before it existed. */
  sessionId?: string | null;
  /** The latest sign-in or refresh, and its IP address and device description when known. */
  lastActiveAt?: number | null;
  lastIp?: string | null;
  deviceType?: string | null;
  /** The SSO session ("sso…") this token session came through (Cognito's OriginSessionId). */
  originSessionId?: string | null;
}

export interface RefreshTokenRecord {
  tokenHash: string;
  originJti: string;
  poolId: string;
  clientId: string;
  sub: string;
  scopes: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  /** When a rotation replaced this token; absent or null when it has not been. */
  rotatedAt?: number | null;
}

export interface CodeRecord {
  poolId: string;
  sub: string;
  purpose: string;
  codeHash: string;
  attempts: number;
  createdAt: number;
  expiresAt: number;
  /** What the code will apply when confirmed (e.g. a pending new email address). */
  payload?: string | null;
}

export interface AuthorizationCodeRecord {
  codeHash: string;
  poolId: string;
  clientId: string;
  sub: string;
  redirectUri: string;
  scopes: string;
  nonce: string | null;
  codeChallenge: string | null;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
  issuedOriginJti: string | null;
  /** The SSO session ("sso…") the code was issued through. */
  originSessionId?: string | null;
}

export interface HostedSessionRecord {
  idHash: string;
  poolId: string;
  sub: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  /** Cognito's SessionId ("sso…"); null only for rows written before it existed. */
  sessionId?: string | null;
  /** The app client the browser signed in through. */
  clientId?: string | null;
  /** The latest sign-in or silent reuse, and its IP address and device description when known. */
  lastActiveAt?: number | null;
  lastIp?: string | null;
  deviceType?: string | null;
}

export interface UiCustomizationRecord {
  poolId: string;
  /** An app client id, or 'ALL' for the pool's default. */
  clientId: string;
  css: string | null;
  imageBase64: string | null;
  imageType: string | null;
  cssVersion: string;
  createdAt: number;
  updatedAt: number;
}

export interface TermsRecord {
  id: string;
  poolId: string;
  clientId: string;
  /** terms-of-use or privacy-policy. */
  name: string;
  source: string;
  enforcement: string;
  links: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export interface ManagedLoginAsset {
  category: string;
  colorMode: string;
  extension: string;
  resourceId: string;
  bytesBase64: string;
}

export interface ManagedLoginBrandingRecord {
  id: string;
  poolId: string;
  clientId: string;
  useCognitoProvidedValues: boolean;
  settings: Record<string, unknown> | null;
  assets: ManagedLoginAsset[];
  createdAt: number;
  updatedAt: number;
}

export interface OutboxRecord {
  id: number;
  poolId: string;
  username: string;
  purpose: string;
  medium: 'EMAIL' | 'SMS';
  destination: string;
  subject: string | null;
  body: string;
  code: string | null;
  createdAt: number;
}

export interface DeviceRecord {
  deviceKey: string;
  poolId: string;
  sub: string;
  groupKey: string;
  /** Null until ConfirmDevice. */
  verifierSealed: string | null;
  name: string | null;
  remembered: boolean;
  lastIp: string | null;
  createdAt: number;
  updatedAt: number;
  lastAuthenticatedAt: number | null;
}

export interface AdminSessionRecord {
  idHash: string;
  actor: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  poolId: string | null;
  target: string | null;
  summary: Json;
}

/** The pool an imported pool came from, for passwords checked there until each user signs in once. */
export interface MigrationSourceRecord {
  poolId: string;
  sourcePoolId: string;
  region: string;
  /** Absent for Amazon Cognito itself (the SDK's endpoint for the region). */
  endpoint: string | null;
  /** The source's app client the passwords are checked with (ADMIN_USER_PASSWORD_AUTH). */
  clientId: string;
  /** Sealed JSON: that client's secret and the AWS credentials, when given. */
  secretsSealed: string;
  createdAt: number;
  updatedAt: number;
}

export interface Page<T> {
  items: T[];
  /** Key of the last item when more may follow. */
  next?: string;
}

/** One sign-in event of a user (AdminListUserAuthEvents), with the risk assessed for it. */
export interface AuthEventRecord {
  eventId: string;
  poolId: string;
  sub: string;
  clientId: string | null;
  eventType: string;
  eventResponse: 'Pass' | 'Fail' | 'InProgress';
  createdAt: number;
  riskDecision: 'NoRisk' | 'AccountTakeover' | 'Block';
  riskLevel: 'Low' | 'Medium' | 'High' | null;
  compromised: boolean;
  challenges: Array<{ ChallengeName: string; ChallengeResponse: string }>;
  ipAddress: string;
  deviceKey: string | null;
  userAgent: string | null;
  feedback: { value: string; provider: string; at: number } | null;
  feedbackTokenHash: string | null;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';

  pools: {
    insert(pool: PoolRecord): Promise<void>;
    find(id: string): Promise<PoolRecord | undefined>;
    update(id: string, patch: { name?: string; config?: Json; updatedAt: number }): Promise<void>;
    /** Deletes the pool and everything in it. */
    delete(id: string): Promise<void>;
    list(limit: number, afterId?: string): Promise<Page<PoolRecord>>;
    countUsers(id: string): Promise<number>;
  };

  keys: {
    insert(key: PoolKeyRecord): Promise<void>;
    find(kid: string): Promise<PoolKeyRecord | undefined>;
    listForPool(poolId: string): Promise<PoolKeyRecord[]>;
  };

  clients: {
    insert(client: ClientRecord): Promise<void>;
    find(id: string): Promise<ClientRecord | undefined>;
    update(id: string, patch: { name?: string; config?: Json; secretSealed?: string | null; updatedAt: number }): Promise<void>;
    /**
     * Sets the client's secrets if they are still `expected` (compare and set, so that two
     * concurrent changes cannot both pass the two-secret limit); false when another change came first.
     */
    replaceSecrets(
      id: string,
      expected: Pick<ClientRecord, 'secretSealed' | 'addedSecrets'>,
      next: Pick<ClientRecord, 'secretSealed' | 'addedSecrets'>,
      updatedAt: number,
    ): Promise<boolean>;
    delete(id: string): Promise<void>;
    listByPool(poolId: string, limit: number, afterId?: string): Promise<Page<ClientRecord>>;
  };

  domains: {
    insert(domain: DomainRecord): Promise<void>;
    find(domain: string): Promise<DomainRecord | undefined>;
    listByPool(poolId: string): Promise<DomainRecord[]>;
    update(domain: string, config: Json): Promise<void>;
    delete(domain: string): Promise<void>;
  };

  resourceServers: {
    insert(server: ResourceServerRecord): Promise<void>;
    find(poolId: string, identifier: string): Promise<ResourceServerRecord | undefined>;
    update(server: ResourceServerRecord): Promise<void>;
    delete(poolId: string, identifier: string): Promise<void>;
    list(poolId: string, limit: number, afterIdentifier?: string): Promise<Page<ResourceServerRecord>>;
  };

  identityProviders: {
    /** StoreConflict('identity_providers') when the pool has a provider of that name. */
    insert(provider: IdentityProviderRecord): Promise<void>;
    find(poolId: string, name: string): Promise<IdentityProviderRecord | undefined>;
    /** The provider whose IdpIdentifiers hold `identifier` (case as stored). */
    findByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRecord | undefined>;
    update(provider: IdentityProviderRecord): Promise<void>;
    delete(poolId: string, name: string): Promise<void>;
    list(poolId: string, limit: number, afterName?: string): Promise<Page<IdentityProviderRecord>>;
  };

  userIdentities: {
    /** StoreConflict('user_identities') when that provider identity already signs someone in. */
    insert(identity: UserIdentityRecord): Promise<void>;
    find(poolId: string, providerName: string, providerUserId: string): Promise<UserIdentityRecord | undefined>;
    listForUser(sub: string): Promise<UserIdentityRecord[]>;
    delete(poolId: string, providerName: string, providerUserId: string): Promise<void>;
    /** Deletes the provider's identities: those under `providerName` and every key starting `<providerName> ` (links by attribute). */
    deleteByProvider(poolId: string, providerName: string): Promise<void>;
  };

  webAuthnCredentials: {
    /** StoreConflict('webauthn_credentials') when the pool already holds that credential id. */
    insert(credential: WebAuthnCredentialRecord): Promise<void>;
    find(poolId: string, credentialId: string): Promise<WebAuthnCredentialRecord | undefined>;
    /** The user's credentials, oldest first, paged by credential id within equal creation times. */
    listForUser(sub: string, limit: number, after?: string): Promise<Page<WebAuthnCredentialRecord>>;
    /**
     * Stores the new signature counter only if the stored one is still `expected`: false when a
     * concurrent sign-in with the same credential moved it first.
     */
    updateSignCount(poolId: string, credentialId: string, expected: number, next: number): Promise<boolean>;
    /** Deletes the credential if it belongs to `sub`; false when there was none. */
    deleteForUser(sub: string, poolId: string, credentialId: string): Promise<boolean>;
  };

  spCertificates: {
    find(poolId: string): Promise<SpCertificateRecord | undefined>;
    /** Keeps the first certificate stored for a pool: a concurrent second insert is ignored. */
    insertIfAbsent(certificate: SpCertificateRecord): Promise<void>;
  };

  users: {
    /** Inserts the user and its sign-in aliases; StoreConflict('users') or StoreConflict('user_aliases'). */
    insert(user: UserRecord, aliases?: AliasRecord[]): Promise<void>;
    findBySub(sub: string): Promise<UserRecord | undefined>;
    findByUsernameKey(poolId: string, usernameKey: string): Promise<UserRecord | undefined>;
    findByAlias(poolId: string, kind: string, valueKey: string): Promise<UserRecord | undefined>;
    /** The user and whether the sign-in session `originJti` is still live: the GetUser hot path in one query. */
    findWithSession(sub: string, originJti: string): Promise<{ user: UserRecord; sessionRevoked: boolean } | undefined>;
    update(sub: string, patch: UserPatch): Promise<void>;
    /**
     * Atomically counts one failed sign-in at `at` (restarting from 1 when the previous failure is
     * older than `forgetBefore`) and returns the new count; 0 when the user is gone. Atomic so that
     * concurrent wrong guesses cannot overwrite each other's count.
     */
    addFailedSignIn(sub: string, at: number, forgetBefore: number): Promise<number>;
    /** Locks the user until `until` unless already locked longer: parallel failures only lengthen a lock. */
    extendLock(sub: string, until: number): Promise<void>;
    /** Replaces the user's aliases (StoreConflict('user_aliases') when another user holds one). */
    setAliases(poolId: string, sub: string, aliases: AliasRecord[]): Promise<void>;
    listAliases(sub: string): Promise<AliasRecord[]>;
    /** Deletes the user with aliases, group memberships, sessions, refresh tokens and codes. */
    delete(sub: string): Promise<void>;
    list(query: UserQuery): Promise<UserRecord[]>;
  };

  groups: {
    insert(group: GroupRecord): Promise<void>;
    find(poolId: string, name: string): Promise<GroupRecord | undefined>;
    update(group: GroupRecord): Promise<void>;
    delete(poolId: string, name: string): Promise<void>;
    list(poolId: string, limit: number, afterName?: string): Promise<Page<GroupRecord>>;
    addMember(poolId: string, groupName: string, sub: string, at: number): Promise<void>;
    removeMember(poolId: string, groupName: string, sub: string): Promise<void>;
    listForUser(sub: string, limit: number, afterName?: string): Promise<Page<GroupRecord>>;
    /** All the user's groups by name, for tokens (a user is in at most MAX_GROUPS_PER_USER). */
    allForUser(sub: string): Promise<GroupRecord[]>;
    listMembers(poolId: string, groupName: string, limit: number, afterSub?: string): Promise<Page<UserRecord>>;
  };

  authSessions: {
    insert(session: AuthSessionRecord): Promise<void>;
    find(originJti: string): Promise<AuthSessionRecord | undefined>;
    revoke(originJti: string, at: number): Promise<void>;
    revokeAllForUser(sub: string, at: number): Promise<void>;
    /** Deletes up to `limit` sessions that expired before `before`. */
    deleteExpired(before: number, limit: number): Promise<void>;
    findBySessionId(sessionId: string): Promise<AuthSessionRecord | undefined>;
    /** The user's unrevoked sessions that expire after `now`, by session id. */
    listActiveForUser(sub: string, now: number, limit: number, afterSessionId?: string): Promise<Page<AuthSessionRecord>>;
    countActiveForUser(sub: string, now: number): Promise<number>;
    /** Revokes the user's `count` active sessions used least recently. */
    revokeLeastRecentlyUsed(sub: string, now: number, count: number, at: number): Promise<void>;
    /** Records a use of the session (a refresh): when, and from where and what device when known. */
    touch(originJti: string, at: number, client?: { lastIp?: string; deviceType?: string }): Promise<void>;
    /** Revokes the active token sessions that came through the SSO session `originSessionId`. */
    revokeByOriginSession(originSessionId: string, at: number): Promise<void>;
  };

  refreshTokens: {
    insert(token: RefreshTokenRecord): Promise<void>;
    find(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
    /** The token and its sign-in session (undefined when gone) in one query: every refresh reads both. */
    findWithSession(tokenHash: string): Promise<{ token: RefreshTokenRecord; session: AuthSessionRecord | undefined } | undefined>;
    revoke(tokenHash: string, at: number): Promise<void>;
    revokeAllForUser(sub: string, at: number): Promise<void>;
    /** Deletes up to `limit` tokens that expired before `before`. */
    deleteExpired(before: number, limit: number): Promise<void>;
    /** Marks the token replaced by a rotation; false when it already was (or is revoked). */
    markRotated(tokenHash: string, at: number): Promise<boolean>;
  };

  codes: {
    /** Stores the user's live code for a purpose, replacing any earlier one. */
    put(code: CodeRecord): Promise<void>;
    find(sub: string, purpose: string): Promise<CodeRecord | undefined>;
    /** Counts a wrong attempt and returns the new count. */
    addAttempt(sub: string, purpose: string): Promise<number>;
    /**
     * Counts one attempt at the code, atomically, unless it already has `maxAttempts` or expired
     * by `now`; answers the code as counted, or undefined when there is none, no attempt is left or
     * it expired.
     */
    reserveAttempt(sub: string, purpose: string, maxAttempts: number, now: number): Promise<CodeRecord | undefined>;
    /** Deletes the code if it is still the one with `codeHash`; false when another request took it first. */
    take(sub: string, purpose: string, codeHash: string): Promise<boolean>;
    delete(sub: string, purpose: string): Promise<void>;
  };

  consumed: {
    /** Marks `id` used; false when it had been used already. */
    consume(id: string, expiresAt: number): Promise<boolean>;
    /** Whether `id` has been used (a read only; consume is what decides a race). */
    isConsumed(id: string): Promise<boolean>;
    /** Forgets up to `limit` markers that expired before `before`. */
    deleteExpired(before: number, limit: number): Promise<void>;
  };

  authorizationCodes: {
    insert(code: AuthorizationCodeRecord): Promise<void>;
    find(codeHash: string): Promise<AuthorizationCodeRecord | undefined>;
    /** Marks the code used, recording the origin_jti of the tokens it is exchanged for; false when it had been used already (atomic). */
    consume(codeHash: string, at: number, issuedOriginJti: string): Promise<boolean>;
    /** Deletes codes that expired before `before` (used or not). */
    deleteExpired(before: number): Promise<void>;
  };

  hostedSessions: {
    insert(session: HostedSessionRecord): Promise<void>;
    find(idHash: string): Promise<HostedSessionRecord | undefined>;
    delete(idHash: string): Promise<void>;
    deleteExpired(before: number): Promise<void>;
    findBySessionId(sessionId: string): Promise<HostedSessionRecord | undefined>;
    /** The user's sessions that expire after `now`, by session id. */
    listActiveForUser(sub: string, now: number, limit: number, afterSessionId?: string): Promise<Page<HostedSessionRecord>>;
    /** Records a use of the session (a silent sign-in): when, and from where and what device when known. */
    touch(idHash: string, at: number, client?: { lastIp?: string; deviceType?: string }): Promise<void>;
  };

  uiCustomizations: {
    /** Inserts or replaces the customization of (poolId, clientId). */
    put(record: UiCustomizationRecord): Promise<void>;
    find(poolId: string, clientId: string): Promise<UiCustomizationRecord | undefined>;
  };

  devices: {
    insert(device: DeviceRecord): Promise<void>;
    find(deviceKey: string): Promise<DeviceRecord | undefined>;
    update(deviceKey: string, patch: Partial<Omit<DeviceRecord, 'deviceKey' | 'poolId' | 'sub' | 'createdAt'>>): Promise<void>;
    delete(deviceKey: string): Promise<void>;
    /** Deletes the user's devices never confirmed (no verifier) issued before `createdBefore`. */
    deleteUnconfirmed(sub: string, createdBefore: number): Promise<void>;
    /** The user's confirmed devices, by device key. */
    listForUser(sub: string, limit: number, afterKey?: string): Promise<Page<DeviceRecord>>;
  };

  outbox: {
    insert(message: Omit<OutboxRecord, 'id'>): Promise<void>;
    /** Newest first; `beforeId` resumes after the last message of a previous page. */
    list(query: { poolId?: string; username?: string; limit: number; beforeId?: number }): Promise<OutboxRecord[]>;
  };

  adminSessions: {
    insert(session: AdminSessionRecord): Promise<void>;
    find(idHash: string): Promise<AdminSessionRecord | undefined>;
    touch(idHash: string, lastSeenAt: number, expiresAt: number): Promise<void>;
    delete(idHash: string): Promise<void>;
    deleteExpired(before: number): Promise<void>;
  };

  audit: {
    insert(entry: Omit<AuditEntry, 'id'>): Promise<void>;
    /** Newest first; `beforeId` resumes after the last entry of the previous page. */
    list(query: { poolId?: string; limit: number; beforeId?: number }): Promise<AuditEntry[]>;
  };

  terms: {
    /** StoreConflict when the client already has terms of that name. */
    insert(terms: TermsRecord): Promise<void>;
    find(poolId: string, id: string): Promise<TermsRecord | undefined>;
    findByName(poolId: string, clientId: string, name: string): Promise<TermsRecord | undefined>;
    /** StoreConflict when the new name is taken in the client. */
    update(terms: TermsRecord): Promise<void>;
    delete(poolId: string, id: string): Promise<void>;
    /** The pool's terms by id. */
    list(poolId: string, limit: number, afterId?: string): Promise<Page<TermsRecord>>;
    listByClient(poolId: string, clientId: string): Promise<TermsRecord[]>;
    deleteByClient(poolId: string, clientId: string): Promise<void>;
  };

  managedLoginBrandings: {
    /** StoreConflict when the client already has a style. */
    insert(branding: ManagedLoginBrandingRecord): Promise<void>;
    find(poolId: string, id: string): Promise<ManagedLoginBrandingRecord | undefined>;
    findByClient(poolId: string, clientId: string): Promise<ManagedLoginBrandingRecord | undefined>;
    update(branding: ManagedLoginBrandingRecord): Promise<void>;
    delete(poolId: string, id: string): Promise<void>;
    deleteByClient(poolId: string, clientId: string): Promise<void>;
  };

  migrationSources: {
    /** Inserts or replaces the pool's source. */
    put(source: MigrationSourceRecord): Promise<void>;
    find(poolId: string): Promise<MigrationSourceRecord | undefined>;
    /** Users of the pool with no password hash, federated users (EXTERNAL_PROVIDER) aside. */
    countWithoutPassword(poolId: string): Promise<number>;
  };

  provisionedLimits: {
    list(): Promise<ProvisionedLimitRecord[]>;
    /** Inserts or replaces the rate of (scope, category). */
    put(limit: ProvisionedLimitRecord): Promise<void>;
  };

  quotaProcesses: {
    /** Records process `id` as alive at `now`, forgets those not seen since `staleBefore`, and counts the live ones. */
    heartbeat(id: string, now: number, staleBefore: number): Promise<number>;
    remove(id: string): Promise<void>;
  };

  /** A pool's session configuration (clientId null) or one client's, as the JSON the domain keeps. */
  sessionConfigurations: {
    find(poolId: string, clientId: string | null): Promise<Json | undefined>;
    put(poolId: string, clientId: string | null, config: Json, at: number): Promise<void>;
    /** The configurations of the pool's app clients (not the pool's own). */
    listForClients(poolId: string): Promise<Json[]>;
  };

  authEvents: {
    insert(event: AuthEventRecord): Promise<void>;
    find(eventId: string): Promise<AuthEventRecord | undefined>;
    update(eventId: string, patch: Partial<Pick<AuthEventRecord, 'eventResponse' | 'challenges' | 'feedback' | 'feedbackTokenHash' | 'riskDecision' | 'riskLevel'>>): Promise<void>;
    /** The user's events, newest first; `before` resumes after the last event of the previous page. */
    listForUser(sub: string, limit: number, before?: { createdAt: number; eventId: string }): Promise<AuthEventRecord[]>;
    /** Whether the user has a sign-in from this address, or with this device (key or user agent), that passed (unless feedback said Invalid) or that feedback said was Valid. */
    hasPassed(sub: string, match: { ipAddress?: string; deviceKey?: string; userAgent?: string }): Promise<boolean>;
    /** How many distinct users failed to sign in from this address since `since`. */
    countFailedUsersFrom(poolId: string, ipAddress: string, since: number): Promise<number>;
  };

  riskConfigurations: {
    /** Inserts or replaces the configuration of (poolId, clientId); clientId '' is the pool's. */
    put(poolId: string, clientId: string, config: Json, updatedAt: number): Promise<void>;
    find(poolId: string, clientId: string): Promise<{ config: Json; updatedAt: number } | undefined>;
  };

  logDeliveryConfigurations: {
    put(poolId: string, config: Json[], updatedAt: number): Promise<void>;
    find(poolId: string): Promise<Json[] | undefined>;
  };

  userImportJobs: {
    insert(job: UserImportJobRecord): Promise<void>;
    find(poolId: string, jobId: string): Promise<UserImportJobRecord | undefined>;
    /** Oldest first; `after` resumes after the last job of a previous page. */
    list(poolId: string, limit: number, after?: { createdAt: number; jobId: string }): Promise<UserImportJobRecord[]>;
    /** Applies `patch` only while the job's status is one of `from`; false when it was not. */
    transition(jobId: string, from: string[], patch: UserImportJobPatch): Promise<boolean>;
    /** Stores one chunk of an upload in progress. */
    insertChunk(chunk: UserImportChunkRecord): Promise<void>;
    /** Makes `uploadId` the job's file while it is Created, dropping every other upload's chunks; false when not Created. */
    completeUpload(jobId: string, uploadId: string, header: string): Promise<boolean>;
    findChunk(jobId: string, uploadId: string, seq: number): Promise<UserImportChunkRecord | undefined>;
    deleteChunks(jobId: string): Promise<void>;
    /**
     * Takes the lease of one job that is Pending, InProgress or Stopping and that nobody holds (or
     * whose holder let the lease lapse before `now`); undefined when there is none.
     */
    claim(owner: string, now: number, leaseUntil: number): Promise<UserImportJobRecord | undefined>;
    /**
     * The holder's step: adds the counts, moves next_chunk, renews the lease and records the rows'
     * outcomes, only while `owner` still holds the lease (false, nothing written, otherwise).
     */
    advance(jobId: string, owner: string, step: UserImportStep): Promise<boolean>;
    /** Users created by an import, in one go (StoreConflict('users' | 'user_aliases') when one collides: nothing is written). */
    insertUsers(users: Array<{ user: UserRecord; aliases: AliasRecord[] }>): Promise<void>;
    /** Which of `usernameKeys` the pool already holds. */
    existingUsernameKeys(poolId: string, usernameKeys: string[]): Promise<Set<string>>;
    /** Which of these aliases (as `kind:valueKey`) the pool already holds. */
    existingAliases(poolId: string, aliases: AliasRecord[]): Promise<Set<string>>;
    /** The job's row outcomes by line; `afterLine` resumes a previous page. */
    listErrors(jobId: string, limit: number, afterLine?: number): Promise<UserImportErrorRecord[]>;
  };

  /**
   * Told by the HTTP server as each request arrives, before it is handled: the next cached read
   * checks again for other processes' writes (SQLite; see data-version-watch.ts).
   */
  requestArrived(): void;
  /** Resolves when the database answers a query (readiness checks). */
  ping(): Promise<void>;
  /** Runs fn with a store bound to one transaction; commits when it resolves. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PostgreSQL's connection pool, for the metrics; undefined on SQLite. */
  poolStats?(): { total: number; idle: number; waiting: number } | undefined;
}

/** A request rate set by UpdateProvisionedLimit, in requests per second. */
export interface ProvisionedLimitRecord {
  /** '' for the account-wide rate, else a pool id. */
  scope: string;
  category: string;
  value: number;
  updatedAt: number;
}

/** What the store reports as it works, for the metrics. */
export interface StoreObserver {
  /** Called after each query with its duration. */
  onQuery?(durationMs: number): void;
  /** Hands over a reader of PostgreSQL's connection pool. */
  onPool?(stats: () => { total: number; idle: number; waiting: number }): void;
}

export interface UserImportJobRecord {
  jobId: string;
  poolId: string;
  jobName: string;
  status: string;
  cloudWatchLogsRoleArn: string;
  passwordHashingAlgorithm: string | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  importedUsers: number;
  skippedUsers: number;
  failedUsers: number;
  completionMessage: string | null;
  uploadId: string | null;
  csvHeader: string | null;
  nextChunk: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
}

export type UserImportJobPatch = Partial<Pick<UserImportJobRecord,
  'status' | 'startedAt' | 'completedAt' | 'completionMessage' | 'leaseOwner' | 'leaseUntil'>>;

export interface UserImportChunkRecord {
  jobId: string;
  uploadId: string;
  seq: number;
  /** The file's line number of the first line (the header is line 1). */
  firstLine: number;
  lines: string;
}

export interface UserImportErrorRecord {
  jobId: string;
  line: number;
  outcome: 'FAILED' | 'SKIPPED';
  message: string;
}

export interface UserImportStep {
  imported: number;
  skipped: number;
  failed: number;
  nextChunk: number;
  leaseUntil: number;
  errors: UserImportErrorRecord[];
  /** Users to create in the same transaction as the step. */
  users: Array<{ user: UserRecord; aliases: AliasRecord[] }>;
}
