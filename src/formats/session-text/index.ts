/**
 * Session Info as Text reader. Placeholder until the reader lands: it refuses clearly rather
 * than return an empty model.
 */
import type { ByteSource } from '../../io/byte-source.js';
import { FormatError } from '../../io/errors.js';
import type { Session } from '../../model/session.js';
import type { DumpOptions, ReadOptions } from '../types.js';

export async function readSessionText(src: ByteSource, opts: ReadOptions = {}): Promise<Session> {
  throw new FormatError({ code: 'UNSUPPORTED', format: 'session-text', offset: 0, path: opts.path ?? src.name, message: 'Session Info as Text files are not read by this version' });
}

export async function dumpSessionText(src: ByteSource, opts: DumpOptions = {}): Promise<string> {
  return readSessionText(src, opts).then((s) => JSON.stringify(s, null, 2));
}
