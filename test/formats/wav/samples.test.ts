/**
 * The committed WAV samples are exactly what scripts/make-wav-samples.ts
 * makes (UPDATE_WAV_SAMPLES=1 rewrites them), and read as their descriptions say.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WAV_SAMPLES } from '../../../scripts/make-wav-samples.js';
import { readWav } from '../../../src/formats/wav/index.js';
import { BufferSource } from '../../../src/io/byte-source.js';
import type { Session } from '../../../src/model/session.js';

const SAMPLES = resolve(__dirname, '../../../samples');
const UPDATE = process.env.UPDATE_WAV_SAMPLES === '1';

async function model(path: string): Promise<Session> {
  return readWav(new BufferSource(readFileSync(resolve(SAMPLES, path)), path));
}

const maxTp = (s: Session) => Math.max(...s.audio!.channels.map((c) => c.truePeakDbtp ?? -Infinity));
const firstSound = (s: Session) => Math.min(...s.audio!.channels.map((c) => c.firstSoundSample ?? Infinity));

describe('WAV samples', () => {
  for (const sample of WAV_SAMPLES) {
    it(`${sample.path} is what the generator makes, and small`, () => {
      const bytes = sample.bytes();
      const file = resolve(SAMPLES, sample.path);
      if (UPDATE) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, bytes);
      }
      expect(existsSync(file)).toBe(true);
      expect(Buffer.compare(readFileSync(file), Buffer.from(bytes))).toBe(0);
      expect(bytes.length).toBeLessThan(400_000);
    });
  }

  it('premix: clean v1 passes what the premix profile checks; v2 has inter-sample overs and is short; fr-FR is float stereo', async () => {
    const clean = await model('premix/PKG123_SampleShow_24_Mono_es-ES_PreMixQC_v1.wav');
    expect(clean.audio!.formatTag).toBe('PCM');
    expect(clean.bitDepth).toBe(24);
    expect(clean.tracks[0].channels).toBe(1);
    expect(maxTp(clean)).toBeLessThanOrEqual(-6);
    expect(maxTp(clean)).toBeGreaterThan(-9);
    expect(clean.audio!.sampleCount).toBe(48_000);

    const over = await model('premix/PKG123_SampleShow_24_Mono_es-ES_PreMixQC_v2.wav');
    expect(over.audio!.channels[0].samplePeakDbfs!).toBeLessThan(-6);
    expect(maxTp(over)).toBeGreaterThan(-6);
    expect(over.audio!.sampleCount).toBe(47_520);

    const float = await model('premix/PKG123_SampleShow_24_Mono_fr-FR_PreMixQC_v1.wav');
    expect(float.audio!.formatTag).toBe('IEEE_FLOAT');
    expect(float.tracks[0].channels).toBe(2);
  });

  it('recordings: clean take at or after the hour with L 6 dB over R; faulty take at 23.976, before the hour, swapped; mono without bext; dual actor level', async () => {
    const clean = await model('recordings/P101_Hero_AB_261121_01.wav');
    expect(clean.audio!.ixml!.timecodeRate).toBe('24/1');
    expect(clean.frameRate!.label).toBe('24');
    expect(clean.startTimecode).toBe('01:00:00:00');
    expect(clean.start! + firstSound(clean)).toBeGreaterThanOrEqual(172_800_000);
    expect(clean.audio!.levelOffsetDb!).toBeCloseTo(6, 1);

    const bad = await model('recordings/P101_Hero_AB_261121_02.wav');
    expect(bad.frameRate!.label).toBe('23.976');
    expect(bad.startTimecode).toBe('00:59:55:00');
    expect(bad.start! + firstSound(bad)).toBeLessThan(172_972_800); // 01:00:00:00 at 23.976
    expect(bad.start! + bad.audio!.sampleCount!).toBeLessThan(172_800_000); // and before the true-24 hour too
    expect(bad.audio!.levelOffsetDb!).toBeCloseTo(-6, 1);

    const mono = await model('recordings/S102_Villain_CD_261121_01.wav');
    expect(mono.audio!.bext).toBeNull();
    expect(mono.tracks[0].channels).toBe(1);

    const dual = await model('recordings/P103_Hero_AB_Villain_CD_261121_primary_01.wav');
    expect(dual.startTimecode).toBe('01:00:10:00');
    expect(Math.abs(dual.audio!.levelOffsetDb!)).toBeLessThan(3);
  });
});
