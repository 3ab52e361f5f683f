/**
 * Track structure rules: automation (reading 9), master/aux/VCA tracks,
 * groups, inserts, sends, playlists and hidden tracks, empty tracks (reading 7),
 * mono dialogue with optionals (reading 6), overlaps at sequence breaks (reading 16).
 */
import type { Session } from '../../src/model/session.js';
import { animationSession, baseSession, clip, HOUR, media, recordingSession, track } from '../support/model.js';
import { ruleTable } from '../support/rule-tester.js';

const EDIT = 'netflix-localized-edit';
const ANIMATION = 'netflix-animation-dialogue';

function edit(f: (s: Session) => void, base: () => Session = baseSession): Session {
  const s = base();
  f(s);
  return s;
}
const cover = (feature: string, level: 'partial' | 'unsupported') => edit((s) => { s.coverage[feature] = level; });
const addTrack = (t: ReturnType<typeof track>) => edit((s) => { s.tracks.push(t); });

ruleTable('track/no-automation', EDIT, {
  pass: [
    { name: 'no lanes', session: baseSession() },
    {
      name: 'default lanes (isDefault) of every parameter',
      session: edit((s) => { s.tracks[0].automation = (['volume', 'pan', 'mute', 'plugin', 'send', 'other'] as const).map((parameter) => ({ parameter, points: 1, isDefault: true })); }),
    },
    { name: 'fixed clip gain is not automation', session: edit((s) => { s.tracks[0].playlists[0].clips[0].gain = { db: -3, envelope: null }; }) },
    { name: 'a clip gain envelope is not automation', session: edit((s) => { s.tracks[1].playlists[0].clips[1].gain = { db: null, envelope: [[0, 0], [4800, -6], [9600, 0]] }; }) },
    { name: 'automation on a master fader is still only default lanes', session: addTrack(track('Master 1', [], { kind: 'master', automation: [{ parameter: 'volume', points: 1, isDefault: true }] })) },
  ],
  fail: [
    { name: 'volume automation', session: edit((s) => { s.tracks[0].automation = [{ parameter: 'volume', points: 12, isDefault: false }]; }), message: 'volume automation (12 points)', fails: 1 },
    { name: 'mute automation', session: edit((s) => { s.tracks[1].automation = [{ parameter: 'mute', points: 2, isDefault: false }]; }), message: 'mute' },
    { name: 'pan, plugin and send lanes on two tracks', session: edit((s) => {
      s.tracks[0].automation = [{ parameter: 'pan', points: 3, isDefault: false }, { parameter: 'plugin', points: 4, isDefault: false }];
      s.tracks[2].automation = [{ parameter: 'send', points: 1, isDefault: false }, { parameter: 'volume', points: 1, isDefault: true }];
    }), fails: 3 },
    { name: "a lane with one point that isn't the default", session: edit((s) => { s.tracks[3].automation = [{ parameter: 'other', points: 1, isDefault: false }]; }), message: '1 point)' },
  ],
  unverified: [
    { name: 'automation partial', session: cover('automation', 'partial') },
    { name: 'automation unsupported (Session Info as Text)', session: edit((s) => { s.coverage.automation = 'unsupported'; s.source.format = 'session-text'; }), message: 'automation' },
    { name: 'never a pass on partial coverage even with a lane', session: edit((s) => { s.coverage.automation = 'partial'; s.tracks[0].automation = [{ parameter: 'volume', points: 2, isDefault: false }]; }) },
  ],
});

ruleTable('track/no-master', EDIT, {
  pass: [{ name: 'audio tracks only', session: baseSession() }, { name: 'an aux track is not a master', session: addTrack(track('Bus', [], { kind: 'aux' })) }],
  fail: [
    { name: 'a master fader', session: addTrack(track('Master 1', [], { kind: 'master', channels: 2, channelFormat: 'stereo' })), message: 'Master 1', fails: 1 },
    { name: 'two master faders', session: edit((s) => { s.tracks.push(track('M1', [], { kind: 'master' }), track('M2', [], { kind: 'master' })); }), fails: 2 },
  ],
  unverified: [
    { name: 'track kinds partial', session: cover('trackKinds', 'partial') },
    { name: 'track kinds unsupported', session: cover('trackKinds', 'unsupported') },
  ],
});

ruleTable('track/no-aux', EDIT, {
  pass: [{ name: 'audio tracks only', session: baseSession() }, { name: 'a master is not an aux', session: addTrack(track('Master 1', [], { kind: 'master' })) }],
  fail: [{ name: 'an aux input', session: addTrack(track('Reverb Bus', [], { kind: 'aux', channels: 2 })), message: 'Reverb Bus', fails: 1 }],
  unverified: [{ name: 'track kinds partial', session: cover('trackKinds', 'partial') }],
});

ruleTable('track/no-vca', EDIT, {
  pass: [{ name: 'no VCA', session: baseSession() }],
  fail: [
    { name: 'a VCA master track', session: addTrack(track('VCA 1', [], { kind: 'vca', channels: null, channelFormat: null })), message: 'VCA 1 is a VCA', fails: 1 },
    { name: 'a track assigned to a VCA', session: edit((s) => { s.tracks[1].vca = 't_VCA 1'; }), message: 'assigned to VCA', fails: 1 },
    { name: 'both', session: edit((s) => { s.tracks.push(track('VCA 1', [], { kind: 'vca' })); s.tracks[0].vca = 't_VCA 1'; s.tracks[1].vca = 't_VCA 1'; }), fails: 3 },
  ],
  unverified: [
    { name: 'VCA assignments unsupported', session: cover('vcas', 'unsupported') },
    { name: 'track kinds partial', session: cover('trackKinds', 'partial') },
  ],
});

ruleTable('track/no-groups', EDIT, {
  pass: [{ name: 'no groups', session: baseSession() }],
  fail: [
    { name: 'a mix/edit group', session: edit((s) => { s.groups = [{ name: 'Dialogue', trackIds: [s.tracks[0].id, s.tracks[1].id] }]; }), message: /Dialogue.*es-ES_MARIA, es-ES_JUAN/, fails: 1 },
    { name: 'a group with no listed members', session: edit((s) => { s.groups = [{ name: 'Clip Group 1', trackIds: [] }]; }), fails: 1 },
    { name: 'two groups', session: edit((s) => { s.groups = [{ name: 'a', trackIds: [s.tracks[0].id] }, { name: 'b', trackIds: [s.tracks[2].id] }]; }), fails: 2 },
  ],
  unverified: [{ name: 'groups unsupported', session: cover('groups', 'unsupported') }, { name: 'groups partial', session: cover('groups', 'partial') }],
});

ruleTable('track/no-inserts', EDIT, {
  pass: [{ name: 'no inserts', session: baseSession() }],
  fail: [
    { name: 'an EQ names the plug-in and the slot', session: edit((s) => { s.tracks[0].inserts = [{ slot: 1, name: 'EQ3 7-Band', manufacturer: 'Avid', active: true }]; }), message: /EQ3 7-Band on insert 1/, fails: 1 },
    { name: 'an inactive (bypassed) plug-in still fails', session: edit((s) => { s.tracks[1].inserts = [{ slot: 3, name: 'Pro Limiter', manufacturer: 'Avid', active: false }]; }), message: 'inactive' },
    { name: 'a plug-in on an aux track', session: addTrack(track('Bus', [], { kind: 'aux', inserts: [{ slot: 1, name: 'D-Verb', manufacturer: 'Avid', active: true }] })), fails: 1 },
  ],
  unverified: [
    { name: 'inserts unsupported (Pro Tools 10+ session) names the input that proves it', session: cover('inserts', 'unsupported'), message: 'Session Info as Text' },
    { name: 'inserts partial', session: cover('inserts', 'partial') },
  ],
});

ruleTable('track/no-sends', EDIT, {
  pass: [{ name: 'no sends', session: baseSession() }],
  fail: [
    { name: 'a send to a bus', session: edit((s) => { s.tracks[0].sends = [{ slot: 1, destination: 'Bus 1-2', active: true }]; }), message: 'Bus 1-2', fails: 1 },
    { name: 'an inactive send still fails', session: edit((s) => { s.tracks[2].sends = [{ slot: 2, destination: null, active: false }]; }), message: 'inactive' },
  ],
  unverified: [{ name: 'sends unsupported', session: cover('sends', 'unsupported') }],
});

ruleTable('track/single-playlist', EDIT, {
  pass: [
    { name: 'one playlist per track', session: baseSession() },
    { name: 'hidden state unknown (null) is not hidden', session: edit((s) => { s.tracks[0].hidden = null; }) },
    { name: 'an inactive (but shown) track', session: edit((s) => { s.tracks[1].active = false; }) },
  ],
  fail: [
    {
      name: 'an alternate playlist names it',
      session: edit((s) => { s.tracks[0].playlists.push({ name: 'es-ES_MARIA.02', active: false, clips: [] }); }),
      message: 'es-ES_MARIA.02', fails: 1,
    },
    { name: 'a hidden track', session: edit((s) => { s.tracks[2].hidden = true; }), message: 'hidden', fails: 1 },
    { name: 'a hidden track with an alternate playlist: two findings', session: edit((s) => { s.tracks[2].hidden = true; s.tracks[2].playlists.push({ name: 'x.02', active: false, clips: [] }); }), fails: 2 },
  ],
  unverified: [{ name: 'playlists partial', session: cover('playlists', 'partial') }],
});

ruleTable('track/no-empty', EDIT, {
  pass: [
    { name: 'every track has clips', session: baseSession() },
    { name: 'an empty master is left to track/no-master', session: addTrack(track('Master 1', [], { kind: 'master' })) },
    { name: 'an empty aux and VCA are left to their rules', session: edit((s) => { s.tracks.push(track('Bus', [], { kind: 'aux' }), track('VCA', [], { kind: 'vca' })); }) },
    { name: 'clips on the active playlist count, alternates do not matter', session: edit((s) => { s.tracks[0].playlists.push({ name: 'alt', active: false, clips: [] }); }) },
  ],
  fail: [
    { name: 'an empty audio track', session: addTrack(track('es-ES_PEDRO', [])), message: 'es-ES_PEDRO', fails: 1 },
    { name: 'a divider (empty track named with dashes)', session: addTrack(track('----------', [])), fails: 1 },
    { name: 'an empty folder track', session: addTrack(track('Dialogue', [], { kind: 'folder' })), fails: 1 },
    {
      name: 'rendered fade clips only are not content',
      session: addTrack(track('es-ES_PEDRO', [clip('Fade 1', HOUR, { isFadeRender: true }), clip('(fade in)', HOUR + 96000, { isFadeRender: true })])),
      fails: 1,
    },
    {
      name: 'clips only on an alternate playlist',
      session: addTrack(track('es-ES_PEDRO', [], { playlists: [{ name: 'p.01', active: true, clips: [] }, { name: 'p.02', active: false, clips: [clip('es-ES_PEDRO_01', HOUR)] }] })),
      fails: 1,
    },
  ],
  unverified: [{ name: 'playlists unsupported', session: cover('playlists', 'unsupported') }],
});

ruleTable('track/mono-dialogue', EDIT, {
  pass: [
    { name: 'mono dialogue tracks', session: baseSession() },
    { name: 'a 5.1 optional track', session: addTrack(track('es-ES_OPT_51', [clip('es-ES_OPT_51', HOUR)], { channels: 6, channelFormat: '5.1' })) },
    { name: 'a 5.0 optionals track', session: addTrack(track('es-ES_OPTIONALS', [clip('x', HOUR)], { channels: 5, channelFormat: '5.0' })) },
    { name: 'an LCR OPTS track', session: addTrack(track('es-ES_DX_OPTS', [clip('x', HOUR)], { channels: 3, channelFormat: 'lcr' })) },
    { name: 'a mono OPTIONAL track', session: addTrack(track('es-ES_OPTIONAL_DX', [clip('x', HOUR)])) },
    { name: 'optionals matched case-insensitively', session: addTrack(track('es-es_opt_51', [clip('x', HOUR)], { channels: 6, channelFormat: '5.1' })) },
    { name: 'master and aux tracks are not looked at', session: edit((s) => { s.tracks.push(track('Master', [], { kind: 'master', channels: 2, channelFormat: 'stereo' }), track('Bus', [], { kind: 'aux', channels: 6, channelFormat: '5.1' })); }) },
    { name: 'track channels unknown, every media file mono', session: edit((s) => { s.tracks[0].channels = null; s.tracks[0].channelFormat = null; }) },
    { name: 'a 5.1 optional using a 6-channel file', session: edit((s) => { const m = media('OPT_51.wav', { channels: 6 }); s.mediaFiles.push(m); s.tracks.push(track('es-ES_OPT_51', [clip('OPT_51', HOUR, { mediaFileId: m.id })], { channels: 6, channelFormat: '5.1' })); }) },
  ],
  fail: [
    { name: 'a stereo dialogue track', session: edit((s) => { s.tracks[0].channels = 2; s.tracks[0].channelFormat = 'stereo'; }), message: /es-ES_MARIA is stereo, not mono/, fails: 1 },
    { name: 'a 5.1 dialogue track (no optional token)', session: addTrack(track('es-ES_NARRATOR', [clip('es-ES_NARRATOR_01', HOUR)], { channels: 6, channelFormat: '5.1' })), fails: 1 },
    { name: 'a stereo optional', session: addTrack(track('es-ES_OPT_ST', [clip('x', HOUR)], { channels: 2, channelFormat: 'stereo' })), message: 'Optional track', fails: 1 },
    { name: 'a 7.1 optional', session: addTrack(track('es-ES_OPT_71', [clip('x', HOUR)], { channels: 8, channelFormat: '7.1' })), fails: 1 },
    { name: 'a mono track playing a stereo file', session: edit((s) => { s.mediaFiles[0].channels = 2; }), message: '2-channel file', fails: 1 },
    { name: 'track channels unknown, media stereo', session: edit((s) => { s.tracks[1].channels = null; s.tracks[1].channelFormat = null; for (const m of s.mediaFiles) m.channels = 2; }) },
    { name: "'OPTION' is not an optional token", session: addTrack(track('es-ES_OPTION', [clip('x', HOUR)], { channels: 6, channelFormat: '5.1' })), fails: 1 },
  ],
  unverified: [
    { name: 'channel count unknown everywhere', session: edit((s) => { s.tracks[3].channels = null; s.tracks[3].channelFormat = null; for (const m of s.mediaFiles) m.channels = null; }) },
    { name: 'tracks partial', session: cover('tracks', 'partial') },
  ],
});

/** A recording session track with clips `[name, position, length]`. */
function breaks(clips: Array<[string, number, number]>): Session {
  return edit((s) => {
    s.tracks = [track('Maddie', clips.map(([n, p, l]) => clip(n, p, { length: l })), { channels: 2, channelFormat: 'stereo' })];
  }, animationSession);
}

ruleTable('track/no-overlap-at-breaks', ANIMATION, {
  pass: [
    { name: 'the recording session', session: animationSession() },
    { name: 'touching clips at a sequence break', session: breaks([['P0100_Maddie_IF_220123_01', HOUR, 48000], ['P0200_Maddie_IF_220123_01', HOUR + 48000, 48000]]) },
    { name: 'overlapping takes of the same sequence', session: breaks([['P0100_Maddie_IF_220123_01', HOUR, 48000], ['P0100_Maddie_IF_220123_02', HOUR + 24000, 48000]]) },
    { name: 'clips without a sequence prefix are not compared', session: breaks([['Audio 1_01', HOUR, 48000], ['P0200_Maddie_IF_220123_01', HOUR + 24000, 48000]]) },
    {
      name: 'overlaps on different tracks do not count',
      session: edit((s) => {
        s.tracks = [track('A', [clip('P0100_A_IF_220123_01', HOUR, { length: 48000 })]), track('B', [clip('P0200_B_EB_220123_01', HOUR, { length: 48000 })])];
      }, animationSession),
    },
    {
      name: 'a rendered fade over the break is not content',
      session: edit((s) => {
        s.tracks = [track('Maddie', [
          clip('P0100_Maddie_IF_220123_01', HOUR, { length: 48000 }),
          clip('P0200_Maddie_IF_220123_01 (fade in)', HOUR + 47000, { length: 2000, isFadeRender: true }),
          clip('P0200_Maddie_IF_220123_01', HOUR + 48000, { length: 48000 }),
        ])];
      }, animationSession),
    },
  ],
  fail: [
    {
      name: 'one sample of overlap names both clips and sequences',
      session: breaks([['P0100_Maddie_IF_220123_01', HOUR, 48000], ['P0200_Maddie_IF_220123_01', HOUR + 47999, 48000]]),
      message: /P0200_Maddie_IF_220123_01 \(P0200\) overlaps P0100_Maddie_IF_220123_01 \(P0100\) by 1 samples/, fails: 1, severity: 'warning',
    },
    { name: 'scratch S0100 overlapping production P0100', session: breaks([['S0100_Maddie_IF_220123_01', HOUR, 48000], ['P0100_Maddie_IF_220123_01', HOUR + 1000, 48000]]), fails: 1 },
    { name: 'clips listed out of time order', session: breaks([['P0200_Maddie_IF_220123_01', HOUR + 40000, 48000], ['P0100_Maddie_IF_220123_01', HOUR, 48000]]), fails: 1 },
    { name: 'a clip inside a longer clip of another sequence', session: breaks([['P0100_Maddie_IF_220123_01', HOUR, 480000], ['P0200_Maddie_IF_220123_01', HOUR + 1000, 1000]]), fails: 1 },
  ],
  unverified: [{ name: 'playlists partial', session: edit((s) => { s.coverage.playlists = 'partial'; }, animationSession) }],
  none: [{ name: 'a WAV recording gets no track/* result', session: recordingSession() }],
});
