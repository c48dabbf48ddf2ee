// Taking a job's CSV from its pre-signed URL: the body is read as it arrives and written to the
// store in chunks of lines, so neither a large file nor many uploads at once are held in memory,
// and whichever process later runs the job reads the same file.
import { StringDecoder } from 'node:string_decoder';
import type { Deps } from '../deps.js';
import { newUuid } from '../../crypto/random.js';

/** Lines per stored chunk: also the import's unit of work (one transaction per chunk). */
export const LINES_PER_CHUNK = 500;
/** Cognito takes files up to 100 MB and 500,000 users; Gatehouse takes larger ones, to this bound. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** A line longer than this cannot be a row (Cognito: 16,000 characters): the upload is refused. */
const MAX_LINE_CHARS = 64 * 1024;

export type UploadOutcome = 'ok' | 'no-such-job' | 'not-open' | 'too-large' | 'line-too-long';

export async function receiveUpload(deps: Deps, poolId: string, jobId: string, body: AsyncIterable<Buffer | string>): Promise<UploadOutcome> {
  const job = await deps.store.userImportJobs.find(poolId, jobId);
  if (!job) return 'no-such-job';
  if (job.status !== 'Created') return 'not-open';
  const uploadId = newUuid();
  const decoder = new StringDecoder('utf8');
  let header: string | undefined;
  let pending = '';
  let lines: string[] = [];
  let seq = 0;
  let nextLine = 2;
  let bytes = 0;
  const flush = async () => {
    if (lines.length === 0) return;
    await deps.store.userImportJobs.insertChunk({ jobId, uploadId, seq: seq++, firstLine: nextLine, lines: lines.join('\n') });
    nextLine += lines.length;
    lines = [];
  };
  const take = async (line: string) => {
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (header === undefined) header = clean;
    else lines.push(clean);
    if (lines.length >= LINES_PER_CHUNK) await flush();
  };
  for await (const piece of body) {
    bytes += piece.length;
    if (bytes > MAX_UPLOAD_BYTES) return 'too-large';
    pending += typeof piece === 'string' ? piece : decoder.write(piece);
    let start = 0;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      await take(pending.slice(start, end));
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > MAX_LINE_CHARS) return 'line-too-long';
  }
  pending += decoder.end();
  if (pending) await take(pending);
  await flush();
  // Trailing empty lines are no rows; a file's last line usually ends with one.
  return (await deps.store.userImportJobs.completeUpload(jobId, uploadId, header ?? '')) ? 'ok' : 'not-open';
}
