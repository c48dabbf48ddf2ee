// Decrypts event.request.code in a CustomEmailSender / CustomSMSSender handler, the same code
// against Gatehouse and against Amazon Cognito:
//
//   import { decryptCode } from 'gatehouse/decrypt-code';   // or a copy of this file
//   export async function handler(event) {
//     const code = await decryptCode(event.request.code);    // the code, or the temporary password
//     ...send it...
//   }
//
// - With a key (option `key`, else the GATEHOUSE_TRIGGER_KEY environment variable): the base64 key
//   `gatehouse trigger-key --kms-key-id <KMSKeyID>` prints; the code is unwrapped by a raw AES
//   keyring (namespace "gatehouse", key name = the pool's KMSKeyID: option `kmsKeyId`, else the
//   KMS_KEY_ID environment variable).
// - Without a key: AWS KMS decrypts it (Cognito, or Gatehouse with triggers.kmsEndpoint), with the
//   function's AWS credentials; `kmsKeyId` limits decryption to that key when given.
// Needs only @aws-crypto/client-node.
import { buildClient, CommitmentPolicy, KmsKeyringNode, RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/client-node';

const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);

/** The keyring that unwraps codes Gatehouse encrypted with the key printed by `gatehouse trigger-key`. */
export function gatehouseKeyring(key, kmsKeyId) {
  if (!kmsKeyId) throw new Error('decryptCode: the pool\'s KMSKeyID is needed with a Gatehouse key (option kmsKeyId or KMS_KEY_ID).');
  return new RawAesKeyringNode({
    keyNamespace: 'gatehouse',
    keyName: kmsKeyId,
    unencryptedMasterKey: new Uint8Array(Buffer.from(key, 'base64')),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

/**
 * The plaintext of event.request.code (a string), or null when the event carries no code.
 * @param {string | null | undefined} code
 * @param {{ key?: string, kmsKeyId?: string, keyring?: import('@aws-crypto/client-node').KeyringNode }} [options]
 */
export async function decryptCode(code, options = {}) {
  if (!code) return null;
  const key = options.key ?? process.env.GATEHOUSE_TRIGGER_KEY;
  const kmsKeyId = options.kmsKeyId ?? process.env.KMS_KEY_ID;
  const keyring = options.keyring
    ?? (key ? gatehouseKeyring(key, kmsKeyId) : new KmsKeyringNode(kmsKeyId ? { keyIds: [kmsKeyId] } : { discovery: true }));
  const { plaintext } = await decrypt(keyring, Buffer.from(code, 'base64'));
  return Buffer.from(plaintext).toString('utf8');
}
