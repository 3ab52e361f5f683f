import { describe, expect, it } from 'vitest';
import { mergeSessions } from '../../src/model/merge.js';
import {
  emptyCoverage, newClip, newSession, newTrack,
  type Clip, type Coverage, type Session, type SourceFormat, type Track,
} from '../../src/model/session.js';
import { frameRate, timecodeToSamples } from '../../src/model/timecode.js';

const fr = frameRate('24')!;
const at = (tc: string) => timecodeToSamples(tc, fr, 48000);

function view(path: string, format: SourceFormat, coverage: Partial<Coverage>, tracks: Track[]): Session {
  const s = newSession({ path, format, formatVersion: null, application: null }, 'Show', 48000);
  s.frameRate = fr;
  s.start = at('00:59:50:00');
  s.startTimecode = '00:59:50:00';
  s.coverage = { ...emptyCoverage(), ...coverage } as Coverage;
  s.tracks = tracks;
  return s;
}

function track(id: string, name: string, clips: Clip[], init: Partial<Track> = {}): Track {
  return { ...newTrack(id, name), channels: 1, channelFormat: 'mono', playlists: [{ name, active: true, clips }], ...init };
}

/** What a .ptx reader gives: clips per channel, fades and states unknown, no inserts (PT10+), a master fader. */
function ptxView(): Session {
  const s = view('Show.ptx', 'ptx', { tracks: 'decoded', trackKinds: 'partial', playlists: 'decoded', mediaFiles: 'decoded', timecode: 'decoded', groups: 'decoded', markers: 'decoded', fades: 'partial' }, [
    track('p1', 'es-ES_MARIA', [
      newClip({ name: 'es-ES_MARIA_01', position: at('01:00:00:00'), length: 96_000, channel: 1, mediaFileId: 'pm1', sourceOffset: 0 }),
      newClip({ name: 'es-ES_MARIA_02', position: at('01:00:10:00'), length: 48_000, channel: 1, mediaFileId: 'pm1', sourceOffset: 96_000 }),
    ]),
    track('p2', 'FX', [
      newClip({ name: 'FX_01.L', position: at('01:00:00:00'), length: 48_000, channel: 1, mediaFileId: 'pm2' }),
      newClip({ name: 'FX_01.R', position: at('01:00:00:00'), length: 48_000, channel: 2, mediaFileId: 'pm2' }),
    ], { channels: 2, channelFormat: 'stereo' }),
    { ...newTrack('p3', 'Master 1', 'master'), channels: 2 },
  ]);
  s.mediaFiles = [
    { id: 'pm1', name: 'es-ES_MARIA_01.wav', path: null, embedded: false, online: null, channels: 1, sampleRate: 48000, bitDepth: 24, length: 480_000, format: 'wav' },
    { id: 'pm2', name: 'FX_01.wav', path: null, embedded: false, online: null, channels: 2, sampleRate: 48000, bitDepth: 24, length: 48_000, format: 'wav' },
  ];
  s.groups = [{ name: 'Dialog', trackIds: ['p1', 'p2'] }];
  s.markers = [{ name: 'Act 1', position: at('01:00:00:00'), length: 0, comment: '' }];
  return s;
}

/** What a text export gives: audio tracks only, inserts and states, fades on clips, offline files, positions to the frame. */
function textView(): Session {
  const s = view('Show.txt', 'session-text', { tracks: 'decoded', trackKinds: 'partial', playlists: 'partial', inserts: 'decoded', fades: 'decoded', mediaFiles: 'decoded', timecode: 'decoded', markers: 'decoded' }, [
    track('t1', 'es-ES_MARIA', [
      // Printed bounds exclude the fades: the clip starts 480 samples later than the .ptx says.
      newClip({ name: 'es-ES_MARIA_01', position: at('01:00:00:00') + 480, length: 96_000 - 480 - 960, channel: 1, mediaFileId: 'tm1', muted: false, fadeIn: { length: 480, shape: null }, fadeOut: { length: 960, shape: null } }),
      newClip({ name: 'es-ES_MARIA_02', position: at('01:00:10:00'), length: 48_000, channel: 1, mediaFileId: 'tm1', muted: true }),
    ], { active: true, hidden: false, muted: false, inserts: [{ slot: 1, name: 'EQ3 7-Band', manufacturer: 'Avid', active: true }], comments: 'lead' }),
    track('t2', 'FX', [newClip({ name: 'FX_01.L', position: at('01:00:00:00'), length: 48_000, channel: null, mediaFileId: 'tm2', muted: false })],
      { channels: 2, channelFormat: 'stereo', active: false, hidden: true, muted: true }),
  ]);
  s.source.positionResolution = 2000;
  s.mediaFiles = [
    { id: 'tm1', name: 'es-ES_MARIA_01.wav', path: 'HD/Show/Audio Files/es-ES_MARIA_01.wav', embedded: false, online: true, channels: 1, sampleRate: null, bitDepth: null, length: null, format: 'wav' },
    { id: 'tm2', name: 'FX_01.wav', path: 'HD/Show/Audio Files/FX_01.wav', embedded: false, online: false, channels: 2, sampleRate: null, bitDepth: null, length: null, format: 'wav' },
  ];
  s.markers = [{ name: 'Act 1', position: at('01:00:00:00'), length: 0, comment: 'from text' }];
  s.diagnostics = [{ code: 'session-text/active-playlist-only', offset: null, message: 'x', severity: 'info' }];
  return s;
}

describe('mergeSessions', () => {
  it('returns a single view as it is and refuses none', () => {
    const s = ptxView();
    expect(mergeSessions([s])).toBe(s);
    expect(() => mergeSessions([])).toThrow();
  });

  it('takes each feature from the view with the best coverage', () => {
    const m = mergeSessions([ptxView(), textView()]);
    expect(m.source.path).toBe('Show.ptx');
    expect(m.sources?.map((x) => x.path)).toEqual(['Show.ptx', 'Show.txt']);
    expect(m.tracks.map((t) => [t.id, t.name, t.kind])).toEqual([['t1', 'es-ES_MARIA', 'audio'], ['t2', 'FX', 'audio'], ['t3', 'Master 1', 'master']]);
    const [maria, fx, master] = m.tracks;
    // Inserts and states from the text export.
    expect(maria.inserts).toEqual([{ slot: 1, name: 'EQ3 7-Band', manufacturer: 'Avid', active: true }]);
    expect(maria.comments).toBe('lead');
    expect(fx).toMatchObject({ active: false, hidden: true, muted: true, channels: 2 });
    expect(master).toMatchObject({ kind: 'master', active: null, inserts: [] });
    // Clips from the .ptx (decoded playlists: both channels, source offsets), fades and mutes carried over from the text.
    expect(maria.playlists[0].clips.map((c) => [c.position, c.length, c.sourceOffset])).toEqual([[at('01:00:00:00'), 96_000, 0], [at('01:00:10:00'), 48_000, 96_000]]);
    expect(maria.playlists[0].clips[0]).toMatchObject({ fadeIn: { length: 480 }, fadeOut: { length: 960 }, muted: false });
    expect(maria.playlists[0].clips[1]).toMatchObject({ fadeIn: null, muted: true });
    expect(fx.playlists[0].clips).toHaveLength(2);
    expect(m.coverage).toMatchObject({ tracks: 'decoded', playlists: 'decoded', inserts: 'decoded', fades: 'decoded', groups: 'decoded', trackKinds: 'partial', automation: 'unsupported' });
    // Media: one list, offline state from the text, headers from the .ptx, clip links remapped.
    expect(m.mediaFiles.map((f) => [f.id, f.name, f.online, f.length])).toEqual([['m1', 'es-ES_MARIA_01.wav', true, 480_000], ['m2', 'FX_01.wav', false, 48_000]]);
    expect(fx.playlists[0].clips.map((c) => c.mediaFileId)).toEqual(['m2', 'm2']);
    // Groups name merged track ids.
    expect(m.groups).toEqual([{ name: 'Dialog', trackIds: ['t1', 't2'] }]);
    // Markers from the first view with decoded markers, the comment from the view that has it.
    expect(m.markers).toEqual([{ name: 'Act 1', position: at('01:00:00:00'), length: 0, comment: 'from text' }]);
    // The views agree: no merge findings but the views' own diagnostics, with their source.
    expect(m.diagnostics.filter((d) => d.code.startsWith('merge/'))).toEqual([]);
    expect(m.diagnostics).toContainEqual(expect.objectContaining({ code: 'session-text/active-playlist-only', source: 'Show.txt' }));
  });

  it('does not depend on the order of the inputs for what it takes', () => {
    const a = mergeSessions([ptxView(), textView()]);
    const b = mergeSessions([textView(), ptxView()]);
    expect(b.source.path).toBe('Show.txt');
    const facts = (m: Session) => m.tracks.map((t) => [t.name, t.kind, t.hidden, t.inserts.length, t.playlists[0]?.clips.length ?? 0]);
    expect(facts(b)).toEqual(facts(a));
    expect(b.coverage).toEqual(a.coverage);
  });

  it('reports a clip count that differs, naming both views', () => {
    const t = textView();
    t.tracks[0].playlists[0].clips.pop();
    const m = mergeSessions([ptxView(), t]);
    const d = m.diagnostics.filter((x) => x.code === 'merge/clip-count');
    expect(d).toHaveLength(1);
    expect(d[0].message).toBe('track "es-ES_MARIA": Show.ptx (ptx) has 2 clips, Show.txt (session-text) has 1');
  });

  it('reports a clip position that differs beyond the views\' precision, naming both', () => {
    const t = textView();
    t.tracks[0].playlists[0].clips[1].position += 48_000;
    const m = mergeSessions([ptxView(), t]);
    const d = m.diagnostics.find((x) => x.code === 'merge/clip-position');
    expect(d?.message).toBe('track "es-ES_MARIA" clip 2 ("es-ES_MARIA_02"): Show.ptx (ptx) places it at 01:00:10:00 for 48000 samples, Show.txt (session-text) ("es-ES_MARIA_02") at 01:00:11:00 for 48000 samples');
    // Within the text export's precision (one frame) is agreement.
    const ok = textView();
    ok.tracks[0].playlists[0].clips[1].position += 1999;
    expect(mergeSessions([ptxView(), ok]).diagnostics.some((x) => x.code === 'merge/clip-position')).toBe(false);
  });

  it('reports an audio track one view lacks, but not an aux or master the text export cannot list', () => {
    const t = textView();
    t.tracks.pop();
    const m = mergeSessions([ptxView(), t]);
    const d = m.diagnostics.filter((x) => x.code === 'merge/track-missing');
    expect(d.map((x) => x.message)).toEqual(['track "FX" is in Show.ptx (ptx) but not in Show.txt (session-text)']);
    expect(m.tracks.map((x) => x.name)).toEqual(['es-ES_MARIA', 'FX', 'Master 1']);
    expect(m.tracks[1].inserts).toEqual([]);
  });

  it('keeps a track only one view has, in its place', () => {
    const t = textView();
    t.tracks.splice(1, 0, track('tx', 'es-ES_JUAN', [newClip({ name: 'j', position: at('01:00:20:00'), length: 100 })]));
    const m = mergeSessions([ptxView(), t]);
    expect(m.tracks.map((x) => x.name)).toEqual(['es-ES_MARIA', 'es-ES_JUAN', 'FX', 'Master 1']);
    expect(m.diagnostics.find((x) => x.code === 'merge/track-missing')?.message).toBe('track "es-ES_JUAN" is in Show.txt (session-text) but not in Show.ptx (ptx)');
  });

  it('reports conflicting track states and session-level disagreements', () => {
    const p = ptxView();
    p.tracks[0].muted = true;
    p.start = at('01:00:00:00');
    p.startTimecode = '01:00:00:00';
    const t = textView();
    t.sampleRate = 44100;
    const m = mergeSessions([p, t]);
    const codes = m.diagnostics.map((x) => x.code);
    expect(codes).toContain('merge/sample-rate');
    expect(codes).toContain('merge/start');
    expect(m.diagnostics.find((x) => x.code === 'merge/track-state')?.message).toBe('track "es-ES_MARIA": muted is true in Show.ptx (ptx) but false in Show.txt (session-text)');
    expect(m.diagnostics.find((x) => x.code === 'merge/sample-rate')?.severity).toBe('error');
  });

  it('matches a track given one per channel (adjacent same-named tracks) with a two-channel track', () => {
    const aaf = view('Show.aaf', 'aaf', { tracks: 'decoded', trackKinds: 'partial', playlists: 'decoded', clipGain: 'decoded', timecode: 'decoded' }, [
      track('a1', 'es-ES_MARIA', [
        newClip({ name: 'es-ES_MARIA_01', position: at('01:00:00:00'), length: 96_000, gain: { db: -3, envelope: null } }),
        newClip({ name: 'es-ES_MARIA_02', position: at('01:00:10:00'), length: 48_000, gain: { db: 0, envelope: null } }),
      ]),
      track('a2', 'FX', [newClip({ name: 'FX_01.L', position: at('01:00:00:00'), length: 48_000 })]),
      track('a3', 'FX', [newClip({ name: 'FX_01.R', position: at('01:00:00:00'), length: 48_000 })]),
    ]);
    const m = mergeSessions([textView(), aaf]);
    expect(m.tracks.map((x) => x.name)).toEqual(['es-ES_MARIA', 'FX', 'FX']);
    expect(m.diagnostics.filter((x) => x.code.startsWith('merge/'))).toEqual([]);
    // The AAF's decoded playlists give the structure; the text's states apply to both FX channels, its fades carry over.
    expect(m.tracks.slice(1).map((x) => x.hidden)).toEqual([true, true]);
    expect(m.tracks[0].playlists[0].clips[0]).toMatchObject({ gain: { db: -3 }, fadeIn: { length: 480 } });
    expect(m.coverage.clipGain).toBe('decoded');
  });

  it('marks fades partial when they cannot be carried over to every clip', () => {
    const t = textView();
    const p = ptxView();
    p.tracks[0].playlists[0].clips.push(newClip({ name: 'extra', position: at('01:00:30:00'), length: 100, channel: 1 }));
    const m = mergeSessions([p, t]);
    expect(m.coverage.fades).toBe('partial');
    expect(m.diagnostics.map((x) => x.code)).toEqual(expect.arrayContaining(['merge/clip-count', 'merge/clip-facts']));
  });
});
