import { BufferSource } from '../../../src/io/byte-source.js';
import { readPtx } from '../../../src/formats/ptx/index.js';
import type { Session } from '../../../src/model/session.js';

export function readBytes(bytes: Uint8Array, name = 'test.ptx'): Promise<Session> {
  return readPtx(new BufferSource(bytes, name), { path: name });
}

/** Deterministic PRNG (mulberry32) for property tests. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
