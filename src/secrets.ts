// Server secrets: the key-encryption key and the admin access key. Taken from config when set;
// otherwise generated once into <dataDir>/secrets.json (mode 0600) and announced at start,
// the way the AWS console hands out an access key.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './config/schema.js';
import { newAccessKeyId, newSecretAccessKey } from './crypto/random.js';
import type { AccessKey } from './cognito/types.js';
import type { Secrets } from './domain/deps.js';

interface SecretsFile {
  keyEncryptionKey: string;
  adminAccessKeyId: string;
  adminSecretAccessKey: string;
}

export function loadSecrets(config: Config): Secrets {
  const path = join(config.storage.dataDir, 'secrets.json');
  let file: Partial<SecretsFile> = {};
  if (existsSync(path)) file = JSON.parse(readFileSync(path, 'utf8'));
  const generated: Secrets['generated'] = {};
  let dirty = false;

  if (!config.security.keyEncryptionKey && !file.keyEncryptionKey) {
    file.keyEncryptionKey = randomBytes(32).toString('base64');
    generated.keyEncryptionKey = true;
    dirty = true;
  }
  if (!config.admin.accessKeyId && !file.adminAccessKeyId) {
    file.adminAccessKeyId = newAccessKeyId();
    file.adminSecretAccessKey = newSecretAccessKey();
    generated.adminKey = { accessKeyId: file.adminAccessKeyId, secretAccessKey: file.adminSecretAccessKey };
    dirty = true;
  }
  if (dirty) {
    mkdirSync(config.storage.dataDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  }

  const kek = Buffer.from(config.security.keyEncryptionKey ?? file.keyEncryptionKey!, 'base64');
  if (kek.length !== 32) throw new Error('security.keyEncryptionKey must be the base64 of 32 bytes');
  const adminKeys: AccessKey[] = [];
  if (config.admin.accessKeyId) {
    if (!config.admin.secretAccessKey) throw new Error('admin.accessKeyId is set but admin.secretAccessKey is not');
    adminKeys.push({ accessKeyId: config.admin.accessKeyId, secretAccessKey: config.admin.secretAccessKey });
  } else {
    adminKeys.push({ accessKeyId: file.adminAccessKeyId!, secretAccessKey: file.adminSecretAccessKey! });
  }
  return { keyEncryptionKey: kek, adminKeys, generated };
}
