// The codes and temporary passwords Gatehouse hands to custom sender functions, encrypted as Cognito
// encrypts them: an AWS Encryption SDK message (base64) under the pool's LambdaConfig.KMSKeyID, so
// a handler's usual decrypt code reads it.
// - By default the data key is wrapped by a raw AES-256 key that Gatehouse derives from its
//   key-encryption key for each KMSKeyID (keyring namespace "gatehouse", key name = the KMSKeyID).
//   `gatehouse trigger-key --kms-key-id <arn>` prints that key; a handler decrypts with
//   RawAesKeyringNode (or Gatehouse's decrypt-code helper) and it.
// - With triggers.kmsEndpoint set, the data key comes from that KMS API (AWS KMS or a local one)
//   under the KMSKeyID itself, signed with the standard AWS credentials: a handler written for
//   Cognito (KmsKeyringNode) decrypts it unchanged.
import { hkdfSync } from 'node:crypto';

/** The raw AES keyring's namespace; the key name is the KMSKeyID. */
export const SENDER_KEY_NAMESPACE = 'gatehouse';

export interface CodeEncryptionOptions {
  keyEncryptionKey: Buffer;
  /** KMS API base URL; when set, real KMS keys wrap the codes. */
  kmsEndpoint?: string;
}

/** The AES-256 key that wraps codes for a KMSKeyID: HKDF-SHA256 of the key-encryption key, bound to the KMSKeyID. */
export function senderKey(keyEncryptionKey: Buffer, kmsKeyId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', keyEncryptionKey, Buffer.alloc(0), `gatehouse custom sender key v1:${kmsKeyId}`, 32));
}

// The SDK is loaded on first use: most servers never run a custom sender, and start-up time counts.
type Sdk = typeof import('@aws-crypto/client-node');
let sdk: Promise<Sdk> | undefined;
const loadSdk = () => (sdk ??= import('@aws-crypto/client-node'));

/**
 * Encrypts `plaintext` for the custom sender functions of a pool whose KMSKeyID is `kmsKeyId`, with
 * the AWS Encryption SDK's default (committing, signed) algorithm suite; answers the message in base64.
 */
export async function encryptCode(options: CodeEncryptionOptions, kmsKeyId: string, plaintext: string, context: Record<string, string>): Promise<string> {
  const crypto = await loadSdk();
  const { encrypt } = crypto.buildClient(crypto.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const keyring = options.kmsEndpoint
    ? new crypto.KmsKeyringNode({ generatorKeyId: kmsKeyId, clientProvider: crypto.getClient(crypto.KMS, { endpoint: options.kmsEndpoint }) })
    : new crypto.RawAesKeyringNode({
      keyNamespace: SENDER_KEY_NAMESPACE,
      keyName: kmsKeyId,
      unencryptedMasterKey: senderKey(options.keyEncryptionKey, kmsKeyId),
      wrappingSuite: crypto.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
  const { result } = await encrypt(keyring, Buffer.from(plaintext, 'utf8'), { encryptionContext: context });
  return Buffer.from(result).toString('base64');
}
