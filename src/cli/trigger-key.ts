import { parseArgs } from 'node:util';

export const triggerKeyHelp = `Usage: gatehouse trigger-key --kms-key-id ARN [--data DIR] [--config FILE]

Prints (base64) the AES-256 key that wraps the codes Gatehouse hands to CustomEmailSender and
CustomSMSSender functions of pools whose LambdaConfig.KMSKeyID is ARN. Give it to the function
(e.g. as GATEHOUSE_TRIGGER_KEY) to decrypt event.request.code with gatehouse/decrypt-code, or with
@aws-crypto/client-node's RawAesKeyringNode (keyNamespace "gatehouse", keyName ARN). The key derives
from the server's key-encryption key: keep it as secret. Not used when triggers.kmsEndpoint is set.`;

export async function triggerKey(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'kms-key-id': { type: 'string' },
      data: { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(triggerKeyHelp);
    return;
  }
  const kmsKeyId = values['kms-key-id'];
  if (!kmsKeyId) throw new Error('--kms-key-id is required (the KMSKeyID of the pool\'s LambdaConfig).');
  const { loadConfig } = await import('../config/load.js');
  const { loadSecrets } = await import('../secrets.js');
  const { senderKey } = await import('../triggers/code-encryption.js');
  const config = loadConfig({ file: values.config, overrides: { storage: { ...(values.data && { dataDir: values.data }) } } });
  console.log(senderKey(loadSecrets(config).keyEncryptionKey, kmsKeyId).toString('base64'));
}
