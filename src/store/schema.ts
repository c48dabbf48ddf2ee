// The Kysely view of the database, shared by SQLite and PostgreSQL.
// Representation choices, made once so both engines store the same thing:
// - instants are epoch milliseconds in BIGINT/INTEGER columns (pg returns BIGINT as string: see postgres.ts);
// - booleans are 0/1 integers;
// - structured values (pool config, attributes) are JSON in TEXT columns;
// - secrets are never stored in clear: passwords as argon2id hashes, refresh tokens and codes as
//   SHA-256 hex, signing keys / client secrets / SRP verifiers sealed with the key-encryption key.
import type { Generated } from 'kysely';

export interface UserPoolsTable {
  id: string;
  name: string;
  /** The Cognito UserPoolType members we keep (policies, schema, templates, tags …) as JSON. */
  config: string;
  created_at: number;
  updated_at: number;
}

export interface PoolKeysTable {
  kid: string;
  pool_id: string;
  /** 'id' or 'access': Cognito signs the two token kinds with different keys. */
  token_use: string;
  private_key_sealed: string;
  public_jwk: string;
  created_at: number;
  retired_at: number | null;
}

export interface ClientsTable {
  id: string;
  pool_id: string;
  name: string;
  secret_sealed: string | null;
  /** The UserPoolClientType members (flows, scopes, URLs, validity …) as JSON. */
  config: string;
  created_at: number;
  updated_at: number;
  /** JSON array of the secrets added since creation: [{ id, sealed, createdAt }]. */
  added_secrets: string;
}

export interface DomainsTable {
  domain: string;
  pool_id: string;
  custom: number;
  config: string;
  created_at: number;
}

export interface ResourceServersTable {
  pool_id: string;
  identifier: string;
  name: string;
  scopes: string;
  created_at: number;
}

export interface IdentityProvidersTable {
  pool_id: string;
  name: string;
  type: string;
  details: string;
  attribute_mapping: string;
  idp_identifiers: string;
  created_at: number;
  updated_at: number;
}

export interface UserIdentitiesTable {
  pool_id: string;
  provider_name: string;
  provider_user_id: string;
  sub: string;
  created_at: number;
}

/** A registered passkey; see WebAuthnCredentialRecord. */
export interface WebAuthnCredentialsTable {
  pool_id: string;
  credential_id: string;
  sub: string;
  public_key: string;
  sign_count: number;
  transports: string;
  attachment: string | null;
  friendly_name: string | null;
  relying_party_id: string;
  created_at: number;
}

export interface SpCertificatesTable {
  pool_id: string;
  certificate: string;
  private_key_sealed: string;
  created_at: number;
}

export interface UsersTable {
  sub: string;
  pool_id: string;
  username: string;
  /** The username as matched: lower-cased when the pool is case-insensitive. Unique per pool. */
  username_key: string;
  status: string;
  enabled: number;
  password_hash: string | null;
  srp_sealed: string | null;
  /** Copies of the ListUsers-searchable attributes, indexed. */
  email: string | null;
  phone_number: string | null;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  preferred_username: string | null;
  /** The email lower-cased (migration 0002), for case-insensitive ListUsers matching. */
  email_key: string | null;
  /** Every attribute except sub, as a JSON object of name → string value. */
  attributes: string;
  /** MFA settings and other per-user state as JSON. */
  mfa: string;
  failed_attempts: number;
  last_failed_at: number | null;
  locked_until: number | null;
  password_expires_at: number | null;
  created_at: number;
  updated_at: number;
}

/** Sign-in identifiers other than the username (email/phone as username or verified alias). */
export interface UserAliasesTable {
  pool_id: string;
  kind: string;
  value_key: string;
  sub: string;
}

export interface GroupsTable {
  pool_id: string;
  name: string;
  description: string | null;
  role_arn: string | null;
  precedence: number | null;
  created_at: number;
  updated_at: number;
}

export interface UserGroupsTable {
  pool_id: string;
  group_name: string;
  sub: string;
  created_at: number;
}

/** One row per sign-in: access/ID tokens carry its id as origin_jti, so revoking it revokes them. */
export interface AuthSessionsTable {
  origin_jti: string;
  pool_id: string;
  sub: string;
  client_id: string;
  auth_time: number;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** 0008: the device key the sign-in was made with, or null. */
  device_key: string | null;
  /** 0014: Cognito's SessionId ("tkn…"); null only on rows a pre-0014 process wrote meanwhile. */
  session_id: string | null;
  /** 0014: the latest sign-in or refresh; its IP address and device description when known. */
  last_active_at: number | null;
  last_ip: string | null;
  device_type: string | null;
  /** 0019: the SSO session ("sso…") the token session came through, or null. */
  origin_session_id?: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  origin_jti: string;
  pool_id: string;
  client_id: string;
  sub: string;
  scopes: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** 0014: when a rotation replaced this token, or null. */
  rotated_at: number | null;
}

export interface CodesTable {
  pool_id: string;
  sub: string;
  /** 'signup', 'forgot_password', 'verify:<attribute>', 'mfa:<kind>' … one live code per purpose. */
  purpose: string;
  code_hash: string;
  attempts: number;
  created_at: number;
  expires_at: number;
  /** What the code will apply when confirmed (e.g. a pending new email); null for most codes. */
  payload: string | null;
}

/** Single-use markers (challenge sessions, TOTP codes): a row exists once the thing was used. */
export interface ConsumedTable {
  id: string;
  expires_at: number;
}

export interface OutboxTable {
  id: Generated<number>;
  pool_id: string;
  username: string;
  purpose: string;
  medium: string;
  destination: string;
  subject: string | null;
  body: string;
  code: string | null;
  created_at: number;
}

/** An authorization code of /oauth2/authorize, until redeemed at /oauth2/token (single use). */
export interface AuthorizationCodesTable {
  code_hash: string;
  pool_id: string;
  client_id: string;
  sub: string;
  redirect_uri: string;
  /** Granted scopes, space-separated. */
  scopes: string;
  nonce: string | null;
  /** PKCE S256 challenge (base64url), when the authorize request had one. */
  code_challenge: string | null;
  auth_time: number;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  /** origin_jti of the tokens the code was exchanged for: a replay revokes them. */
  issued_origin_jti: string | null;
  /** 0019: the SSO session ("sso…") the code was issued through, or null. */
  origin_session_id?: string | null;
}

/** A Hosted UI sign-in (the `cognito` cookie): lets /oauth2/authorize skip the password until /logout. */
export interface HostedSessionsTable {
  id_hash: string;
  pool_id: string;
  sub: string;
  auth_time: number;
  created_at: number;
  expires_at: number;
  /** 0019: Cognito's SessionId ("sso…"), the app client signed in through, the latest use and where from. */
  session_id?: string | null;
  client_id?: string | null;
  last_active_at?: number | null;
  last_ip?: string | null;
  device_type?: string | null;
}

/** SetUICustomization: the Hosted UI's CSS and logo for a pool (client_id 'ALL') or one app client. */
export interface UiCustomizationsTable {
  pool_id: string;
  client_id: string;
  css: string | null;
  image_base64: string | null;
  image_type: string | null;
  css_version: string;
  created_at: number;
  updated_at: number;
}

/** A tracked device of a user (issued at sign-in, confirmed by ConfirmDevice). */
export interface DevicesTable {
  device_key: string;
  pool_id: string;
  sub: string;
  group_key: string;
  verifier_sealed: string | null;
  name: string | null;
  /** 0 or 1. */
  remembered: number;
  last_ip: string | null;
  created_at: number;
  updated_at: number;
  last_authenticated_at: number | null;
}

/** An admin console sign-in: the cookie's random id is kept only as its SHA-256. */
export interface AdminSessionsTable {
  id_hash: string;
  /** Who signed in: the access key id, or "password". */
  actor: string;
  created_at: number;
  last_seen_at: number;
  /** The earlier of the idle and the absolute expiry, moved on as the session is used. */
  expires_at: number;
}

/** One change made through the console or an admin-signed API call. */
export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  /** `console:<key id or "password">` or `api:<access key id>`. */
  actor: string;
  /** The API operation name. */
  action: string;
  pool_id: string | null;
  target: string | null;
  /** JSON without secrets, passwords or codes. */
  summary: string;
}

/** CreateTerms: one terms document (terms-of-use or privacy-policy) of an app client. */
export interface TermsTable {
  id: string;
  pool_id: string;
  client_id: string;
  name: string;
  source: string;
  enforcement: string;
  /** JSON object of language key to URL. */
  links: string;
  created_at: number;
  updated_at: number;
}

/** CreateManagedLoginBranding: an app client's managed login style. */
export interface ManagedLoginBrandingsTable {
  id: string;
  pool_id: string;
  client_id: string;
  /** 0 or 1. */
  use_cognito_provided_values: number;
  /** The Settings document (JSON), or null. */
  settings: string | null;
  /** JSON array of ManagedLoginAsset (bytes in base64). */
  assets: string;
  created_at: number;
  updated_at: number;
}

/** 0014: a pool's session configuration (client_id '') or one client's, as JSON. */
export interface SessionConfigurationsTable {
  pool_id: string;
  client_id: string;
  config: string;
  updated_at: number;
}

export interface AuthEventsTable {
  event_id: string;
  pool_id: string;
  sub: string;
  client_id: string | null;
  event_type: string;
  event_response: string;
  created_at: number;
  risk_decision: string;
  risk_level: string | null;
  compromised: number;
  /** JSON array of { ChallengeName, ChallengeResponse }. */
  challenges: string;
  ip_address: string;
  device_key: string | null;
  user_agent: string | null;
  feedback_value: string | null;
  feedback_provider: string | null;
  feedback_at: number | null;
  /** SHA-256 hex of the FeedbackToken a notification carried. */
  feedback_token_hash: string | null;
}

export interface RiskConfigurationsTable {
  pool_id: string;
  /** '' for the pool's own configuration. */
  client_id: string;
  config: string;
  updated_at: number;
}

export interface LogDeliveryConfigurationsTable {
  pool_id: string;
  /** JSON array of LogConfigurationType. */
  config: string;
  updated_at: number;
}

export interface UserImportJobsTable {
  job_id: string;
  pool_id: string;
  job_name: string;
  status: string;
  cloud_watch_logs_role_arn: string;
  password_hashing_algorithm: string | null;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  imported_users: number;
  skipped_users: number;
  failed_users: number;
  completion_message: string | null;
  upload_id: string | null;
  csv_header: string | null;
  next_chunk: number;
  lease_owner: string | null;
  lease_until: number | null;
}

export interface UserImportChunksTable {
  job_id: string;
  upload_id: string;
  seq: number;
  first_line: number;
  lines: string;
}

export interface UserImportErrorsTable {
  job_id: string;
  line: number;
  outcome: string;
  message: string;
}

export interface Database {
  user_pools: UserPoolsTable;
  pool_keys: PoolKeysTable;
  clients: ClientsTable;
  domains: DomainsTable;
  resource_servers: ResourceServersTable;
  identity_providers: IdentityProvidersTable;
  user_identities: UserIdentitiesTable;
  sp_certificates: SpCertificatesTable;
  webauthn_credentials: WebAuthnCredentialsTable;
  users: UsersTable;
  user_aliases: UserAliasesTable;
  groups: GroupsTable;
  user_groups: UserGroupsTable;
  auth_sessions: AuthSessionsTable;
  refresh_tokens: RefreshTokensTable;
  codes: CodesTable;
  consumed: ConsumedTable;
  outbox: OutboxTable;
  authorization_codes: AuthorizationCodesTable;
  hosted_sessions: HostedSessionsTable;
  ui_customizations: UiCustomizationsTable;
  devices: DevicesTable;
  admin_sessions: AdminSessionsTable;
  audit_log: AuditLogTable;
  session_configurations: SessionConfigurationsTable;
  terms: TermsTable;
  managed_login_brandings: ManagedLoginBrandingsTable;
  migration_sources: MigrationSourcesTable;
  provisioned_limits: ProvisionedLimitsTable;
  quota_processes: QuotaProcessesTable;
  auth_events: AuthEventsTable;
  risk_configurations: RiskConfigurationsTable;
  log_delivery_configurations: LogDeliveryConfigurationsTable;
  user_import_jobs: UserImportJobsTable;
  user_import_chunks: UserImportChunksTable;
  user_import_errors: UserImportErrorsTable;
}

/** Where an imported pool came from; see MigrationSourceRecord. */
export interface MigrationSourcesTable {
  pool_id: string;
  source_pool_id: string;
  region: string;
  endpoint: string | null;
  client_id: string;
  secrets_sealed: string;
  created_at: number;
  updated_at: number;
}

export interface ProvisionedLimitsTable {
  /** '' for the account-wide rate, else a pool id. */
  scope: string;
  category: string;
  value: number;
  updated_at: number;
}

export interface QuotaProcessesTable {
  id: string;
  seen_at: number;
}
