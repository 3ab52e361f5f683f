/**
 * AAF reader: a lazy Compound File (cfb/), the AAF structured storage and
 * object model (storage.ts, object-model.ts) and the audio session mapping
 * (session-map.ts, vendors/). Embedded essence is never read.
 */
import type { ByteSource } from '../../io/byte-source.js';
import { FormatError } from '../../io/errors.js';
import type { Session } from '../../model/session.js';
import type { DumpOptions, ReadOptions } from '../types.js';
import { dumpTree } from './dump.js';
import { AafFile } from './object-model.js';
import { SessionMapper } from './session-map.js';

export { AafFile, AafObject } from './object-model.js';
export { CompoundFile } from './cfb/index.js';

async function openAaf(src: ByteSource, opts: ReadOptions, properties?: 'all'): Promise<AafFile> {
  const path = opts.path ?? src.name;
  try {
    return await AafFile.open(src, { path, limits: opts.limits, properties, signal: opts.signal });
  } catch (e) {
    throw e instanceof FormatError ? e.withPath(path) : e;
  }
}

/** Read an AAF (structured storage) file into the session model. */
export async function readAaf(src: ByteSource, opts: ReadOptions = {}): Promise<Session> {
  const path = opts.path ?? src.name;
  opts.signal?.throwIfAborted();
  const file = await openAaf(src, opts);
  try {
    return await new SessionMapper(file, opts, path).map();
  } catch (e) {
    throw e instanceof FormatError ? e.withPath(path) : e;
  } finally {
    // The session holds no view of the file's bytes: its buffer can serve the next file.
    file.cf.release();
  }
}

/** The AAF object tree (class, properties, values) as text. */
export async function dumpAaf(src: ByteSource, opts: DumpOptions = {}): Promise<string> {
  const file = await openAaf(src, opts, 'all');
  return dumpTree(file);
}
