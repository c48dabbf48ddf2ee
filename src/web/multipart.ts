// multipart/form-data bodies (RFC 7578) for forms that upload a file without script: the console's
// branding images. Text parts become form values like the urlencoded parser's; a file part becomes
// its bytes in base64 under its name, and its file name under `<name>.filename`. The whole body is
// already bounded by the server's body limit; the parts are few and every loop stops at MAX_PARTS.
import type { FastifyInstance } from 'fastify';
import { WebRequestError } from './errors.js';
import type { FormBody } from './form.js';

const MAX_PARTS = 20;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

const malformed = () => new WebRequestError('The form is not valid multipart/form-data.');

/** The parameter `name` of a header value (quoted or token), e.g. name="logo". */
function parameter(header: string, name: string): string | undefined {
  const match = header.match(new RegExp(`(?:^|;)\\s*${name}=(?:"([^"]*)"|([^;\\s]*))`, 'i'));
  return match ? (match[1] ?? match[2]) : undefined;
}

/** The parts of `body` separated by `boundary`: text parts as strings, file parts as base64. */
export function parseMultipart(body: Buffer, boundary: string): FormBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  const form: FormBody = {};
  const add = (name: string, value: string) => {
    const previous = form[name];
    form[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  };
  let position = body.indexOf(delimiter);
  if (position !== 0) throw malformed();
  for (let count = 0; ; count++) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString('latin1') === '--') return form;
    if (count >= MAX_PARTS) throw new WebRequestError(`The form can have at most ${MAX_PARTS} fields.`);
    if (!body.subarray(position, position + 2).equals(CRLF)) throw malformed();
    const headersEnd = body.indexOf(HEADER_END, position + 2);
    if (headersEnd < 0) throw malformed();
    const end = body.indexOf(nextDelimiter, headersEnd + HEADER_END.length);
    if (end < 0) throw malformed();
    const headers = body.subarray(position + 2, headersEnd).toString('utf8').split('\r\n');
    const disposition = headers.find((h) => /^content-disposition:/i.test(h));
    const name = disposition && parameter(disposition.slice(disposition.indexOf(':') + 1), 'name');
    if (!name) throw malformed();
    const content = body.subarray(headersEnd + HEADER_END.length, end);
    const filename = parameter(disposition.slice(disposition.indexOf(':') + 1), 'filename');
    if (filename !== undefined) {
      add(name, content.toString('base64'));
      add(`${name}.filename`, filename);
    } else {
      const text = content.toString('utf8');
      // PostgreSQL cannot hold U+0000 in text: as with urlencoded forms, refused here.
      if (name.includes('\u0000') || text.includes('\u0000')) throw new WebRequestError('The form must not contain the character U+0000.');
      add(name, text);
    }
    position = end + CRLF.length;
  }
}

export function addMultipartParser(app: FastifyInstance): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    const boundary = parameter(String(request.headers['content-type'] ?? '').replace(/^[^;]*/, ''), 'boundary');
    if (!boundary || boundary.length > 70) return done(malformed(), undefined);
    try {
      done(null, parseMultipart(body as Buffer, boundary));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
