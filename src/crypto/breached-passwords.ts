// The operator's list of breached passwords (compromised-credentials detection). The file holds one
// entry a line: the SHA-1 of a password in hex (40 characters, any case, optionally ":count" after
// it, as breach corpora are published) or the password itself. It is read once, streamed line by
// line, at the first check, into a set of 20-byte digests kept as binary strings (about 60 bytes an
// entry), so a check is one hash and one lookup.
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';

export interface BreachedPasswords {
  /** Whether the password is on the list; false when no list is configured. */
  includes(password: string): Promise<boolean>;
}

const SHA1_LINE = /^([0-9a-fA-F]{40})(?::\d+)?$/;

const digestOf = (password: string): string => createHash('sha1').update(password, 'utf8').digest().toString('latin1');

async function readList(path: string): Promise<Set<string>> {
  const digests = new Set<string>();
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const sha1 = SHA1_LINE.exec(line);
    digests.add(sha1 ? Buffer.from(sha1[1]!, 'hex').toString('latin1') : digestOf(line));
  }
  return digests;
}

export function createBreachedPasswords(path: string | undefined): BreachedPasswords {
  if (!path) return { includes: async () => false };
  let list: Promise<Set<string>> | undefined;
  return {
    async includes(password) {
      list ??= readList(path);
      return (await list).has(digestOf(password));
    },
  };
}
