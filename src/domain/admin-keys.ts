// The admin access keys: who may call admin operations outside SigV4 (the outbox route's Basic
// authentication, the console's sign-in with a key).
import type { Deps } from './deps.js';
import { constantTimeEqual } from '../crypto/digest.js';

/** Whether `id` and `secret` are one of the admin access keys (compared in constant time). */
export const isAdminKey = (deps: Deps, id: string, secret: string): boolean =>
  deps.secrets.adminKeys.some((k) => constantTimeEqual(k.accessKeyId, id) && constantTimeEqual(k.secretAccessKey, secret));
