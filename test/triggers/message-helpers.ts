// What the message tests share: the newest outbox message of a user (subject, body, code), read
// through the admin route as an operator would.
import { ADMIN_KEY, type TestServer } from '../helpers/server.js';
import type { OutboxRecord } from '../../src/store/store.js';
export { errorOf } from '../helpers/errors.js';

export type SentMessage = Pick<OutboxRecord, 'purpose' | 'medium' | 'destination' | 'subject' | 'body' | 'code'>;

export async function latestMessage(t: TestServer, poolId: string, username: string): Promise<SentMessage | undefined> {
  const query = new URLSearchParams({ poolId, username, limit: '1' });
  const response = await fetch(`${t.url}/_gatehouse/outbox?${query}`, {
    headers: { authorization: `Basic ${Buffer.from(`${ADMIN_KEY.accessKeyId}:${ADMIN_KEY.secretAccessKey}`).toString('base64')}` },
  });
  const body = (await response.json()) as { messages: SentMessage[] };
  return body.messages[0];
}

