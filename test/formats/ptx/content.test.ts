/** Content types one by one, on blocks the test writer makes. */
import { describe, expect, it } from 'vitest';
import { PtxBytes, type Block } from '../../../src/formats/ptx/blocks.js';
import { blockTree, deobfuscatePtx, dumpPtx, openPtx } from '../../../src/formats/ptx/index.js';
import { decodePosition, TICKS_ZERO } from '../../../src/formats/ptx/content/playlists.js';
import { readThreePoint } from '../../../src/formats/ptx/content/regions.js';
import { BufferSource } from '../../../src/io/byte-source.js';
import { resolveLimits } from '../../../src/io/limits.js';
import { writePtx, type WriterSession } from '../../support/ptx-writer/index.js';
import { readBytes } from './helpers.js';

const BASE: WriterSession = {
  version: 12, sampleRate: 48000, bitDepth: 24,
  files: [{ name: 'a.wav', length: 480000 }, { name: 'b.aif', length: 96000, type: 'AIFF' }],
  tracks: [],
};

function bytesOf(...b: number[]): PtxBytes {
  return new PtxBytes(new Uint8Array(b), false, 'ptx', null, resolveLimits());
}

describe('packed region fields (three-point)', () => {
  it('reads widths from the high nibbles of bytes 1, 2, 3 (little-endian file), values little-endian', () => {
    const f = bytesOf(0, 0x20, 0x30, 0x10, 0, 0xe8, 0x03, 0xc0, 0x5d, 0x00, 0x07);
    expect(readThreePoint(f, 0, f.length)).toMatchObject({ sourceOffset: 1000, length: 24000, start: 7, next: 11 });
  });
  it('reads widths from bytes 4, 3, 2 in a big-endian file, values still little-endian', () => {
    const f = new PtxBytes(new Uint8Array([0, 0, 0, 0x30, 0x00, 0xec, 0x02, 0x15]), true, 'pts', null, resolveLimits());
    expect(readThreePoint(f, 0, f.length)).toMatchObject({ sourceOffset: 0, length: 1377004, start: 0 });
  });
  it('a value that runs past its block is TRUNCATED', () => {
    const f = bytesOf(0, 0x50, 0, 0, 0, 1, 2);
    expect(() => readThreePoint(f, 0, f.length)).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});

describe('positions', () => {
  it('are samples, or MIDI ticks from 10^12 when the top byte has 0x40', () => {
    expect(decodePosition(0, 96000)).toEqual({ samples: 96000, ticks: null });
    expect(decodePosition(1, 5)).toEqual({ samples: 2 ** 32 + 5, ticks: null });
    // 0x40000000_00000000 + 10^12 + 7,680,001: exact, although the whole value exceeds 2^53.
    const v = TICKS_ZERO + 7_680_001;
    expect(decodePosition(0x40000000 + Math.floor(v / 2 ** 32), v % 2 ** 32)).toEqual({ samples: null, ticks: 7_680_001 });
  });
});

describe('session facts', () => {
  it('Document Info gives the application and version; 0x2067 the format version', async () => {
    const s = await readBytes(writePtx({ ...BASE, application: 'Pro Tools Ultimate', versionString: '2023.6.0' }), 'x.ptx');
    expect(s.source).toMatchObject({ format: 'ptx', formatVersion: '12', application: { name: 'Pro Tools Ultimate', version: '2023.6.0' } });
    const old = await readBytes(writePtx({ ...BASE, version: 8, versionString: '8.0.0f314' }), 'x.ptf');
    expect(old.source).toMatchObject({ format: 'ptf', formatVersion: '8', application: { name: 'Pro Tools LE', version: '8.0.0f314' } });
  });

  it('0x1028 gives bit depth and sample rate; 0x1004 the audio files with their format and length', async () => {
    const s = await readBytes(writePtx({ ...BASE, sampleRate: 96000, bitDepth: 32 }));
    expect([s.sampleRate, s.bitDepth]).toEqual([96000, 32]);
    expect(s.mediaFiles).toMatchObject([
      { id: 'm0', name: 'a.wav', path: 'Macintosh HD/Audio Files/a.wav', format: 'wav', sampleRate: 96000, length: 480000 },
      { id: 'm1', name: 'b.aif', format: 'aiff', length: 96000 },
    ]);
  });

  it('0x204d: rate code and start frames give the frame rate, start and start timecode', async () => {
    const s = await readBytes(writePtx({ ...BASE, timecode: { code: 2, startFrames: 90000 } }));
    expect(s.frameRate).toEqual({ fps: 25, label: '25', dropFrame: false });
    expect([s.start, s.startTimecode]).toEqual([3600 * 48000, '01:00:00:00']);
    expect(s.coverage.timecode).toBe('decoded');
    const df = await readBytes(writePtx({ ...BASE, timecode: { code: 5, startFrames: 0 } }));
    expect(df.frameRate).toMatchObject({ label: '29.97', dropFrame: true });
    const unknown = await readBytes(writePtx({ ...BASE, timecode: { code: 42, startFrames: 0 } }));
    expect(unknown.frameRate).toBeNull();
    expect(unknown.start).toBe(0);
    // An unknown rate with a non-zero start: the start is unknown, positions stay as stored.
    const unknownStart = await readBytes(writePtx({ ...BASE, timecode: { code: 42, startFrames: 1000 }, tracks: [{ name: 'A', channels: [{ clips: [{ name: 'a', file: 0, position: 7, length: 1 }] }] }] }));
    expect([unknownStart.start, unknownStart.startTimecode]).toEqual([null, null]);
    expect(unknownStart.tracks[0].playlists[0].clips[0].position).toBe(7);
    expect(unknown.coverage.timecode).toBe('partial');
    expect(unknown.diagnostics.some((d) => d.code === 'ptx/timecode-rate')).toBe(true);
  });
});

describe('tracks, playlists, fades, markers, groups', () => {
  const session: WriterSession = {
    ...BASE,
    timecode: { code: 1, startFrames: 86400 },
    tracks: [
      { name: 'Dialog', channels: [{ clips: [{ name: 'd1', file: 0, position: 1000, length: 48000, sourceOffset: 10, fadeIn: 480, fadeOut: 960 }] }] },
      { name: 'Music', channels: [{ clips: [{ name: 'm.L', file: 0, position: 0, length: 100 }] }, { clips: [{ name: 'm.R', file: 1, position: 0, length: 100 }] }] },
    ],
    markers: [{ name: 'Scene 2', position: 96000 }, { name: 'Scene 1', position: 48000, end: 52000 }],
    groups: [{ name: 'All music', members: [1] }],
  };

  it('maps playlist sets to tracks with channel count and per-channel clips, positions absolute', async () => {
    const s = await readBytes(writePtx(session));
    const start = 86400 * 2000; // 01:00:00:00 at 24 fps, 48 kHz
    expect(s.start).toBe(start);
    expect(s.tracks.map((t) => [t.id, t.name, t.kind, t.channels, t.channelFormat])).toEqual([
      ['t1', 'Dialog', 'audio', 1, 'mono'], ['t2', 'Music', 'audio', 2, 'stereo'],
    ]);
    expect(s.tracks[1].playlists[0].clips.map((c) => [c.name, c.channel, c.mediaFileId, c.position])).toEqual([
      ['m.L', 1, 'm0', start], ['m.R', 2, 'm1', start],
    ]);
  });

  it('fade placements become the clip\'s fadeIn / fadeOut, not clips', async () => {
    const s = await readBytes(writePtx(session));
    const clips = s.tracks[0].playlists[0].clips;
    expect(clips).toHaveLength(1);
    expect(clips[0]).toMatchObject({ name: 'd1', length: 48000, sourceOffset: 10, fadeIn: { length: 480, shape: null }, fadeOut: { length: 960, shape: null } });
    expect(s.coverage.fades).toBe('decoded');
  });

  it('markers stored twice (marker lane and top level) are listed once, sorted, with range lengths', async () => {
    const s = await readBytes(writePtx(session));
    expect(s.markers).toEqual([
      { name: 'Scene 1', position: s.start! + 48000, length: 4000, comment: '' },
      { name: 'Scene 2', position: s.start! + 96000, length: 0, comment: '' },
    ]);
  });

  it('groups name their member tracks', async () => {
    const s = await readBytes(writePtx(session));
    expect(s.groups).toEqual([{ name: 'All music', trackIds: ['t2'] }]);
    expect(s.coverage.groups).toBe('decoded');
  });

  it('PT5–8 mixer records: empty insert slots are no inserts, kinds decoded', async () => {
    const s = await readBytes(writePtx({ ...session, version: 8 }), 'x.ptf');
    expect(s.tracks.every((t) => t.inserts.length === 0)).toBe(true);
    expect(s.coverage.inserts).toBe('decoded');
    expect(s.coverage.trackKinds).toBe('decoded');
  });

  it('PT10+ inserts, sends, VCAs and clip gain are unsupported, with a diagnostic', async () => {
    const s = await readBytes(writePtx(session));
    expect([s.coverage.inserts, s.coverage.sends, s.coverage.vcas, s.coverage.clipGain]).toEqual(['unsupported', 'unsupported', 'unsupported', 'unsupported']);
    expect(s.diagnostics.some((d) => d.code === 'ptx/pt10-mixer')).toBe(true);
  });

  it('a placement of a region that does not exist is a diagnostic and partial playlists', async () => {
    const plain = deobfuscatePtx(writePtx(session));
    const { walk, f } = openPtx(writePtx(session), 'x.ptx');
    const list = walk.top.find((b) => b.contentType === 0x1054)!;
    // First placement of the first playlist: 0x1052 → name → count → 0x1050 → 0x104f → +2 region index.
    const pl = f.block(list.payload + 4, list.end);
    const name = f.str(pl.payload, pl.end);
    const first = f.block(name.next + 4, pl.end);
    const inner = f.block(first.payload, first.end);
    const fadeInPlacement = f.bytes[inner.end] === 1;
    const target = fadeInPlacement ? f.block(first.end, pl.end) : first;
    const innerT = f.block(target.payload, target.end);
    new DataView(plain.buffer).setUint32(innerT.payload + 2, 999, true);
    const bytes = plain.slice();
    const xor = (await import('../../../src/formats/ptx/unxor.js')).applyXorInPlace;
    const s = await readBytes(xor(bytes, bytes[0x12], bytes[0x13]));
    expect(s.diagnostics.find((d) => d.code === 'ptx/missing-region')?.offset).toBe(target.offset);
    expect(s.coverage.playlists).toBe('partial');
  });
});

describe('dump', () => {
  it('prints the block tree with offsets, types, sizes, names, index marks and previews', async () => {
    const bytes = writePtx({ ...BASE, tracks: [{ name: 'Dialog', channels: [{ clips: [{ name: 'd1', file: 0, position: 0, length: 10 }] }] }] });
    const text = await dumpPtx(new BufferSource(bytes, 'x.ptx'), { blocks: true, path: 'x.ptx' });
    expect(text).toMatch(/^0x00001f \* bt= 9 size=\d+\s+0x2067 Session Info/m);
    expect(text).toMatch(/0x1014 playlist set \(track\).*"Dialog"/);
    expect(text).toMatch(/0x0002 index/);
    const json = JSON.parse(await dumpPtx(new BufferSource(bytes, 'x.ptx'), { path: 'x.ptx' }));
    expect(json.tracks[0].name).toBe('Dialog');
    const o = openPtx(bytes, 'x.ptx');
    expect(blockTree(o).split('\n').length).toBeGreaterThan(20);
    const b: Block = o.walk.top[0];
    expect(b.offset).toBe(0x1f);
  });
});

describe('mixer records', () => {
  const two: WriterSession = {
    ...BASE,
    tracks: [
      { name: 'One', channels: [{ clips: [{ name: 'a', file: 0, position: 0, length: 10 }] }] },
      { name: 'Two', channels: [{ clips: [{ name: 'b', file: 0, position: 0, length: 10 }] }, { clips: [] }] },
    ],
    groups: [{ name: 'g', members: [0] }],
  };

  for (const version of [8, 12] as const) {
    it(`PT${version}: records of an unknown content type become tracks of kind "unknown", with a diagnostic`, async () => {
      const s = await readBytes(writePtx({ ...two, version, otherRecords: [{ contentType: 0x2621, name: 'Aux 1' }] }), version === 8 ? 'x.ptf' : 'x.ptx');
      expect(s.tracks.map((t) => [t.name, t.kind])).toEqual([['One', 'audio'], ['Two', 'audio'], ['Aux 1', 'unknown']]);
      expect(s.coverage.trackKinds).toBe('partial');
      expect(s.diagnostics.find((d) => d.code === 'ptx/unknown-track-kind')?.message).toContain('0x2621');
    });

    it(`PT${version}: mixer records pair with playlist sets by id, whatever their order`, async () => {
      const s = await readBytes(writePtx({ ...two, version, mixerOrder: [1, 0] }), version === 8 ? 'x.ptf' : 'x.ptx');
      // Session order is the mixer's; each track keeps its own channels and clips.
      expect(s.tracks.map((t) => [t.name, t.channels, t.playlists[0].clips.map((c) => c.name)])).toEqual([['Two', 2, ['b']], ['One', 1, ['a']]]);
      // Group ordinals index the mixer's records.
      expect(s.groups[0].trackIds.map((id) => s.tracks.find((t) => t.id === id)?.name)).toEqual(['Two']);
    });
  }

  it('names that are not UTF-8 are MacRoman in big-endian files and Windows-1252 in others', async () => {
    const { decodeText } = await import('../../../src/formats/ptx/blocks.js');
    expect(decodeText(new Uint8Array([0x43, 0x61, 0x66, 0x8e]), new TextDecoder('macintosh'))).toBe('Café');
    expect(decodeText(new Uint8Array([0x43, 0x61, 0x66, 0xe9]), new TextDecoder('windows-1252'))).toBe('Café');
    expect(decodeText(new TextEncoder().encode('Café'))).toBe('Café');
  });
});
