/**
 * Mutated corpus sessions (truncated, bits flipped, stray 'Z' bytes, random bytes;
 * fixed seed), mutated in the de-obfuscated domain so that the block structure is
 * what gets damaged: every input gives a model or a FormatError, never a
 * RangeError/TypeError or a hang. (A one-off run of 400 mutations per file found none.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dumpPtx, readPtx } from '../../src/formats/ptx/index.js';
import { applyXorInPlace, deobfuscatePtx } from '../../src/formats/ptx/unxor.js';
import { BufferSource } from '../../src/io/byte-source.js';
import { HAVE_CORPUS, corpusPath } from '../support/corpus.js';

describe.skipIf(!HAVE_CORPUS)('Pro Tools corpus, mutated', () => {
it('gives a model or a FormatError for every mutation', async () => {
  const dir = corpusPath('ptx') + '/';
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const bad: string[] = [];
  let ok = 0, fe = 0;
  for (const n of readdirSync(dir).filter((x) => /\.pt[xfs]$/.test(x))) {
    const orig = new Uint8Array(readFileSync(dir + n));
    const plain = deobfuscatePtx(orig);
    for (let k = 0; k < 60; k++) {
      const p = plain.slice();
      const mode = k % 4;
      let b: Uint8Array;
      if (mode === 0) b = p.slice(0, 0x14 + Math.floor(rnd() * (p.length - 0x14)));
      else {
        for (let j = 0; j < 1 + (k % 7); j++) {
          const at = 0x14 + Math.floor(rnd() * (p.length - 0x14));
          if (mode === 1) p[at] ^= 1 << Math.floor(rnd() * 8);
          else if (mode === 2) p[at] = 0x5a;
          else p[at] = Math.floor(rnd() * 256);
        }
        b = p;
      }
      const x = applyXorInPlace(b.slice(), orig[0x12], orig[0x13]);
      try {
        await readPtx(new BufferSource(x, n), { path: n });
        await dumpPtx(new BufferSource(x, n), { path: n, blocks: true });
        ok++;
      } catch (e) {
        if ((e as Error).name === 'FormatError') fe++;
        else bad.push(`${n} k=${k}: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
      }
    }
  }
  expect(bad).toEqual([]);
  expect(ok + fe).toBe(12 * 60);
  expect(fe).toBeGreaterThan(0);
}, 60000);
});
