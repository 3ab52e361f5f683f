/**
 * Damaged corpus AAFs (flipped bits, overwritten runs, truncations, fixed
 * seed): every input gives a model or a FormatError, never a TypeError /
 * RangeError or a hang.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { FormatError } from '../../src/io/errors.js';
import { readAaf } from '../../src/formats/aaf/index.js';
import { CORPUS, HAVE_CORPUS, corpusFiles, corpusPath } from '../support/corpus.js';

describe.skipIf(!HAVE_CORPUS)(`AAF corpus fuzz (${CORPUS})`, () => {
  it('turns every damaged corpus file into a model or a FormatError', async () => {
    const dir = corpusPath('aaf', 'files');
    let seed = 20261121;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const crashes: string[] = [];
    let runs = 0;
    let errors = 0;
    for (const name of corpusFiles('aaf', 'aaf', 'files')) {
      const orig = new Uint8Array(readFileSync(resolve(dir, name)));
      for (let k = 0; k < 9; k++) {
        const b = orig.slice();
        if (k % 3 === 0) for (let j = 0; j < 20; j++) b[Math.floor(rnd() * b.length)] ^= 1 << Math.floor(rnd() * 8);
        else if (k % 3 === 1) b.fill(0xff, Math.floor(rnd() * b.length), Math.floor(rnd() * b.length) + 16);
        const input = k % 3 === 2 ? b.subarray(0, Math.floor(rnd() * b.length)) : b;
        runs++;
        try {
          await readAaf(new BufferSource(input, name), { limits: { maxMillis: 5000 } });
        } catch (e) {
          if (e instanceof FormatError) errors++;
          else crashes.push(`${name} #${k}: ${(e as Error).name}: ${(e as Error).message}`);
        }
      }
    }
    expect(crashes).toEqual([]);
    expect(runs).toBe(65 * 9);
    expect(errors).toBeGreaterThan(0);
  }, 60_000);
});
