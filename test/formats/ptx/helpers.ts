import { BufferSource } from '../../../src/io/byte-source.js';
import { readPtx } from '../../../src/formats/ptx/index.js';
import type { Session } from '../../../src/model/session.js';

export function readBytes(bytes: Uint8Array, name = 'test.ptx'): Promise<Session> {
  return readPtx(new BufferSource(bytes, name), { path: name });
}

/** Deterministic PRNG (mulberry32) for property tests. */
export { prng as rng } from '../../support/prng.js';
