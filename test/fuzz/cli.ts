/**
 * `npm run fuzz -- --format aaf --iterations N --seed S [--jobs J]
 * [--timeout MS] [--heap MB] [--corpus all|small|none] [--no-save] [--json FILE]
 * [--max-seconds S]` (S: stop a format after S seconds even if N inputs are not reached)`
 * `npm run fuzz -- --format F --seed S --replay I,J` re-makes inputs I and J of that run and times them.
 * `npm run fuzz -- --format aaf --property-sweep [--corpus …]` damages every property id of every seed each way (property-sweep.ts).
 * (scripts/fuzz.mjs compiles this file and the worker, then runs it).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inputOptions, runCampaign, type CampaignStats } from './campaign.js';
import { runInput, type Outcome } from './harness.js';
import { nthInput } from './pass.js';
import { propertySweep } from './property-sweep.js';
import { loadSeeds, REPO_ROOT } from './seeds.js';
import { FUZZ_FORMATS, type FuzzFormat } from './structure.js';

type Args = { formats: FuzzFormat[]; iterations: number; seed: number; jobs: number; timeoutMs: number; heapMb: number; corpus: 'all' | 'small' | 'none'; save: boolean; json: string | null; maxSeconds: number; replay: number[] | null; propertySweep: boolean };

function parseArgs(argv: string[]): Args {
  const a: Args = { formats: FUZZ_FORMATS, iterations: 10_000, seed: 1, jobs: 1, timeoutMs: 10_000, heapMb: 256, corpus: 'all', save: true, json: null, maxSeconds: Infinity, replay: null, propertySweep: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    switch (argv[i]) {
      case '--format': a.formats = v === 'all' ? FUZZ_FORMATS : (v.split(',') as FuzzFormat[]); i++; break;
      case '--iterations': a.iterations = Number(v); i++; break;
      case '--seed': a.seed = Number(v); i++; break;
      case '--jobs': a.jobs = Number(v); i++; break;
      case '--timeout': a.timeoutMs = Number(v); i++; break;
      case '--heap': a.heapMb = Number(v); i++; break;
      case '--corpus': a.corpus = v as Args['corpus']; i++; break;
      case '--no-save': a.save = false; break;
      case '--json': a.json = v; i++; break;
      case '--max-seconds': a.maxSeconds = Number(v); i++; break;
      case '--replay': a.replay = v.split(',').map(Number); i++; break;
      case '--property-sweep': a.propertySweep = true; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  for (const f of a.formats) if (!FUZZ_FORMATS.includes(f)) throw new Error(`unknown format ${f} (one of ${FUZZ_FORMATS.join(', ')}, all)`);
  if (!Number.isSafeInteger(a.iterations) || a.iterations < 1) throw new Error('--iterations needs a positive integer');
  return a;
}

function line(s: CampaignStats): string {
  const rate = s.runs / Math.max(1, s.elapsedMs / 1000);
  return `${s.format}: ${s.runs} inputs in ${(s.elapsedMs / 1000).toFixed(0)} s (${rate.toFixed(0)}/s), ${s.sessions} sessions, errors ${JSON.stringify(s.formatErrors)}, `
    + `${s.findings.length} distinct findings, slowest ${s.slowest.ms.toFixed(0)} ms (${s.slowest.seed}: ${s.slowest.ops.join('; ')}), peak heap ${(s.peakHeapBytes / 2 ** 20).toFixed(0)} MB`;
}

/** Re-make inputs of a run (format, run seed, iteration) and time each in this thread: best of three runs. */
async function replay(a: Args): Promise<number> {
  for (const format of a.formats) {
    const seeds = loadSeeds(format, { corpus: a.corpus });
    for (const i of a.replay!) {
      const { seed, bytes, ops } = nthInput(seeds, a.seed, i);
      const opts = inputOptions(format, seed.name, bytes, i);
      let best: Outcome | null = null;
      for (let k = 0; k < 3; k++) {
        const o = await runInput(bytes.slice(), opts);
        if (!best || o.ms < best.ms) best = o;
      }
      const what = best!.kind === 'format-error' ? `FormatError ${best!.code}${best!.limit ? ` ${best!.limit}` : ''}` : best!.kind === 'finding' ? `FINDING ${best!.signature}` : 'session';
      console.log(`${format} seed ${a.seed} input ${i}: ${best!.ms.toFixed(1)} ms (best of 3), ${what}; ${bytes.length} bytes from ${seed.name}: ${ops.join('; ')}`);
    }
  }
  return 0;
}

/** The property sweep over the AAF seeds, in this thread (the readers' own time limit bounds each input). */
async function sweep(a: Args): Promise<number> {
  const seeds = loadSeeds('aaf', { corpus: a.corpus });
  const t0 = performance.now();
  const tally: Record<string, number> = {};
  const findings = new Map<string, string>();
  let runs = 0;
  for await (const x of propertySweep(seeds)) {
    runs++;
    const o = x.outcome;
    const key = o.kind === 'format-error' ? `${o.code}${o.limit ? ` ${o.limit}` : ''}` : o.kind;
    tally[key] = (tally[key] ?? 0) + 1;
    if (o.kind === 'finding' && !findings.has(o.signature)) findings.set(o.signature, `${x.seed.name}: property 0x${x.pid.toString(16)} ${x.kind} (${x.objects} objects)\n    ${o.message.split('\n').slice(0, 3).join('\n    ')}`);
  }
  console.log(`aaf property sweep: ${seeds.length} seeds, ${runs} inputs in ${((performance.now() - t0) / 1000).toFixed(0)} s, ${JSON.stringify(tally)}, ${findings.size} distinct findings`);
  for (const [signature, where] of findings) console.log(`  FINDING ${signature}\n    ${where}`);
  return findings.size ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const a = parseArgs(argv);
  if (a.replay) return replay(a);
  if (a.propertySweep) return sweep(a);
  const workerPath = process.env.FUZZ_WORKER;
  if (!workerPath) throw new Error('FUZZ_WORKER is not set (run through scripts/fuzz.mjs)');
  const all: CampaignStats[] = [];
  for (const format of a.formats) {
    const seeds = loadSeeds(format, { corpus: a.corpus });
    console.log(`${format}: ${seeds.length} seeds, ${a.iterations} inputs, run seed ${a.seed}, ${a.jobs} worker(s), ${a.timeoutMs} ms / ${a.heapMb} MB per input`);
    const stats = await runCampaign({
      format, seeds, iterations: a.iterations, maxMs: a.maxSeconds * 1000, seed: a.seed, jobs: a.jobs, timeoutMs: a.timeoutMs, heapMb: a.heapMb, workerPath,
      foundDir: a.save ? resolve(REPO_ROOT, 'test/fuzz/found') : null,
      onProgress: (s) => console.log(`  … ${line(s)}`),
    });
    console.log(line(stats));
    for (const f of stats.findings) console.log(`  FINDING ${f.signature}\n    ${f.file ?? '(not saved)'} (${f.bytes} bytes) from ${f.seed}: ${f.ops.join('; ')}\n    ${f.message.split('\n').slice(0, 3).join('\n    ')}`);
    all.push(stats);
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`process peak RSS ${maxRssMb.toFixed(0)} MB`);
  if (a.json) writeFileSync(a.json, `${JSON.stringify({ args: a, maxRssMb, results: all }, null, 2)}\n`);
  return all.some((s) => s.findings.length) ? 1 : 0;
}
