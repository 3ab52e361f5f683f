import { describe, expect, it } from 'vitest';
import { decodeFrames, type SampleEncoding } from '../../src/audio/pcm.js';
import { LevelMeter, levelOffsetDb } from '../../src/audio/levels.js';
import { measurePcm } from '../../src/audio/measure.js';
import { BufferSource } from '../../src/io/byte-source.js';
import { arraySource, buildWav, encodeFrames, type WavEncoding } from '../support/wav-writer.js';

describe('decodeFrames', () => {
  const values = [0, 0.5, -0.5, -1, 0.25, -0.125];
  for (const enc of ['u8', 's16', 's24', 's32', 'f32', 'f64'] as const) {
    it(`decodes ${enc} interleaved stereo`, () => {
      const spec = { channelCount: 2, frames: values.length, encoding: enc as WavEncoding };
      const bytes = encodeFrames(spec, arraySource([values, values.map((v) => -v / 2)]), 0, values.length);
      const out = [new Float64Array(values.length + 3), new Float64Array(values.length + 3)];
      const width = bytes.length / values.length / 2;
      decodeFrames(bytes, 0, enc as SampleEncoding, width * 2, values.length, out, 3);
      const plain = (a: ArrayLike<number>) => Array.from(a, (v) => v + 0); // +0 folds -0
      expect(plain(out[0].subarray(3))).toEqual(values);
      expect(plain(out[1].subarray(3))).toEqual(plain(values.map((v) => -v / 2)));
    });
  }
  it('decodes the extremes of 24-bit', () => {
    const b = new Uint8Array([0xff, 0xff, 0x7f, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff]);
    const out = [new Float64Array(3)];
    decodeFrames(b, 0, 's24', 3, 3, out, 0);
    expect(out[0][0]).toBe(8388607 / 8388608);
    expect(out[0][1]).toBe(-1);
    expect(out[0][2]).toBe(-1 / 8388608);
  });
});

describe('LevelMeter', () => {
  it('reads a full-scale sine at -3.01 dBFS RMS and 0 dBFS peak', () => {
    const m = new LevelMeter();
    const x = Float64Array.from({ length: 48000 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 48000 + 0.3));
    m.process(x, 0, x.length);
    expect(m.rmsDbfs!).toBeCloseTo(-3.0103, 3);
    expect(m.peakDbfs!).toBeCloseTo(0, 1);
  });
  it('finds the first sample above the threshold across blocks, and none in silence', () => {
    const m = new LevelMeter(-60);
    const x = new Float64Array(100);
    x[70] = 0.0009; // -60.9 dBFS: below
    m.process(x, 0, 100);
    expect(m.firstSound).toBeNull();
    const y = new Float64Array(100);
    y[42] = -0.0011; // -59.2 dBFS: above
    m.process(y, 0, 100);
    expect(m.firstSound).toBe(142);
    const silent = new LevelMeter();
    silent.process(new Float64Array(10), 0, 10);
    expect(silent.peakDbfs).toBeNull();
    expect(silent.rmsDbfs).toBeNull();
  });
  it('gives L-R offset for stereo only', () => {
    const l = new LevelMeter();
    const r = new LevelMeter();
    l.process(Float64Array.from({ length: 1000 }, (_, i) => (i % 2 ? 0.5 : -0.5)), 0, 1000);
    r.process(Float64Array.from({ length: 1000 }, (_, i) => (i % 2 ? 0.25 : -0.25)), 0, 1000);
    expect(levelOffsetDb([l, r])!).toBeCloseTo(6.0206, 3);
    expect(levelOffsetDb([l])).toBeNull();
  });
});

describe('measurePcm', () => {
  const frames = 100_000;
  const x = Float64Array.from({ length: frames }, (_, i) => (i < 50_000 ? 0 : 0.5 * Math.sin(i / 10)));
  const bytes = buildWav({ channelCount: 1, frames }, arraySource([x]));
  const dataOffset = bytes.length - frames * 3;

  it('streams in bounded reads and reports progress to the end', async () => {
    const src = new BufferSource(bytes);
    const reads: number[] = [];
    const orig = src.read.bind(src);
    src.read = async (o, n) => {
      reads.push(n);
      return orig(o, n);
    };
    const progress: number[] = [];
    const m = await measurePcm({
      src, dataOffset, frames, channels: 1, blockAlign: 3, encoding: 's24', chunkBytes: 30_000,
      onProgress: (p) => progress.push(p.done / p.total),
    });
    expect(Math.max(...reads)).toBeLessThanOrEqual(30_000);
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBeGreaterThan(5);
    expect(m.channels[0].firstSoundSample).toBe(50_000);
    expect(m.channels[0].samplePeakDbfs!).toBeCloseTo(-6.02, 1);
  });

  it('reuses two buffers through readInto when the source has it, with the same results', async () => {
    const plain = new BufferSource(bytes);
    const targets = new Set<ArrayBufferLike>();
    const reusing = Object.assign(new BufferSource(bytes), {
      async readInto(offset: number, target: Uint8Array) {
        targets.add(target.buffer);
        const b = plain.readSync(offset, target.length);
        target.set(b);
        return b.length;
      },
    });
    const args = { dataOffset, frames, channels: 1, blockAlign: 3, encoding: 's24' as const, chunkBytes: 30_000 };
    const a = await measurePcm({ src: plain, ...args });
    const b = await measurePcm({ src: reusing, ...args });
    expect(b.channels).toEqual(a.channels);
    expect(targets.size).toBe(2);
    expect(reusing.bytesRead).toBe(0);
  });

  it('stops on an aborted signal with the signal reason', async () => {
    const ctl = new AbortController();
    const reason = new Error('stop');
    let calls = 0;
    const p = measurePcm({
      src: new BufferSource(bytes), dataOffset, frames, channels: 1, blockAlign: 3, encoding: 's24', chunkBytes: 3000,
      signal: ctl.signal, onProgress: () => { if (++calls === 3) ctl.abort(reason); },
    });
    await expect(p).rejects.toBe(reason);
    expect(calls).toBe(3);
  });

  it('gives a FormatError when the source returns fewer bytes than the data chunk holds', async () => {
    const short = new BufferSource(bytes.subarray(0, bytes.length - 1000));
    await expect(measurePcm({ src: short, dataOffset, frames, channels: 1, blockAlign: 3, encoding: 's24' }))
      .rejects.toMatchObject({ name: 'FormatError', code: 'TRUNCATED' });
  });
});

describe('fused 24-bit decode + scan', () => {
  it('gives the same samples, sum of squares and block maxima on the word path as on the byte path', async () => {
    const { decodeScanS24, decodeScanS24Mono, scanBlocks } = await import('../../src/audio/pcm.js');
    const n = 4096;
    const raw = new Uint8Array(n * 3 + 8);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919 + (i >> 5) * 131) & 0xff;
    const a = new Float64Array(11 + n);
    const b = new Float64Array(11 + n);
    const c = new Float64Array(11 + n);
    const ma = new Float64Array(128);
    const mb = new Float64Array(128);
    const mc = new Float64Array(128);
    const sa = decodeScanS24Mono(raw, 0, n, a, 11, 32, ma);
    const sb = decodeScanS24(raw, 0, 3, n, b, 11, 32, mb);
    decodeFrames(raw, 0, 's24', 3, n, [c], 11);
    const sc = scanBlocks(c, 11, n, 32, mc);
    expect(sa).toBe(sb);
    expect(sb).toBe(sc);
    expect(a).toEqual(b);
    expect(b).toEqual(c);
    expect(ma).toEqual(mb);
    expect(mb).toEqual(mc);
    // unaligned start or a count not divisible by 4: the word path declines
    expect(decodeScanS24Mono(raw.subarray(1), 0, n, a, 11, 32, ma)).toBe(-1);
    expect(decodeScanS24Mono(raw, 0, n - 1, a, 11, 32, ma)).toBe(-1);
  });
});

describe('stereo 24-bit word path', () => {
  it('gives per channel what the byte path gives', async () => {
    const { decodeScanS24, decodeScanS24Stereo } = await import('../../src/audio/pcm.js');
    const n = 2048;
    const raw = new Uint8Array(n * 6 + 8);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 104729 + (i >> 7) * 17) & 0xff;
    const [l, r, l2, r2] = [0, 0, 0, 0].map(() => new Float64Array(11 + n));
    const [ml, mr, ml2, mr2] = [0, 0, 0, 0].map(() => new Float64Array(64));
    const sums = new Float64Array(2);
    expect(decodeScanS24Stereo(raw, 0, n, l, r, 11, 32, ml, mr, sums)).toBe(true);
    expect(sums[0]).toBe(decodeScanS24(raw, 0, 6, n, l2, 11, 32, ml2));
    expect(sums[1]).toBe(decodeScanS24(raw, 3, 6, n, r2, 11, 32, mr2));
    expect(l).toEqual(l2);
    expect(r).toEqual(r2);
    expect(ml).toEqual(ml2);
    expect(mr).toEqual(mr2);
    expect(decodeScanS24Stereo(raw.subarray(2), 0, n, l, r, 11, 32, ml, mr, sums)).toBe(false);
    expect(decodeScanS24Stereo(raw, 0, n - 1, l, r, 11, 32, ml, mr, sums)).toBe(false);
  });
});
