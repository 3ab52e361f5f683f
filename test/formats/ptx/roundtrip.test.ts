/** Property test: random sessions written by the test writer read back with every fact intact. */
import { describe, expect, it } from 'vitest';
import { writePtx, type WriterSession } from '../../support/ptx-writer/index.js';
import { readBytes, rng } from './helpers.js';
import { validateAgainst } from '../../../src/model/json-schema.js';
import schema from '../../../schemas/session.schema.json';

function randomSession(seed: number): WriterSession {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const versions = [5, 6, 8, 12] as const;
  const version = versions[int(4)];
  const files = Array.from({ length: 1 + int(5) }, (_, i) => ({ name: `f${i}_${int(1000)}.${r() < 0.5 ? 'wav' : 'aif'}`, length: 1 + int(2 ** 31) }));
  const tracks = Array.from({ length: int(6) }, (_, ti) => ({
    name: `Track ${ti} ${'äé'.slice(0, int(3))}`,
    channels: Array.from({ length: 1 + int(2) }, () => {
      let pos = int(1000);
      return {
        clips: Array.from({ length: int(8) }, (_, ci) => {
          const length = 1 + int(5_000_000);
          const c = { name: `r${ti}_${ci}`, file: int(files.length), position: pos, length, sourceOffset: int(2) ? 0 : int(2 ** 40) };
          pos += length + int(100_000);
          return c;
        }),
      };
    }),
  }));
  return {
    version, bigEndian: version <= 6 && r() < 0.5, xorValue: int(256),
    sampleRate: [44100, 48000, 96000][int(3)], bitDepth: [16, 24, 32][int(3)],
    timecode: { code: [1, 2, 5, 9][int(4)], startFrames: int(24 * 3600 * 20) },
    files, tracks,
    markers: Array.from({ length: int(4) }, (_, i) => ({ name: `M${i}`, position: int(2 ** 35) })),
    groups: tracks.length > 1 ? [{ name: 'G', members: [0, tracks.length - 1] }] : [],
  };
}

describe('ptx writer → reader round trip', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`random session #${seed}`, async () => {
      const w = randomSession(seed);
      const s = await readBytes(writePtx(w), `r${seed}.${w.version >= 10 ? 'ptx' : w.version >= 7 ? 'ptf' : 'pts'}`);
      expect(s.sampleRate).toBe(w.sampleRate);
      expect(s.bitDepth).toBe(w.bitDepth);
      expect(Number(s.source.formatVersion)).toBe(w.version);
      const start = s.start ?? 0;
      expect(s.frameRate).not.toBeNull();
      expect(start).toBeGreaterThanOrEqual(0);
      expect(s.mediaFiles.map((m) => [m.name, m.length])).toEqual(w.files.map((f) => [f.name, f.length]));
      expect(s.tracks.map((t) => [t.name, t.kind, t.channels])).toEqual(w.tracks.map((t) => [t.name, 'audio', t.channels.length]));
      s.tracks.forEach((t, ti) => {
        const want = w.tracks[ti].channels.flatMap((ch, ci) => ch.clips.map((c) => ({
          name: c.name, position: start + c.position, length: c.length, sourceOffset: c.sourceOffset, mediaFileId: `m${c.file}`, channel: ci + 1,
        })));
        want.sort((a, b) => a.position - b.position || a.channel - b.channel);
        expect(t.playlists[0].clips.map((c) => ({ name: c.name, position: c.position, length: c.length, sourceOffset: c.sourceOffset, mediaFileId: c.mediaFileId, channel: c.channel }))).toEqual(want);
      });
      expect(s.markers.map((m) => [m.name, m.position])).toEqual((w.markers ?? []).map((m) => [m.name, start + m.position]).sort((a, b) => (a[1] as number) - (b[1] as number)));
      expect(s.groups.map((g) => [g.name, g.trackIds.map((id) => s.tracks.find((t) => t.id === id)?.name)])).toEqual(
        (w.groups ?? []).map((g) => [g.name, g.members.map((m) => w.tracks[m].name)]),
      );
      expect(s.coverage.tracks).toBe('decoded');
      expect(validateAgainst(schema as never, JSON.parse(JSON.stringify(s)))).toEqual([]);
      expect(s.coverage.mediaFiles).toBe('decoded');
    });
  }
});
