/**
 * Seeded mutations of written zips (truncate, flip, splice): every input gives
 * a result or a FormatError, never a RangeError/TypeError or a hang.
 */
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/io/byte-source.js';
import { isFormatError } from '../../../src/io/errors.js';
import { openZip } from '../../../src/formats/zip/index.js';
import { readPackage } from '../../../src/package/index.js';
import { wavFile, writeZip } from '../../support/zip-writer.js';

const te = new TextEncoder();

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

const samples: Array<[string, Uint8Array]> = [
  ['plain', writeZip([
    { name: 'Show.session.json', data: te.encode('{"schemaVersion":1}'.repeat(30)), method: 'deflated' },
    { name: 'Audio Files/', directory: true },
    { name: 'Audio Files/a.wav', data: wavFile({ frames: 200 }) },
    { name: 'Audio Files/b.wav', data: wavFile({ frames: 100 }), method: 'deflated', dataDescriptor: true },
  ])],
  ['zip64', writeZip([
    { name: 'Show.txt', data: te.encode('SESSION NAME:\tShow\n'.repeat(20)), method: 'deflated', zip64: true },
    { name: 'Audio Files/ÿ.wav', data: wavFile({ frames: 50 }), zip64: true, utf8: false },
  ], { zip64: true, comment: 'c' })],
];

function mutate(bytes: Uint8Array, r: () => number): Uint8Array {
  const out = bytes.slice();
  switch (Math.floor(r() * 3)) {
    case 0:
      return out.subarray(0, Math.floor(r() * out.length));
    case 1: {
      const n = 1 + Math.floor(r() * 8);
      for (let i = 0; i < n; i++) out[Math.floor(r() * out.length)] ^= 1 << Math.floor(r() * 8);
      return out;
    }
    default: {
      const a = Math.floor(r() * out.length);
      const b = Math.floor(r() * out.length);
      const len = Math.floor(r() * 64);
      out.copyWithin(a, b, b + len);
      return out;
    }
  }
}

async function exercise(bytes: Uint8Array): Promise<void> {
  try {
    const zip = await openZip(new BufferSource(bytes, 'f.zip'));
    for (const e of zip.entries) {
      try {
        const s = zip.openEntry(e);
        await s.read(0, Math.min(s.size, 1 << 20));
      } catch (err) {
        if (!isFormatError(err)) throw err;
      }
    }
    await readPackage(new BufferSource(bytes, 'f.zip'));
  } catch (err) {
    if (!isFormatError(err)) throw err;
  }
}

describe('zip fuzz', () => {
  it.each(samples)('%s: 400 mutations give a model or a FormatError', async (_name, bytes) => {
    const r = rng(0x5eed + bytes.length);
    let formatErrors = 0;
    for (let i = 0; i < 400; i++) {
      const m = mutate(bytes, r);
      try {
        await exercise(m);
      } catch (err) {
        throw new Error(`mutation ${i}: ${(err as Error).stack}`);
      }
      await openZip(new BufferSource(m)).catch((e: unknown) => {
        if (isFormatError(e)) formatErrors++;
      });
    }
    expect(formatErrors).toBeGreaterThan(0);
  });
});
