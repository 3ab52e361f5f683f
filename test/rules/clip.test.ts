/**
 * Clip rules of netflix-localized-edit: clips named for the character
 * (reading 8), fades (reading 7), time stretch (reading 11).
 */
import type { Session } from '../../src/model/session.js';
import { baseSession, clip, HOUR, track } from '../support/model.js';
import { ruleTable } from '../support/rule-tester.js';

const EDIT = 'netflix-localized-edit';

function edit(f: (s: Session) => void): Session {
  const s = baseSession();
  f(s);
  return s;
}
/** The base session with one track `trackName` holding clips named `clipNames`. */
function clipsOn(trackName: string, clipNames: string[], over: Parameters<typeof clip>[2] = {}): Session {
  return edit((s) => {
    s.tracks = [track(trackName, clipNames.map((n, i) => clip(n, HOUR + i * 200_000, over)))];
  });
}
const cover = (feature: string, level: 'partial' | 'unsupported') => edit((s) => { s.coverage[feature] = level; });
const fadeRender = (name: string, at: number) => clip(name, at, { isFadeRender: true, fadeIn: null, fadeOut: null, length: 480 });
/** One of the one-frame clips of a Pro Tools AAF export, under the name of its language. */
const samplePiece = (name: string, at: number) => clip(name, at, { fadeIn: null, fadeOut: null, length: 1920 });
const PIECE_NAMES = ['Sample accurate edit', 'Samplegenaue Bearbeitung', 'Edición con precisión de muestra', "Modification à l'échantillon près", 'サンプル精度編集', '샘플 단위 정밀 편집', '精确采样编辑', '精確取樣編輯'];
const withPieces = (trackIndex: number) => edit((s) => { s.tracks[trackIndex].playlists[0].clips.push(...PIECE_NAMES.map((n, i) => samplePiece(n, HOUR + 900 + i * 2000))); });

ruleTable('clip/named-for-character', EDIT, {
  pass: [
    { name: 'clips named after their tracks', session: baseSession() },
    { name: 'case-insensitive: maria-03 on es-ES_MARIA', session: clipsOn('es-ES_MARIA', ['maria-03', 'Maria_take4', 'es-ES_MARIA_01-02']) },
    { name: 'a two-token character as consecutive tokens', session: clipsOn('es-419_JUAN_PABLO', ['es-419_JUAN_PABLO_01', 'Juan Pablo 02']) },
    { name: 'pickup track clips', session: clipsOn('PU_es-ES_MARIA', ['PU_es-ES_MARIA_01']) },
    { name: 'walla clips carry the walla name', session: clipsOn('es-ES_WALLA_1', ['es-ES_WALLA_1_01']) },
    {
      name: 'rendered fade clips are not looked at',
      session: edit((s) => { s.tracks[0].playlists[0].clips.push(fadeRender('Fade 1', HOUR + 100), fadeRender('(fade in)', HOUR + 2000)); }),
    },
    { name: "Pro Tools' one-frame \"Sample accurate edit\" clips, in any export language, are not looked at", session: withPieces(0) },
    { name: 'optional tracks carry stems, not recordings', session: clipsOn('es-ES_OPT_51', ['Show_Optionals_51', 'Audio 1_03']) },
  ],
  fail: [
    { name: 'Audio 1_02 on es-ES_MARIA names the clip and the character', session: clipsOn('es-ES_MARIA', ['es-ES_MARIA_01', 'Audio 1_02']), message: "Clip 'Audio 1_02' on es-ES_MARIA does not carry the character name MARIA", fails: 1 },
    { name: 'MARIANA is another token than MARIA', session: clipsOn('es-ES_MARIA', ['es-ES_MARIANA_01']), fails: 1 },
    { name: 'JUAN and PABLO not consecutive', session: clipsOn('es-419_JUAN_PABLO', ['JUAN_01_PABLO']), fails: 1 },
    { name: 'a clip of another character', session: clipsOn('es-ES_MARIA', ['es-ES_JUAN_04']), fails: 1 },
    { name: 'every unnamed clip is reported', session: clipsOn('es-ES_ANA', ['Audio 1_01', 'Audio 1_02', 'Audio 1_03']), fails: 3 },
    { name: 'a name that only contains the words of a one-frame clip is a clip name', session: clipsOn('es-ES_MARIA', ['Sample accurate edit 2']), fails: 1 },
  ],
  unverified: [{ name: 'playlists partial', session: cover('playlists', 'partial') }],
});

ruleTable('clip/faded', EDIT, {
  pass: [
    { name: 'every clip faded in and out', session: baseSession() },
    { name: 'rendered fade clips are not looked at', session: edit((s) => { s.tracks[1].playlists[0].clips.push(fadeRender('Fade 3', HOUR + 500)); }) },
    { name: "Pro Tools' one-frame clips are not looked at", session: withPieces(1) },
    { name: 'optional tracks are exempt', session: clipsOn('es-ES_OPT_51', ['Show_Optionals_51'], { fadeIn: null, fadeOut: null }) },
    { name: 'a clip on an alternate playlist is not looked at', session: edit((s) => { s.tracks[0].playlists.push({ name: 'alt', active: false, clips: [clip('es-ES_MARIA_99', HOUR, { fadeIn: null })] }); }) },
  ],
  fail: [
    { name: 'no fade in: a warning at the clip timecode', session: edit((s) => { s.tracks[0].playlists[0].clips[0].fadeIn = null; }), message: "Clip 'es-ES_MARIA_01' on es-ES_MARIA has no fade in", severity: 'warning', fails: 1 },
    { name: 'no fade out', session: edit((s) => { s.tracks[2].playlists[0].clips[1].fadeOut = null; }), message: 'no fade out', fails: 1 },
    { name: 'a zero-length fade is no fade', session: edit((s) => { s.tracks[1].playlists[0].clips[0].fadeIn = { length: 0, shape: 'linear' }; }), fails: 1 },
    { name: 'neither fade', session: edit((s) => { const c = s.tracks[3].playlists[0].clips[0]; c.fadeIn = null; c.fadeOut = null; }), message: 'no fade in and no fade out', fails: 1 },
  ],
  unverified: [{ name: 'fades unsupported', session: cover('fades', 'unsupported') }, { name: 'fades partial', session: cover('fades', 'partial') }],
});

ruleTable('clip/no-time-stretch', EDIT, {
  pass: [
    { name: 'timeStretched absent (the format does not record it)', session: baseSession() },
    { name: 'timeStretched false', session: edit((s) => { for (const t of s.tracks) for (const c of t.playlists[0].clips) c.timeStretched = false; }) },
  ],
  fail: [
    { name: 'a time-stretched clip (warning)', session: edit((s) => { s.tracks[1].playlists[0].clips[2].timeStretched = true; }), message: "Clip 'es-ES_JUAN_03' on es-ES_JUAN is time-stretched", severity: 'warning', fails: 1 },
  ],
  unverified: [{ name: 'playlists partial (reading 11)', session: cover('playlists', 'partial') }],
});
