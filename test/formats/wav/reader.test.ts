import { describe, expect, it } from 'vitest';
import { readWav, dumpWav } from '../../../src/formats/wav/index.js';
import { readSession } from '../../../src/read.js';
import { BufferSource } from '../../../src/io/byte-source.js';
import { arraySource, buildWav, type WavSpec } from '../../support/wav-writer.js';

const IXML = `<?xml version="1.0" encoding="UTF-8"?>
<BWFXML><IXML_VERSION>1.61</IXML_VERSION><PROJECT>Show</PROJECT><SCENE>12A</SCENE><TAKE>3</TAKE><TAPE>T1</TAPE>
<NOTE>wild line</NOTE>
<SPEED><TIMECODE_RATE>24/1</TIMECODE_RATE><TIMECODE_FLAG>NDF</TIMECODE_FLAG><FILE_SAMPLE_RATE>48000</FILE_SAMPLE_RATE>
<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>0</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI><TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>172800000</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO></SPEED>
<TRACK_LIST><TRACK_COUNT>2</TRACK_COUNT>
<TRACK><CHANNEL_INDEX>3</CHANNEL_INDEX><INTERLEAVE_INDEX>1</INTERLEAVE_INDEX><NAME>Primary</NAME><FUNCTION>L</FUNCTION></TRACK>
<TRACK><CHANNEL_INDEX>4</CHANNEL_INDEX><INTERLEAVE_INDEX>2</INTERLEAVE_INDEX><NAME>Secondary</NAME></TRACK>
</TRACK_LIST></BWFXML>`;

function stereo(frames: number): [Float64Array, Float64Array] {
  const l = Float64Array.from({ length: frames }, (_, i) => (i < 1000 ? 0 : 0.4 * Math.sin(i / 7)));
  const r = Float64Array.from(l, (v) => v / 2);
  return [l, r];
}

async function read(spec: WavSpec, channels?: ArrayLike<number>[], opts = {}) {
  const bytes = buildWav(spec, channels ? arraySource(channels) : undefined);
  return readWav(new BufferSource(bytes, 'P101_Hero_AB_261121_01.wav'), opts);
}

describe('readWav model', () => {
  it('reads a BWF with iXML into one track, one clip at the time reference, one media file', async () => {
    const s = await read({
      channelCount: 2, frames: 4800, junk: 28,
      bext: { description: 'desc', originator: 'Recorder X', originatorReference: 'REF1', originationDate: '2026:11:21', originationTime: '10-11-12', timeReference: 172_800_000, version: 1, codingHistory: 'A=PCM,F=48000,W=24,M=stereo\r\n' },
      ixml: IXML,
    }, stereo(4800));
    expect(s.source).toMatchObject({ format: 'wav', formatVersion: 'BWF v1', application: { name: 'Recorder X' } });
    expect(s.name).toBe('P101_Hero_AB_261121_01');
    expect(s.sampleRate).toBe(48000);
    expect(s.bitDepth).toBe(24);
    expect(s.frameRate).toEqual({ fps: 24, label: '24', dropFrame: false });
    expect(s.start).toBe(172_800_000);
    expect(s.startTimecode).toBe('01:00:00:00');
    expect(s.tracks).toHaveLength(1);
    expect(s.tracks[0]).toMatchObject({ kind: 'audio', channels: 2, channelFormat: 'stereo' });
    expect(s.tracks[0].playlists[0].clips).toEqual([expect.objectContaining({ position: 172_800_000, length: 4800, sourceOffset: 0, mediaFileId: 'm1' })]);
    expect(s.mediaFiles).toEqual([expect.objectContaining({ id: 'm1', channels: 2, sampleRate: 48000, bitDepth: 24, length: 4800, format: 'wav' })]);
    const a = s.audio!;
    expect(a.container).toBe('RIFF');
    expect(a.formatTag).toBe('PCM');
    expect(a.sampleCount).toBe(4800);
    expect(a.bext).toMatchObject({
      description: 'desc', originator: 'Recorder X', originatorReference: 'REF1', originationDate: '2026-11-21',
      originationTime: '10:11:12', timeReference: 172_800_000, version: 1, codingHistory: 'A=PCM,F=48000,W=24,M=stereo\r\n',
    });
    expect(a.ixml).toEqual({
      project: 'Show', scene: '12A', take: '3', tape: 'T1', note: 'wild line', timecodeRate: '24/1', timecodeFlag: 'NDF',
      fileSampleRate: 48000, timestampSamplesSinceMidnight: 172_800_000,
      tracks: [{ index: 1, name: 'Primary', channelIndex: 3, function: 'L' }, { index: 2, name: 'Secondary', channelIndex: 4, function: null }],
    });
    expect(a.chunks!.map((c) => [c.id, c.offset])).toEqual([['JUNK', 12], ['bext', 48], ['iXML', 48 + 8 + 602 + 30], expect.anything(), expect.anything()]);
    expect(a.chunks!.at(-1)).toMatchObject({ id: 'data', size: 4800 * 6 });
    expect(a.channels).toHaveLength(2);
    expect(a.channels[0].firstSoundSample).toBe(1000);
    expect(a.levelOffsetDb!).toBeCloseTo(6.02, 1);
    expect(s.coverage).toMatchObject({ tracks: 'decoded', inserts: 'decoded', timecode: 'decoded', audio: 'decoded', markers: 'decoded' });
    expect(s.diagnostics).toEqual([]);
  });

  it('reads a 64-bit time reference and v2 loudness', async () => {
    const s = await read({
      channelCount: 1, frames: 10,
      bext: { timeReference: 2 ** 32 + 5, version: 2, loudness: { value: -23, range: 5.5, maxTruePeak: -1.25, maxMomentary: -18, maxShortTerm: -20 } },
    });
    expect(s.audio!.bext!.timeReference).toBe(2 ** 32 + 5);
    expect(s.audio!.bext!.loudness).toEqual({ integratedLoudness: -23, loudnessRange: 5.5, maxTruePeakLevel: -1.25, maxMomentaryLoudness: -18, maxShortTermLoudness: -20 });
    expect(s.tracks[0].playlists[0].clips[0].position).toBe(2 ** 32 + 5);
    expect(s.coverage.timecode).toBe('partial');
  });

  it('names EXTENSIBLE formats by SubFormat and uses the valid bits as the bit depth', async () => {
    const pcm = await read({ channelCount: 1, frames: 10, extensible: true, validBits: 20, encoding: 's24' });
    expect(pcm.audio!.formatTag).toBe('EXTENSIBLE(PCM)');
    expect(pcm.bitDepth).toBe(20);
    const flt = await read({ channelCount: 1, frames: 10, extensible: true, encoding: 'f32' }, [[0.5, -0.25]]);
    expect(flt.audio!.formatTag).toBe('EXTENSIBLE(IEEE_FLOAT)');
    expect(flt.bitDepth).toBe(32);
    expect(flt.audio!.channels[0].samplePeakDbfs!).toBeCloseTo(-6.02, 2);
    const f64 = await read({ channelCount: 1, frames: 3, encoding: 'f64' }, [[0, 1, 0]]);
    expect(f64.audio!.formatTag).toBe('IEEE_FLOAT');
    expect(f64.audio!.channels[0].samplePeakDbfs).toBe(0);
  });

  it('does not decode an unknown SubFormat or a compressed format, and says so', async () => {
    const fmt = new Uint8Array(20);
    const v = new DataView(fmt.buffer);
    v.setUint16(0, 0x11, true); v.setUint16(2, 1, true); v.setUint32(4, 48000, true); v.setUint16(12, 256, true); v.setUint16(14, 4, true);
    const s = await read({ channelCount: 1, frames: 1000, encoding: 'u8', fmtPayload: fmt });
    expect(s.audio!.formatTag).toBe('IMA_ADPCM');
    expect(s.audio!.channels).toEqual([]);
    expect(s.coverage.audio).toBe('unsupported');
    expect(s.diagnostics.map((d) => d.code)).toContain('wav/not-measured');
  });

  it('gives every diagnostic an offset (null when it is about no one place), as the model contract lists it', async () => {
    // No bext (wav/no-bext), an unknown SubFormat (wav/not-measured), and a bext without iXML (wav/no-frame-rate).
    const fmt = new Uint8Array(20);
    const v = new DataView(fmt.buffer);
    v.setUint16(0, 0x11, true); v.setUint16(2, 1, true); v.setUint32(4, 48000, true); v.setUint16(12, 256, true); v.setUint16(14, 4, true);
    const sessions = [
      await read({ channelCount: 1, frames: 1000, encoding: 'u8', fmtPayload: fmt }),
      await read({ channelCount: 1, frames: 10, bext: { timeReference: 48000 } }, [new Float64Array(10)]),
    ];
    const diagnostics = sessions.flatMap((s) => s.diagnostics);
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['wav/no-bext', 'wav/not-measured', 'wav/no-frame-rate']));
    for (const d of diagnostics) expect(Object.keys(d)).toContain('offset');
  });

  for (const container of ['RF64', 'BW64'] as const) {
    it(`reads ${container} sizes from ds64`, async () => {
      const bytes = buildWav({ container, channelCount: 2, frames: 1000, bext: { timeReference: 48000 } }, arraySource(stereo(1000)));
      const s = await readWav(new BufferSource(bytes, 'x.wav'));
      expect(s.audio!.container).toBe(container);
      expect(s.audio!.sampleCount).toBe(1000);
      expect(s.audio!.chunks![0]).toEqual({ id: 'ds64', offset: 12, size: 28 });
      expect(s.audio!.chunks!.at(-1)).toMatchObject({ id: 'data', size: 6000 });
      expect(s.audio!.channels).toHaveLength(2);
      expect(s.diagnostics.map((d) => d.code)).toEqual(['wav/no-frame-rate']);
      expect(await dumpWav(new BufferSource(bytes, 'x.wav'))).toMatch(/ds64: riffSize \d+, dataSize 6000, sampleCount 1000/);
    });
  }

  it('reads 23.976 and drop-frame rates from iXML', async () => {
    const ixml = (rate: string, flag: string) => `<BWFXML><SPEED><TIMECODE_RATE>${rate}</TIMECODE_RATE><TIMECODE_FLAG>${flag}</TIMECODE_FLAG></SPEED></BWFXML>`;
    const a = await read({ channelCount: 1, frames: 10, bext: { timeReference: 172_972_800 }, ixml: ixml('24000/1001', 'NDF') });
    expect(a.frameRate).toEqual({ fps: 23.976, label: '23.976', dropFrame: false });
    expect(a.startTimecode).toBe('01:00:00:00');
    const b = await read({ channelCount: 1, frames: 10, bext: { timeReference: 0 }, ixml: ixml('30000/1001', 'DF') });
    expect(b.frameRate).toEqual({ fps: 29.97, label: '29.97', dropFrame: true });
    expect(b.audio!.ixml!.timecodeFlag).toBe('DF');
  });

  it('skips measurement with measureAudio: false and reads no audio', async () => {
    const bytes = buildWav({ channelCount: 1, frames: 480_000 });
    const src = new BufferSource(bytes);
    const s = await readWav(src, { measureAudio: false });
    expect(s.audio!.channels).toEqual([]);
    expect(s.audio!.sampleCount).toBe(480_000);
    expect(s.coverage.audio).toBe('unsupported');
    expect(src.bytesRead).toBeLessThan(70_000);
  });

  it('reads cue points and their labels as markers at the time reference', async () => {
    const cue = new Uint8Array(4 + 24 * 2);
    const cv = new DataView(cue.buffer);
    cv.setUint32(0, 2, true);
    cv.setUint32(4, 1, true); cv.setUint32(4 + 20, 500, true);
    cv.setUint32(28, 2, true); cv.setUint32(28 + 20, 100, true);
    const list = new Uint8Array(4 + 8 + 4 + 5 + 1);
    list.set(new TextEncoder().encode('adtllabl'), 0);
    new DataView(list.buffer).setUint32(8, 9, true);
    new DataView(list.buffer).setUint32(12, 1, true);
    list.set(new TextEncoder().encode('Line'), 16);
    const s = await read({ channelCount: 1, frames: 1000, bext: { timeReference: 1000 }, extra: [{ id: 'cue ', data: cue, after: true }, { id: 'LIST', data: list, after: true }] });
    expect(s.markers).toEqual([
      { name: 'Cue 2', position: 1100, length: 0, comment: '' },
      { name: 'Line', position: 1500, length: 0, comment: '' },
    ]);
  });

  it('is dispatched by readSession', async () => {
    const bytes = buildWav({ channelCount: 1, frames: 10 });
    const s = await readSession(bytes, { path: 'a.wav' });
    expect(s.source.format).toBe('wav');
    expect(s.source.path).toBe('a.wav');
  });

  it('dumps the chunks with offsets and sizes and the decoded fmt/bext/iXML', async () => {
    const bytes = buildWav({ channelCount: 2, frames: 10, bext: { originator: 'Z', timeReference: 5 }, ixml: IXML });
    const text = await dumpWav(new BufferSource(bytes, 'd.wav'));
    expect(text).toContain("0x0000000c  'bext'  602 bytes");
    expect(text).toMatch(/'fmt '  16 bytes/);
    expect(text).toContain('fmt: PCM (tag 0x0001), 2 ch, 48000 Hz, 24 bits');
    expect(text).toContain('time reference 5');
    expect(text).toContain('timecode 24/1 NDF');
    expect(text).toContain('track 1: "Primary" (L) channel 3');
  });
});
