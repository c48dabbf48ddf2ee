import type { KeyringNode } from '@aws-crypto/client-node';

export interface DecryptCodeOptions {
  /** Base64 key printed by `gatehouse trigger-key` (default: GATEHOUSE_TRIGGER_KEY). Unset: AWS KMS decrypts. */
  key?: string;
  /** The pool's LambdaConfig.KMSKeyID (default: KMS_KEY_ID). */
  kmsKeyId?: string;
  /** Any keyring of @aws-crypto/client-node, instead of the two above. */
  keyring?: KeyringNode;
}

/** The keyring that unwraps codes Gatehouse encrypted with the key printed by `gatehouse trigger-key`. */
export function gatehouseKeyring(key: string, kmsKeyId: string): KeyringNode;

/** The plaintext of a custom sender event's request.code, or null when the event carries none. */
export function decryptCode(code: string | null | undefined, options?: DecryptCodeOptions): Promise<string | null>;
