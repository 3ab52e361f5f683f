import { animationSession, baseSession, BASE_INPUTS, clone, HOUR, RECORDING_SESSION, recordingSession, START, START_TC } from '../support/model.js';
import { ruleTable } from '../support/rule-tester.js';
import { frameRate } from '../../src/model/timecode.js';

const EDIT = 'netflix-localized-edit';

ruleTable('session/sample-rate', EDIT, {
  pass: [{ name: '48 kHz session and media', session: baseSession() }],
  fail: [
    { name: '44.1 kHz session', session: baseSession({ sampleRate: 44100 }), message: '44100 Hz' },
    {
      name: 'one 96 kHz media file',
      session: (() => { const s = baseSession(); s.mediaFiles[2].sampleRate = 96000; return s; })(),
      fails: 1, message: '96000 Hz',
    },
  ],
  unverified: [
    {
      name: 'a package with no session view or audio header: 48000 Hz was assumed',
      session: baseSession({ diagnostics: [{ code: 'package/sample-rate-unknown', offset: null, message: 'no session or audio header gives a sample rate; 48000 is assumed' }] }),
      message: '48000 Hz was assumed (package/sample-rate-unknown)',
    },
    {
      name: 'an AAF without audio essence',
      session: baseSession({ diagnostics: [{ code: 'aaf/no-audio-essence', offset: null, message: 'no audio essence descriptor: the session rate is assumed to be 48000 Hz' }] }),
      message: 'not stated by this input',
    },
  ],
});

ruleTable('session/frame-rate', EDIT, {
  pass: [
    { name: 'package token 24 matches a 24 fps session', session: baseSession() },
    { name: '--frame-rate wins over the package token', session: baseSession({ frameRate: frameRate('25') }), inputs: { frameRate: frameRate('25') } },
  ],
  fail: [
    { name: '23.976 session in a _24_ package', session: baseSession({ frameRate: frameRate('23.976') }), message: '23.976' },
    { name: '--frame-rate 25 against a 24 session', session: baseSession(), inputs: { frameRate: frameRate('25') } },
  ],
  unverified: [
    { name: 'no package name and no --frame-rate', session: baseSession({ source: { path: 'Show.ptx', format: 'ptx', formatVersion: null, application: null } }) },
    { name: 'timecode not decoded', session: (() => { const s = baseSession(); s.coverage.timecode = 'partial'; return s; })() },
  ],
});

ruleTable('session/start', EDIT, {
  pass: [{ name: 'start equals the picture start', session: baseSession(), options: { start: START_TC } }],
  fail: [{ name: 'session at 00:00:00:00', session: baseSession({ start: 0, startTimecode: '00:00:00:00' }), options: { start: START_TC } }],
  unverified: [{ name: 'no picture start given', session: baseSession(), inputs: BASE_INPUTS }],
});

ruleTable('session/start-timecode', 'netflix-animation-dialogue', {
  pass: [
    { name: '00:59:50:00 at 24', session: baseSession() },
    {
      name: '00:59:50:00 read at 23.976',
      session: baseSession({ frameRate: frameRate('23.976'), start: 86160 * 2002, startTimecode: '00:59:50:00' }),
    },
  ],
  fail: [{ name: 'starts at 01:00:00:00', session: clone(baseSession({ start: 172_800_000, startTimecode: '01:00:00:00' })) }],
});

// ---------------------------------------------------------------- more session cases

const ANIMATION = 'netflix-animation-dialogue';
const bare = (over: Partial<Parameters<typeof baseSession>[0]> = {}) =>
  baseSession({ source: { path: 'Show.ptx', format: 'ptx', formatVersion: null, application: null }, ...over });
const edit = (f: (s: ReturnType<typeof baseSession>) => void, base = baseSession) => { const s = base(); f(s); return s; };
const inPackage = (pkg: string, over = {}) =>
  baseSession({ source: { path: `${pkg}!Show.ptx`, format: 'ptx', formatVersion: null, application: null }, ...over });

ruleTable('session/sample-rate', EDIT, {
  pass: [
    { name: 'media whose rate is unknown are not held against the session', session: edit((s) => { s.mediaFiles[0].sampleRate = null; }) },
    { name: 'option rate 96000 on a 96 kHz session', session: edit((s) => { s.sampleRate = 96000; for (const m of s.mediaFiles) m.sampleRate = 96000; }), options: { rate: 96000 } },
  ],
  fail: [
    { name: '96 kHz session names both rates', session: baseSession({ sampleRate: 96000 }), message: /96000 Hz, not 48000 Hz/ },
    { name: 'timecode not decoded does not stop the sample-rate check', session: edit((s) => { s.sampleRate = 44100; s.coverage.timecode = 'unsupported'; }) },
  ],
});

ruleTable('session/bit-depth', EDIT, {
  pass: [
    { name: '24-bit session and media', session: baseSession() },
    { name: 'session depth unknown, every media file 24-bit', session: baseSession({ bitDepth: null }) },
    { name: 'media depth unknown, session 24-bit', session: edit((s) => { for (const m of s.mediaFiles) m.bitDepth = null; }) },
  ],
  fail: [
    { name: '16-bit session', session: baseSession({ bitDepth: 16 }), message: '16-bit', fails: 1 },
    { name: '32-bit float session', session: baseSession({ bitDepth: 32 }), message: '32-bit' },
    { name: 'one 16-bit media file names the file', session: edit((s) => { s.mediaFiles[1].bitDepth = 16; }), message: s1name(), fails: 1 },
    { name: 'session unknown, one media 16-bit', session: edit((s) => { s.bitDepth = null; s.mediaFiles[0].bitDepth = 16; }), fails: 1 },
  ],
  unverified: [
    { name: 'no bit depth anywhere', session: edit((s) => { s.bitDepth = null; for (const m of s.mediaFiles) m.bitDepth = null; }) },
  ],
});

function s1name(): string {
  return baseSession().mediaFiles[1].name;
}

ruleTable('session/frame-rate', EDIT, {
  pass: [
    { name: 'token 23976 and a 23.976 session', session: inPackage('Show_PKG123_ep101_es-ES_LocalizedEditProject_23976_v1.zip', { frameRate: frameRate('23.976') }) },
    { name: 'token 2997 and a 29.97 drop-frame session', session: inPackage('Show_PKG123_ep101_es-ES_LocalizedEditProject_2997_v1.zip', { frameRate: frameRate('29.97', true) }) },
    { name: 'token 25 and a 25 fps session', session: inPackage('Show_PKG123_ep101_es-ES_LocalizedEditProject_25_v1.zip', { frameRate: frameRate('25') }) },
    { name: 'bare session with --frame-rate 24', session: bare(), inputs: { frameRate: frameRate('24') } },
    {
      name: 'package name given as package.name (zip)',
      session: bare({ package: { kind: 'zip', name: 'Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip', entries: [] } }),
    },
  ],
  fail: [
    { name: '24 session in a _23976_ package', session: inPackage('Show_PKG123_ep101_es-ES_LocalizedEditProject_23976_v1.zip'), message: /24 fps, not 23\.976/ },
    { name: '25 session in a _24_ package', session: baseSession({ frameRate: frameRate('25') }), fails: 1 },
    { name: '--frame-rate 23.976 wins over the _24_ token (session 24)', session: baseSession(), inputs: { frameRate: frameRate('23.976') } },
  ],
  unverified: [
    { name: "package name token '2398' is not a frame-rate token", session: inPackage('Show_PKG123_ep101_es-ES_LocalizedEditProject_2398_v1.zip'), message: '2398' },
    { name: 'package name without the frame-rate part', session: inPackage('Show_PKG123_es-ES_v1.zip') },
    { name: 'session frame rate unknown', session: baseSession({ frameRate: null }) },
    { name: 'timecode unsupported even with --frame-rate', session: edit((s) => { s.coverage.timecode = 'unsupported'; }), inputs: { frameRate: frameRate('24') } },
  ],
});

ruleTable('session/frame-rate', ANIMATION, {
  pass: [
    { name: 'true 24 recording session', session: animationSession() },
    { name: 'the package token does not matter in the animation profile', session: inPackage('Show_PKG123_ep101_es-ES_LocalizedEditProject_25_v1.zip') },
  ],
  fail: [
    { name: '23.976 session', session: animationSession({ frameRate: frameRate('23.976') }), message: '23.976' },
    { name: '23.976 session starting 00:59:50:00 fails the rate', session: animationSession({ frameRate: frameRate('23.976'), start: 86160 * 2002, startTimecode: '00:59:50:00' }) },
    { name: '25 fps session', session: animationSession({ frameRate: frameRate('25') }) },
  ],
  unverified: [
    { name: 'timecode partial', session: edit((s) => { s.coverage.timecode = 'partial'; }, animationSession) },
    { name: 'frame rate unknown', session: animationSession({ frameRate: null }) },
  ],
  none: [{ name: 'a WAV recording gets no session/* result', session: recordingSession() }],
});

ruleTable('session/start', EDIT, {
  pass: [
    { name: 'start as a sample count', session: baseSession(), options: { start: START } },
    {
      name: '01:00:00:00 read at 23.976 (86400 frames × 2002 samples)',
      session: baseSession({ frameRate: frameRate('23.976'), start: 86400 * 2002, startTimecode: '01:00:00:00' }),
      options: { start: '01:00:00:00' },
    },
    {
      name: 'start known only as startTimecode',
      session: baseSession({ start: null, startTimecode: '01:00:00:00' }),
      options: { start: '01:00:00:00' },
    },
  ],
  fail: [
    { name: 'message names both timecodes', session: baseSession({ start: 0, startTimecode: '00:00:00:00' }), options: { start: START_TC }, message: /00:00:00:00, not at 00:59:50:00/ },
    {
      name: 'a 23.976 session at the true-time hour (172,800,000 samples) is not 01:00:00:00 at 23.976',
      session: baseSession({ frameRate: frameRate('23.976'), start: HOUR, startTimecode: null }),
      options: { start: '01:00:00:00' },
    },
    { name: 'one frame late', session: baseSession({ start: START + 2000, startTimecode: '00:59:50:01' }), options: { start: START_TC } },
  ],
  unverified: [
    { name: 'no picture start, even with every other input', session: baseSession(), inputs: { ...BASE_INPUTS, frameRate: frameRate('24') } },
    { name: 'picture start given, timecode not decoded', session: edit((s) => { s.coverage.timecode = 'unsupported'; }), options: { start: START_TC } },
    { name: 'picture start given, session start unknown', session: baseSession({ start: null, startTimecode: null }), options: { start: START_TC } },
  ],
});

ruleTable('session/start-timecode', ANIMATION, {
  pass: [
    { name: 'the recording session', session: animationSession() },
    { name: 'option start overrides the default', session: baseSession({ start: HOUR, startTimecode: '01:00:00:00' }), options: { start: '01:00:00:00' } },
  ],
  fail: [
    { name: 'starts at 00:00:00:00', session: baseSession({ start: 0, startTimecode: '00:00:00:00' }), message: '00:00:00:00' },
    { name: '00:59:50:00 in 23.976 samples read as 24 is not 00:59:50:00', session: baseSession({ start: 86160 * 2002 }) },
  ],
  unverified: [
    { name: 'timecode not decoded', session: edit((s) => { s.coverage.timecode = 'unsupported'; }, animationSession) },
    { name: 'session start unknown', session: animationSession({ start: null, startTimecode: null }) },
  ],
  none: [{ name: 'a WAV recording gets no session/* result', session: recordingSession() }],
});

ruleTable('session/recording-name', ANIMATION, {
  pass: [
    { name: '220123_B2TO_PDX002_Maddie_IF', session: animationSession() },
    { name: 'scratch session SCR015', session: animationSession({ name: '220123_B2TO_SCR015_Maddie_IF' }) },
    {
      name: 'name carried by the session file when the model name differs',
      session: animationSession({ name: 'Session', source: { path: `x/${RECORDING_SESSION}.ptx`, format: 'ptx', formatVersion: null, application: null } }),
    },
  ],
  fail: [
    { name: 'impossible date 220231', session: animationSession({ name: '220231_B2TO_PDX002_Maddie_IF', source: { path: 'a.ptx', format: 'ptx', formatVersion: null, application: null } }), message: "date '220231'" },
    { name: 'session number with 2 digits', session: animationSession({ name: '220123_B2TO_PDX02_Maddie_IF', source: { path: 'a.ptx', format: 'ptx', formatVersion: null, application: null } }), message: "'PDX02'" },
    { name: 'REC instead of PDX/SCR', session: animationSession({ name: '220123_B2TO_REC002_Maddie_IF', source: { path: 'a.ptx', format: 'ptx', formatVersion: null, application: null } }), message: 'PDX or SCR' },
    { name: 'lowercase initials', session: animationSession({ name: '220123_B2TO_PDX002_Maddie_if', source: { path: 'a.ptx', format: 'ptx', formatVersion: null, application: null } }), message: "initials 'if'" },
    { name: 'missing the initials part', session: animationSession({ name: '220123_B2TO_PDX002_Maddie', source: { path: 'a.ptx', format: 'ptx', formatVersion: null, application: null } }), message: '4' },
    { name: 'the edit session name', session: baseSession() },
  ],
  none: [{ name: 'a WAV recording gets no session/* result', session: recordingSession() }],
});
