/** Cases from the review of the rules against the catalog (dual-actor names, token order, session folder names, escaping entries, VCA tracks, empty names). */
import { frameRate } from '../../src/model/timecode.js';
import { animationSession, baseSession, RECORDING_SESSION, recordingSession } from '../support/model.js';
import { describe, expect, it } from 'vitest';
import { overall, ruleTable, runOne } from '../support/rule-tester.js';

ruleTable('wav/recording-name', 'netflix-animation-dialogue', {
  pass: [
    { name: 'dual actor primary (spec example, 8 parts)', session: recordingSession('P0100_Maddie_IF_Chaz_EB_220123_primary_01.wav') },
    { name: 'dual actor secondary (spec example)', session: recordingSession('P0100_Maddie_IF_Chaz_EB_220123_secondary_01.wav') },
  ],
  fail: [
    { name: '_Primary_ must be lowercase (names the part)', session: recordingSession('P0100_Maddie_IF_Chaz_EB_220123_Primary_01.wav'), message: "'Primary' must be lowercase" },
  ],
});

ruleTable('package/name', 'netflix-localized-edit', {
  fail: [
    {
      name: "frame-rate token list in the issue's order",
      session: baseSession({ source: { path: 'Show_PKG123_ep101_es-ES_LocalizedEditProject_2398_v1.zip!Show.ptx', format: 'ptx', formatVersion: null, application: null } }),
      message: "frame-rate token '2398' is not one of 23976, 24, 25, 2997, 30",
    },
  ],
});

ruleTable('session/recording-name', 'netflix-animation-dialogue', {
  pass: [
    {
      name: 'name carried by the session folder (session file or folder)',
      session: animationSession({ name: 'Session', source: { path: `${RECORDING_SESSION}/Session.ptx`, format: 'ptx', formatVersion: null, application: null } }),
    },
  ],
});
void frameRate;

ruleTable('package/self-contained', 'netflix-localized-edit', {
  fail: [
    {
      name: 'an escaping zip entry is a finding even when media files are only partly decoded',
      session: (() => { const s = baseSession(); s.package = { kind: 'zip', name: 'x.zip', entries: [], unsafeEntries: ['../evil.wav'] }; s.coverage.mediaFiles = 'partial'; return s; })(),
    },
  ],
});

ruleTable('track/no-vca', 'netflix-localized-edit', {
  fail: [
    {
      name: 'a VCA track (kinds decoded) fails even when VCA assignments are not decoded',
      session: (() => { const s = baseSession(); s.tracks.push({ ...s.tracks[0], id: 'v', name: 'VCA 1', kind: 'vca' }); s.coverage.vcas = 'unsupported'; return s; })(),
    },
  ],
});

ruleTable('session/recording-name', 'netflix-animation-dialogue', {
  fail: [
    {
      name: 'a session with no name at all fails (today: internal error → unverified)',
      session: animationSession({ name: '', source: { path: '', format: 'model', formatVersion: null, application: null } }),
    },
  ],
});

ruleTable('track/no-empty', 'netflix-localized-edit', {
  fail: [
    {
      name: 'an inactive track with clips is an unused track',
      session: (() => { const s = baseSession(); s.tracks[2].active = false; return s; })(),
      message: 'is inactive', fails: 1,
    },
  ],
  pass: [{ name: 'active state unknown (null) is not a finding', session: (() => { const s = baseSession(); for (const t of s.tracks) t.active = null; return s; })() }],
});

describe('package rules skip system files', () => {
  it('AppleDouble and cache files in Audio Files/ are neither unused media nor source material', () => {
    const s = baseSession();
    s.package = {
      kind: 'zip', name: 'Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip',
      entries: [
        ...s.mediaFiles.map((m) => ({ path: `Audio Files/${m.name}`, size: 1000, isDirectory: false, role: 'audio' as const })),
        { path: 'Audio Files/._es-ES_MARIA_01.wav', size: 4096, isDirectory: false, role: 'system' as const },
        { path: '__MACOSX/Audio Files/._PM_stem.wav', size: 4096, isDirectory: false, role: 'system' as const },
        { path: 'WaveCache.wav', size: 4096, isDirectory: false, role: 'system' as const },
      ],
    };
    expect(overall(runOne('package/unused-media', 'netflix-localized-edit', s))).toBe('pass');
    expect(overall(runOne('package/no-source-material', 'netflix-localized-edit', s))).toBe('pass');
  });
});
