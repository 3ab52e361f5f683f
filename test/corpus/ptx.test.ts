/**
 * Every Pro Tools session of the corpus against what ptformat's ptftool prints
 * (expected/NAME.ptftool.txt) and the expected model (expected-model/ptx/NAME.json).
 *
 * Two quirks of ptftool are allowed for, explicitly:
 * - it is run with a 48 kHz target and scales region offsets, lengths and
 *   positions of 44.1 kHz sessions by 48000/44100 (the audio file lengths it
 *   prints are not scaled); the model keeps samples at the session's rate;
 * - it prints tick-based positions (top byte 0x40) as the low 32 bits of the
 *   stored tick word; the model converts them through the tempo map and says
 *   how many (ptx/tick-conversion), so those clips are compared by name only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { openPtx, readPtx } from '../../src/formats/ptx/index.js';
import { readRegions } from '../../src/formats/ptx/content/regions.js';
import type { Session } from '../../src/model/session.js';
import { HAVE_CORPUS, corpusPath } from '../support/corpus.js';
import { readSession } from '../../src/read.js';
import { FileSource } from '../../src/node/file-source.js';
import { validateAgainst } from '../../src/model/json-schema.js';
import schema from '../../schemas/session.schema.json';

const FILES = HAVE_CORPUS ? readdirSync(corpusPath('ptx')).filter((n) => /\.(ptx|ptf|pts)$/.test(n)).sort() : [];

type ExpClip = { name: string; position: number; length: number; sourceOffset: number };
type ExpModel = { sampleRate: number; tracks: Array<{ name: string; clips: ExpClip[] }> };

async function read(name: string): Promise<Session> {
  const bytes = new Uint8Array(readFileSync(corpusPath('ptx', name)));
  return readPtx(new BufferSource(bytes, name), { path: name });
}

function ptftool(name: string): { rate: number; version: number; wavs: Array<{ name: string; length: number }>; regions: Array<{ name: string; offset: number; length: number }> } {
  const text = readFileSync(corpusPath('ptx', 'expected', `${name}.ptftool.txt`), 'utf8');
  const head = /ProTools (\d+) Session: Samplerate = (\d+)Hz/.exec(text)!;
  const wavs = [...text.matchAll(/^`(.*)` w\(\d+\) @ \d+, (\d+)$/gm)].map((m) => ({ name: m[1], length: Number(m[2]) }));
  const regions = [...text.matchAll(/^`(.*)` r\(\d+\) w\(\d+\) @ (\d+), (\d+)$/gm)].map((m) => ({ name: m[1], offset: Number(m[2]), length: Number(m[3]) }));
  return { rate: Number(head[2]), version: Number(head[1]), wavs, regions };
}

/** ptftool's value for one of our values at the session rate (see the header). */
function asPtftool(v: number, rate: number): number {
  return rate === 48000 ? v : Math.round((v * 48000) / rate);
}
function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1 + Math.abs(b) * 1e-6;
}

/** Tracks folded as expected-model/README.md says: audio tracks, adjacent same names merged. */
function fold(tracks: Array<{ name: string; clips: ExpClip[] }>): Array<{ name: string; clips: ExpClip[] }> {
  const out: Array<{ name: string; clips: ExpClip[] }> = [];
  for (const t of tracks) {
    const last = out[out.length - 1];
    if (last && last.name === t.name.trim()) last.clips.push(...t.clips);
    else out.push({ name: t.name.trim(), clips: [...t.clips] });
  }
  for (const t of out) t.clips.sort((a, b) => a.position - b.position || a.sourceOffset - b.sourceOffset);
  return out;
}

describe.skipIf(!HAVE_CORPUS)('Pro Tools corpus', () => {
  it('has the 12 sessions', () => {
    expect(FILES.length).toBe(12);
  });

  for (const name of FILES) {
    describe(name, () => {
      it('carries what ptftool prints: rate, version, audio files, regions', async () => {
        const s = await read(name);
        const pt = ptftool(name);
        expect(s.sampleRate).toBe(pt.rate);
        expect(Number(s.source.formatVersion)).toBe(pt.version);
        expect(s.mediaFiles.map((m) => [m.name, m.length])).toEqual(pt.wavs.map((w) => [w.name, w.length]));
        // The region list (placed or not): names, source offsets and lengths.
        const { f, walk } = openPtx(new Uint8Array(readFileSync(corpusPath('ptx', name))), name);
        const list = walk.byType.get(0x262a)?.[0] ?? walk.byType.get(0x100b)?.[0];
        const regions = list ? readRegions(f, list) : [];
        expect(regions.length).toBe(pt.regions.length);
        regions.forEach((r, i) => {
          expect(r.name).toBe(pt.regions[i].name);
          expect(near(asPtftool(r.sourceOffset, s.sampleRate), pt.regions[i].offset)).toBe(true);
          expect(near(asPtftool(r.length, s.sampleRate), pt.regions[i].length)).toBe(true);
        });
      });

      it('reads through readSession from a file and validates against the session schema', async () => {
        const src = await FileSource.open(corpusPath('ptx', name));
        try {
          const s = await readSession(src, { path: name });
          expect(s.source.format).toBe(name.split('.').pop());
          expect(validateAgainst(schema as never, JSON.parse(JSON.stringify(s)))).toEqual([]);
        } finally {
          await src.close?.();
        }
      });

      it('matches the expected model (tracks, clips)', async () => {
        const s = await read(name);
        const exp = JSON.parse(readFileSync(corpusPath('expected-model', 'ptx', `${name}.json`), 'utf8')) as ExpModel;
        expect(s.sampleRate).toBe(exp.sampleRate);
        const ours = fold(s.tracks.filter((t) => t.kind === 'audio').map((t) => ({
          name: t.name,
          clips: t.playlists[0].clips.filter((c) => !c.isFadeRender).map((c) => ({
            name: c.name, position: c.position - (s.start ?? 0), length: c.length, sourceOffset: c.sourceOffset ?? 0,
          })),
        })));
        const theirs = fold(exp.tracks);
        expect(ours.map((t) => t.name)).toEqual(theirs.map((t) => t.name));
        const tickNote = s.diagnostics.find((d) => d.code === 'ptx/tick-conversion' && /^\d+ clip\(s\) on tick-based tracks/.test(d.message));
        const converted = tickNote ? Number(/^(\d+) clip/.exec(tickNote.message)?.[1] ?? 0) : 0;
        expect(s.diagnostics.some((d) => d.code === 'ptx/tick-positions')).toBe(false);
        let unmatched = 0;
        ours.forEach((t, i) => {
          const pool = [...theirs[i].clips];
          const rest: typeof t.clips = [];
          for (const c of t.clips) {
            const j = pool.findIndex((e) => e.name === c.name && near(asPtftool(c.position, s.sampleRate), e.position)
              && near(asPtftool(c.length, s.sampleRate), e.length) && near(asPtftool(c.sourceOffset, s.sampleRate), e.sourceOffset));
            if (j >= 0) pool.splice(j, 1);
            else rest.push(c);
          }
          // What is left on both sides are the tick-based clips: same names, lengths and offsets.
          const key = (c: { name: string; length: number; sourceOffset: number }) => `${c.name}/${asPtftool(c.length, s.sampleRate)}/${asPtftool(c.sourceOffset, s.sampleRate)}`;
          const a = rest.map(key).sort();
          const b = pool.map((e) => `${e.name}/${e.length}/${e.sourceOffset}`).sort();
          expect(a.length).toBe(b.length);
          a.forEach((k, n) => {
            const [na, la, oa] = k.split('/');
            const [nb, lb, ob] = b[n].split('/');
            expect([na, near(Number(la), Number(lb)), near(Number(oa), Number(ob))]).toEqual([nb, true, true]);
          });
          unmatched += rest.length;
        });
        // Only tick-based clips differ from ptftool, and the model says how many it converted.
        expect(unmatched).toBeLessThanOrEqual(converted);
        if (unmatched) expect(converted).toBeGreaterThan(0);
        // ptftool's last section: track, audio file name, position + source offset, length.
        const text = readFileSync(corpusPath('ptx', 'expected', `${name}.ptftool.txt`), 'utf8');
        const section = text.split('Track name (Track#) (WAV filename)')[1] ?? '';
        const placed = [...section.matchAll(/^`(.*)` t\(\d+\) \((.*)\) @ (\d+) \+ (\d+), (\d+)$/gm)];
        const file = new Map(s.mediaFiles.map((m) => [m.id, m.name]));
        const pool = s.tracks.flatMap((t) => t.playlists[0]?.clips.map((c) => ({ track: t.name, c })) ?? []);
        let found = 0;
        for (const m of placed) {
          const j = pool.findIndex(({ track, c }) => track === m[1] && file.get(c.mediaFileId ?? '') === m[2]
            && near(asPtftool(c.position - (s.start ?? 0), s.sampleRate), Number(m[3])) && near(asPtftool(c.sourceOffset ?? 0, s.sampleRate), Number(m[4]))
            && near(asPtftool(c.length, s.sampleRate), Number(m[5])));
          if (j >= 0) { pool.splice(j, 1); found++; }
        }
        expect(found).toBe(placed.length - unmatched);
      });
    });
  }
});

describe.skipIf(!HAVE_CORPUS)('Pro Tools corpus: beyond ptformat', () => {
  it('TestPTX.ptx: 24-bit/48 kHz, a mono and a stereo track, outputs, 23.976 timecode, MIDI tracks, Pro Tools HD 12.8.3', async () => {
    const s = await read('TestPTX.ptx');
    expect([s.sampleRate, s.bitDepth]).toEqual([48000, 24]);
    expect(s.source.application).toEqual({ name: 'Pro Tools HD', version: '12.8.3' });
    expect(s.source.formatVersion).toBe('12');
    const audio = s.tracks.filter((t) => t.kind === 'audio');
    expect(audio.map((t) => [t.name, t.channels, t.channelFormat])).toEqual([['monoTone', 1, 'mono'], ['stereoTone', 2, 'stereo']]);
    expect(audio[1].playlists[0].clips.map((c) => c.channel)).toEqual([1, 2]);
    expect(audio.map((t) => t.output)).toEqual(['Main 51.Stereo', 'Main 51.Stereo']);
    // A mono track carries 4 automation lists, a stereo track 5 (the extra pan), all untouched.
    expect(audio.map((t) => t.automation.length)).toEqual([4, 5]);
    expect(audio.every((t) => t.automation.every((a) => a.isDefault && a.points === 1))).toBe(true);
    expect(s.tracks.filter((t) => t.kind === 'midi').map((t) => t.name)).toEqual(['MIDI 1', 'MIDI 2', 'MIDI 3']);
    expect(s.frameRate?.label).toBe('23.976');
    expect([s.start, s.startTimecode]).toEqual([0, '00:00:00:00']);
    expect(s.coverage.inserts).toBe('unsupported');
    expect(s.diagnostics.some((d) => d.code === 'ptx/pt10-mixer')).toBe(true);
    expect(s.mediaFiles[1]).toMatchObject({ name: 'monoTone.1.aif', format: 'aiff', sampleRate: 48000, length: 480000 });
  });

  it('sample1.pts: master fader, two groups with members, Waves inserts, a 170-point automation list', async () => {
    const s = await read('sample1.pts');
    expect(s.source.application).toEqual({ name: 'Pro Tools LE', version: '6.4.0.138' });
    expect([s.sampleRate, s.bitDepth]).toEqual([44100, 16]);
    const master = s.tracks.filter((t) => t.kind === 'master');
    expect(master.map((t) => t.name)).toEqual(['Master 1']);
    expect(master[0].inserts).toEqual([{ slot: 1, name: 'L1-Ultramaximizer+', manufacturer: 'Waves', active: null }]);
    const byId = new Map(s.tracks.map((t) => [t.id, t.name]));
    expect(s.groups.map((g) => [g.name, g.trackIds.map((id) => byId.get(id))])).toEqual([
      ['Group 1', ['Voice 1', 'Voice 2']],
      ['reverb', ['Voice 1', 'Voice 2', 'Drums', 'Horns', 'Strings', 'Keyboard', 'Guitar 1', 'Guitar 2', 'Guitar 3']],
    ]);
    const voice1 = s.tracks.find((t) => t.name === 'Voice 1')!;
    expect(voice1.inserts.map((i) => [i.slot, i.name, i.manufacturer])).toEqual([
      [1, 'REQ 6 bands', 'Waves'], [2, 'RDeEsser', 'Waves'], [3, 'RComp', 'Waves'], [4, 'RVerb', 'Waves'],
    ]);
    expect(voice1.automation.find((a) => a.points === 170)).toEqual({ parameter: 'other', points: 170, isDefault: false });
    expect(s.coverage.inserts).toBe('decoded');
    expect(s.coverage.groups).toBe('decoded');
  });

  it('Damien_monos.pts: a big-endian PT5.1 file, 25 fps', async () => {
    const s = await read('Damien_monos.pts');
    expect(s.source).toMatchObject({ format: 'pts', formatVersion: '5', application: { name: 'Pro Tools LE', version: '5.1' } });
    expect(s.frameRate?.label).toBe('25');
    expect(s.tracks.map((t) => t.name)).toEqual(['DR_L', 'DR_R', 'Rhodes_L', 'Rhodes_R', 'Bass_L', 'Bass_R', 'cymb_L', 'cymb_R']);
  });

  it('TempoTimeKeySig.ptx: start 01:00:00:00 from 0x204d, positions absolute, ticks converted through the tempo map', async () => {
    const s = await read('TempoTimeKeySig.ptx');
    expect(s.startTimecode).toBe('01:00:00:00');
    expect(s.start).toBeGreaterThan(0);
    const a1 = s.tracks.find((t) => t.name === 'Audio 1')!.playlists[0].clips;
    const a2 = s.tracks.find((t) => t.name === 'Audio 2')!.playlists[0].clips;
    expect(a1[0].position).toBe(s.start);
    // "Audio 2" is tick-based: converted through the 23-event tempo map (a ramp), one of its
    // clips lands exactly 10 s (441,000 samples) before a sample-based clip of "Audio 1".
    expect(a2).toHaveLength(7);
    expect(a1[5].position - a2[3].position).toBe(441000);
    // Markers are at tick positions too: "Location 1" at tick 0 = the session start; two range markers.
    expect(s.markers.map((m) => m.name)).toEqual(['Location 1', 'Location 2', '    3| 1| 000', '    3| 1| 000']);
    expect(s.markers[0].position).toBe(s.start);
    expect(s.markers[2].length).toBeGreaterThan(0);
    expect([s.coverage.playlists, s.coverage.markers]).toEqual(['decoded', 'decoded']);
    expect(s.diagnostics.filter((d) => d.code === 'ptx/tick-conversion')).toHaveLength(2);
    // Tempo (200 per sixteenth = 50 per quarter, then a ramp), meters and keys, summarised.
    const musical = s.diagnostics.find((d) => d.code === 'ptx/tempo-meter-key')!.message;
    expect(musical).toMatch(/^tempo 50 bpm \(quarter note\), 23 tempo events; meter 4\/4 at bar 1, 2\/4 at bar 2, 3\/4 at bar 3/);
    expect(musical).toContain('key F♯ major at quarter 0, F major at quarter 4, B♭ minor at quarter 6');
  });

  it('RegionPosLimits.ptx: a tick-based audio track at 500 bpm', async () => {
    const s = await read('RegionPosLimits.ptx');
    const ticks = s.tracks.find((t) => t.name === 'Audio in ticks')!.playlists[0].clips;
    // 8, 16 and 40 quarter notes at 500 bpm, 48 kHz.
    expect(ticks.map((c) => c.position)).toEqual([46080, 92160, 230400]);
  });

  it('goodplaylists2.ptf: playlist sets without a track are reported; empty ones are left out', async () => {
    const s = await read('goodplaylists2.ptf');
    expect(s.tracks.map((t) => t.name)).toEqual(['4', '1', '2', '3']);
    expect(s.diagnostics.find((d) => d.code === 'ptx/unpaired-playlists')?.message).toContain('"5", "6"');
    expect(s.coverage.playlists).toBe('partial');
  });

  it('MetadataFields.ptx: session metadata (title, contributors, location) is carried in a diagnostic', async () => {
    const s = await read('MetadataFields.ptx');
    expect(s.diagnostics.find((d) => d.code === 'ptx/session-metadata')?.message).toBe(
      'location: Paisley Park; contributor: Prince, Foo, Buz; title: Title with some UTF8 ąčęėįšųūž; TPE1: AFKAAFKAP',
    );
  });

  it('RegionTest.ptx: fade placements become fades of the clips they touch', async () => {
    const s = await read('RegionTest.ptx');
    const t = (n: string) => s.tracks.find((x) => x.name === n)!.playlists[0].clips;
    expect(t('Track_Name').map((c) => [c.fadeIn?.length ?? null, c.fadeOut?.length ?? null])).toEqual([[490000, null]]);
    expect(t('Audio 1').map((c) => [c.fadeIn?.length ?? null, c.fadeOut?.length ?? null])).toEqual([[null, 450000]]);
    expect(t('Audio 3').map((c) => [c.fadeIn?.length ?? null, c.fadeOut?.length ?? null])).toEqual([[230000, 290000], [230000, 290000]]);
    expect(s.coverage.fades).toBe('decoded');
  });

  for (const name of ['TestPTX.ptx', 'midi345x.ptf']) {
    it(`${name}: MIDI clips on MIDI tracks at ptftool's tick positions (120 bpm)`, async () => {
      const s = await read(name);
      const text = readFileSync(corpusPath('ptx', 'expected', `${name}.ptftool.txt`), 'utf8');
      const placed = [...text.matchAll(/^`(.*)` mt\(\d+\) mr\(\d+\) @ (\d+)$/gm)];
      expect(placed.length).toBeGreaterThan(0);
      const clips = s.tracks.filter((t) => t.kind === 'midi').flatMap((t) => t.playlists[0].clips.map((c) => [t.name, c.position - (s.start ?? 0)]));
      const want = placed.map((m) => [m[1], Math.round((Number(m[2]) / 960000) * 0.5 * s.sampleRate)]);
      const key = (x: Array<string | number>) => x.join('@');
      expect(clips.map(key).sort()).toEqual(want.map(key).sort());
    });
  }

  it('lists content types it does not decode', async () => {
    const s = await read('Untitled32.ptx');
    expect(s.tracks).toEqual([]);
    expect(s.diagnostics.find((d) => d.code === 'ptx/unknown-block')?.message).toMatch(/0x[0-9a-f]{4}/);
  });
});
