/** Pinned per-file facts of the corpus's Session Info as Text exports. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSession } from '../../src/read.js';
import { FileSource } from '../../src/node/file-source.js';
import type { Session } from '../../src/model/session.js';
import { corpusPath, HAVE_CORPUS } from '../support/corpus.js';
import { decodeLines } from '../../src/formats/session-text/text.js';
import { parseExport } from '../../src/formats/session-text/parse.js';
import { readSessionText } from '../../src/formats/session-text/index.js';
import { BufferSource } from '../../src/io/byte-source.js';

/** MacRoman byte of each character in its high half (from Node's "macintosh" decoder, independent of the reader's table). */
const MAC: Record<string, number> = Object.fromEntries(
  Array.from({ length: 128 }, (_, i) => [new TextDecoder('macintosh').decode(new Uint8Array([0x80 + i])), 0x80 + i]),
);

/** Clip events per channel of each track block, as printed (fade events included). */
function eventsPerChannel(prefix: string): Record<string, number[]> {
  const file = readdirSync(DIR).find((f) => f.startsWith(prefix))!;
  const raw = parseExport(decodeLines(new Uint8Array(readFileSync(`${DIR}/${file}`))).lines);
  const out: Record<string, number[]> = {};
  for (const t of raw.tracks) {
    const n = Math.max(0, ...t.events.map((e) => e.channel));
    out[t.name] = Array.from({ length: n }, (_, i) => t.events.filter((e) => e.channel === i + 1).length);
  }
  return out;
}

const DIR = corpusPath('session-text');

async function read(prefix: string): Promise<Session> {
  const file = readdirSync(DIR).find((f) => f.startsWith(prefix))!;
  const src = await FileSource.open(`${DIR}/${file}`);
  try {
    return await readSession(src, { path: file });
  } finally {
    await src.close?.();
  }
}

const track = (s: Session, name: string) => s.tracks.find((t) => t.name === name)!;
const clips = (s: Session, name: string) => track(s, name).playlists[0].clips;

describe.skipIf(!HAVE_CORPUS)('session text corpus: pinned facts', () => {
  it('OneOfEverything: states, inserts, clips, fades, offline media, markers', async () => {
    const s = await read('SessionText_OneOfEverything');
    expect(s.name).toBe('SessionText_OneOfEverything');
    expect(s.startTimecode).toBe('00:59:55:00');
    expect(s.frameRate?.label).toBe('23.976');
    expect(s.bitDepth).toBe(24);
    expect(s.tracks.map((t) => [t.name, t.channels, t.active])).toEqual([
      ['Audio 1', 1, true], ['Audio 2', 1, true], ['Audio 3 (Stereo)', 2, true], ['Audio 4 (Stereo)', 2, true], ['Audio 5 (Stereo)', 2, false],
    ]);
    expect(track(s, 'Audio 1').comments).toBe('Comments here.');
    expect(track(s, 'Audio 1').inserts.map((i) => i.name)).toEqual(['EQ3 1-Band']);
    expect(track(s, 'Audio 2').inserts.map((i) => [i.slot, i.name, i.manufacturer])).toEqual([[1, 'EQ3 7-Band', 'Avid'], [2, 'Trim', 'Avid']]);
    expect(clips(s, 'Audio 3 (Stereo)').map((c) => [c.name, c.muted])).toEqual([['Audio 3 Clip1.L', false], ['Audio 3 Clip2.L', true]]);
    // "(fade in)" 01:00:01:04–01:00:01:09 and "(fade out)" 01:00:03:17–01:00:03:22: five frames each at 23.976.
    const a4 = clips(s, 'Audio 4 (Stereo)');
    expect(a4).toHaveLength(1);
    expect(a4[0]).toMatchObject({ name: 'Audio 4 Clip1.L', position: 173_038_866, length: 112_112, fadeIn: { length: 10_010 }, fadeOut: { length: 10_010 } });
    const offline = s.mediaFiles.filter((m) => m.online === false);
    expect(offline.map((m) => m.name)).toEqual(['Audio 5 Offline Clip1.wav']);
    expect(clips(s, 'Audio 5 (Stereo)')[0].mediaFileId).toBe(offline[0].id);
    expect(s.mediaFiles).toHaveLength(7);
    expect(s.markers).toEqual([
      { name: 'Marker 1', position: 172_876_704, length: 0, comment: '' },
      { name: 'Marker 2', position: 172_972_800, length: 0, comment: 'This marker has comments.' },
    ]);
    expect(eventsPerChannel('SessionText_OneOfEverything')).toEqual({
      'Audio 1': [1], 'Audio 2': [1], 'Audio 3 (Stereo)': [2, 2], 'Audio 4 (Stereo)': [3, 3], 'Audio 5 (Stereo)': [1, 1],
    });
    expect(s.diagnostics.some((d) => d.code === 'session-text/channels-differ')).toBe(false);
    // EQ3 1-Band has 2 instances in the listing but one on the listed audio tracks.
    expect(s.coverage.inserts).toBe('partial');
  });

  it('Plugins (MacRoman): five inserts per track in order, manufacturers from the listing, muted tracks', async () => {
    const s = await read('SessionText_Plugins');
    expect(s.diagnostics.find((d) => d.code === 'session-text/encoding')?.message).toContain('MacRoman');
    expect(s.tracks.map((t) => [t.name, t.muted, t.channels])).toEqual([['Audio 1 (Stereo)', true, 2], ['Audio 2 (Stereo)', true, 2], ['Audio 3', true, 1]]);
    expect(track(s, 'Audio 1 (Stereo)').inserts.map((i) => i.name)).toEqual(['AIR Kill EQ', 'ERA 4 Voice Leveler', 'FabFilter Timeless 2', 'soothe2', 'Kontakt']);
    expect(track(s, 'Audio 2 (Stereo)').inserts.map((i) => i.manufacturer)).toEqual(['Plugin Alliance', 'Avid', 'Plogue Art et Technologie, Inc', 'Plugin Alliance', null]);
    expect(track(s, 'Audio 3').inserts.map((i) => i.name)).toEqual(['FabFilter Saturn', 'bx_boom', 'AIR Non-Linear Reverb', 'Unfiltered Audio Byome', 'Schoeps Mono Upmix 1to2']);
    expect(s.coverage.inserts).toBe('decoded');
  });

  it('FPPFinal: 51 tracks, hidden and inactive states, crossfades, the MacRoman ellipsis', async () => {
    const s = await read('SessionText_FPPFinal');
    expect(s.tracks).toHaveLength(51);
    expect(s.mediaFiles).toHaveLength(142);
    expect(s.markers).toHaveLength(294);
    expect(s.markers.some((m) => m.name === 'out…')).toBe(true);
    expect(track(s, 'DLG-0323')).toMatchObject({ hidden: true, active: false, muted: false });
    expect(track(s, 'DLG-0323').inserts.map((i) => i.name)).toEqual(['FabFilter Pro-L']);
    expect(track(s, 'Music 3 (Stereo)')).toMatchObject({ hidden: true, active: false });
    expect(track(s, 'Intl Diffs')).toMatchObject({ hidden: false, active: false });
    expect(s.tracks.filter((t) => t.hidden).length).toBe(12);
    expect(s.tracks.filter((t) => t.active === false).length).toBe(26);
    expect(clips(s, 'DLG')).toHaveLength(35); // 65 events, 30 of them fades
    expect(clips(s, 'Music 1 (Stereo)')).toHaveLength(92);
    const perChannel = eventsPerChannel('SessionText_FPPFinal');
    expect(perChannel['DLG']).toEqual([65]);
    expect(perChannel['Music 1 (Stereo)']).toEqual([119, 119]);
    expect(Object.values(perChannel).filter((c) => c.length === 2).length).toBe(35);
    expect(s.diagnostics.some((d) => d.code === 'session-text/channels-differ')).toBe(false);
    // DLG-0323: two crossfades between clips 3–5–7.
    const d = clips(s, 'DLG-0323');
    expect(d.map((c) => c.name.replace('FPP_LockedCut_Composer_032320-', ''))).toEqual(['04.L', '06.L', '07.L', '02.L', '03.L']);
    expect(d[2].fadeOut?.length).toBe(d[3].fadeIn?.length);
    expect(d[2].fadeOut?.length).toBe(21 * 2002);
    expect(d[3].fadeOut?.length).toBe(24 * 2002);
    expect(s.diagnostics.filter((x) => x.code === 'session-text/orphan-fade')).toEqual([]);
    expect(s.coverage.inserts).toBe('partial');
  });

  it('ExtendedChars (UTF-8) and NewLinesAndTabs: marker names as written', async () => {
    const u = await read('SessionText_ExtendedChars');
    expect(u.markers.map((m) => m.name)).toEqual(['Test Ellipsis…', 'Test Em Dash —', 'Test En Dash –', 'Right Side Quote’s Not An Apostrophe']);
    expect(u.frameRate?.label).toBe('24');
    // The same export in Pro Tools' "TextEdit" format (MacRoman), as Pro Tools writes it.
    const utf8 = readFileSync(`${DIR}/${readdirSync(DIR).find((f) => f.startsWith('SessionText_ExtendedChars'))!}`, 'utf8');
    const macRoman = new Uint8Array([...utf8].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : MAC[c])));
    const m = await readSessionText(new BufferSource(macRoman, 'ExtendedChars_TextEdit.txt'));
    expect(m.markers.map((x) => x.name)).toEqual(u.markers.map((x) => x.name));
    expect(m.diagnostics.find((d) => d.code === 'session-text/encoding')?.message).toContain('MacRoman');
    const n = await read('SessionText_NewLinesAndTabs');
    expect(n.markers).toHaveLength(12);
    expect(n.markers[1]).toMatchObject({ name: 'Normal Marker Name', comment: 'Comment Here\nWith New Line' });
    expect(n.diagnostics.filter((d) => d.code === 'session-text/marker-text-ambiguous').length).toBeGreaterThan(0);
  });

  it('the same session exported in every time format gives the same positions', async () => {
    const ref = await read('SessionText_TimeFormats_Samples_ShowSubframes');
    const pos = (s: Session) => s.tracks.map((t) => t.playlists[0].clips.map((c) => [c.position, c.position + c.length])).flat();
    const want = pos(ref);
    expect(want).toEqual([[4_143_899_760, 4_144_541_760], [4_143_099_968, 4_143_741_968]]);
    for (const name of ['Timecode_PT', 'Timecode_ShowSubframes', 'MinSecs', 'FeetFrames_ShowSubframes', 'BarsBeats_PT', 'BarsBeats_ShowSubframes']) {
      const s = await read(`SessionText_TimeFormats_${name}`);
      const res = s.source.positionResolution ?? 1;
      const got = pos(s);
      expect(got.length, name).toBe(want.length);
      for (let i = 0; i < want.length; i++) {
        for (const k of [0, 1]) {
          // Printed values are truncated (ticks rounded): within one step of the format.
          expect(Math.abs(got[i][k] - want[i][k]), `${name} clip ${i}`).toBeLessThanOrEqual(res);
        }
      }
      expect(s.markers[0].position, name).toBe(ref.markers[0].position);
    }
  });

  it('EmptySession and UnrecognizedSection', async () => {
    const e = await read('SessionText_EmptySession');
    expect(e.tracks).toEqual([]);
    expect(e.coverage.tracks).toBe('decoded');
    const u = await read('SessionText_UnrecognizedSection');
    expect(u.tracks.map((t) => t.name)).toEqual(['Audio 1']);
    expect(clips(u, 'Audio 1')[0]).toMatchObject({ name: 'Audio 1_01', position: 172_972_800, length: 240_240 });
  });
});
