// The multipart/form-data parser of the console's upload forms: pure logic over byte strings.
import { describe, expect, it } from 'vitest';
import { parseMultipart } from '../../../src/web/multipart.js';

describe('multipart/form-data parsing', () => {
  const body = (parts: string[], boundary = 'XyZ') => Buffer.from(`${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`, 'latin1');

  it('gives text parts as strings and file parts as base64 with their file name', () => {
    const form = parseMultipart(body([
      'Content-Disposition: form-data; name="a"\r\n\r\nhello',
      'Content-Disposition: form-data; name="f"; filename="x.bin"\r\nContent-Type: application/octet-stream\r\n\r\n\u0000\u0001\r\n--notit',
    ]), 'XyZ');
    expect(form).toEqual({ a: 'hello', f: Buffer.from('\u0000\u0001\r\n--notit', 'latin1').toString('base64'), 'f.filename': 'x.bin' });
  });

  it('refuses bodies that do not follow the format, NUL in text fields, and too many parts', () => {
    expect(() => parseMultipart(Buffer.from('garbage'), 'XyZ')).toThrow('not valid multipart');
    expect(() => parseMultipart(body(['Content-Disposition: form-data\r\n\r\nno name']), 'XyZ')).toThrow('not valid multipart');
    expect(() => parseMultipart(Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'), 'XyZ')).toThrow('not valid multipart');
    expect(() => parseMultipart(body(['Content-Disposition: form-data; name="a"\r\n\r\nx\u0000y']), 'XyZ')).toThrow('U+0000');
    expect(() => parseMultipart(body(Array.from({ length: 21 }, (_, i) => `Content-Disposition: form-data; name="p${i}"\r\n\r\nv`)), 'XyZ')).toThrow('at most 20 fields');
  });
});
