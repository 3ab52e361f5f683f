/**
 * Hand-built report objects and session models for the report formatter tests
 * (JUnit, SARIF, HTML) and the browser tests. They follow src/report/types.ts
 * and the model contract; nothing here comes from the policy engine, so the
 * formatters can be tested before it lands.
 */
import { frameRate, timecodeToSamples } from '../../src/model/timecode.js';
import { newClip, newSession, newTrack, type Session, type Track } from '../../src/model/session.js';
import type { BatchReport, Report, Result, RuleInfo, Summary } from '../../src/report/types.js';

const TOOL = { name: 'session-inspector', version: '0.1.0' };
const PROFILE = { id: 'netflix-localized-edit', version: '2024-01' };
const FR24 = frameRate('24')!;
const RATE = 48000;

/** Absolute samples of a timecode at 24 fps / 48 kHz (the fixtures' clock). */
export function at(tc: string): number {
  return timecodeToSamples(tc, FR24, RATE);
}

export const RULES: RuleInfo[] = [
  rule('session/sample-rate', 'Session sample rate is 48 kHz', 'Sample rate - 48 kHz.', 'error', ['timecode']),
  rule('session/bit-depth', 'Session bit depth is 24-bit', 'Bit depth - 24 bit.', 'error', []),
  rule('track/no-inserts', 'No plug-in inserts on any track', 'Inserts - Any plug-in on any track is to be removed.', 'error', ['inserts']),
  rule('track/no-sends', 'No sends on any track', 'Sends - All sends are to be removed.', 'error', ['sends']),
  rule('track/name-format', 'Track names follow [language code]_[character]', 'Track names - [language code]_[CHARACTER NAME].', 'error', ['tracks']),
  rule('clip/faded', 'Each dialogue clip has a fade in and a fade out', 'Fades - All clips should have fades applied.', 'warning', ['fades']),
  rule('track/no-automation', 'No automation on any track', 'Automation - All automation is to be removed; clip gain is allowed.', 'error', ['automation']),
];

function rule(id: string, description: string, spec: string, severity: RuleInfo['severity'], requires: string[]): RuleInfo {
  return { id, description, spec, specSource: 'localized-premix-wav-and-edit-project.txt', severity, requires, docs: `docs/rules/${id}.md` };
}

function result(init: Partial<Result> & Pick<Result, 'ruleId' | 'outcome' | 'message'>): Result {
  const r = RULES.find((x) => x.id === init.ruleId);
  return {
    severity: r?.severity ?? 'error',
    subject: { file: 'Show.ptx', track: null, clip: null },
    timecodeIn: null, timecodeOut: null, position: null,
    measured: null, expected: null, unit: null,
    spec: r?.spec ?? '', fix: null,
    ...init,
  };
}

function summarize(results: Result[], verdict?: Summary['verdict']): Summary {
  const s: Summary = { pass: 0, fail: 0, unverified: 0, errors: 0, warnings: 0, verdict: 'pass' };
  for (const r of results) {
    s[r.outcome] += 1;
    if (r.outcome === 'fail' && r.severity === 'error') s.errors += 1;
    if (r.outcome === 'fail' && r.severity === 'warning') s.warnings += 1;
  }
  s.verdict = verdict ?? (s.errors > 0 ? 'fail' : s.unverified > 0 ? 'unverified' : 'pass');
  return s;
}

/** A deterministic sha-256-looking hex string (fixtures only). */
function fakeSha(seed: number): string {
  let x = seed * 2654435761 >>> 0, out = '';
  while (out.length < 64) { x = (x * 1103515245 + 12345) >>> 0; out += (x >>> 8).toString(16).padStart(6, '0'); }
  return out.slice(0, 64);
}

const ZIP = 'Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip';

/** A delivery where every rule passed. */
export function passingReport(): Report {
  const results = RULES.map((r) => result({ ruleId: r.id, outcome: 'pass', message: `${r.description}: ok` }));
  return {
    schemaVersion: 1, tool: TOOL, profile: PROFILE, delivery: 'Clean_PKG9_ep102_es-ES_LocalizedEditProject_24_v1.zip',
    inputs: [{ path: 'Show.ptx', kind: 'ptx', sha256: fakeSha(1), bytes: 123456, bytesRead: 20480 }],
    results, summary: summarize(results), rules: RULES,
    session: { name: 'Show', sampleRate: RATE, bitDepth: 24, frameRate: '24', startTimecode: '00:59:50:00', trackCount: 4, clipCount: 9 },
  };
}

/**
 * A failing delivery: findings on tracks and clips with timecodes, a warning,
 * an unverified rule, passes, and characters that need escaping in every
 * format (& < > " ' and non-ASCII).
 */
export function failingReport(): Report {
  const entry = `${ZIP}!Show.ptx`;
  const results: Result[] = [
    result({ ruleId: 'session/sample-rate', outcome: 'pass', message: 'Sample rate is 48000 Hz', subject: { file: entry, track: null, clip: null } }),
    result({ ruleId: 'session/bit-depth', outcome: 'pass', message: 'Bit depth is 24', subject: { file: entry, track: null, clip: null } }),
    result({
      ruleId: 'track/no-inserts', outcome: 'fail', message: 'Track es-ES_MARIA has plug-in EQ3 7-Band on insert 1',
      subject: { file: entry, track: 'es-ES_MARIA', clip: null }, measured: 'EQ3 7-Band', expected: 'no inserts',
      fix: 'Remove the plug-in from the track.',
    }),
    result({
      ruleId: 'track/no-inserts', outcome: 'fail', message: 'Track es-ES_MARIA has plug-in "D-Verb" <bypassed> & hidden on insert 2',
      subject: { file: entry, track: 'es-ES_MARIA', clip: null }, measured: 'D-Verb', expected: 'no inserts',
      fix: 'Remove the plug-in from the track.',
    }),
    result({ ruleId: 'track/no-inserts', outcome: 'pass', message: 'No inserts', subject: { file: entry, track: 'es-ES_JOSÉ', clip: null } }),
    result({
      ruleId: 'track/name-format', outcome: 'fail', message: "Track name 'es-ES_JOSÉ' has a non-ASCII letter",
      subject: { file: entry, track: 'es-ES_JOSÉ', clip: null }, measured: 'es-ES_JOSÉ', expected: '[language code]_[CHARACTER]',
      fix: 'Rename the track with ASCII letters only, e.g. es-ES_JOSE.',
    }),
    result({
      ruleId: 'clip/faded', outcome: 'fail', severity: 'warning', message: 'Clip es-ES_MARIA_02 has no fade out',
      subject: { file: entry, track: 'es-ES_MARIA', clip: 'es-ES_MARIA_02' },
      timecodeIn: '01:00:10:00', timecodeOut: '01:00:14:12', position: at('01:00:10:00'),
      measured: 'no fade out', expected: 'fade in and fade out', fix: 'Add a short fade out to the clip.',
    }),
    result({
      ruleId: 'clip/faded', outcome: 'fail', severity: 'warning', message: 'Clip es-ES_JOSÉ_01 has no fade in',
      subject: { file: entry, track: 'es-ES_JOSÉ', clip: 'es-ES_JOSÉ_01' },
      timecodeIn: '01:00:03:00', timecodeOut: '01:00:06:00', position: at('01:00:03:00'),
      measured: 'no fade in', expected: 'fade in and fade out', fix: 'Add a short fade in to the clip.',
    }),
    result({ ruleId: 'clip/faded', outcome: 'pass', message: 'Clips on es-ES_WALLA are faded', subject: { file: entry, track: 'es-ES_WALLA', clip: null } }),
    result({
      ruleId: 'track/no-sends', outcome: 'unverified', message: 'Sends are not decoded from Pro Tools 10+ sessions',
      subject: { file: entry, track: null, clip: null }, missing: ['sends'],
      fix: "Add the session's Session Info as Text export or an AAF to the delivery.",
    }),
    result({
      ruleId: 'track/no-automation', outcome: 'fail', message: 'Track es-ES_WALLA has volume automation (12 points)',
      subject: { file: entry, track: 'es-ES_WALLA', clip: null }, timecodeIn: '01:00:20:00', timecodeOut: null,
      position: at('01:00:20:00'), measured: 12, expected: 0, unit: 'points', fix: 'Clear the automation, keep clip gain.',
    }),
  ];
  return {
    schemaVersion: 1, tool: TOOL, profile: PROFILE, delivery: ZIP,
    inputs: [
      { path: ZIP, kind: 'zip', sha256: fakeSha(2), bytes: 987654321, bytesRead: 65536 },
      { path: entry, kind: 'ptx', sha256: fakeSha(3), bytes: 234567, bytesRead: 40960 },
    ],
    results, summary: summarize(results), rules: RULES,
    session: { name: 'Show', sampleRate: RATE, bitDepth: 24, frameRate: '24', startTimecode: '00:59:50:00', trackCount: 4, clipCount: 9 },
  };
}

/** Only unverified results: nothing failed, nothing could be proven. */
export function unverifiedReport(): Report {
  const results = [
    result({ ruleId: 'track/no-inserts', outcome: 'unverified', message: 'Inserts are not decoded from this AAF', missing: ['inserts'], subject: { file: 'Show.aaf', track: null, clip: null } }),
    result({ ruleId: 'track/no-sends', outcome: 'unverified', message: 'Sends are not decoded from this AAF', missing: ['sends'], subject: { file: 'Show.aaf', track: null, clip: null } }),
    result({ ruleId: 'session/sample-rate', outcome: 'pass', message: 'Sample rate is 48000 Hz', subject: { file: 'Show.aaf', track: null, clip: null } }),
  ];
  return {
    schemaVersion: 1, tool: TOOL, profile: PROFILE, delivery: 'Show.aaf',
    inputs: [{ path: 'Show.aaf', kind: 'aaf', sha256: null, bytes: 5000, bytesRead: 5000 }],
    results, summary: summarize(results), rules: RULES, session: null,
  };
}

/** An input that could not be read (verdict unreadable). */
export function unreadableReport(): Report {
  return {
    schemaVersion: 1, tool: TOOL, profile: PROFILE, delivery: 'broken.ptx',
    inputs: [{ path: 'broken.ptx', kind: 'ptx', sha256: null, bytes: 17, bytesRead: 17, error: { code: 'TRUNCATED', message: 'ptx: header claims 4096 bytes but the file ends at 0x11', offset: 17 } }],
    results: [], summary: { pass: 0, fail: 0, unverified: 0, errors: 0, warnings: 0, verdict: 'unreadable' }, rules: RULES, session: null,
  };
}

/** Two deliveries in one run. */
export function batchReport(): BatchReport {
  const reports = [passingReport(), failingReport()];
  const s = summarize(reports.flatMap((r) => r.results), 'fail');
  return { schemaVersion: 1, tool: TOOL, reports, summary: { ...s, deliveries: reports.length } };
}

function track(id: string, name: string, clips: Array<[string, string, string, { fadeIn?: number; fadeOut?: number }?]>): Track {
  const t = newTrack(id, name);
  t.channels = 1;
  t.channelFormat = 'mono';
  t.playlists = [{
    name: `${name}.01`, active: true,
    clips: clips.map(([clipName, tcIn, tcOut, fades]) => newClip({
      name: clipName, position: at(tcIn), length: at(tcOut) - at(tcIn),
      fadeIn: fades?.fadeIn ? { length: fades.fadeIn, shape: 'linear' } : null,
      fadeOut: fades?.fadeOut ? { length: fades.fadeOut, shape: 'linear' } : null,
    })),
  }];
  return t;
}

/** Clips in the active playlists of the fixture session (fade renders excluded): what the timeline must draw. */
export const TIMELINE_CLIP_COUNT = 9;

/** The session behind failingReport(): 4 tracks, 9 clips, fades, markers. */
export function timelineSession(): Session {
  const s = newSession({ path: `${ZIP}!Show.ptx`, format: 'ptx', formatVersion: '12', application: { name: 'Pro Tools Ultimate', version: '2021.10.0' } }, 'Show', RATE);
  s.bitDepth = 24;
  s.frameRate = FR24;
  s.start = at('00:59:50:00');
  s.startTimecode = '00:59:50:00';
  const f = 2400; // 50 ms fades
  s.tracks = [
    track('t1', 'es-ES_MARIA', [
      ['es-ES_MARIA_01', '01:00:00:00', '01:00:04:00', { fadeIn: f, fadeOut: f }],
      ['es-ES_MARIA_02', '01:00:10:00', '01:00:14:12', { fadeIn: f }],
      ['es-ES_MARIA_03', '01:00:22:00', '01:00:26:00', { fadeIn: f, fadeOut: f }],
    ]),
    track('t2', 'es-ES_JOSÉ', [
      ['es-ES_JOSÉ_01', '01:00:03:00', '01:00:06:00', { fadeOut: f }],
      ['es-ES_JOSÉ_02', '01:00:15:00', '01:00:19:00', { fadeIn: f, fadeOut: f }],
    ]),
    track('t3', 'es-ES_WALLA', [
      ['es-ES_WALLA_01', '01:00:05:00', '01:00:12:00', { fadeIn: 24000, fadeOut: 24000 }],
      ['es-ES_WALLA_02', '01:00:18:00', '01:00:28:00', { fadeIn: 24000, fadeOut: 24000 }],
    ]),
    track('t4', 'es-ES_NARRADOR', [
      ['es-ES_NARRADOR_01', '00:59:55:00', '00:59:59:00', { fadeIn: f, fadeOut: f }],
      ['es-ES_NARRADOR_02', '01:00:27:00', '01:00:30:00', { fadeIn: f, fadeOut: f }],
    ]),
  ];
  // A Pro Tools rendered fade clip: not content, must not be drawn as a clip.
  s.tracks[0].playlists[0].clips.push(newClip({ name: 'Fade 1', position: at('01:00:04:00'), length: 2400, isFadeRender: true }));
  s.markers = [
    { name: 'Reel 1 start', position: at('01:00:00:00'), length: 0, comment: '' },
    { name: 'Scene 2 <INT.>', position: at('01:00:15:00'), length: 0, comment: 'night & rain' },
  ];
  s.coverage = { ...s.coverage, tracks: 'decoded', playlists: 'decoded', fades: 'decoded', markers: 'decoded', timecode: 'decoded' };
  return s;
}

/**
 * A large session for the HTML timeline's scale: `tracks` tracks of
 * `clipsPerTrack` back-to-back one-second clips with fades (100 × 5,000 =
 * 500,000 clips).
 */
export function bigSession(tracks = 100, clipsPerTrack = 5000): Session {
  const s = newSession({ path: 'Big.ptx', format: 'ptx', formatVersion: '12', application: null }, 'Big', RATE);
  s.bitDepth = 24;
  s.frameRate = FR24;
  s.start = at('01:00:00:00');
  s.startTimecode = '01:00:00:00';
  for (let t = 0; t < tracks; t++) {
    const tr = newTrack(`t${t + 1}`, `es-ES_CHAR${t + 1}`);
    const clips = [];
    for (let c = 0; c < clipsPerTrack; c++) {
      // 1 s clips with a 0.5 s gap, shifted per track so tracks differ.
      clips.push(newClip({
        name: `es-ES_CHAR${t + 1}_${c + 1}`, position: s.start + (t * 7 + c * 3) * (RATE / 2), length: RATE,
        fadeIn: { length: 480, shape: 'linear' }, fadeOut: { length: 480, shape: 'linear' },
      }));
    }
    tr.playlists = [{ name: `${tr.name}.01`, active: true, clips }];
    s.tracks.push(tr);
  }
  s.markers = Array.from({ length: 50 }, (_, i) => ({ name: `M${i + 1}`, position: s.start! + i * 60 * RATE, length: 0, comment: '' }));
  return s;
}

/** A report about bigSession(): one failing clip on track 50. */
export function bigReport(): Report {
  const r = passingReport();
  const res = result({
    ruleId: 'clip/faded', outcome: 'fail', severity: 'warning', message: 'Clip es-ES_CHAR50_2500 has no fade out',
    subject: { file: 'Big.ptx', track: 'es-ES_CHAR50', clip: 'es-ES_CHAR50_2500' }, timecodeIn: '01:02:10:00', timecodeOut: null,
  });
  const results = [...r.results, res];
  return { ...r, delivery: 'Big.ptx', inputs: [{ path: 'Big.ptx', kind: 'ptx', sha256: null, bytes: 1, bytesRead: 1 }], results, summary: summarize(results) };
}
