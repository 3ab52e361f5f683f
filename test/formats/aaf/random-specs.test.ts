/**
 * Random compositions (fixed seed) through the test writer and back: every
 * feature the writer knows, combined at random on one clip and one track
 * (gain and fades and mute on a multichannel clip in a nested slot, at
 * 29.97 with 44.1 kHz media...). Each model is checked against the spec with
 * an oracle that does its own exact arithmetic (BigInt), and against the
 * session schema.
 */
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/io/byte-source.js';
import { readAaf } from '../../../src/formats/aaf/index.js';
import { validateSession } from '../../../src/formats/model/index.js';
import { writeAaf, type AafSpec, type WriterClip, type WriterTrack } from '../../support/aaf-writer/index.js';
import { prng } from '../../support/prng.js';

const SEED = 20261121;
const CASES = 40;

const RATES: Array<[number, number]> = [[25, 1], [24, 1], [24000, 1001], [30000, 1001], [50, 1], [60000, 1001], [48000, 1]];
const SAMPLE_RATES = [48000, 44100, 96000];
const CHANNELS = [1, 1, 1, 2, 6];

type Case = { spec: AafSpec; sampleRate: number; sectorSize: 512 | 4096 };

function randomCase(rand: () => number): Case {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const editRate = pick(RATES);
  const sampleRate = pick(SAMPLE_RATES);
  const media = Array.from({ length: int(1, 4) }, (_, i) => ({
    name: `m${i}.wav`, sampleRate, bitDepth: pick([16, 24]), length: 10_000_000,
    ...(rand() < 0.2 ? { embedded: {} } : { url: `file:///Volumes/Show/Audio%20Files/m${i}.wav` }),
  }));
  const tracks: WriterTrack[] = Array.from({ length: int(1, 5) }, (_, t) => {
    const channels = pick(CHANNELS);
    let at = int(0, 50);
    const clips: WriterClip[] = Array.from({ length: int(0, 10) }, () => {
      const length = int(4, 400);
      const fadeIn = rand() < 0.3 ? int(1, length >> 2) : undefined;
      const fadeOut = rand() < 0.3 ? int(1, length >> 2) : undefined;
      const clip: WriterClip = { position: at, length, media: int(0, media.length - 1), sourceOffset: rand() < 0.5 ? int(0, 1000) : undefined, fadeIn, fadeOut, muted: rand() < 0.2 };
      const g = rand();
      if (g < 0.25) clip.gain = { db: pick([-12, -6, -3.5, 0, 2]) };
      else if (g < 0.4) clip.gain = { envelope: [[0, 1], [0.5, pick([0.5, 0.25, 1])], [1, 0.75]] };
      if (channels > 1) clip.channels = channels;
      at += length + (rand() < 0.3 ? 0 : int(1, 100));
      return clip;
    });
    return {
      name: `T${t} ${pick(['dx', 'mx', 'fx'])}`,
      clips,
      ...(channels === 2 && rand() < 0.5 ? { trackFormat: 2 } : {}),
      ...(rand() < 0.3 ? { volume: [1, pick([0.5, 1]), 0.8] } : {}),
      mute: rand() < 0.2,
      solo: rand() < 0.2,
      // A nested slot is its scope's output (after a Filler slot) or plays the sequence through a ScopeReference.
      nested: rand() < 0.25 ? (rand() < 0.5 ? true : {}) : false,
      pulldown: rand() < 0.1,
    };
  });
  const markers = Array.from({ length: int(0, 3) }, (_, i) => ({ name: `M${i}`, position: int(0, 2000) }));
  const timecode = rand() < 0.8 ? { start: pick([0, 3600, 90000]), fps: Math.round(editRate[0] / editRate[1]) } : null;
  return { spec: { name: 'Random', editRate, timecode, media, tracks, markers }, sampleRate, sectorSize: rand() < 0.5 ? 512 : 4096 };
}

/** Edit units at `rate` → samples at `sampleRate`, rounded half up, exactly. */
function samples(eu: number, rate: [number, number], sampleRate: number): number {
  const num = BigInt(eu) * BigInt(sampleRate) * BigInt(rate[1]);
  const den = BigInt(rate[0]);
  return Number((2n * num + den) / (2n * den));
}

const FORMAT: Record<number, string> = { 1: 'mono', 2: 'stereo', 6: '5.1' };

describe('random compositions through the writer and the reader', () => {
  const rand = prng(SEED);
  const cases = Array.from({ length: CASES }, () => randomCase(rand));

  it.each(cases.map((c, i) => [i, c] as const))('case %i', async (_, { spec, sampleRate, sectorSize }) => {
    const s = await readAaf(new BufferSource(writeAaf(spec, { sectorSize }), 'random.aaf'));
    const rate = spec.editRate!;
    const start = spec.timecode ? samples(spec.timecode.start, rate, sampleRate) : 0;
    expect(validateSession(s)).toEqual([]);
    expect(s.sampleRate).toBe(sampleRate);
    expect(s.start).toBe(start);
    expect(s.diagnostics.filter((d) => d.code === 'aaf/missing-storage')).toEqual([]);
    const pulled = spec.tracks.some((t) => t.pulldown);
    expect(s.diagnostics.some((d) => d.code === 'aaf/unhandled-segment')).toBe(pulled);
    expect(s.tracks.map((t) => t.name)).toEqual(spec.tracks.map((t) => t.name));
    expect(s.markers.length).toBe(spec.markers!.length);
    expect(s.mediaFiles.length).toBe(spec.media.length);

    spec.tracks.forEach((t, ti) => {
      const track = s.tracks[ti];
      const channels = t.clips[0]?.channels ?? 1;
      expect([track.muted, track.solo]).toEqual([!!t.mute, !!t.solo]);
      if (t.trackFormat || t.clips.length) expect(track.channelFormat).toBe(FORMAT[t.trackFormat ?? channels]);
      expect(track.automation.length).toBe(t.volume ? 1 : 0);
      const got = track.playlists[0]?.clips ?? [];
      expect(got.length).toBe(t.clips.length);
      t.clips.forEach((c, ci) => {
        const m = got[ci];
        const from = samples(c.position, rate, sampleRate);
        const to = samples(c.position + c.length, rate, sampleRate);
        expect([m.position, m.length]).toEqual([start + from, to - from]);
        expect(m.sourceOffset).toBe(samples(c.sourceOffset ?? 0, rate, sampleRate));
        expect(m.muted).toBe(!!c.muted);
        expect(m.fadeIn?.length ?? null).toBe(c.fadeIn ? samples(c.fadeIn, rate, sampleRate) : null);
        expect(m.fadeOut?.length ?? null).toBe(c.fadeOut ? samples(c.fadeOut, rate, sampleRate) : null);
        if (c.gain?.db !== undefined) expect(m.gain).toEqual({ db: c.gain.db, envelope: null });
        else if (c.gain?.envelope) {
          expect(m.gain?.envelope?.map(([at]) => at)).toEqual(c.gain.envelope.map(([t]) => Math.round(t * (to - from))));
          expect(m.gain?.envelope?.map(([, db]) => db)).toEqual(c.gain.envelope.map(([, a]) => Math.round(2e4 * Math.log10(a)) / 1000));
        } else expect(m.gain).toBeNull();
        const media = spec.media[c.media];
        expect(s.mediaFiles.find((f) => f.id === m.mediaFileId)?.embedded).toBe(!!media.embedded);
      });
    });
  });
});
