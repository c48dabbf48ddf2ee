// The one declaration of every server option: its type, default and a sentence of documentation.
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { DEFAULT_RATES, QUOTA_CATEGORIES } from '../cognito/quota-categories.js';

const section = <T extends TProperties>(props: T) =>
  Type.Object(props, { additionalProperties: false, default: {} });

export const ConfigSchema = Type.Object(
  {
    server: section({
      host: Type.String({ default: '127.0.0.1', description: 'Address to listen on.' }),
      port: Type.Integer({ default: 9229, minimum: 0, maximum: 65535, description: 'TCP port to listen on (0 picks a free one).' }),
      publicUrl: Type.Optional(
        Type.String({ description: 'Base URL clients reach the server at; issuers and links are built from it. Default: http://<host>:<port>.' }),
      ),
      bodyLimitBytes: Type.Integer({ default: 262_144, minimum: 1024, description: 'Largest request body accepted.' }),
      logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)), {
        default: 'info',
        description: 'Log level: fatal, error, warn, info, debug, trace or silent.',
      }),
      trustProxy: Type.Optional(
        Type.String({
          minLength: 1,
          description:
            'Comma-separated addresses or CIDRs of the reverse proxies in front of Gatehouse. Requests from them are taken to come from the X-Forwarded-For client (sign-in rate limits, logs) over the X-Forwarded-Proto protocol (Secure cookies). Unset: no proxy is trusted.',
        }),
      ),
    }),
    storage: section({
      dataDir: Type.String({ default: './data', description: 'Folder for the SQLite database and generated secrets.' }),
      sqliteCacheMiB: Type.Integer({ default: 32, minimum: 1, maximum: 65_536, description: 'SQLite page cache per process, in MiB (part of the RSS).' }),
      databaseUrl: Type.Optional(
        Type.String({ description: 'postgres:// or postgresql:// URL; when set, PostgreSQL is used instead of SQLite.' }),
      ),
      databaseWaitSeconds: Type.Integer({ default: 10, minimum: 0, maximum: 600, description: 'How long a start waits for PostgreSQL to accept connections (it may still be starting) before giving up.' }),
    }),
    aws: section({
      region: Type.String({ default: 'us-east-1', description: 'Region used in pool ids, ARNs and the AWS-form issuer.' }),
      accountId: Type.String({ default: '000000000000', pattern: '^[0-9]{12}$', description: 'Account id used in ARNs.' }),
    }),
    admin: section({
      accessKeyId: Type.Optional(Type.String({ minLength: 16, maxLength: 128, description: 'Access key id that signs admin operations (SigV4). Generated on first start when absent.' })),
      secretAccessKey: Type.Optional(Type.String({ minLength: 16, maxLength: 128, description: 'Secret of the admin access key. Generated on first start when absent.' })),
      requireSignature: Type.Boolean({ default: true, description: 'Verify SigV4 on admin operations. Turn off only for throwaway local use.' }),
      signatureMaxSkewSeconds: Type.Integer({ default: 300, minimum: 1, description: 'How far X-Amz-Date may be from the server clock.' }),
      consolePassword: Type.Optional(Type.String({ minLength: 12, maxLength: 256, description: 'A password that signs in to the admin console at /admin (besides an admin access key and its secret). No password sign-in when absent.' })),
    }),
    security: section({
      keyEncryptionKey: Type.Optional(Type.String({ description: 'Base64 of 32 random bytes that seals signing keys, client secrets and SRP verifiers. Generated into the data folder when absent; set it explicitly when several processes share PostgreSQL.' })),
      argon2MemoryKiB: Type.Integer({ default: 19_456, minimum: 1024, description: 'argon2id memory cost (OWASP: 19 MiB).' }),
      argon2Iterations: Type.Integer({ default: 2, minimum: 1, description: 'argon2id time cost (OWASP: 2).' }),
      maxQueuedPasswordHashes: Type.Integer({ default: 128, minimum: 1, description: 'Password hashes that may wait for a core, served round-robin per pool and per source; when full, a newcomer with a smaller share takes the place of the largest share\'s newest hash, else gets TooManyRequestsException.' }),
      maxQueuedPasswordHashesPerSource: Type.Integer({ default: 16, minimum: 1, description: 'Password hashes one source (client address and app client) may have waiting; beyond that its sign-ins, sign-ups and password changes get TooManyRequestsException.' }),
    }),
    tokens: section({
      issuerMode: Type.Union([Type.Literal('gatehouse'), Type.Literal('aws')], {
        default: 'gatehouse',
        description: "'gatehouse': iss = <publicUrl>/<poolId>; 'aws': iss = https://cognito-idp.<region>.amazonaws.com/<poolId> for verifiers that hard-code it.",
      }),
    }),
    hostedUi: section({
      baseDomain: Type.String({
        default: 'auth.localhost',
        pattern: '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$',
        description: "A domain created with prefix P is served at P.<baseDomain> (browsers resolve *.localhost to loopback); custom domains by their own name; every pool also at <publicUrl>/<poolId>/….",
      }),
      signInAttemptsPerMinute: Type.Integer({ default: 30, minimum: 1, description: 'Sign-in form posts accepted per client IP per minute, on top of the per-user lockout.' }),
    }),
    triggers: section({
      functions: Type.Record(
        Type.String({ minLength: 1, maxLength: 140 }),
        Type.Union([
          Type.Object(
            {
              module: Type.String({ minLength: 1, description: 'Path of a JavaScript module (ESM or CommonJS): relative to the config file that names it (GATEHOUSE_TRIGGERS: to the working directory).' }),
              export: Type.String({ default: 'handler', minLength: 1, description: 'The exported handler, `async (event, context)` as on the Lambda Node runtime.' }),
            },
            { additionalProperties: false },
          ),
          Type.Object(
            {
              url: Type.String({ pattern: '^https?://', description: 'Webhook: the event JSON is POSTed here and the response body is the event returned.' }),
              secret: Type.Optional(Type.String({ minLength: 16, description: 'HMAC key of this webhook\'s X-Gatehouse-Signature header (else triggers.webhookSecret).' })),
            },
            { additionalProperties: false },
          ),
        ]),
        {
          default: {},
          description: 'How a Lambda function named in a pool\'s LambdaConfig runs, by function name (the ARN\'s function:<name> part, or a bare name): a local module or a webhook. Also GATEHOUSE_TRIGGERS="name=./file.js#export,other=https://…".',
        },
      ),
      lambdaEndpoint: Type.Optional(
        Type.String({ pattern: '^https?://', description: 'Base URL of an AWS Lambda Invoke API (AWS Lambda, LocalStack, your own) that runs functions not in triggers.functions, signed with the standard AWS credentials.' }),
      ),
      webhookSecret: Type.Optional(Type.String({ minLength: 16, description: 'HMAC key of the X-Gatehouse-Signature header sent to webhook functions without their own secret.' })),
      kmsEndpoint: Type.Optional(
        Type.String({ pattern: '^https?://', description: 'Base URL of a KMS API (AWS KMS, or a local one): the codes handed to CustomEmailSender / CustomSMSSender are then encrypted under the pool\'s KMSKeyID there, signed with the standard AWS credentials. Unset: under a key Gatehouse derives for each KMSKeyID (`gatehouse trigger-key`).' }),
      ),
      allowHttp: Type.Boolean({ default: false, description: 'Allow plain http webhook URLs and lambdaEndpoint on hosts other than loopback. Off: those must be https, since events carry passwords (UserMigration) and codes.' }),
      timeoutMs: Type.Integer({ default: 5000, minimum: 100, maximum: 60_000, description: 'How long a function may take before the operation fails with UnexpectedLambdaException (Cognito: 5 s, fixed).' }),
    }),
    federation: section({
      allowHttpProviders: Type.Boolean({
        default: false,
        description: 'Accept plain http endpoints of identity providers (OIDC issuer, authorize, token, userinfo, JWKS, SAML metadata) on any host. Off: https, or http only on loopback addresses (localhost, 127.0.0.0/8, ::1), as Cognito accepts https only.',
      }),
    }),
    devIdp: section({
      enabled: Type.Boolean({
        default: false,
        description: 'Serve a development OpenID Connect provider at <publicUrl>/_dev-idp/ that signs in whoever types a name and an email, with no password, so a pool can register it (CreateIdentityProvider, oidc_issuer = <publicUrl>/_dev-idp) and "Sign in with …" buttons work offline. UNSAFE FOR PRODUCTION. Refused on a non-loopback address unless devIdp.allowNonLoopback.',
      }),
      allowNonLoopback: Type.Boolean({
        default: false,
        description: 'Let the development provider run although the server listens on, or is published at, an address other than loopback. Anyone who reaches it can sign in as anyone: only on a network that is yours alone.',
      }),
      clientId: Type.String({ default: 'gatehouse-dev-idp', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$', description: 'The client id a pool registers the development provider with (ProviderDetails client_id).' }),
      clientSecret: Type.String({
        default: 'gatehouse-dev-idp-secret',
        minLength: 8,
        maxLength: 128,
        pattern: '^[\\x21-\\x7e]+$',
        description: 'The client secret the token endpoint requires of that client (ProviderDetails client_secret). It protects nothing of value: the development provider signs anyone in.',
      }),
      redirectUris: Type.Array(Type.String({ pattern: '^https?://', maxLength: 2048 }), {
        default: [],
        description: "Redirect URIs the development provider also sends codes to, matched exactly; it always accepts this server's own /oauth2/idpresponse (at the public URL, a loopback name, or a pool's domain). GATEHOUSE_DEV_IDP_REDIRECT_URIS: comma-separated.",
      }),
    }),
    messaging: section({
      smtpUrl: Type.Optional(Type.String({ description: 'smtp:// or smtps:// URL; when set, emails are also sent by SMTP.' })),
      emailFrom: Type.String({ default: 'no-reply@verificationemail.com', description: 'Sender of emails sent by SMTP.' }),
    }),
    metrics: section({
      port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'Also serve /metrics without authentication on this port (0 picks a free one). Unset: /metrics only on the main port, behind the admin key (HTTP Basic).' })),
      host: Type.String({ default: '127.0.0.1', description: 'Address the unauthenticated metrics port listens on.' }),
    }),
    quotas: section({
      enabled: Type.Boolean({ default: false, description: "Enforce Cognito's request-rate categories per user pool (TooManyRequestsException beyond them). Off: no request-rate limit but the password-hash queue's." }),
      rates: Type.Object(
        Object.fromEntries(QUOTA_CATEGORIES.map((category) => [category, Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: `Requests per second per pool (default ${DEFAULT_RATES[category]}).` }))])),
        { additionalProperties: false, default: {}, description: "Each category's free rate in requests per second per pool, where it differs from Cognito's default; UpdateProvisionedLimit may raise it." },
      ),
      maxRate: Type.Integer({ default: 100_000, minimum: 1, description: 'The highest rate UpdateProvisionedLimit may set (beyond: ServiceQuotaExceededException).' }),
    }),
    threatProtection: section({
      breachedPasswordsFile: Type.Optional(Type.String({ minLength: 1, description: 'A file of breached passwords for compromised-credentials detection: one per line, either the SHA-1 of the password in hex (40 characters, any case, an optional ":count" after it as in downloaded breach corpora) or the password itself. Read once, at the first check, into memory. Unset: no password counts as compromised.' })),
      passwordSprayUsers: Type.Integer({ default: 5, minimum: 2, description: 'Distinct users whose sign-ins failed from one address within passwordSprayWindowSeconds that make the next sign-in from there a high risk (password spraying).' }),
      passwordSprayWindowSeconds: Type.Integer({ default: 3600, minimum: 1, description: 'The window passwordSprayUsers counts in.' }),
      geoDatabaseFile: Type.Optional(Type.String({ minLength: 1, description: 'A CSV locating addresses for impossible-travel detection, in the layout of GeoLite2-City-Blocks-IPv4/IPv6: a header line naming at least network (a CIDR), latitude and longitude. Read once, at start. Unset: no impossible-travel signal.' })),
    }),
    logDelivery: section({
      destinations: Type.Record(Type.String({ minLength: 1 }), Type.String({ pattern: '^(/|https?://)' }), { default: {}, description: 'Where SetLogDeliveryConfiguration destinations go, by ARN (a CloudWatch Logs log group, S3 bucket or Firehose stream ARN): an absolute file path (one JSON log event per line is appended) or an http(s) URL (each event POSTed as JSON). GATEHOUSE_LOG_DESTINATIONS: arn=target pairs, comma-separated.' }),
      queueSize: Type.Integer({ default: 1000, minimum: 1, description: 'Log events that may wait for delivery; beyond, new events are dropped (counted and logged), so delivery never slows a request.' }),
    }),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
