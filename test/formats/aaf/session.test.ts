/**
 * The audio session mapping over files the test writer makes: timecode and
 * exact positions (rational edit rates, BigInt-sized products), clip gain,
 * envelopes, track automation, fades, mutes, multichannel, markers, media
 * files (external, embedded, online), Pro Tools rendered fades and the
 * choice of the top-level composition.
 */
import { describe, expect, it } from 'vitest';
import { BufferSource, type ByteSource } from '../../../src/io/byte-source.js';
import { readAaf, dumpAaf } from '../../../src/formats/aaf/index.js';
import { readSession } from '../../../src/read.js';
import { UNKNOWN_OPS, buildAafTree, cfbBytes, layoutCfb, writeAaf, type AafSpec, type CfbStorage, type WriterClip, type WriterScopeReference } from '../../support/aaf-writer/index.js';
import { runOne } from '../../support/rule-tester.js';
import { CompoundFile } from '../../../src/formats/aaf/cfb/index.js';
import { auidBytes } from '../../../src/formats/aaf/storage.js';
import { OP_DEF, PARAM_DEF } from '../../../src/formats/aaf/ids.js';
import { formatErrorOf } from '../../support/errors.js';
import { basicSpec } from './fixtures.js';

async function model(spec: AafSpec, opts: Parameters<typeof readAaf>[1] = {}) {
  return readAaf(new BufferSource(writeAaf(spec), 'w.aaf'), opts);
}

/** The results of one rule of netflix-localized-edit on a model. */
const resultsOf = (s: Awaited<ReturnType<typeof model>>, ruleId: string) => runOne(ruleId, 'netflix-localized-edit', s);
const outcomesOf = (s: Awaited<ReturnType<typeof model>>, ruleId: string) => resultsOf(s, ruleId).map((r) => r.outcome);
const PRO_TOOLS = { company: 'Digidesign, Inc.', product: 'ProTools', version: '23.12' };
const MEDIA_COMPOSER = { company: 'Avid Technology, Inc.', product: 'Media Composer', version: '23.12' };

describe('AAF session mapping', () => {
  it('maps timecode, tracks, clips and coverage', async () => {
    const s = await model(basicSpec());
    expect(s.source.format).toBe('aaf');
    expect(s.name).toBe('Basic');
    expect(s.sampleRate).toBe(48000);
    expect(s.frameRate).toEqual({ fps: 25, label: '25', dropFrame: false });
    expect(s.start).toBe(172800000);
    expect(s.startTimecode).toBe('01:00:00:00');
    expect(s.tracks.map((t) => [t.name, t.kind, t.channels, t.channelFormat, t.muted, t.solo])).toEqual([['Dialog', 'audio', 1, 'mono', false, true]]);
    const clips = s.tracks[0].playlists[0].clips;
    expect(clips.map((c) => [c.position, c.length, c.sourceOffset])).toEqual([
      [172800000 + 48000, 96000, 0],
      [172800000 + 192000, 48000, 0],
      [172800000 + 384000, 48000, 19200],
    ]);
    expect(s.coverage).toMatchObject({ inserts: 'unsupported', sends: 'unsupported', groups: 'unsupported', vcas: 'unsupported', clipGain: 'decoded', fades: 'decoded', timecode: 'decoded', markers: 'decoded' });
  });

  it('writes files whose references all resolve (strong storages, weak keys in the Dictionary)', async () => {
    const s = await model(basicSpec());
    expect(s.diagnostics.filter((d) => d.code === 'aaf/missing-storage')).toEqual([]);
    const text = await dumpAaf(new BufferSource(writeAaf(basicSpec())));
    const weak = [...text.matchAll(/DataDefinition \(0x0201, weak ref\): → ([0-9a-f-]+)/g)].map((m) => m[1]);
    const defs = [...text.matchAll(/DataDefinition \[DataDefi[^\]]*\]\n\s+Identification \(0x1b01, data\): ([0-9a-f-]+)/g)].map((m) => m[1]);
    expect(weak.length).toBeGreaterThan(5);
    expect(defs.length).toBe(3);
    for (const k of weak) expect(defs).toContain(k);
  });

  it('reads constant clip gain, envelopes, fades and clip mute', async () => {
    const [a, b, c] = (await model(basicSpec())).tracks[0].playlists[0].clips;
    expect(a.gain).toEqual({ db: -6, envelope: null });
    expect(a.fadeIn).toEqual({ length: 9600, shape: 'linear' });
    expect(a.fadeOut).toEqual({ length: 9600, shape: 'linear' });
    expect(a.muted).toBe(false);
    expect(b.gain?.envelope).toEqual([[0, 0], [48000, -6.021]]);
    expect(b.muted).toBe(true);
    expect(c.gain).toBeNull();
    expect(c.channel).toBeNull();
  });

  it("spreads a gain envelope around a nested sequence over the group, not over each clip", async () => {
    const s = await model(basicSpec({
      tracks: [{
        name: 'Dialog',
        clips: [
          { position: 100, length: 50, media: 0, sequenceWithNext: true, sequenceGain: { db: -3, envelope: [[0, 1], [0.25, 1], [1, 0.5]] } },
          { position: 150, length: 50, media: 0 },
        ],
      }],
    }));
    const [a, b] = s.tracks[0].playlists[0].clips;
    // The curve holds 0 dB for the first 25 frames, then falls linearly to 0.5 (-6.021 dB) at the end of the second clip:
    // at their meeting point (frame 50 of 100) the level is 1 - 0.5 × (25 / 75) = 0.8333 (-1.584 dB).
    expect(a.gain).toEqual({ db: -3, envelope: [[0, -3], [48000, -3], [96000, -4.584]] });
    expect(b.gain).toEqual({ db: -3, envelope: [[0, -4.584], [96000, -9.021]] });
  });

  it('reports track volume automation as a lane, default when flat at unity', async () => {
    const varied = await model(basicSpec());
    expect(varied.tracks[0].automation).toEqual([{ parameter: 'volume', points: 2, isDefault: false }]);
    const spec = basicSpec();
    spec.tracks[0].volume = [1, 1, 1];
    expect((await model(spec)).tracks[0].automation).toEqual([{ parameter: 'volume', points: 3, isDefault: true }]);
  });

  describe('operations the mapping does not interpret', () => {
    const PLUGIN = UNKNOWN_OPS[0];
    const noAutomation = (s: Awaited<ReturnType<typeof model>>) => outcomesOf(s, 'track/no-automation');

    it('makes automation coverage partial when one changes over time around a clip, so no-automation is unverified', async () => {
      const spec = basicSpec();
      spec.tracks[0].volume = undefined;
      spec.tracks[0].clips[0].effect = { op: PLUGIN, name: 'EQ', values: [0.2, 0.9] };
      const s = await model(spec);
      expect(s.coverage.automation).toBe('partial');
      expect(s.diagnostics.find((d) => d.code === 'aaf/unknown-automation')?.message).toContain(`${PLUGIN} on "Dialog"`);
      expect(s.diagnostics.find((d) => d.code === 'aaf/unknown-operation')?.message).toContain(PLUGIN);
      // The clip inside is read as before, with its gain.
      const first = s.tracks[0].playlists[0].clips[0];
      expect([first.position, first.length, first.gain?.db]).toEqual([172800000 + 48000, 96000, -6]);
      expect(s.tracks[0].automation).toEqual([]);
      expect(noAutomation(s)).toEqual(['unverified']);
    });

    it('leaves automation decoded when its parameter holds one value', async () => {
      for (const values of [[0.4], [0.4, 0.4, 0.4]]) {
        const spec = basicSpec();
        spec.tracks[0].volume = undefined;
        spec.tracks[0].clips[0].effect = { op: PLUGIN, values };
        const s = await model(spec);
        expect(s.coverage.automation).toBe('decoded');
        expect(s.diagnostics.map((d) => d.code)).toContain('aaf/unknown-operation');
        expect(s.diagnostics.map((d) => d.code)).not.toContain('aaf/unknown-automation');
        expect(noAutomation(s)).toEqual(['pass']);
      }
    });

    it('passes through one around the whole slot: the volume group beneath is still track automation', async () => {
      const spec = basicSpec();
      spec.tracks[0].effect = { op: PLUGIN, values: [1] };
      const s = await model(spec);
      expect(s.tracks[0].automation).toEqual([{ parameter: 'volume', points: 2, isDefault: false }]);
      // Not clip gain: the clips keep their own gain only.
      expect(s.tracks[0].playlists[0].clips[0].gain).toEqual({ db: -6, envelope: null });
      expect(s.coverage.automation).toBe('decoded');
      expect(noAutomation(s)).toEqual(['fail']);
      spec.tracks[0].effect = { op: PLUGIN, values: [0, 1] };
      expect((await model(spec)).coverage.automation).toBe('partial');
    });
  });

  describe('gain and pan groups as automation', () => {
    const PAN = { op: OP_DEF.MonoAudioPan, name: 'Mono Audio Pan', param: PARAM_DEF.Pan };
    /** basicSpec without its track volume curve, changed by `edit`. */
    const modelOf = async (edit: (spec: AafSpec) => void) => {
      const spec = basicSpec();
      spec.tracks[0].volume = undefined;
      edit(spec);
      const s = await model(spec);
      return { s, lanes: s.tracks[0].automation, rule: outcomesOf(s, 'track/no-automation') };
    };

    it('reads a constant pan or level around the whole slot as a setting, not automation', async () => {
      const pan = await modelOf((spec) => { spec.tracks[0].effect = { ...PAN, values: [0.25] }; });
      expect(pan.lanes).toEqual([{ parameter: 'pan', points: 1, isDefault: true }]);
      expect(pan.rule).toEqual(['pass']);
      const level = await modelOf((spec) => { spec.tracks[0].effect = { op: OP_DEF.MonoAudioGain, param: PARAM_DEF.Amplitude, values: [0.5] }; });
      expect(level.lanes).toEqual([{ parameter: 'volume', points: 1, isDefault: true }]);
      expect(level.rule).toEqual(['pass']);
      // Moving, the same pan is automation.
      const moving = await modelOf((spec) => { spec.tracks[0].effect = { ...PAN, values: [0.25, 0.75, 0.5] }; });
      expect(moving.lanes).toEqual([{ parameter: 'pan', points: 3, isDefault: false }]);
      expect(moving.rule).toEqual(['fail']);
    });

    it('fails a track pan or gain group whose other parameter changes over time (a surround pan axis, say)', async () => {
      for (const op of [OP_DEF.MonoAudioPan, OP_DEF.MonoAudioGain]) {
        const { s, lanes, rule } = await modelOf((spec) => { spec.tracks[0].effect = { op, values: [0.1, 0.9] }; });
        expect(lanes).toEqual([{ parameter: op === OP_DEF.MonoAudioPan ? 'pan' : 'volume', points: 2, isDefault: false }]);
        expect(rule).toEqual(['fail']);
        expect(s.coverage.automation).toBe('decoded');
      }
      // Held at one value, that parameter is no automation.
      const flat = await modelOf((spec) => { spec.tracks[0].effect = { op: OP_DEF.MonoAudioPan, values: [0.1, 0.1] }; });
      expect(flat.lanes).toEqual([{ parameter: 'pan', points: 0, isDefault: true }]);
      expect(flat.rule).toEqual(['pass']);
    });

    it('makes pan keyframes on clips the track\'s pan automation; a fixed clip pan is not', async () => {
      const moving = await modelOf((spec) => {
        spec.tracks[0].clips[0].effect = { ...PAN, values: [0.2, 0.8] };
        spec.tracks[0].clips[2].effect = { ...PAN, values: [0.5, 0.1, 0.5] };
      });
      expect(moving.lanes).toEqual([{ parameter: 'pan', points: 5, isDefault: false }]);
      expect(moving.rule).toEqual(['fail']);
      // The clips are read through the pan as before.
      expect(moving.s.tracks[0].playlists[0].clips.map((c) => [c.position, c.gain?.db ?? null])).toEqual([[172800000 + 48000, -6], [172800000 + 192000, 0], [172800000 + 384000, null]]);
      // With a fixed pan around the whole slot, the track still has one pan lane, now automated.
      const onSlotPan = await modelOf((spec) => {
        spec.tracks[0].effect = { ...PAN, values: [0.25] };
        spec.tracks[0].clips[0].effect = { ...PAN, values: [0.2, 0.8] };
      });
      expect(onSlotPan.lanes).toEqual([{ parameter: 'pan', points: 3, isDefault: false }]);
      expect(onSlotPan.rule).toEqual(['fail']);
      const fixed = await modelOf((spec) => { spec.tracks[0].clips[0].effect = { ...PAN, values: [0.2] }; });
      expect(fixed.lanes).toEqual([]);
      expect(fixed.rule).toEqual(['pass']);
      expect(fixed.s.diagnostics.map((d) => d.code)).not.toContain('aaf/unknown-operation');
    });

    it('makes automation partial for a clip gain group whose other parameter changes over time', async () => {
      const { s, rule } = await modelOf((spec) => { spec.tracks[0].clips[0].effect = { op: OP_DEF.MonoAudioGain, values: [0.1, 0.9] }; });
      expect(s.coverage.automation).toBe('partial');
      expect(s.diagnostics.find((d) => d.code === 'aaf/unknown-automation')?.message).toContain(`${OP_DEF.MonoAudioGain} parameter`);
      expect(rule).toEqual(['unverified']);
      // Its level is clip gain as before (the clip's own gain group outside it adds -6 dB).
      expect(s.tracks[0].playlists[0].clips[0].gain).toEqual({ db: -6, envelope: null });
    });
  });

  it('gives multichannel tracks their format from _TRACK_FORMAT or the combiner', async () => {
    const spec = basicSpec();
    spec.tracks = [
      { name: 'St', trackFormat: 2, clips: [{ position: 0, length: 10, media: 0, channels: 2 }] },
      { name: '51', clips: [{ position: 0, length: 10, media: 0, channels: 6 }] },
    ];
    const s = await model(spec);
    expect(s.tracks.map((t) => [t.channels, t.channelFormat])).toEqual([[2, 'stereo'], [6, '5.1']]);
  });

  it('converts edit units exactly at 23.976 and 29.97 drop-frame', async () => {
    const spec = basicSpec({ editRate: [24000, 1001], timecode: { start: 86400, fps: 24 } });
    spec.tracks[0].clips = [{ position: 1, length: 1001, media: 0 }];
    const s = await model(spec);
    expect(s.frameRate?.label).toBe('23.976');
    expect(s.start).toBe(172972800); // 01:00:00:00 at 23.976 and 48 kHz
    expect(s.tracks[0].playlists[0].clips[0]).toMatchObject({ position: 172972800 + 2002, length: 2004002 });
    const df = await model(basicSpec({ editRate: [30000, 1001], timecode: { start: 107892, fps: 30, drop: true } }));
    expect(df.frameRate).toEqual({ fps: 29.97, label: '29.97', dropFrame: true });
    expect(df.startTimecode).toBe('01:00:00;00');
  });

  it('reads a timecode that is the input of a Pulldown at its own rate', async () => {
    // A film project: a 23.976 composition whose timecode slot is Pulldown(2:3) over a 30 fps Timecode.
    const spec = basicSpec({ editRate: [24000, 1001], timecode: { start: 108000, fps: 30, pulldown: true } });
    spec.tracks[0].clips = [{ position: 24, length: 24, media: 0 }];
    const s = await model(spec);
    expect(s.diagnostics.some((d) => d.code === 'aaf/no-timecode')).toBe(false);
    expect(s.startTimecode).toBe('01:00:00:00');
    expect(s.frameRate).toEqual({ fps: 29.97, label: '29.97', dropFrame: false });
    expect(s.coverage.timecode).toBe('decoded');
    // 108000 frames at 30000/1001 are 3603.6 s (at the slot's 24000/1001 they would be 4504.5 s).
    expect(s.start).toBe(172972800);
    expect(s.tracks[0].playlists[0].clips[0].position).toBe(172972800 + 48048);
  });

  it('rounds non-integral conversions to the nearest sample without gaps between clips', async () => {
    const spec = basicSpec({ editRate: [30000, 1001], timecode: { start: 0, fps: 30 }, media: [{ name: 'a.wav', length: 1e6, sampleRate: 44100, url: 'file:///a.wav' }] });
    spec.markers = [];
    spec.tracks[0].clips = [{ position: 1, length: 1, media: 0 }, { position: 2, length: 1, media: 0 }];
    const s = await model(spec);
    expect(s.sampleRate).toBe(44100);
    const [a, b] = s.tracks[0].playlists[0].clips;
    // 1 frame at 29.97 is 1471.47 samples at 44.1 kHz.
    expect([a.position, a.length, b.position, b.length]).toEqual([1471, 1472, 2943, 1471]);
    expect(a.position + a.length).toBe(b.position);
  });

  it('stays exact where edit units × rate exceed 2^53', async () => {
    const spec = basicSpec({ editRate: [48000, 1], timecode: { start: 0, fps: 25 } });
    const pos = 2 ** 44; // 2^44 × 48000 × 1 > 2^53
    spec.tracks[0].clips = [{ position: pos, length: 7, media: 0 }];
    spec.markers = [];
    const s = await model(spec);
    expect(s.tracks[0].playlists[0].clips[0].position).toBe(pos);
  });

  it('stops with LIMIT, not a rounded position, where edit units pass 2^53', async () => {
    const spec = basicSpec({ editRate: [48000, 1], timecode: { start: 0, fps: 25 } });
    spec.tracks[0].clips = [{ position: 2 ** 54, length: 7, media: 0 }];
    spec.markers = [];
    await expect(model(spec)).rejects.toMatchObject({ code: 'LIMIT', message: expect.stringContaining('beyond 2^53') });
  });

  it('stops with BAD_MAGIC at the component, not a clip running backwards, where a Length is negative', async () => {
    const spec = basicSpec();
    spec.tracks[0].clips = [{ position: 0, length: 25, media: 0 }, { position: 25, length: -1, media: 0 }];
    spec.markers = [];
    const err = await model(spec).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_MAGIC', message: expect.stringMatching(/SourceClip .*negative Length \(-1 edit units\)/) });
    expect((err as { offset: number | null }).offset).toBeGreaterThan(0);
  });

  it('lists external and embedded media with their facts', async () => {
    const s = await model(basicSpec());
    expect(s.mediaFiles).toEqual([
      { id: 'm1', name: 'dialog one.wav', path: 'c:/Audio Files/dialog one.wav', embedded: false, online: null, channels: 1, sampleRate: 48000, bitDepth: 24, length: 480000, format: 'wav' },
      { id: 'm2', name: 'embedded', path: null, embedded: true, online: true, channels: 1, sampleRate: 48000, bitDepth: 24, length: 48000, format: 'wav' },
    ]);
  });

  it('tells a tape descriptor by its class without reading it, and still reads a descriptor entry of any other kind', async () => {
    const bytes = writeAaf(basicSpec());
    const cf = await CompoundFile.open(new BufferSource(bytes));
    const descs: number[] = [];
    for (let i = 0; i < cf.directory.count; i++) {
      // The storage name as AAF writers shorten it to fit 31 characters.
      if (cf.directory.entry(i).name.startsWith('EssenceD-ription')) descs.push(i);
    }
    expect(descs.length).toBe(2);
    const desc = cf.directory.entry(descs[0]);
    // Where the descriptor's properties stream lies in the file (read in place: the view's offset is the file's).
    const props = await cf.readStream(cf.directory.entry(cf.directory.childIndex(desc, 'properties')));
    const at = props.byteOffset;
    expect(bytes.subarray(at, at + props.length)).toEqual(props);
    expect(bytes[at]).toBe(0x4c);
    const broken = (b: Uint8Array) => {
      const c = b.slice();
      c[at] = 0x58;
      return c;
    };
    // Its properties stream broken, the descriptor is refused when read...
    await expect(readAaf(new BufferSource(broken(bytes)))).rejects.toThrow(/properties byte order 0x58/);
    // ...and a TapeDescriptor is not read: the file reads, with one media file fewer.
    const tape = bytes.slice();
    tape.set(auidBytes('0d010101-0101-2e00-060e-2b3402060101'), desc.offset + 80);
    expect((await readAaf(new BufferSource(bytes))).mediaFiles.length).toBe(2);
    expect((await readAaf(new BufferSource(broken(tape)))).mediaFiles.map((m) => m.name)).toEqual(['embedded']);
    // The entry made a stream (no class: its CLSID zero): read, and refused as not an object.
    const stream = bytes.slice();
    stream[desc.offset + 66] = 2;
    stream.fill(0, desc.offset + 80, desc.offset + 96);
    const e = await formatErrorOf(readAaf(new BufferSource(stream)));
    expect(e.code).toBe('BAD_MAGIC');
    expect(e.message).toMatch(/is a stream, expected an object storage/);
  });

  it('checks external media through openRelative', async () => {
    const seen: string[] = [];
    const open = async (rel: string): Promise<ByteSource | null> => {
      seen.push(rel);
      return rel === 'dialog one.wav' ? new BufferSource(new Uint8Array(4)) : null;
    };
    const s = await model(basicSpec(), { openRelative: open });
    expect(s.mediaFiles[0].online).toBe(true);
    expect(seen[0]).toBe('dialog one.wav');
    const none = await model(basicSpec(), { openRelative: async () => null });
    expect(none.mediaFiles[0].online).toBe(false);
  });

  it('reads AIFC descriptors', async () => {
    const spec = basicSpec({ media: [{ name: 'x.aif', length: 1000, sampleRate: 44100, bitDepth: 16, channels: 2, format: 'aiff', url: 'file:///Volumes/A/x.aif' }] });
    spec.tracks[0].clips = [{ position: 0, length: 1, media: 0 }];
    const s = await model(spec);
    expect(s.mediaFiles[0]).toMatchObject({ format: 'aiff', sampleRate: 44100, bitDepth: 16, channels: 2, length: 1000, path: '/Volumes/A/x.aif' });
  });

  it('places markers at absolute positions', async () => {
    const s = await model(basicSpec());
    expect(s.markers).toEqual([{ name: 'M1', position: 172800000 + 96000, length: 0, comment: 'M1' }]);
  });

  it('marks Pro Tools rendered fade clips and keeps other clips', async () => {
    const spec = basicSpec({
      identification: PRO_TOOLS,
      media: [{ name: 'Fade ', length: 100, url: 'file:///a.wav' }, { name: 'Sample accurate edit', length: 100, url: 'file:///b.wav' }],
    });
    spec.tracks[0].clips = [{ position: 0, length: 1, media: 1 }, { position: 1, length: 2, media: 0 }];
    const clips = (await model(spec)).tracks[0].playlists[0].clips;
    expect(clips.map((c) => [c.name, c.isFadeRender])).toEqual([['Sample accurate edit', false], ['Fade ', true]]);
  });

  describe('Pro Tools exports', () => {
    // Media: 0 a take, 1 a rendered fade, 2 a one-frame piece (German export), 3 an English one.
    const media = [
      { name: 'es-ES_MARIA_01', length: 480000, url: 'file:///a.wav' }, { name: 'Fade ', length: 4800, url: 'file:///f.wav' },
      { name: 'Samplegenaue Bearbeitung', length: 1920, url: 'file:///s.wav' }, { name: 'Sample accurate edit', length: 1920, url: 'file:///e.wav' },
    ];
    /** [piece][fade][piece][take][piece][fade 2][take][fade 3] then a take beside a piece only, in frames at 25 fps. */
    const clips: WriterClip[] = [
      { position: 10, length: 1, media: 2 }, { position: 11, length: 4, media: 1 }, { position: 15, length: 1, media: 3 },
      { position: 16, length: 50, media: 0 }, { position: 66, length: 1, media: 2 }, { position: 67, length: 2, media: 1 },
      { position: 69, length: 30, media: 0 }, { position: 99, length: 3, media: 1 },
      { position: 200, length: 20, media: 0 }, { position: 220, length: 1, media: 3 },
    ];
    const read = async (identification = PRO_TOOLS) => {
      const s = await model(basicSpec({ identification, media, tracks: [{ name: 'es-ES_MARIA', clips }], markers: [] }));
      return { clips: s.tracks[0].playlists[0].clips, rule: (id: string) => outcomesOf(s, id), failed: (id: string) => resultsOf(s, id).filter((r) => r.outcome === 'fail').map((r) => r.position) };
    };

    it('give the clips beside rendered fades those fades, across the one-frame pieces, by the rendered length', async () => {
      const { clips: got, rule, failed } = await read();
      const takes = got.filter((c) => c.name === 'es-ES_MARIA_01');
      expect(takes.map((c) => [c.fadeIn?.length ?? null, c.fadeOut?.length ?? null])).toEqual([
        [4 * 1920, 2 * 1920], // fade-in across a piece, fade-out (a crossfade) across one
        [2 * 1920, 3 * 1920],
        [null, null], // beside a piece with no fade: not faded
      ]);
      expect(got.filter((c) => c.name !== 'es-ES_MARIA_01').every((c) => c.fadeIn === null && c.fadeOut === null)).toBe(true);
      // The pieces are clips of the model, but not clips the rules look at: their name is the exporter's.
      expect(got.length).toBe(10);
      expect(rule('clip/named-for-character')).toEqual(['pass']);
      // Only the take that has no fade fails.
      expect(failed('clip/faded')).toEqual([takes[2].position]);
    });

    it('make mono slots side by side under one name the channels of one track', async () => {
      const slots = (names: string[]) => names.map((name) => ({ name, clips: [{ position: 0, length: 25, media: 0 }] }));
      const of = async (names: string[], identification = PRO_TOOLS) => {
        const s = await model(basicSpec({ identification, media, tracks: slots(names), markers: [] }));
        return { s, formats: s.tracks.map((t) => [t.name, t.channels, t.channelFormat]), mono: outcomesOf(s, 'track/mono-dialogue') };
      };
      const stereo = await of(['es-ES_MARIA', 'es-ES_MARIA', 'es-ES_JUAN']);
      expect(stereo.formats).toEqual([['es-ES_MARIA', 2, 'stereo'], ['es-ES_MARIA', 2, 'stereo'], ['es-ES_JUAN', 1, 'mono']]);
      expect(stereo.s.diagnostics.find((d) => d.code === 'aaf/multi-mono-track')?.message).toContain('"es-ES_MARIA" is written as 2 mono slots');
      expect(stereo.mono).toEqual(['fail', 'fail', 'pass']);
      // Apart, or from an application where two tracks may share a name, they stay mono tracks.
      expect((await of(['es-ES_MARIA', 'es-ES_JUAN', 'es-ES_MARIA'])).formats.map(([, ch]) => ch)).toEqual([1, 1, 1]);
      const mc = await of(['es-ES_MARIA', 'es-ES_MARIA'], MEDIA_COMPOSER);
      expect(mc.formats.map(([, ch]) => ch)).toEqual([1, 1]);
      expect(mc.s.diagnostics.map((d) => d.code)).not.toContain('aaf/multi-mono-track');
    });

    it("do not take other applications' clips named like rendered fades for fades", async () => {
      const { clips: got } = await read(MEDIA_COMPOSER);
      expect(got.every((c) => c.fadeIn === null && c.fadeOut === null && !c.isFadeRender)).toBe(true);
    });
  });

  it('reads the output of a NestedScope', async () => {
    const spec = basicSpec();
    spec.tracks[0].nested = true;
    const s = await model(spec);
    expect(s.tracks[0].playlists[0].clips.map((c) => c.position)).toEqual([172848000, 172992000, 173184000]);
  });

  describe('a NestedScope whose output plays an earlier slot through a ScopeReference', () => {
    const FRAME = 1920;
    const nestedModel = (nested: WriterScopeReference) => {
      const spec = basicSpec();
      spec.tracks[0].nested = nested;
      return model(spec);
    };
    const clipsOf = (s: Awaited<ReturnType<typeof model>>) => s.tracks[0].playlists[0].clips;

    it('plays the slot it refers to, clip for clip, when it spans the whole scope', async () => {
      const [plain, nested] = [await model(basicSpec()), await nestedModel({})];
      expect(clipsOf(nested)).toEqual(clipsOf(plain));
      expect(clipsOf(nested)).toHaveLength(3);
      expect(nested.diagnostics.map((d) => d.code)).not.toContain('aaf/scope-reference');
      expect(nested.coverage.playlists).toBe(plain.coverage.playlists);
      expect(nested.tracks[0].channels).toBe(1);
    });

    it('cuts the clips to its span: a cut start moves the offset into the media and loses its fade, a cut end its fade', async () => {
      // Frames 50–150 of the scope: the first clip (25–75) loses its head, the second (100–125) is whole, the third (200–225) is outside.
      const s = await nestedModel({ window: [50, 100] });
      const clips = clipsOf(s);
      const whole = clipsOf(await model(basicSpec()));
      expect(clips).toHaveLength(2);
      expect(clips[0]).toMatchObject({ position: s.start! + 50 * FRAME, length: 25 * FRAME, sourceOffset: whole[0].sourceOffset! + 25 * FRAME, fadeIn: null, fadeOut: whole[0].fadeOut });
      expect(clips[0].fadeOut?.length).toBe(5 * FRAME);
      expect(clips[1]).toEqual(whole[1]);
      // Frames 110–120: the second clip keeps the middle of its gain envelope, with the level at both cut edges, and no fades.
      const [mid] = clipsOf(await nestedModel({ window: [110, 10] }));
      expect(mid).toMatchObject({ position: s.start! + 110 * FRAME, length: 10 * FRAME, muted: true, fadeIn: null, fadeOut: null });
      const env = whole[1].gain!.envelope!;
      const [[x0, v0], [x1, v1]] = [env[0], env.at(-1)!];
      const level = (x: number) => v0 + ((v1 - v0) * (x - x0)) / (x1 - x0);
      expect(mid.gain!.envelope!.map(([x]) => x)).toEqual([0, 10 * FRAME]);
      expect(mid.gain!.envelope![0][1]).toBeCloseTo(level(10 * FRAME), 2);
      expect(mid.gain!.envelope![1][1]).toBeCloseTo(level(20 * FRAME), 2);
      expect(mid.gain!.envelope![1][1]).toBeLessThan(mid.gain!.envelope![0][1]);
    });

    it('counts RelativeScope outwards from the innermost NestedScope', async () => {
      // The reference sits in a NestedScope of its own, after a Filler slot: scope 1 is the outer one, whose slot before is the sequence.
      expect(clipsOf(await nestedModel({ wrapped: true, relativeScope: 1 }))).toEqual(clipsOf(await model(basicSpec())));
      // Scope 0, slot 1 back: the inner scope's Filler.
      const s = await nestedModel({ wrapped: true });
      expect(clipsOf(s)).toEqual([]);
      expect(s.diagnostics.map((d) => d.code)).not.toContain('aaf/scope-reference');
    });

    it('walks a slot once for all the references to it: slots of references to slots of references are read in linear time', async () => {
      // Eight slots of ten references each to the slot before: walked once per reference, the sequence would be walked 10^8 times.
      const plain = await model(basicSpec());
      const s = await nestedModel({ chain: { slots: 8, refs: 10 } });
      expect(s.diagnostics.map((d) => d.code)).not.toContain('aaf/scope-reference');
      // The scope is 225 frames long: each reference spans 23 frames, and every clip is cut where one ends.
      const step = 23 * FRAME;
      const pieces = clipsOf(plain).flatMap((c) => {
        const out: Array<[number, number]> = [];
        for (let at = c.position; at < c.position + c.length;) {
          const cut = s.start! + (Math.floor((at - s.start!) / step) + 1) * step;
          const end = Math.min(cut, c.position + c.length);
          out.push([at, end - at]);
          at = end;
        }
        return out;
      });
      expect(clipsOf(s).map((c) => [c.position, c.length])).toEqual(pieces);
      expect(pieces.length).toBeGreaterThan(clipsOf(plain).length);
    });

    it('finds a channel combiner\'s clip inside a NestedScope, and says when a ScopeReference hides it', async () => {
      const withInputs = (channelInputs: WriterClip['channelInputs']) => {
        const spec = basicSpec();
        spec.tracks[0].clips[2].channelInputs = channelInputs;
        return model(spec);
      };
      const plain = clipsOf(await model(basicSpec()));
      const nested = await withInputs('nested');
      expect(clipsOf(nested)).toEqual(plain);
      expect(nested.coverage.playlists).not.toBe('partial');
      const referenced = await withInputs('referenced');
      expect(clipsOf(referenced)).toEqual(plain.slice(0, 2));
      const d = referenced.diagnostics.filter((x) => x.code === 'aaf/unhandled-segment');
      expect(d.map((x) => x.message)).toEqual(['ScopeReference segments in a channel combiner are not read (their clips are missing)']);
      expect(d[0].offset).toBeGreaterThan(0);
      expect(referenced.coverage.playlists).toBe('partial');
    });

    it('gives the clips it plays the gain of the groups around it', async () => {
      const clips = clipsOf(await nestedModel({ gainDb: -4 }));
      // The first clip's own -6 dB and the reference's -4 dB.
      expect(clips[0].gain?.db).toBeCloseTo(-10, 2);
      expect(clips[2].gain?.db).toBeCloseTo(-4, 2);
    });

    it('does not follow a reference to a slot that is not there, or to a slot of the composition, and says so', async () => {
      for (const [ref, what] of [
        [{ relativeSlot: 2 }, /the slot 2 before its own in a NestedScope that has 1 slot before it/],
        [{ relativeSlot: 0 }, /the slot 0 before its own/],
        [{ relativeScope: 1 }, /another slot of the composition/],
        [{ relativeScope: 3 }, /a scope 3 out, beyond the composition/],
      ] as Array<[WriterScopeReference, RegExp]>) {
        const s = await nestedModel(ref);
        expect(clipsOf(s)).toEqual([]);
        const d = s.diagnostics.filter((x) => x.code === 'aaf/scope-reference');
        expect(d).toHaveLength(1);
        expect(d[0].message).toMatch(what);
        expect(d[0].message).toMatch(/is not followed \(its clips, if any, are missing\)/);
        expect(d[0].offset).toBeGreaterThan(0);
        expect(s.coverage.playlists).toBe('partial');
      }
    });
  });

  it('says which segments it does not read, and calls the playlists partial', async () => {
    const spec = basicSpec();
    spec.tracks[0].pulldown = true;
    const s = await model(spec);
    expect(s.diagnostics.find((d) => d.code === 'aaf/unhandled-segment')?.message).toMatch(/Pulldown/);
    expect(s.coverage.playlists).toBe('partial');
  });

  it("gives a transition's fade only to the clips of a nested sequence that touch it", async () => {
    // Seq[Filler, Transition, Seq[a, b], Filler ...] and Seq[..., Seq[c, d], Transition, Filler]: the fade-in is a's, the fade-out d's.
    const s = await model(basicSpec({
      tracks: [{
        name: 'Nested', clips: [
          { position: 25, length: 10, media: 0, fadeIn: 4, sequenceWithNext: true },
          { position: 35, length: 10, media: 0 },
          { position: 100, length: 10, media: 0, sequenceWithNext: true },
          { position: 110, length: 10, media: 0, fadeOut: 4 },
        ],
      }],
    }));
    const clips = s.tracks[0].playlists[0].clips;
    expect(clips.map((c) => c.position - (s.start ?? 0))).toEqual([48000, 67200, 192000, 211200]);
    expect(clips.map((c) => [c.fadeIn?.length ?? null, c.fadeOut?.length ?? null])).toEqual([[7680, null], [null, null], [null, null], [null, 7680]]);
  });

  it('with several TopLevel compositions, reads the one no other composition uses (a nested sequence is also marked TopLevel)', async () => {
    const spec = basicSpec({ name: 'Main', extraComposition: { topLevel: true } });
    // A clip of the session refers to the other composition (a nested sequence), which comes first in the Mobs set.
    spec.tracks[0].clips.push({ position: 300, length: 25, media: 0, composition: true });
    const s = await model(spec);
    expect(s.name).toBe('Main');
    expect(s.diagnostics.find((d) => d.code === 'aaf/several-top-level')?.message).toBe('2 top-level compositions; reading "Main" (the first that no other composition uses)');
    expect(s.tracks[0].playlists[0].clips.at(-1)?.name).toBe('Other sequence');
  });

  describe('a clip of a sub-clip composition', () => {
    const subClipModel = (extra: { clips: WriterClip[]; bare?: boolean }, over: Partial<AafSpec> = {}, outer: Partial<WriterClip> = {}) => {
      const spec = basicSpec({ extraComposition: { subClip: true, ...extra }, ...over });
      spec.tracks[0].clips.push({ position: 300, length: 25, sourceOffset: 10, media: 0, composition: true, ...outer });
      return model(spec).then((s) => ({ s, clip: s.tracks[0].playlists[0].clips.at(-1)! }));
    };

    it("counts the sub-clip's start into its master in the clip's offset into the file", async () => {
      for (const bare of [false, true]) {
        const { s, clip } = await subClipModel({ bare, clips: [{ position: 0, length: 100, media: 0, sourceOffset: 40, gain: { db: -3 } }] });
        expect(clip.name).toBe('Other sequence');
        expect(clip.mediaFileId).toBe(s.mediaFiles.find((m) => m.name === 'dialog one.wav')?.id);
        // 10 + 40 frames at 25 fps.
        expect(clip.sourceOffset).toBe(50 * 1920);
        expect(clip.position - (s.start ?? 0)).toBe(300 * 1920);
      }
    });

    it('converts the two starts together, exactly (29.97 fps: 1601.6 samples a frame)', async () => {
      const { clip } = await subClipModel(
        { clips: [{ position: 0, length: 100, media: 0, sourceOffset: 1 }] },
        { editRate: [30000, 1001], timecode: { start: 0, fps: 30 } },
        { sourceOffset: 1 },
      );
      // Two frames are 3203.2 samples; each frame rounded on its own would give 3204.
      expect(clip.sourceOffset).toBe(3203);
    });

    it('has no offset into a file when the composition is several clips or starts with a gap', async () => {
      const several = await subClipModel({ clips: [{ position: 0, length: 50, media: 0, sourceOffset: 40 }, { position: 50, length: 50, media: 0 }] });
      expect(several.clip.sourceOffset).toBeNull();
      expect(several.clip.mediaFileId).not.toBeNull();
      const gap = await subClipModel({ clips: [{ position: 5, length: 50, media: 0, sourceOffset: 40 }] });
      expect(gap.clip.sourceOffset).toBeNull();
    });
  });

  describe('a clip of a nested sequence (a composition of several clips)', () => {
    const TWO_CLIPS: WriterClip[] = [{ position: 0, length: 50, media: 0 }, { position: 50, length: 50, media: 1 }];
    /** A session whose track (with no automation of its own) plays the nested sequence `outerClips` times, as `composition` says. */
    const nestedSpec = (volume: number[] | undefined, { clips = TWO_CLIPS, outerClips = 1, composition = true as WriterClip['composition'] } = {}) => {
      const spec = basicSpec({ extraComposition: { clips, volume } });
      spec.tracks[0].volume = undefined;
      for (let k = 0; k < outerClips; k++) spec.tracks[0].clips.push({ position: 300 + 30 * k, length: 25, media: 0, composition });
      return spec;
    };
    const nestedModel = (volume: number[] | undefined, outerClips = 1) => model(nestedSpec(volume, { outerClips }));

    it("makes the sequence's moving volume automation the track's: a wrong pass of track/no-automation before", async () => {
      const s = await nestedModel([1, 0.5, 1]);
      const t = s.tracks[0];
      expect(t.automation).toEqual([{ parameter: 'volume', points: 3, isDefault: false }]);
      expect(resultsOf(s, 'track/no-automation').map((r) => [r.outcome, r.subject.track])).toEqual([['fail', t.name]]);
      expect(s.diagnostics.filter((d) => d.code === 'aaf/nested-sequence').map((d) => d.message)).toEqual([
        `"${t.name}" plays "Other sequence", a nested sequence of 2 clips, as one clip (named after the sequence, with the media of its first clip); its volume automation is the track's`,
      ]);
    });

    it('adds nothing to the track when the sequence has no automation or a flat one, and still says what the clip stands for', async () => {
      for (const volume of [undefined, [1, 1]]) {
        const s = await nestedModel(volume);
        expect(s.tracks[0].automation, `volume ${volume}`).toEqual([]);
        expect(resultsOf(s, 'track/no-automation').map((r) => r.outcome)).toEqual(['pass']);
        expect(s.diagnostics.filter((d) => d.code === 'aaf/nested-sequence').map((d) => d.message)).toEqual([
          `"${s.tracks[0].name}" plays "Other sequence", a nested sequence of 2 clips, as one clip (named after the sequence, with the media of its first clip)`,
        ]);
      }
    });

    it('maps a sequence that plays itself once, without looping', async () => {
      const s = await model(nestedSpec([1, 0.5], { clips: [{ position: 0, length: 50, media: 0 }, { position: 50, length: 50, media: 0, composition: true }] }));
      expect(s.tracks[0].playlists[0].clips.at(-1)?.name).toBe('Other sequence');
      expect(s.tracks[0].automation).toEqual([{ parameter: 'volume', points: 2, isDefault: false }]);
    });

    it('gives the automation to every track that plays the sequence', async () => {
      const spec = nestedSpec([1, 0.5, 1]);
      spec.tracks.push({ name: 'Second', clips: [{ position: 0, length: 25, media: 0, composition: true }] });
      const s = await model(spec);
      expect(s.tracks.map((t) => [t.name, t.automation])).toEqual([
        ['Dialog', [{ parameter: 'volume', points: 3, isDefault: false }]],
        ['Second', [{ parameter: 'volume', points: 3, isDefault: false }]],
      ]);
      expect(resultsOf(s, 'track/no-automation').map((r) => [r.subject.track, r.outcome])).toEqual([['Dialog', 'fail'], ['Second', 'fail']]);
    });

    it('leaves automation unverified, not the file unread, when the nested sequence cannot be read', async () => {
      // A clip inside the sequence longer than 2^53 edit units: the reader refuses it (a LIMIT error on a top-level track).
      const s = await model(nestedSpec(undefined, { clips: [{ position: 0, length: 50, media: 0 }, { position: 50, length: 2 ** 53 + 2, media: 1 }] }));
      expect(s.tracks[0].playlists[0].clips.at(-1)?.name).toBe('Other sequence');
      expect(s.coverage.automation).toBe('partial');
      expect(resultsOf(s, 'track/no-automation').map((r) => r.outcome)).toEqual(['unverified']);
      expect(s.diagnostics.find((d) => d.code === 'aaf/nested-sequence')?.message).toMatch(/^"Dialog" plays "Other sequence", a nested sequence that could not be read \(clip position 50, length 9007199254740994 or start 0 \(edit units\) is beyond 2\^53, at byte \d+\): its automation is not known$/);
    });

    it('reads a sub-clip of the sequence as the sequence', async () => {
      const s = await model(nestedSpec([1, 0.5, 1], { composition: 'subClip' }));
      expect(s.tracks[0].playlists[0].clips.at(-1)?.name).toBe('Sub-clip of other sequence');
      expect(s.tracks[0].automation).toEqual([{ parameter: 'volume', points: 3, isDefault: false }]);
      expect(s.diagnostics.filter((d) => d.code === 'aaf/nested-sequence').map((d) => d.message)).toEqual([
        `"Dialog" plays "Other sequence", a nested sequence of 2 clips, as one clip (named after the sequence, with the media of its first clip); its volume automation is the track's`,
      ]);
    });

    it('counts the automation once for a track that plays the sequence twice', async () => {
      const s = await nestedModel([1, 0.5, 1], 2);
      expect(s.tracks[0].playlists[0].clips.filter((c) => c.name === 'Other sequence')).toHaveLength(2);
      expect(s.tracks[0].automation).toEqual([{ parameter: 'volume', points: 3, isDefault: false }]);
      expect(s.diagnostics.filter((d) => d.code === 'aaf/nested-sequence')).toHaveLength(1);
    });
  });

  it("counts where a master clip starts in its file into its clips' offsets", async () => {
    const spec = basicSpec();
    spec.media[0].masterStart = 4800;
    const clips = (await model(spec)).tracks[0].playlists[0].clips;
    // Media 0's clips (the second plays the embedded media): 0 and 10 frames (19200 samples) into the master, 0.1 s more into the file.
    expect(clips.map((c) => c.sourceOffset)).toEqual([4800, 0, 19200 + 4800]);
  });

  it('finds the top-level composition without a UsageCode', async () => {
    const s = await model(basicSpec({ noUsageCode: true, extraComposition: true }));
    expect(s.name).toBe('Basic');
    expect(s.tracks.length).toBe(1);
  });

  it('resolves dynamic pids whatever local ids the file gives them', async () => {
    const s = await model(basicSpec({ dynamicPids: { componentAttributes: 0xfff0, timelineAttributes: 0xffc4 } }));
    expect(s.tracks[0].solo).toBe(true);
    expect(s.tracks[0].playlists[0].clips[1].muted).toBe(true);
  });

  it('says when there is no timecode, and positions count from zero', async () => {
    const s = await model(basicSpec({ timecode: null }));
    expect(s.start).toBe(0);
    expect(s.coverage.timecode).toBe('partial');
    expect(s.diagnostics.some((d) => d.code === 'aaf/no-timecode')).toBe(true);
    expect(s.tracks[0].playlists[0].clips[0].position).toBe(48000);
  });

  it('is reached through readSession by sniffing', async () => {
    const s = await readSession(writeAaf(basicSpec()), { path: 'x.aaf' });
    expect(s.source.format).toBe('aaf');
  });

  it('dumps the object tree', async () => {
    const text = await dumpAaf(new BufferSource(writeAaf(basicSpec())));
    expect(text).toMatch(/CompositionMob/);
    expect(text).toMatch(/SlotName \(0x4802, data\): "Dialog"/);
    expect(text).toMatch(/EditRate \(0x4b01, data\): 25\/1/);
    expect(text).toMatch(/Operation \(0x0b01, weak ref\): → 9d2ea894-0968-11d3-8a38-0050040ef7d2/);
  });
});

describe('AAF limits', () => {
  it('stops at maxEntries with a LIMIT error', async () => {
    await expect(readAaf(new BufferSource(writeAaf(basicSpec())), { limits: { maxEntries: 20 } })).rejects.toMatchObject({ code: 'LIMIT' });
  });

  it('stops when the time limit has passed', async () => {
    const spec = basicSpec();
    spec.tracks[0].clips = Array.from({ length: 600 }, (_, k) => ({ position: k * 2, length: 1, media: 0, gain: { db: -1 } }));
    await expect(readAaf(new BufferSource(writeAaf(spec)), { limits: { maxMillis: -1 } })).rejects.toMatchObject({ code: 'LIMIT', limit: 'maxMillis' });
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(readAaf(new BufferSource(writeAaf(basicSpec())), { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('a clip whose mob the file does not hold', () => {
  it('is reported with the mob ID in hex', async () => {
    const built = buildAafTree(basicSpec());
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    const masters = new Set(built.mediaMobIds.map(hex));
    /** The storages under the root whose names start with `prefix`, depth first. */
    const find = (node: CfbStorage, prefix: string): CfbStorage[] => node.children.flatMap((c) => (c.kind !== 'storage' ? [] : c.name.startsWith(prefix) ? [c, ...find(c, prefix)] : find(c, prefix)));
    const mobs = find(built.root, 'Mobs');
    expect(mobs.length).toBeGreaterThan(2);
    const named: string[] = [];
    // Each mob storage left out in turn.
    for (const gone of mobs) {
      const parent = [built.root, ...find(built.root, '')].find((n) => n.children.includes(gone))!;
      const at = parent.children.indexOf(gone);
      parent.children.splice(at, 1);
      const s = await readAaf(new BufferSource(cfbBytes(layoutCfb(built.root))));
      parent.children.splice(at, 0, gone);
      for (const d of s.diagnostics) {
        if (d.code !== 'aaf/missing-mob') continue;
        const m = /refers to mob ([0-9a-f]+), which the file does not contain/.exec(d.message);
        expect(m, d.message).not.toBeNull();
        named.push(m![1]);
      }
    }
    // Each master mob a clip plays is named when it is left out (its source mob is named when that one is).
    for (const id of masters) expect(named).toContain(id);
    for (const id of named) expect(id).toMatch(/^060a2b34[0-9a-f]{56}$/);
  });
});
