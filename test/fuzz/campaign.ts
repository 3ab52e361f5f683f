/**
 * The fuzz campaign: seeded inputs of one format run in worker threads under
 * a heap budget (worker_threads resourceLimits) and a time budget (the worker
 * is terminated and replaced). Every new failure is minimized (truncation,
 * cut spans, then zeroing) and saved under test/fuzz/found/ as `<format>-<hash>.bin`
 * with a `.json` note (signature, seed, mutations); found.test.ts replays them.
 * Mutants of corpus files go to $TMPDIR/session-inspector-fuzz-found instead
 * (corpus files stay out of the repository): their fixes get crafted tests.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Outcome, RunOptions } from './harness.js';
import { inputName } from './harness.js';
import type { Seed } from './mutators.js';
import { DUMP_EVERY, FUZZ_LIMITS, MEASURE_AUDIO_UP_TO, nthInput } from './pass.js';
import type { FuzzFormat } from './structure.js';

export type CampaignOptions = {
  format: FuzzFormat;
  seeds: Seed[];
  iterations: number;
  /** Stop after this many ms even if `iterations` is not reached. */
  maxMs?: number;
  seed: number;
  /** Worker threads (default 1). */
  jobs: number;
  /** Hard time budget per input, ms: the worker is terminated past it. */
  timeoutMs: number;
  /** Heap budget per worker, MB (maxOldGenerationSizeMb). */
  heapMb: number;
  /** Compiled worker script (scripts/fuzz.mjs bundles test/fuzz/worker.ts). */
  workerPath: string;
  /** Where reproducers go; null: do not save. */
  foundDir: string | null;
  onProgress?: (s: CampaignStats) => void;
};

export type CampaignFinding = { signature: string; kind: string; message: string; seed: string; ops: string[]; iteration: number; file: string | null; bytes: number };

export type CampaignStats = {
  format: FuzzFormat;
  runs: number;
  sessions: number;
  formatErrors: Record<string, number>;
  withoutOffset: Record<string, number>;
  findings: CampaignFinding[];
  slowest: SlowInput;
  /**
   * The ten slowest inputs, slowest first. Times are wall-clock: a machine
   * busy with other work (or a paused process) makes inputs look slow, so
   * `npm run fuzz -- --replay I,J` re-times them by their iteration number.
   */
  slowestTop: SlowInput[];
  peakHeapBytes: number;
  elapsedMs: number;
  /** Inputs the mutators failed to make (fuzzer bugs), skipped. */
  mutatorErrors: number;
};

export type SlowInput = { ms: number; seed: string; ops: string[]; iteration: number };

/** The options an input is run with in a campaign (also used to replay it). */
export function inputOptions(format: FuzzFormat, seedName: string, bytes: Uint8Array, i: number): RunOptions {
  return { format, name: inputName(format, seedName), limits: FUZZ_LIMITS, profileIndex: i, measureAudio: bytes.length <= MEASURE_AUDIO_UP_TO, dump: i % DUMP_EVERY === 0 };
}

type Pending = { resolve: (o: Outcome) => void; timer: ReturnType<typeof setTimeout> };

/** One worker slot: a thread, replaced when it hangs or dies. */
class Slot {
  private worker!: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  constructor(private readonly path: string, private readonly heapMb: number, private readonly timeoutMs: number) {
    this.spawn();
  }

  private spawn(): void {
    this.worker = new Worker(this.path, { resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 } });
    this.worker.on('message', (m: { id: number; outcome: Outcome }) => this.settle(m.id, m.outcome));
    this.worker.on('error', (e: Error & { code?: string }) => {
      const memory = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.failAll(memory ? 'memory' : 'exception', memory ? `heap budget of ${this.heapMb} MB exceeded` : `worker died: ${e.stack ?? e.message}`);
    });
    this.worker.on('exit', () => this.failAll('exception', 'worker exited'));
  }

  private settle(id: number, outcome: Outcome): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    p.resolve(outcome);
  }

  private failAll(finding: 'memory' | 'exception' | 'timeout', message: string): void {
    if (!this.pending.size) return;
    for (const [id] of this.pending) {
      this.settle(id, { kind: 'finding', ms: finding === 'timeout' ? this.timeoutMs : 0, heapBytes: 0, finding, signature: finding === 'exception' ? `worker ${message.split('\n')[0]}` : finding, message });
    }
    this.replace();
  }

  private replace(): void {
    const old = this.worker;
    old.removeAllListeners();
    old.on('error', () => {});
    void old.terminate();
    this.spawn();
  }

  run(bytes: Uint8Array, opts: RunOptions): Promise<Outcome> {
    const id = this.nextId++;
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => this.failAll('timeout', `no answer within ${this.timeoutMs} ms`), this.timeoutMs);
      this.pending.set(id, { resolve, timer });
      this.worker.postMessage({ id, bytes, opts });
    });
  }

  close(): Promise<number> {
    this.worker.removeAllListeners();
    return this.worker.terminate();
  }
}

function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 12);
}

/** Shrinks an input while it still fails with the same signature: truncation, cut spans, then zeroed runs. */
async function minimize(slot: Slot, bytes: Uint8Array, opts: RunOptions, signature: string, budget = 400): Promise<Uint8Array> {
  let best = bytes;
  let tries = 0;
  const same = async (b: Uint8Array) => {
    tries++;
    const o = await slot.run(b.slice(), opts);
    return o.kind === 'finding' && o.signature === signature;
  };
  // Truncation: binary search for the shortest prefix that still fails.
  let lo = 0;
  let hi = best.length;
  while (lo < hi && tries < budget / 2) {
    const mid = Math.floor((lo + hi) / 2);
    if (await same(best.subarray(0, mid))) hi = mid;
    else lo = mid + 1;
  }
  if (hi < best.length && (await same(best.subarray(0, hi)))) best = best.slice(0, hi);
  // Spans cut out of the middle (audio data, unrelated chunks), from large to small.
  for (let size = Math.max(1, best.length >> 1); size >= 16 && tries < (budget * 3) / 4; size >>= 1) {
    for (let at = 0; at + size <= best.length && tries < (budget * 3) / 4;) {
      const cand = new Uint8Array(best.length - size);
      cand.set(best.subarray(0, at));
      cand.set(best.subarray(at + size), at);
      if (await same(cand)) best = cand;
      else at += size;
    }
  }
  // Zeroing: runs of bytes set to 0 from large to small, kept when the failure stays.
  for (let size = Math.max(1, best.length >> 2); size >= 1 && tries < budget; size >>= 1) {
    for (let at = 0; at < best.length && tries < budget; at += size) {
      if (best.subarray(at, at + size).every((x) => x === 0)) continue;
      const cand = best.slice();
      cand.fill(0, at, at + size);
      if (await same(cand)) best = cand;
    }
  }
  return best;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignStats> {
  const t0 = Date.now();
  const stats: CampaignStats = {
    format: o.format, runs: 0, sessions: 0, formatErrors: {}, withoutOffset: {}, findings: [],
    slowest: { ms: 0, seed: '', ops: [], iteration: -1 }, slowestTop: [], peakHeapBytes: 0, elapsedMs: 0, mutatorErrors: 0,
  };
  const seen = new Set<string>();
  const slots = Array.from({ length: Math.max(1, o.jobs) }, () => new Slot(o.workerPath, o.heapMb, o.timeoutMs));
  const minimizer = new Slot(o.workerPath, o.heapMb, o.timeoutMs);
  let next = 0;
  let lastProgress = Date.now();

  const record = async (i: number, seed: Seed, bytes: Uint8Array, ops: string[], opts: RunOptions, result: Outcome) => {
    stats.runs++;
    // Buffers are outside the V8 heap budget (resourceLimits): count them here, after the input.
    const outcome: Outcome = result.kind !== 'finding' && result.heapBytes > o.heapMb * 2 ** 20
      ? { kind: 'finding', ms: result.ms, heapBytes: result.heapBytes, finding: 'memory', signature: `memory: ${(result.heapBytes / 2 ** 20).toFixed(0)} MB of heap and buffers after one input`.replace(/\d+ MB/, 'N MB'), message: `${(result.heapBytes / 2 ** 20).toFixed(0)} MB in use after the input (budget ${o.heapMb} MB)` }
      : result;
    stats.peakHeapBytes = Math.max(stats.peakHeapBytes, outcome.heapBytes);
    if (outcome.ms > stats.slowest.ms) stats.slowest = { ms: outcome.ms, seed: seed.name, ops, iteration: i };
    const top = stats.slowestTop;
    if (top.length < 10 || outcome.ms > top[top.length - 1].ms) {
      top.push({ ms: outcome.ms, seed: seed.name, ops, iteration: i });
      top.sort((x, y) => y.ms - x.ms);
      if (top.length > 10) top.pop();
    }
    if (outcome.kind === 'session') stats.sessions++;
    else if (outcome.kind === 'format-error') {
      const key = outcome.limit ? `LIMIT ${outcome.limit}` : outcome.code;
      stats.formatErrors[key] = (stats.formatErrors[key] ?? 0) + 1;
      if (!outcome.offsetKnown) stats.withoutOffset[outcome.code] = (stats.withoutOffset[outcome.code] ?? 0) + 1;
    } else if (!seen.has(outcome.signature)) {
      seen.add(outcome.signature);
      const small = outcome.finding === 'timeout' || outcome.finding === 'memory' ? bytes : await minimize(minimizer, bytes, opts, outcome.signature);
      let file: string | null = null;
      // A mutant of a corpus file is still mostly that file: it never goes into the repository.
      const foundDir = seed.name.startsWith('corpus/') ? (o.foundDir ? join(tmpdir(), 'session-inspector-fuzz-found') : null) : o.foundDir;
      if (foundDir) {
        mkdirSync(foundDir, { recursive: true });
        const base = `${o.format}-${hashOf(small)}`;
        file = join(foundDir, `${base}.bin`);
        writeFileSync(file, small);
        writeFileSync(join(foundDir, `${base}.json`), `${JSON.stringify({ format: o.format, name: opts.name, signature: outcome.signature, kind: outcome.finding, seed: seed.name, ops, iteration: i, runSeed: o.seed, message: outcome.message.split('\n').slice(0, 12).join('\n') }, null, 2)}\n`);
      }
      stats.findings.push({ signature: outcome.signature, kind: outcome.finding, message: outcome.message, seed: seed.name, ops, iteration: i, file, bytes: small.length });
    }
    if (o.onProgress && Date.now() - lastProgress > 60_000) {
      lastProgress = Date.now();
      stats.elapsedMs = Date.now() - t0;
      o.onProgress(stats);
    }
  };

  const loop = async (slot: Slot) => {
    while (next < o.iterations && Date.now() - t0 < (o.maxMs ?? Infinity)) {
      const i = next++;
      let made: ReturnType<typeof nthInput>;
      try {
        made = nthInput(o.seeds, o.seed, i);
      } catch (e) {
        // A bug of the fuzzer itself: say so, skip the input, keep the campaign going.
        stats.mutatorErrors++;
        if (stats.mutatorErrors <= 3) console.error(`mutator failed on input ${i}: ${(e as Error).stack ?? e}`);
        continue;
      }
      const { seed, bytes, ops } = made;
      const opts = inputOptions(o.format, seed.name, bytes, i);
      // The worker gets its own copy: a finding needs the bytes afterwards.
      const outcome = await slot.run(bytes.slice(), opts);
      await record(i, seed, bytes, ops, opts, outcome);
    }
  };
  await Promise.all(slots.map(loop));
  await Promise.all([...slots, minimizer].map((s) => s.close()));
  stats.elapsedMs = Date.now() - t0;
  return stats;
}
