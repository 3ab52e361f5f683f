import { describe, expect, it } from 'vitest';
import { HISTORY, TAP_ABS_SUM, TAPS, TRUE_PEAK_PHASES, TruePeakMeter, truePeakFull } from '../../src/audio/true-peak.js';
import { readWav } from '../../src/formats/wav/index.js';
import { BufferSource } from '../../src/io/byte-source.js';
import { buildWav, arraySource } from '../support/wav-writer.js';
import { gaussian, prng } from '../support/prng.js';

// ITU-R BS.1770 Annex 2 as published (design/notes/true-peak-and-loudness.md §1). A copy with any
// coefficient changed (e.g. -0.1024169921875 for -0.1022949218750, seen in the wild) fails here.
const ANNEX2 = [
  [0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875, 0.1373291015625,
    0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500],
  [-0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500, 0.4650878906250,
    0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375],
  [-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000, -0.2003173828125, 0.7797851562500,
    0.4650878906250, -0.1665039062500, 0.0891113281250, -0.0517578125000, 0.0292968750000, -0.0291748046875],
  [-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.1022949218750, 0.9721679687500,
    0.1373291015625, -0.0594482421875, 0.0332031250000, -0.0196533203125, 0.0109863281250, 0.0017089843750],
];

describe('BS.1770 Annex 2 filter table', () => {
  it('is the published table, exactly', () => {
    expect(TRUE_PEAK_PHASES.map((p) => [...p])).toEqual(ANNEX2);
    expect(TAPS).toBe(12);
  });
  it('has the published symmetries and gains', () => {
    expect([...TRUE_PEAK_PHASES[3]]).toEqual([...TRUE_PEAK_PHASES[0]].reverse());
    expect([...TRUE_PEAK_PHASES[2]]).toEqual([...TRUE_PEAK_PHASES[1]].reverse());
    expect(TRUE_PEAK_PHASES[0].reduce((s, c) => s + c, 0)).toBe(1.0015869140625);
    expect(TRUE_PEAK_PHASES[1].reduce((s, c) => s + c, 0)).toBeCloseTo(0.9730225, 7);
    expect(TAP_ABS_SUM).toBe(2.0228271484375);
  });
});

const FS = 48000;

/** A tone with a raised-cosine fade-in over the first 480 samples (the notes' onset caveat: an abrupt start over-reads). */
function tone(freq: number, amp: number, phaseDeg: number, seconds = 1): Float64Array {
  const n = FS * seconds;
  const x = new Float64Array(n);
  const ph = (phaseDeg * Math.PI) / 180;
  for (let i = 0; i < n; i++) {
    const fade = i < 480 ? 0.5 - 0.5 * Math.cos((Math.PI * i) / 480) : 1;
    x[i] = fade * amp * Math.sin((2 * Math.PI * freq * i) / FS + ph);
  }
  return x;
}

/** A band-limited pulse whose continuous peak (1.0 = 0 dBFS) falls `offset`/4 of a sample after a sample instant. */
function interSamplePulse(offset: number): Float64Array {
  const x = new Float64Array(FS / 2);
  const t0 = 10000 + offset / 4;
  const half = 48;
  for (let i = Math.floor(t0) - half; i <= Math.floor(t0) + half; i++) {
    const t = i - t0;
    const sinc = t === 0 ? 1 : Math.sin(Math.PI * 0.8 * t) / (Math.PI * 0.8 * t);
    const w = 0.5 + 0.5 * Math.cos((Math.PI * t) / (half + 1));
    x[i] = sinc * w;
  }
  return x;
}

async function measuredTruePeak(x: Float64Array): Promise<number> {
  const bytes = buildWav({ channelCount: 1, frames: x.length, encoding: 's24' }, arraySource([x]));
  const s = await readWav(new BufferSource(bytes, 'tc.wav'));
  return s.audio!.channels[0].truePeakDbtp!;
}

describe('EBU Tech 3341 true-peak cases 15-23 (synthesised), +0.2/-0.4 dB', () => {
  const cases: Array<[string, Float64Array, number]> = [
    ['15: fs/4, 0.50, 0 deg', tone(FS / 4, 0.5, 0), -6.0],
    ['16: fs/4, 0.50, 45 deg', tone(FS / 4, 0.5, 45), -6.0],
    ['17: fs/6, 0.50, 60 deg', tone(FS / 6, 0.5, 60), -6.0],
    ['18: fs/8, 0.50, 67.5 deg', tone(FS / 8, 0.5, 67.5), -6.0],
    ['19: fs/4, 1.41, 45 deg', tone(FS / 4, 1.41, 45), 3.0],
    ['20: inter-sample peak, offset 0', interSamplePulse(0), 0.0],
    ['21: inter-sample peak, offset 1', interSamplePulse(1), 0.0],
    ['22: inter-sample peak, offset 2', interSamplePulse(2), 0.0],
    ['23: inter-sample peak, offset 3', interSamplePulse(3), 0.0],
  ];
  for (const [name, x, expected] of cases) {
    it(name, async () => {
      const tp = await measuredTruePeak(x);
      expect(tp).toBeLessThanOrEqual(expected + 0.2);
      expect(tp).toBeGreaterThanOrEqual(expected - 0.4);
    });
  }
  it('reads the inter-sample peak above the sample peak (case 16: sample peak -9 dB)', async () => {
    const x = tone(FS / 4, 0.5, 45);
    const bytes = buildWav({ channelCount: 1, frames: x.length }, arraySource([x]));
    const ch = (await readWav(new BufferSource(bytes))).audio!.channels[0];
    expect(ch.samplePeakDbfs!).toBeCloseTo(-9.03, 1);
    expect(ch.truePeakDbtp! - ch.samplePeakDbfs!).toBeGreaterThan(2.5);
  });
});

/** Feed a meter the way measurePcm does: blocks of random sizes, history moved to the front. */
function meterPeak(x: Float64Array, skip: boolean, rand: () => number): { peak: number; meter: TruePeakMeter } {
  const meter = new TruePeakMeter(skip);
  const buf = new Float64Array(HISTORY + 5000);
  let pos = 0;
  while (pos < x.length) {
    const n = Math.min(x.length - pos, 1 + Math.floor(rand() * 4000));
    buf.set(x.subarray(pos, pos + n), HISTORY);
    meter.process(buf, n);
    buf.copyWithin(0, n, n + HISTORY);
    pos += n;
  }
  return { peak: meter.finish(buf), meter };
}

/** Signals that exercise the skip: bursts over silence, decaying noise, isolated impulses, sines. */
function randomSignal(rand: () => number): Float64Array {
  const n = 2000 + Math.floor(rand() * 30000);
  const x = new Float64Array(n);
  const kind = Math.floor(rand() * 5);
  let env = rand();
  for (let i = 0; i < n; i++) {
    if (i % 256 === 0) env = rand() < 0.3 ? 0 : rand() ** 3;
    switch (kind) {
      case 0: x[i] = env * gaussian(rand) * 0.3; break;
      case 1: x[i] = Math.exp(-i / (n / 8)) * (rand() * 2 - 1); break;
      case 2: x[i] = rand() < 0.001 ? (rand() * 2 - 1) : 0; break;
      case 3: x[i] = env * Math.sin(i * (0.05 + rand() * 0.001) * Math.PI * 8); break;
      default: x[i] = Math.round((rand() * 2 - 1) * env * 8) / 8; break;
    }
  }
  return x;
}

describe('skip-window optimisation', () => {
  it('gives exactly the full filter result (property test, 200 random signals and block splits)', () => {
    // fast = skip on; noSkip = the same filter on every window (must be bit-identical);
    // full = the direct table evaluation (agrees to rounding: the meter folds the symmetric phases).
    const rand = prng(0x1770);
    let skipped = 0;
    let filtered = 0;
    for (let t = 0; t < 200; t++) {
      const x = randomSignal(rand);
      const full = truePeakFull(x);
      const fast = meterPeak(x, true, rand);
      const noSkip = meterPeak(x, false, rand);
      expect(fast.peak).toBe(noSkip.peak);
      expect(Math.abs(fast.peak - full)).toBeLessThanOrEqual(full * 1e-12);
      skipped += fast.meter.skipped;
      filtered += fast.meter.filtered;
    }
    // The property is only meaningful if windows were actually skipped.
    expect(skipped).toBeGreaterThan(filtered);
  });

  it('never reads below the sample peak and catches a peak in the last samples (end flush)', () => {
    const x = new Float64Array(1000);
    x[999] = 0.5;
    x[998] = -0.5;
    const rand = prng(7);
    const { peak } = meterPeak(x, true, rand);
    expect(peak).toBeCloseTo(truePeakFull(x), 12);
    expect(peak).toBeGreaterThan(0.5);
  });
});
