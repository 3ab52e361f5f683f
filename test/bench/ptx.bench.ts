/**
 * Pro Tools reader speed (figures printed, nothing asserted):
 * - every corpus session, read in one process (median of many runs per file);
 * - generated sessions of 1,000 to 20,000 regions (the 10,000-region target, and linearity).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { describe, it } from 'vitest';
import { readPtx } from '../../src/formats/ptx/index.js';
import { BufferSource } from '../../src/io/byte-source.js';
import { HAVE_CORPUS, corpusPath } from '../support/corpus.js';
import { median } from '../support/stats.js';
import { writePtx, type WriterSession } from '../support/ptx-writer/index.js';


/** Median and minimum of `runs` reads (the machine is shared: the minimum is the cost without contention). */
async function timeRead(bytes: Uint8Array, name: string, runs: number): Promise<{ median: number; min: number }> {
  for (let i = 0; i < 5; i++) await readPtx(new BufferSource(bytes, name), { path: name });
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await readPtx(new BufferSource(bytes, name), { path: name });
    t.push(performance.now() - t0);
  }
  return { median: median(t), min: Math.min(...t) };
}

function generated(regions: number, tracks = 20): WriterSession {
  const per = Math.ceil(regions / tracks);
  return {
    version: 12, sampleRate: 48000, bitDepth: 24,
    timecode: { code: 1, startFrames: 86400 },
    files: Array.from({ length: 100 }, (_, i) => ({ name: `file_${i}.wav`, length: 48000 * 600 })),
    tracks: Array.from({ length: tracks }, (_, t) => ({
      name: `Track ${t + 1}`,
      channels: [{
        clips: Array.from({ length: Math.min(per, regions - t * per) }, (_, c) => ({
          name: `clip_${t}_${c}`, file: (t * per + c) % 100, position: c * 48000, length: 24000, sourceOffset: c * 10,
        })),
      }],
    })),
  };
}

describe('ptx reader benchmark', () => {
  it.skipIf(!HAVE_CORPUS)('corpus sessions', async () => {
    const names = readdirSync(corpusPath('ptx')).filter((n) => /\.(ptx|ptf|pts)$/.test(n)).sort();
    const rows: string[] = [];
    for (const n of names) {
      const bytes = new Uint8Array(readFileSync(corpusPath('ptx', n)));
      const ms = await timeRead(bytes, n, 200);
      rows.push(`${n.padEnd(24)} ${String(bytes.length).padStart(7)} B  median ${ms.median.toFixed(3)} ms  min ${ms.min.toFixed(3)} ms`);
    }
    console.log(`ptx corpus read time (200 runs per file, in memory; load average ${loadavg()[0].toFixed(1)}):\n${rows.join('\n')}`);
  });

  it('generated sessions (linearity, 10,000-region target)', async () => {
    const rows: string[] = [];
    for (const n of [1000, 2500, 5000, 10000, 20000]) {
      const bytes = writePtx(generated(n));
      const ms = await timeRead(bytes, `gen${n}.ptx`, 40);
      rows.push(`${String(n).padStart(6)} regions  ${String(bytes.length).padStart(9)} B  median ${ms.median.toFixed(2)} ms  min ${ms.min.toFixed(2)} ms  (min ${((ms.min / n) * 1000).toFixed(2)} µs/region)`);
    }
    console.log(`ptx generated sessions (writer in test/support/ptx-writer, 20 tracks, 100 files; 40 runs each; load average ${loadavg()[0].toFixed(1)}):\n${rows.join('\n')}`);
  });
});
