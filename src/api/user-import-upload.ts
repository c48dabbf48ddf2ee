// PUT <PreSignedUrl>: a user import job's CSV, answered as S3 answers a pre-signed PUT (empty 200,
// or an XML <Error> with S3's codes). The URL's signature is the only credential; the body streams
// into the store (domain/user-import/upload.ts).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { UPLOAD_PATH, checkUploadUrl } from '../domain/user-import/presigned-url.js';
import { receiveUpload } from '../domain/user-import/upload.js';

const xmlEscape = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function s3Error(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/xml')
    .send(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
}

export async function userImportUploadPlugin(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  // Any content type: the body is handed over as the stream it is, never buffered here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.put<{ Params: { poolId: string; jobId: string }; Querystring: Record<string, string | undefined> }>(
    `${UPLOAD_PATH}/:poolId/:jobId`,
    async (request, reply) => {
      const { poolId, jobId } = request.params;
      const check = checkUploadUrl(deps, poolId, jobId, request.query['X-Gatehouse-Expires'], request.query['X-Gatehouse-Signature']);
      if (check === 'bad-signature') return s3Error(reply, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
      if (check === 'expired') return s3Error(reply, 403, 'AccessDenied', 'Request has expired');
      const body = (request.body as AsyncIterable<Buffer> | undefined) ?? request.raw;
      const outcome = await receiveUpload(deps, poolId, jobId, body);
      switch (outcome) {
        case 'ok': return reply.code(200).send();
        case 'no-such-job': return s3Error(reply, 404, 'NoSuchKey', 'The specified key does not exist.');
        case 'not-open': return s3Error(reply, 403, 'AccessDenied', 'The import job no longer takes a file.');
        case 'too-large': return s3Error(reply, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
        case 'line-too-long': return s3Error(reply, 400, 'InvalidArgument', 'A line of the CSV file is too long to be a user.');
      }
    },
  );
}
