// Builds the one Config: defaults < config file < environment < command-line flags.
// This is the only module that reads process.env.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { createRequire } from 'node:module';
import { ConfigSchema, type Config } from './schema.js';
import { describeSchemaErrors } from './schema-errors.js';
import { isLoopbackHost } from './server-host.js';

export type ConfigOverrides = { [K in keyof Config]?: Partial<Config[K]> };

export class ConfigError extends Error {}

/** Environment variables → config paths. Values are strings; integers and booleans are coerced by the schema. */
const ENV: Record<string, [keyof Config, string]> = {
  GATEHOUSE_HOST: ['server', 'host'],
  GATEHOUSE_PORT: ['server', 'port'],
  GATEHOUSE_PUBLIC_URL: ['server', 'publicUrl'],
  GATEHOUSE_LOG_LEVEL: ['server', 'logLevel'],
  GATEHOUSE_TRUST_PROXY: ['server', 'trustProxy'],
  GATEHOUSE_DATA_DIR: ['storage', 'dataDir'],
  DATABASE_URL: ['storage', 'databaseUrl'],
  GATEHOUSE_DATABASE_WAIT_SECONDS: ['storage', 'databaseWaitSeconds'],
  GATEHOUSE_SQLITE_CACHE_MIB: ['storage', 'sqliteCacheMiB'],
  GATEHOUSE_REGION: ['aws', 'region'],
  GATEHOUSE_ACCOUNT_ID: ['aws', 'accountId'],
  GATEHOUSE_ADMIN_ACCESS_KEY_ID: ['admin', 'accessKeyId'],
  GATEHOUSE_ADMIN_SECRET_ACCESS_KEY: ['admin', 'secretAccessKey'],
  GATEHOUSE_REQUIRE_SIGNATURE: ['admin', 'requireSignature'],
  GATEHOUSE_ADMIN_CONSOLE_PASSWORD: ['admin', 'consolePassword'],
  GATEHOUSE_KEY_ENCRYPTION_KEY: ['security', 'keyEncryptionKey'],
  GATEHOUSE_ARGON2_MEMORY_KIB: ['security', 'argon2MemoryKiB'],
  GATEHOUSE_ARGON2_ITERATIONS: ['security', 'argon2Iterations'],
  GATEHOUSE_MAX_QUEUED_PASSWORD_HASHES: ['security', 'maxQueuedPasswordHashes'],
  GATEHOUSE_MAX_QUEUED_PASSWORD_HASHES_PER_SOURCE: ['security', 'maxQueuedPasswordHashesPerSource'],
  GATEHOUSE_ISSUER_MODE: ['tokens', 'issuerMode'],
  GATEHOUSE_HOSTED_UI_BASE_DOMAIN: ['hostedUi', 'baseDomain'],
  GATEHOUSE_SIGN_IN_ATTEMPTS_PER_MINUTE: ['hostedUi', 'signInAttemptsPerMinute'],
  GATEHOUSE_SMTP_URL: ['messaging', 'smtpUrl'],
  GATEHOUSE_EMAIL_FROM: ['messaging', 'emailFrom'],
  GATEHOUSE_LAMBDA_ENDPOINT: ['triggers', 'lambdaEndpoint'],
  GATEHOUSE_TRIGGER_WEBHOOK_SECRET: ['triggers', 'webhookSecret'],
  GATEHOUSE_TRIGGER_TIMEOUT_MS: ['triggers', 'timeoutMs'],
  GATEHOUSE_TRIGGER_ALLOW_HTTP: ['triggers', 'allowHttp'],
  GATEHOUSE_KMS_ENDPOINT: ['triggers', 'kmsEndpoint'],
  GATEHOUSE_ALLOW_HTTP_PROVIDERS: ['federation', 'allowHttpProviders'],
  GATEHOUSE_DEV_IDP: ['devIdp', 'enabled'],
  GATEHOUSE_DEV_IDP_ALLOW_NON_LOOPBACK: ['devIdp', 'allowNonLoopback'],
  GATEHOUSE_DEV_IDP_CLIENT_ID: ['devIdp', 'clientId'],
  GATEHOUSE_DEV_IDP_CLIENT_SECRET: ['devIdp', 'clientSecret'],
  GATEHOUSE_METRICS_PORT: ['metrics', 'port'],
  GATEHOUSE_METRICS_HOST: ['metrics', 'host'],
  GATEHOUSE_QUOTAS: ['quotas', 'enabled'],
  GATEHOUSE_BREACHED_PASSWORDS_FILE: ['threatProtection', 'breachedPasswordsFile'],
  GATEHOUSE_LOG_QUEUE_SIZE: ['logDelivery', 'queueSize'],
  GATEHOUSE_GEO_DATABASE_FILE: ['threatProtection', 'geoDatabaseFile'],
};

/** The config file named by the flag, else by GATEHOUSE_CONFIG. */
export function resolveConfigFile(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flag ?? (env.GATEHOUSE_CONFIG || undefined);
}

/** Parses a YAML or JSON file into an object. */
export function readStructuredFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new ConfigError(`config file not found: ${path}`);
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  try {
    // yaml is loaded only for YAML files: start-up time counts and most starts read no file.
    parsed = path.endsWith('.json') ? JSON.parse(text) : (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} cannot be parsed: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`config file ${path} is not an object`);
  return parsed as Record<string, unknown>;
}

function readConfigFile(path: string): Record<string, unknown> {
  // Pool declarations in the same file are applied by src/declare, not server options.
  const { pools: _pools, seed: _seed, ...server } = readStructuredFile(path);
  resolveTriggerModules(server, dirname(resolve(path)));
  return server;
}

/** A trigger module named in a config file is found next to the file, wherever the server starts. */
function resolveTriggerModules(server: Record<string, any>, folder: string): void {
  const functions = server.triggers?.functions;
  if (!functions || typeof functions !== 'object') return;
  for (const target of Object.values(functions) as any[]) {
    if (target && typeof target.module === 'string' && !isAbsolute(target.module)) target.module = resolve(folder, target.module);
  }
}

function merge(target: Record<string, any>, source: Record<string, any> | undefined): void {
  if (!source) return;
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      target[key] = target[key] && typeof target[key] === 'object' ? target[key] : {};
      merge(target[key], value);
    } else {
      target[key] = value;
    }
  }
}

export function loadConfig(options: {
  file?: string;
  env?: NodeJS.ProcessEnv;
  overrides?: ConfigOverrides;
} = {}): Config {
  const env = options.env ?? process.env;
  const raw: Record<string, any> = {};
  const file = resolveConfigFile(options.file, env);
  if (file) merge(raw, readConfigFile(file));
  for (const [name, [section, key]] of Object.entries(ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') merge(raw, { [section]: { [key]: value } });
  }
  if (env.GATEHOUSE_TRIGGERS) merge(raw, { triggers: { functions: parseTriggerTable(env.GATEHOUSE_TRIGGERS) } });
  if (env.GATEHOUSE_DEV_IDP_REDIRECT_URIS) merge(raw, { devIdp: { redirectUris: env.GATEHOUSE_DEV_IDP_REDIRECT_URIS.split(',').map((uri) => uri.trim()).filter(Boolean) } });
  if (env.GATEHOUSE_LOG_DESTINATIONS) merge(raw, { logDelivery: { destinations: parseLogDestinations(env.GATEHOUSE_LOG_DESTINATIONS) } });
  merge(raw, options.overrides as Record<string, any>);

  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw));
  // A file's top level may also hold the declared pools (read by src/declare).
  const fromEnv = Object.entries(ENV).filter(([name]) => env[name]).map(([name, [section, key]]) => [`/${section}/${key}:`, name]);
  const lines = describeSchemaErrors(Value.Errors(ConfigSchema, withDefaults), { extraKeys: ['pools', 'seed'] })
    .map((line) => `${line}${fromEnv.filter(([path]) => line.startsWith(path)).map(([, name]) => ` (from ${name})`).join('')}`);
  if (lines.length > 0) throw new ConfigError(`invalid configuration:\n${lines.map((line) => `  ${line}`).join('\n')}`);
  const unsigned = Object.entries((withDefaults as Config).triggers.functions)
    .filter(([, target]) => 'url' in target && !target.secret && !(withDefaults as Config).triggers.webhookSecret)
    .map(([name]) => `  /triggers/functions/${name}: a webhook needs a secret to sign its requests (its own secret, or triggers.webhookSecret / GATEHOUSE_TRIGGER_WEBHOOK_SECRET)`);
  if (unsigned.length > 0) throw new ConfigError(`invalid configuration:\n${unsigned.join('\n')}`);
  const inClear = triggerUrlsInClear(withDefaults as Config);
  if (inClear.length > 0) throw new ConfigError(`invalid configuration:\n${inClear.join('\n')}`);
  const urlProblem = (withDefaults as Config).storage.databaseUrl && databaseUrlProblem((withDefaults as Config).storage.databaseUrl!);
  if (urlProblem) throw new ConfigError(`invalid configuration:\n  /storage/databaseUrl${env.DATABASE_URL ? ' (from DATABASE_URL)' : ''}: ${urlProblem}`);
  const exposed = devIdpExposure(withDefaults as Config);
  if (exposed) throw new ConfigError(`invalid configuration:\n  /devIdp/enabled${env.GATEHOUSE_DEV_IDP ? ' (from GATEHOUSE_DEV_IDP)' : ''}: ${exposed}`);
  return deepFreeze(withDefaults as Config);
}

/**
 * Why the development identity provider may not run with this config: it signs in anyone who
 * types an email, so it stays on loopback unless devIdp.allowNonLoopback says otherwise.
 */
function devIdpExposure(config: Config): string | undefined {
  if (!config.devIdp.enabled || config.devIdp.allowNonLoopback) return undefined;
  const publicHost = config.server.publicUrl && URL.canParse(config.server.publicUrl) ? new URL(config.server.publicUrl).hostname : undefined;
  const where = !isLoopbackHost(config.server.host)
    ? `the server listens on ${config.server.host}`
    : publicHost !== undefined && !isLoopbackHost(publicHost) ? `the server is published at ${config.server.publicUrl}` : undefined;
  if (!where) return undefined;
  return `the development identity provider signs anyone in without a password, and ${where}, which is not a loopback address. Use it on 127.0.0.1 / localhost, or set devIdp.allowNonLoopback (GATEHOUSE_DEV_IDP_ALLOW_NON_LOOPBACK=true) to run it there anyway.`;
}

/**
 * Trigger events carry what users typed (UserMigration: the password) and codes: to anything but
 * this machine they go over https, unless triggers.allowHttp says the network is trusted.
 */
function triggerUrlsInClear(config: Config): string[] {
  if (config.triggers.allowHttp) return [];
  const inClear = (url: string) => {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname);
  };
  const advice = 'use https, or set triggers.allowHttp (GATEHOUSE_TRIGGER_ALLOW_HTTP=true) on a network you trust';
  return [
    ...Object.entries(config.triggers.functions)
      .filter(([, target]) => 'url' in target && inClear(target.url))
      .map(([name]) => `  /triggers/functions/${name}/url: plain http to another machine would send trigger events (passwords, codes) in clear; ${advice}`),
    ...(config.triggers.lambdaEndpoint && inClear(config.triggers.lambdaEndpoint)
      ? [`  /triggers/lambdaEndpoint: plain http to another machine would send trigger events (passwords, codes) in clear; ${advice}`]
      : []),
  ];
}

/**
 * GATEHOUSE_TRIGGERS, the triggers.functions table in one variable for one-off use:
 * `name=./handler.js#export,other=https://hooks.example/x` (a URL is a webhook; a module's export
 * defaults to `handler`).
 */
export function parseTriggerTable(value: string): Record<string, { module: string; export?: string } | { url: string }> {
  const table: Record<string, { module: string; export?: string } | { url: string }> = {};
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const equals = entry.indexOf('=');
    if (equals <= 0 || equals === entry.length - 1) throw new ConfigError(`invalid configuration:\n  GATEHOUSE_TRIGGERS: "${entry}" is not name=./module.js#export or name=https://url`);
    const name = entry.slice(0, equals);
    const target = entry.slice(equals + 1);
    if (/^https?:\/\//.test(target)) {
      table[name] = { url: target };
    } else {
      const hash = target.lastIndexOf('#');
      table[name] = hash > 0 ? { module: target.slice(0, hash), export: target.slice(hash + 1) } : { module: target };
    }
  }
  return table;
}

/** What is wrong with a PostgreSQL URL, never quoting its password. */
export function databaseUrlProblem(value: string): string | undefined {
  const example = 'expected postgres://user:password@host:5432/database';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `not a URL; ${example}`;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return `${url.protocol}// is not supported: Gatehouse keeps its data in PostgreSQL (postgres:// or postgresql://), or in SQLite when no database URL is set`;
  }
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The URL the server is reached at, without a trailing slash. */
export function publicBaseUrl(config: Config, listeningPort?: number): string {
  if (config.server.publicUrl) return config.server.publicUrl.replace(/\/+$/, '');
  const port = listeningPort ?? config.server.port;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  return `http://${host}:${port}`;
}

/** GATEHOUSE_LOG_DESTINATIONS: `arn=target` pairs, comma-separated (an ARN holds no '=' or ','). */
function parseLogDestinations(value: string): Record<string, string> {
  const table: Record<string, string> = {};
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const equals = entry.indexOf('=');
    if (equals <= 0 || equals === entry.length - 1) throw new ConfigError(`invalid configuration:\n  GATEHOUSE_LOG_DESTINATIONS: "${entry}" is not arn=/path/to/file or arn=https://url`);
    table[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return table;
}
