/**
 * WAV/BWF/RF64 reader. Placeholder until the reader lands: it refuses clearly rather
 * than return an empty model.
 */
import type { ByteSource } from '../../io/byte-source.js';
import { FormatError } from '../../io/errors.js';
import type { Session } from '../../model/session.js';
import type { DumpOptions, ReadOptions } from '../types.js';

export async function readWav(src: ByteSource, opts: ReadOptions = {}): Promise<Session> {
  throw new FormatError({ code: 'UNSUPPORTED', format: 'wav', offset: 0, path: opts.path ?? src.name, message: 'WAV/BWF/RF64 files are not read by this version' });
}

export async function dumpWav(src: ByteSource, opts: DumpOptions = {}): Promise<string> {
  return readWav(src, opts).then((s) => JSON.stringify(s, null, 2));
}
