/**
 * The fixed-seed fuzz pass of `npm test`, one test file per format (so vitest
 * spreads them over its workers): seeded mutations of the writer-made seeds,
 * the samples and the smaller corpus files, run in-process with a time limit.
 * Every input must give a session or a FormatError (see harness.ts).
 */
import { describe, expect, it } from 'vitest';
import { HAVE_CORPUS } from '../support/corpus.js';
import { fuzzPass } from './pass.js';
import { loadSeeds } from './seeds.js';
import type { FuzzFormat } from './structure.js';

/** The run seed of the pass; the campaign uses others (`npm run fuzz -- --seed S`). */
export const FIXED_SEED = 20261121;

export function fixedSeedPass(format: FuzzFormat, iterations: number): void {
  describe(`fuzz ${format} (fixed seed ${FIXED_SEED}, ${iterations} inputs)`, () => {
    it('every input gives a session or a FormatError with a known code', async () => {
      const seeds = loadSeeds(format, { corpus: 'small' });
      expect(seeds.length).toBeGreaterThan(0);
      const stats = await fuzzPass(format, seeds, { iterations, seed: FIXED_SEED });
      const findings = [...stats.findings.values()].map((f) => `${f.signature}\n    from ${f.seed}: ${f.ops.join('; ')} (input ${f.iteration})\n    ${f.outcome.message.split('\n').slice(0, 3).join('\n    ')}`);
      console.log(`fuzz ${format}: ${stats.runs} inputs (${seeds.length} seeds${HAVE_CORPUS ? '' : ', corpus absent'}), ${stats.sessions} sessions, `
        + `errors ${JSON.stringify(stats.formatErrors)}, slowest ${stats.slowest.ms.toFixed(0)} ms`);
      expect(findings).toEqual([]);
      // Binary and text readers know where they stopped; a model's schema errors are by JSON path instead.
      if (format !== 'model') expect(stats.withoutOffset, 'FormatErrors without an offset, by code').toEqual({});
      expect(stats.runs).toBe(iterations);
      // The mutations must reach both answers: a pass that only ever errors tests little.
      expect(stats.sessions).toBeGreaterThan(0);
      expect(Object.values(stats.formatErrors).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }, 120_000);
  });
}
