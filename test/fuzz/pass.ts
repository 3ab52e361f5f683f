/**
 * The in-process fuzz loop (the fixed-seed pass of `npm test`): seeded
 * mutations of a format's seeds, each run through the harness with a time
 * limit. The campaign (campaign.ts) runs the same inputs in workers with a
 * heap budget and a hard timeout.
 */
import { prng } from '../support/prng.js';
import { inputName, runInput, type Outcome } from './harness.js';
import { mutate, type Seed } from './mutators.js';
import type { FuzzFormat } from './structure.js';

export type Finding = { signature: string; outcome: Outcome & { kind: 'finding' }; bytes: Uint8Array; name: string; seed: string; ops: string[]; iteration: number };

export type PassStats = {
  format: FuzzFormat;
  runs: number;
  sessions: number;
  formatErrors: Record<string, number>;
  /** FormatErrors without an offset: count and first message, by code. */
  withoutOffset: Record<string, string>;
  findings: Map<string, Finding>;
  slowest: { ms: number; seed: string; ops: string[] };
};

/** Limits for fuzz inputs: the defaults, with a time limit that turns slowness into LIMIT quickly. */
export const FUZZ_LIMITS = { maxMillis: 5_000 };

/** Every n-th input is also dumped (`inspect-session dump --blocks`). */
export const DUMP_EVERY = 8;

/** Inputs larger than this are read without audio measurement (it streams every sample). */
export const MEASURE_AUDIO_UP_TO = 256 * 1024;

/** The i-th input of a run: which seed, which mutations (deterministic from the run's seed). */
export function nthInput(seeds: Seed[], runSeed: number, i: number): { seed: Seed; bytes: Uint8Array; ops: string[] } {
  const r = prng((runSeed * 1_000_003 + i) >>> 0);
  const seed = seeds[Math.floor(r() * seeds.length)];
  const others = seeds.filter((s) => s !== seed);
  const m = mutate(seed, others, r);
  return { seed, bytes: m.bytes, ops: m.ops };
}

function withTimeout(p: Promise<Outcome>, ms: number): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'finding', ms, heapBytes: 0, finding: 'timeout', signature: 'timeout', message: `no answer within ${ms} ms` }), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function fuzzPass(format: FuzzFormat, seeds: Seed[], opts: { iterations: number; seed: number; timeoutMs?: number }): Promise<PassStats> {
  const stats: PassStats = { format, runs: 0, sessions: 0, formatErrors: {}, withoutOffset: {}, findings: new Map(), slowest: { ms: 0, seed: '', ops: [] } };
  for (let i = 0; i < opts.iterations; i++) {
    const { seed, bytes, ops } = nthInput(seeds, opts.seed, i);
    const name = inputName(format, seed.name);
    const outcome = await withTimeout(
      runInput(bytes, { format, name, limits: FUZZ_LIMITS, profileIndex: i, measureAudio: bytes.length <= MEASURE_AUDIO_UP_TO, dump: i % DUMP_EVERY === 0 }),
      opts.timeoutMs ?? 15_000,
    );
    stats.runs++;
    if (outcome.ms > stats.slowest.ms) stats.slowest = { ms: outcome.ms, seed: seed.name, ops };
    if (outcome.kind === 'session') stats.sessions++;
    else if (outcome.kind === 'format-error') {
      const key = outcome.limit ? `LIMIT ${outcome.limit}` : outcome.code;
      stats.formatErrors[key] = (stats.formatErrors[key] ?? 0) + 1;
      if (!outcome.offsetKnown) stats.withoutOffset[outcome.code] ??= `${outcome.message} (input ${i}: ${seed.name}: ${ops.join('; ')})`;
    } else if (!stats.findings.has(outcome.signature)) {
      stats.findings.set(outcome.signature, { signature: outcome.signature, outcome, bytes, name, seed: seed.name, ops, iteration: i });
    }
  }
  return stats;
}
