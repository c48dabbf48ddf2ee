// A job's PreSignedUrl: a URL on this server that takes the job's CSV by PUT, as S3's pre-signed
// URL does. Its signature (HMAC-SHA256 under a key derived from the key-encryption key, so every
// process of a shared database accepts it) binds the pool, the job and the expiry; nothing is
// stored, and a URL cannot be bent to another job or a later time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { UserImportJobRecord } from '../../store/store.js';

/** How long the URL takes uploads after the job's creation (S3 pre-signed URLs are short-lived). */
export const UPLOAD_URL_TTL_MS = 15 * 60 * 1000;

export const UPLOAD_PATH = '/_gatehouse/user-import';

const uploadKey = (deps: Deps): Buffer => createHmac('sha256', deps.secrets.keyEncryptionKey).update('user-import-upload-url').digest();

const signature = (deps: Deps, poolId: string, jobId: string, expires: number): string =>
  createHmac('sha256', uploadKey(deps)).update(`${poolId}\n${jobId}\n${expires}`).digest('base64url');

export const uploadExpiresAt = (job: Pick<UserImportJobRecord, 'createdAt'>): number => Math.floor((job.createdAt + UPLOAD_URL_TTL_MS) / 1000);

export function presignedUrl(deps: Deps, job: UserImportJobRecord): string {
  const expires = uploadExpiresAt(job);
  const query = new URLSearchParams({ 'X-Gatehouse-Expires': String(expires), 'X-Gatehouse-Signature': signature(deps, job.poolId, job.jobId, expires) });
  return `${deps.baseUrl()}${UPLOAD_PATH}/${encodeURIComponent(job.poolId)}/${encodeURIComponent(job.jobId)}?${query}`;
}

export type UrlCheck = 'ok' | 'bad-signature' | 'expired';

/** Whether an upload URL's signature holds (constant-time) and its time has not passed. */
export function checkUploadUrl(deps: Deps, poolId: string, jobId: string, expiresText: string | undefined, given: string | undefined): UrlCheck {
  if (!expiresText || !given || !/^\d{1,12}$/.test(expiresText)) return 'bad-signature';
  const expected = Buffer.from(signature(deps, poolId, jobId, Number(expiresText)));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return 'bad-signature';
  return deps.clock.now() >= Number(expiresText) * 1000 ? 'expired' : 'ok';
}
