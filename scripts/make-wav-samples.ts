/**
 * The WAV samples in samples/premix/ and samples/recordings/, made by the
 * project's own writer (test/support/wav-writer.ts) from seeded synthetic
 * "dialogue": deterministic, a second each, clean and faulty versions for the
 * netflix-premix-wav and netflix-animation-dialogue profiles.
 *
 * Write them (and check that the committed files match) with:
 *   UPDATE_WAV_SAMPLES=1 npx vitest run test/formats/wav/samples.test.ts
 * Without UPDATE_WAV_SAMPLES the test fails when a committed sample differs
 * from what this script makes.
 */
import { arraySource, buildWav, type BextSpec, type WavSpec } from '../test/support/wav-writer.js';
import { gaussian, prng } from '../test/support/prng.js';

const FS = 48_000;
/** 01:00:00:00 at true 24 fps (and 25/30), 48 kHz. */
const HOUR = 172_800_000;
/** 01:00:00:00 at 23.976 (24000/1001 NDF), 48 kHz. */
const HOUR_23976 = 172_972_800;

export type WavSample = {
  /** Path under samples/. */
  path: string;
  /** What a check of it should find. */
  expect: string;
  bytes: () => Uint8Array;
};

/** Seeded speech-like mono signal: syllable-shaped low-passed noise from `onset` on, room tone before. */
function voice(seed: number, frames: number, onset: number, peak: number): Float64Array {
  const rand = prng(seed);
  const x = new Float64Array(frames);
  let lp1 = 0;
  let lp2 = 0;
  for (let i = 0; i < frames; i++) {
    lp1 += 0.35 * (gaussian(rand) - lp1);
    lp2 += 0.35 * (lp1 - lp2);
    const t = i - onset;
    const syllable = t < 0 ? 0 : (0.5 - 0.5 * Math.cos((2 * Math.PI * 4.3 * t) / FS)) * Math.min(1, t / 480);
    x[i] = syllable * lp2 + gaussian(rand) * 2e-5;
  }
  let max = 0;
  for (const v of x) max = Math.max(max, Math.abs(v));
  for (let i = 0; i < frames; i++) x[i] *= peak / max;
  return x;
}

/** fs/4 at 45°: samples read 3 dB below the peak between them, so the true peak is well above the sample peak. */
function interSampleOver(x: Float64Array, at: number, length: number, amplitude: number): void {
  for (let i = 0; i < length; i++) {
    const fade = Math.min(1, i / 200, (length - i) / 200);
    x[at + i] += fade * amplitude * Math.sin((Math.PI / 2) * i + Math.PI / 4);
  }
}

function db(v: number): number {
  return 10 ** (v / 20);
}

function bext(timeReference: number, description: string): BextSpec {
  return {
    description, originator: 'session-inspector', originatorReference: 'SAMPLE',
    originationDate: '2026-11-21', originationTime: '10:00:00', timeReference, version: 1,
    codingHistory: 'A=PCM,F=48000,W=24,T=session-inspector samples\r\n',
  };
}

function ixml(rate: string, names: string[], scene: string, take: string): string {
  const tracks = names.map((n, i) => `<TRACK><CHANNEL_INDEX>${i + 1}</CHANNEL_INDEX><INTERLEAVE_INDEX>${i + 1}</INTERLEAVE_INDEX><NAME>${n}</NAME></TRACK>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<BWFXML><IXML_VERSION>1.61</IXML_VERSION><PROJECT>Sample Show</PROJECT><SCENE>${scene}</SCENE><TAKE>${take}</TAKE>` +
    `<SPEED><TIMECODE_RATE>${rate}</TIMECODE_RATE><TIMECODE_FLAG>NDF</TIMECODE_FLAG><FILE_SAMPLE_RATE>48000</FILE_SAMPLE_RATE></SPEED>` +
    `<TRACK_LIST><TRACK_COUNT>${names.length}</TRACK_COUNT>${tracks}</TRACK_LIST></BWFXML>\n`;
}

function wav(spec: WavSpec, channels: Float64Array[]): Uint8Array {
  return buildWav(spec, arraySource(channels));
}

/** One second of picture at 24 fps = 24 frames = 48,000 samples. */
const PICTURE = FS;

export const WAV_SAMPLES: WavSample[] = [
  {
    path: 'premix/PKG123_SampleShow_24_Mono_es-ES_PreMixQC_v1.wav',
    expect: 'clean premix: mono 24-bit PCM 48 kHz, true peak about -8 dBTP (<= -6), exactly 24 frames (48,000 samples), bext at 01:00:00:00',
    bytes: () => wav({ channelCount: 1, frames: PICTURE, bext: bext(HOUR, 'Premix dialogue es-ES') }, [voice(1, PICTURE, 2400, db(-8.5))]),
  },
  {
    path: 'premix/PKG123_SampleShow_24_Mono_es-ES_PreMixQC_v2.wav',
    expect: 'faulty premix: inter-sample overs (sample peak about -7.4 dBFS but true peak about -4.4 dBTP, over -6) and 480 samples (10 ms) short of the 24-frame picture',
    bytes: () => {
      const x = voice(2, PICTURE - 480, 4800, db(-12));
      interSampleOver(x, 1200, 2400, 0.6);
      return wav({ channelCount: 1, frames: x.length, bext: bext(HOUR, 'Premix dialogue es-ES v2') }, [x]);
    },
  },
  {
    path: 'premix/PKG123_SampleShow_24_Mono_fr-FR_PreMixQC_v1.wav',
    expect: 'faulty premix: 32-bit float and stereo (wav/format and wav/mono fail); length and true peak are fine',
    bytes: () => {
      const x = voice(3, PICTURE, 2400, db(-9));
      return wav({ channelCount: 2, frames: PICTURE, encoding: 'f32', bext: bext(HOUR, 'Premix dialogue fr-FR') }, [x, x]);
    },
  },
  {
    path: 'recordings/P101_Hero_AB_261121_01.wav',
    expect: 'clean recording: BWF stereo 24-bit, iXML 24/1 NDF, time reference 01:00:00:00, first sound 0.25 s later, primary mic on L, secondary on R 6 dB lower',
    bytes: () => {
      const l = voice(4, FS, 12_000, db(-10));
      return wav({ channelCount: 2, frames: FS, bext: bext(HOUR, 'Hero take 1'), ixml: ixml('24/1', ['Primary', 'Secondary'], '101', '1') }, [l, l.map((v) => v * db(-6))]);
    },
  },
  {
    path: 'recordings/P101_Hero_AB_261121_02.wav',
    expect: 'faulty recording: iXML 24000/1001 (23.976, not true 24), time reference 00:59:55:00 at 23.976 with sound from its first samples (all of it before 01:00:00:00), and the mics swapped (R 6 dB louder than L)',
    bytes: () => {
      const r = voice(5, FS, 0, db(-10));
      return wav({ channelCount: 2, frames: FS, bext: bext(HOUR_23976 - 5 * 48_048, 'Hero take 2'), ixml: ixml('24000/1001', ['Secondary', 'Primary'], '101', '2') }, [r.map((v) => v * db(-6)), r]);
    },
  },
  {
    path: 'recordings/S102_Villain_CD_261121_01.wav',
    expect: 'faulty recording: a plain RIFF WAV (no bext, no iXML) and mono, so the mic layout cannot be primary L / secondary R',
    bytes: () => wav({ channelCount: 1, frames: FS, encoding: 's24' }, [voice(6, FS, 4800, db(-12))]),
  },
  {
    path: 'recordings/P103_Hero_AB_Villain_CD_261121_primary_01.wav',
    expect: 'clean dual-actor recording: stereo with equal levels (dual-actor files are exempt from the L/R offset), iXML 24/1, at 01:00:10:00',
    bytes: () => {
      const a = voice(7, FS, 6000, db(-11));
      const b = voice(8, FS, 9000, db(-11));
      return wav({ channelCount: 2, frames: FS, bext: bext(HOUR + 480_000, 'Hero and Villain take 1'), ixml: ixml('24/1', ['Hero', 'Villain'], '103', '1') }, [a, b]);
    },
  },
];
