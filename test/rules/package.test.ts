/**
 * Package rules of netflix-localized-edit: the zip name, self-contained media,
 * unused media and source material (readings 3, 10, 17, 18 of rules.md).
 */
import { describe, expect, it } from 'vitest';
import type { Session } from '../../src/model/session.js';
import { baseSession, media, PACKAGE, zipPackage } from '../support/model.js';
import { ruleTable, runOne } from '../support/rule-tester.js';
import { baseName } from '../../src/policy/names.js';

const EDIT = 'netflix-localized-edit';

function edit(f: (s: Session) => void): Session {
  const s = baseSession();
  f(s);
  return s;
}
/** A session read from the zip `name` (source path and package listing). */
function inZip(name: string, f: (s: Session) => void = () => {}): Session {
  return edit((s) => {
    s.source.path = `${name}!Show.ptx`;
    s.package = zipPackage(s, [], name);
    f(s);
  });
}
/** The base session with a zip listing plus `extra` entries. */
function listed(extra: string[], f: (s: Session) => void = () => {}): Session {
  return edit((s) => {
    s.package = zipPackage(s, extra);
    f(s);
  });
}
const bareSource = (s: Session) => { s.source.path = 'Show.ptx'; };

ruleTable('package/name', EDIT, {
  pass: [
    { name: 'the name in the source path', session: baseSession() },
    { name: 'the name of package.name', session: inZip(PACKAGE) },
    { name: 'region tag ES-419 in capitals', session: inZip('Show_PKG123_ep101_ES-419_LocalizedEditProject_24_v1.zip') },
    { name: 'lowercase tag es-es', session: inZip('Show_PKG123_ep101_es-es_LocalizedEditProject_24_v1.zip') },
    { name: 'pt-BR, 23976, v12', session: inZip('MyShow2_A1B2C3_101_pt-BR_LocalizedEditProject_23976_v12.zip') },
    { name: 'zh-Hant-TW, 2997', session: inZip('Show_PKG123_ep101_zh-Hant-TW_LocalizedEditProject_2997_v2.zip') },
    { name: 'tokens 25 and 30', session: inZip('Show_PKG123_ep101_fr-FR_LocalizedEditProject_25_v1.zip') },
  ],
  fail: [
    { name: "frame-rate token '2398' names the token and the list", session: inZip('Show_PKG123_ep101_es-ES_LocalizedEditProject_2398_v1.zip'), message: /frame-rate token '2398' is not one of (?=.*23976)(?=.*2997)(?=.*\b24\b)(?=.*\b25\b)(?=.*\b30\b)/ },
    { name: "frame-rate token '23.976'", session: inZip('Show_PKG123_ep101_es-ES_LocalizedEditProject_23.976_v1.zip'), message: 'frame-rate token' },
    { name: 'version without v', session: inZip('Show_PKG123_ep101_es-ES_LocalizedEditProject_24_1.zip'), message: "version '1'" },
    { name: 'version V1 (capital)', session: inZip('Show_PKG123_ep101_es-ES_LocalizedEditProject_24_V1.zip'), message: "version 'V1'" },
    { name: 'version v1a', session: inZip('Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1a.zip'), message: "version 'v1a'" },
    { name: 'title with a hyphen', session: inZip('My-Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip'), message: "title 'My-Show'" },
    { name: 'package ID with a dot', session: inZip('Show_PKG.123_ep101_es-ES_LocalizedEditProject_24_v1.zip'), message: "package ID 'PKG.123'" },
    { name: 'episode with #', session: inZip('Show_PKG123_ep#101_es-ES_LocalizedEditProject_24_v1.zip'), message: "episode 'ep#101'" },
    { name: 'language not a BCP-47 tag', session: inZip('Show_PKG123_ep101_xx-YY_LocalizedEditProject_24_v1.zip'), message: "language code 'xx-YY'" },
    { name: 'language written as a name', session: inZip('Show_PKG123_ep101_Spanish_LocalizedEditProject_24_v1.zip'), message: "language code 'Spanish'" },
    { name: 'fifth part misspelled', session: inZip('Show_PKG123_ep101_es-ES_LocalizedEditProj_24_v1.zip'), message: "'LocalizedEditProj'" },
    { name: 'fifth part in lowercase', session: inZip('Show_PKG123_ep101_es-ES_localizededitproject_24_v1.zip'), message: 'LocalizedEditProject' },
    { name: 'a part missing', session: inZip('Show_PKG123_es-ES_LocalizedEditProject_24_v1.zip'), message: "6 '_'-separated parts" },
    { name: 'title with an underscore (an extra part)', session: inZip('My_Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip'), message: "8 '_'-separated parts" },
    { name: 'accent in the title', session: inZip('Señor_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip'), message: "'ñ'" },
    { name: 'two problems both named', session: inZip('Show_PKG123_ep101_es-ES_LocalizedEditProject_2398_1.zip'), message: /2398.*version '1'/ },
  ],
  unverified: [
    { name: 'a bare session file (no zip)', session: edit(bareSource) },
    { name: 'a model file outside any package', session: edit((s) => { s.source = { path: 'show.session.json', format: 'model', formatVersion: null, application: null }; }) },
  ],
  none: [
    { name: "a delivery folder's name is not checked", session: edit((s) => { s.source.path = 'My Delivery/Show.ptx'; s.package = { kind: 'folder', name: 'My Delivery', entries: [] }; }) },
    { name: 'a folder input', session: edit((s) => { s.source = { path: 'My Delivery', format: 'folder', formatVersion: null, application: null }; }) },
  ],
});

const ABS = (name: string) => `file:///c%3a/Users/editor/Desktop/Show/Audio%20Files/${name}`;

ruleTable('package/self-contained', EDIT, {
  pass: [
    { name: 'relative Audio Files paths, online (no listing)', session: baseSession() },
    { name: 'every referenced file in the root Audio Files/ of the zip', session: listed([]) },
    {
      name: "absolute paths from the authoring machine, resolved by file name in the zip's Audio Files/",
      session: listed([], (s) => { for (const m of s.mediaFiles) m.path = ABS(m.name); }),
    },
    {
      name: 'absolute Windows path into an Audio Files folder (no listing)',
      session: edit((s) => { for (const m of s.mediaFiles) m.path = `C:\\Sessions\\Show\\Audio Files\\${m.name}`; }),
    },
    {
      name: 'percent-encoded file names with spaces resolve against the listing',
      session: edit((s) => {
        s.mediaFiles[0].name = 'es-ES MARIA 01.wav';
        s.mediaFiles[0].path = 'file:///c%3a/Users/editor/Show/Audio%20Files/es-ES%20MARIA%2001.wav';
        s.package = zipPackage(s);
      }),
    },
    {
      name: 'a macOS file URL into the authoring machine\'s Audio Files',
      session: listed([], (s) => { for (const m of s.mediaFiles) m.path = `file:///Volumes/Dub%20Drive/Show/Audio%20Files/${m.name}`; }),
    },
    {
      name: 'a Windows path resolved by file name against the listing',
      session: listed([], (s) => { for (const m of s.mediaFiles) m.path = `D:\\Dub\\Show\\Audio Files\\${m.name}`; }),
    },
    {
      name: 'an outside path on the authoring machine whose file is in the zip Audio Files/ (resolved by file name)',
      session: listed([], (s) => { s.mediaFiles[1].path = '/Volumes/SFX/Library/' + s.mediaFiles[1].name; }),
    },
    { name: 'file names match case-insensitively', session: listed([], (s) => { s.package!.entries = s.package!.entries.map((e) => ({ ...e, path: e.path.toUpperCase().replace('AUDIO FILES', 'Audio Files') })); }) },
    { name: 'embedded media', session: edit((s) => { for (const m of s.mediaFiles) { m.embedded = true; m.path = null; } }) },
    { name: 'other files elsewhere in the package do not matter', session: listed(['Session File Backups/Show.bak.001.ptx', 'WaveCache.wfm']) },
  ],
  fail: [
    {
      name: 'a referenced file missing from Audio Files/',
      session: listed([], (s) => { s.package!.entries = s.package!.entries.filter((e) => !e.path.endsWith(s.mediaFiles[2].name)); }),
      fails: 1, message: baseSession().mediaFiles[2].name,
    },
    {
      name: "a file only in a nested 'Other/Audio Files/' folder is not in the root Audio Files/",
      session: listed([], (s) => { s.package!.entries = s.package!.entries.map((e) => (e.path.endsWith(s.mediaFiles[0].name) ? { ...e, path: `Other/${e.path}` } : e)); }),
      fails: 1,
    },
    {
      name: 'a referenced file at the zip root, not in Audio Files/',
      session: listed([], (s) => { s.package!.entries = s.package!.entries.map((e) => (e.path.endsWith(s.mediaFiles[0].name) ? { ...e, path: s.mediaFiles[0].name } : e)); }),
      fails: 1,
    },
    { name: "a zip entry escaping the package ('../')", session: listed([], (s) => { s.package!.unsafeEntries = ['../../evil.wav']; }), message: '../../evil.wav', fails: 1 },
    { name: 'absolute and drive-letter entries', session: listed([], (s) => { s.package!.unsafeEntries = ['/etc/passwd', 'C:/Windows/x.wav']; }), fails: 2 },
    { name: 'relative path outside Audio Files', session: edit((s) => { s.mediaFiles[0].path = '../Other Show/Audio Files/x.wav'; }), fails: 1 },
    { name: 'absolute path outside any Audio Files folder', session: edit((s) => { s.mediaFiles[1].path = '/Volumes/SFX/Library/door.wav'; }), message: '/Volumes/SFX', fails: 1 },
    { name: 'an offline file', session: edit((s) => { s.mediaFiles[3].online = false; }), message: 'offline', fails: 1 },
  ],
  unverified: [
    { name: 'media files partial', session: edit((s) => { s.coverage.mediaFiles = 'partial'; }) },
    { name: 'media files unsupported', session: edit((s) => { s.coverage.mediaFiles = 'unsupported'; }) },
    { name: 'no listing and the online state unknown', session: edit((s) => { s.mediaFiles[0].online = null; }) },
  ],
});

ruleTable('package/unused-media', EDIT, {
  pass: [
    { name: 'every media file used', session: baseSession() },
    { name: 'every file of the listing used', session: listed([]) },
    { name: 'unused files outside Audio Files/ are ignored', session: listed(['Fade Files/Fade 1.wav', 'Bounced Files/mix.wav', 'Session File Backups/old.wav', 'loose.wav']) },
    { name: 'non-audio files in Audio Files/ are ignored', session: listed(['Audio Files/.DS_Store', 'Audio Files/notes.txt']) },
    { name: 'an unused media file outside Audio Files', session: edit((s) => { s.mediaFiles.push(media('boom.wav', { path: '/Volumes/SFX/boom.wav' })); }) },
    { name: 'listing names in another case still match', session: listed([], (s) => { s.package!.entries = s.package!.entries.map((e) => ({ ...e, path: e.path.replace(/\.wav$/, '.WAV') })); }) },
    { name: 'a media file used by a clip resolved by absolute path', session: listed([], (s) => { for (const m of s.mediaFiles) m.path = ABS(m.name); }) },
  ],
  fail: [
    { name: 'a media file in the bin that no clip uses', session: edit((s) => { s.mediaFiles.push(media('es-ES_MARIA_old_take.wav')); }), message: 'es-ES_MARIA_old_take.wav', fails: 1 },
    { name: 'an extra audio file in the zip Audio Files/', session: listed(['Audio Files/es-ES_JUAN_alt.wav']), message: 'es-ES_JUAN_alt.wav', fails: 1 },
    { name: 'an unused AIFF in Audio Files/', session: listed(['Audio Files/temp.aif']), fails: 1 },
    {
      name: 'a file reported once when both in the bin and in the listing',
      session: listed(['Audio Files/unused.wav'], (s) => { s.mediaFiles.push(media('unused.wav')); }), fails: 1,
    },
  ],
  unverified: [
    { name: 'playlists partial', session: edit((s) => { s.coverage.playlists = 'partial'; }) },
    { name: 'media files unsupported', session: edit((s) => { s.coverage.mediaFiles = 'unsupported'; }) },
  ],
});

ruleTable('package/no-source-material', EDIT, {
  pass: [
    { name: 'dialogue only (listing)', session: listed(['Session File Backups/Show.bak.001.ptx']) },
    { name: 'names that only contain the tokens as substrings (JAMES, EMMA, PMARIA, STEMPLE)', session: listed(['Audio Files/es-ES_JAMES_01.wav', 'Audio Files/es-ES_EMMA_01.wav', 'Audio Files/PMARIA.wav', 'Audio Files/STEMPLE_01.wav']) },
    { name: 'optionals are not source material, even as stems', session: listed(['Audio Files/es-ES_OPT_51.wav', 'Audio Files/Show_OPTIONALS_STEMS.wav', 'Audio Files/OPTS_ME.wav']) },
    { name: 'a .wav.txt note is not a video', session: listed(['notes.mov.txt']) },
  ],
  fail: [
    { name: 'a QuickTime movie anywhere in the package', session: listed(['Video Files/Show_ep101_proxy.mov']), message: 'video', fails: 1 },
    { name: 'mp4, m4v, avi, mxf (any case)', session: listed(['ref.mp4', 'ref.M4V', 'Video Files/ref.avi', 'ref.MXF']), fails: 4 },
    { name: 'a printmaster', session: listed(['Audio Files/Show_ep101_PRINTMASTER_51.wav']), message: 'PRINTMASTER' },
    { name: 'PM token, lowercase', session: listed(['show_pm_51.wav']), message: "'PM'" },
    { name: 'DME stems', session: listed(['Audio Files/Show_DME_Stems.wav']), message: 'DME' },
    { name: 'a STEM', session: listed(['Show_DX_STEM.wav']) },
    { name: 'M&E', session: listed(['Audio Files/Show_M&E_51.wav']), message: 'M&E' },
    { name: 'ME token', session: listed(['Show_ME_51.wav']), message: "'ME'" },
    { name: 'FFME', session: listed(['Audio Files/Show-FFME.wav']), message: 'FFME' },
    { name: 'FULLYFILLED and "Fully Filled"', session: listed(['Show_FULLYFILLED.wav', 'Show Fully-Filled M&E.wav']), fails: 2 },
    { name: 'Print Master in two words', session: listed(['Show Print Master.wav']), message: 'Print Master' },
    { name: 'a printmaster among the media files (no listing)', session: edit((s) => { s.mediaFiles.push(media('Show_PM_51.wav')); }), fails: 1 },
    {
      name: 'MXF media the session describes as sound: a video container, not called a video file',
      session: edit((s) => { s.mediaFiles.push(media('dialA01.65B5.mxf', { path: 'D:/Avid MediaFiles/MXF/1/dialA01.65B5.mxf', format: 'mxf' })); }),
      message: 'dialA01.65B5.mxf looks like source material: a .mxf file (a video container; the session describes it as audio, which the delivery wants as WAV)', fails: 1,
    },
    { name: 'MXF media without a sound description is a video file', session: edit((s) => { s.mediaFiles.push(media('ref.mxf', { channels: null, sampleRate: null })); }), message: 'a video file (.mxf)', fails: 1 },
  ],
  unverified: [
    { name: 'no listing and media files partial', session: edit((s) => { s.coverage.mediaFiles = 'partial'; }) },
    { name: 'dialogue only, no listing: the rest of the delivery cannot be seen', session: baseSession(), message: "No package was read: the session's media files" },
  ],
});

describe('package/no-source-material: the fix for MXF media the session describes as sound', () => {
  it('says to convert and relink it, where a video file is to be removed', () => {
    const s = edit((x) => {
      x.mediaFiles.push(media('dialA01.65B5.mxf', { path: 'D:/Avid MediaFiles/MXF/1/dialA01.65B5.mxf', format: 'mxf' }));
      x.mediaFiles.push(media('ref.mov', { channels: null, sampleRate: null }));
    });
    const fixes = new Map(runOne('package/no-source-material', EDIT, s).filter((r) => r.outcome === 'fail').map((r) => [baseName(r.subject.file ?? ''), r.fix]));
    expect(fixes.get('dialA01.65B5.mxf')).toBe('Convert dialA01.65B5.mxf to Broadcast WAV and relink the session to it, or remove it from the delivery.');
    expect(fixes.get('ref.mov')).toBe('Remove ref.mov from the delivery.');
  });
});
