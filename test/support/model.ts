/**
 * Small builders for hand-made session models (rule tests, CLI tests).
 * `baseSession()` is a clean Localized Edit Project: every rule of the
 * netflix-localized-edit profile passes on it given `BASE_INPUTS` and
 * `BASE_OPTIONS`, once it has its zip's listing (`inDelivery`), without
 * which package/no-source-material cannot pass.
 */
import type { Clip, MediaFile, Session, Track } from '../../src/model/session.js';
import { frameRate } from '../../src/model/timecode.js';
import type { CheckInputs } from '../../src/policy/rule.js';

export const HOUR = 172_800_000;
export const START_TC = '00:59:50:00';
export const START = 172_320_000;
export const PACKAGE = 'Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip';

let mediaCounter = 0;

export function media(name: string, over: Partial<MediaFile> = {}): MediaFile {
  return {
    id: `m${++mediaCounter}`, name, path: `Audio Files/${name}`, embedded: false, online: true,
    channels: 1, sampleRate: 48000, bitDepth: 24, length: 96000, format: 'wav', ...over,
  };
}

export function clip(name: string, position: number, over: Partial<Clip> = {}): Clip {
  return {
    name, position, length: 96000, sourceOffset: 0, mediaFileId: null, channel: 1, muted: false,
    gain: null, fadeIn: { length: 480, shape: 'linear' }, fadeOut: { length: 480, shape: 'linear' }, isFadeRender: false, ...over,
  };
}

export function track(name: string, clips: Clip[], over: Partial<Track> = {}): Track {
  return {
    id: `t_${name}`, name, kind: 'audio', channels: 1, channelFormat: 'mono', active: true, hidden: false, muted: false, solo: false,
    playlists: [{ name: `${name}.01`, active: true, clips }], inserts: [], sends: [], automation: [], vca: null, output: 'Main 1-2', ...over,
  };
}

/** A track with `n` clips named after it, each backed by a media file added to `mediaFiles`. */
export function dialogueTrack(name: string, n: number, mediaFiles: MediaFile[], at = HOUR, over: Partial<Track> = {}): Track {
  const clips: Clip[] = [];
  for (let i = 0; i < n; i++) {
    const cname = `${name}_${String(i + 1).padStart(2, '0')}`;
    const m = media(`${cname}.wav`);
    mediaFiles.push(m);
    clips.push(clip(cname, at + i * 200_000, { mediaFileId: m.id }));
  }
  return track(name, clips, over);
}

export function baseSession(over: Partial<Session> = {}): Session {
  const mediaFiles: MediaFile[] = [];
  const tracks = [
    dialogueTrack('es-ES_MARIA', 5, mediaFiles),
    dialogueTrack('es-ES_JUAN', 3, mediaFiles),
    dialogueTrack('es-ES_ANA', 2, mediaFiles),
    dialogueTrack('es-ES_WALLA_1', 1, mediaFiles),
  ];
  return {
    schemaVersion: 1,
    source: { path: `${PACKAGE}!Show.ptx`, format: 'ptx', formatVersion: '12', application: { name: 'Pro Tools', version: '2023.12' } },
    name: 'Show', sampleRate: 48000, bitDepth: 24, frameRate: frameRate('24'), start: START, startTimecode: START_TC,
    tracks, groups: [], mediaFiles, markers: [], audio: null,
    coverage: {
      tracks: 'decoded', trackKinds: 'decoded', playlists: 'decoded', inserts: 'decoded', sends: 'decoded', automation: 'decoded',
      groups: 'decoded', vcas: 'decoded', clipGain: 'decoded', fades: 'decoded', markers: 'decoded', mediaFiles: 'decoded', timecode: 'decoded',
    },
    diagnostics: [],
    ...over,
  };
}

export const BASE_INPUTS: CheckInputs = {
  knp: ['Maria', 'Juan', 'Ana'],
  lines: { Maria: 120, Juan: 80, Ana: 30 },
};
export const BASE_OPTIONS: Record<string, Record<string, unknown>> = {
  'session/start': { start: START_TC },
};

/** A WAV-input session as the WAV reader makes it. */
export function wavSession(fileName: string, over: Partial<Session> & { channels?: number; samples?: number } = {}): Session {
  const channels = over.channels ?? 1;
  const samples = over.samples ?? 48000 * 10;
  const m = media(fileName, { path: fileName, channels, length: samples });
  const { channels: _c, samples: _s, ...rest } = over;
  void _c; void _s;
  return {
    schemaVersion: 1,
    source: { path: fileName, format: 'wav', formatVersion: null, application: null },
    name: fileName.replace(/\.wav$/i, ''), sampleRate: 48000, bitDepth: 24, frameRate: null, start: 0, startTimecode: null,
    tracks: [track(fileName.replace(/\.wav$/i, ''), [clip(fileName, 0, { length: samples, mediaFileId: m.id, fadeIn: null, fadeOut: null })], { channels, channelFormat: channels === 1 ? 'mono' : channels === 2 ? 'stereo' : null })],
    groups: [], mediaFiles: [m], markers: [],
    audio: {
      container: 'RIFF', formatTag: 'PCM', bext: null, ixml: null, sampleCount: samples, levelOffsetDb: channels === 2 ? 6 : null,
      channels: Array.from({ length: channels }, (_, i) => ({ samplePeakDbfs: -9, truePeakDbtp: -8.5, rmsDbfs: i === 0 ? -24 : -30, firstSoundSample: 48000 })),
    },
    coverage: {
      tracks: 'decoded', trackKinds: 'decoded', playlists: 'decoded', inserts: 'decoded', sends: 'decoded', automation: 'decoded',
      groups: 'decoded', vcas: 'decoded', clipGain: 'decoded', fades: 'decoded', markers: 'decoded', mediaFiles: 'decoded', timecode: 'decoded',
    },
    diagnostics: [],
    ...rest,
  };
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

// ------------------------------------------------------------------ additions for the rule tables

export const PREMIX_NAME = 'PKG123_ShowTitle_24_Mono_es-ES_PreMixQC_v1.wav';
export const RECORDING_NAME = 'P0100_Maddie_IF_220123_01.wav';
export const RECORDING_SESSION = '220123_B2TO_PDX002_Maddie_IF';

/** Set one coverage feature (returns the same session). */
export function withCoverage(s: Session, feature: string, level: 'decoded' | 'partial' | 'unsupported'): Session {
  s.coverage[feature] = level;
  return s;
}

/** Apply `edit` to a fresh base session and return it. */
export function edited(edit: (s: Session) => void, base: () => Session = baseSession): Session {
  const s = base();
  edit(s);
  return s;
}

/** A bext chunk with the given time reference (samples since midnight). */
export function bext(timeReference: number, over: Partial<NonNullable<NonNullable<Session['audio']>['bext']>> = {}): NonNullable<NonNullable<Session['audio']>['bext']> {
  return {
    description: '', originator: 'Pro Tools', originatorReference: '', originationDate: '2022-01-23', originationTime: '10:11:12',
    timeReference, version: 1, codingHistory: '', ...over,
  };
}

/** A clean premix WAV: mono PCM 48 kHz 24-bit, true peak -8.5 dBTP, 10 s, named by the convention. */
export function premixSession(fileName = PREMIX_NAME, over: Parameters<typeof wavSession>[1] = {}): Session {
  return wavSession(fileName, over);
}

/**
 * A clean animation recording: stereo BWF at 48 kHz/24-bit, bext time reference
 * 01:00:00:00 minus 10 s of pre-roll with the first sound at 10 s, iXML 24/1 NDF,
 * L − R +6 dB.
 */
export function recordingSession(fileName = RECORDING_NAME, over: Parameters<typeof wavSession>[1] = {}): Session {
  const s = wavSession(fileName, { channels: 2, ...over });
  if (!over.audio && s.audio) {
    s.audio.bext = bext(HOUR - 480_000);
    s.audio.ixml = { project: 'B2TO', scene: 'P0100', take: '01', timecodeRate: '24/1', timecodeFlag: 'NDF', tracks: [{ index: 1, name: 'Primary' }, { index: 2, name: 'Secondary' }] };
    s.audio.channels = [
      { samplePeakDbfs: -9, truePeakDbtp: -8.5, rmsDbfs: -24, firstSoundSample: 480_000 },
      { samplePeakDbfs: -15, truePeakDbtp: -14.5, rmsDbfs: -30, firstSoundSample: 480_000 },
    ];
    s.audio.levelOffsetDb = 6;
  }
  return s;
}

/** A clean animation recording session (Pro Tools): named by the convention, true 24, starting 00:59:50:00. */
export function animationSession(over: Partial<Session> = {}): Session {
  const mediaFiles: MediaFile[] = [];
  const clips = ['P0100_Maddie_IF_220123_01', 'P0100_Maddie_IF_220123_02', 'P0200_Maddie_IF_220123_01'].map((n, i) => {
    const m = media(`${n}.wav`, { channels: 2 });
    mediaFiles.push(m);
    return clip(n, HOUR + i * 200_000, { mediaFileId: m.id });
  });
  return baseSession({
    source: { path: `${RECORDING_SESSION}/${RECORDING_SESSION}.ptx`, format: 'ptx', formatVersion: '12', application: { name: 'Pro Tools', version: '2023.12' } },
    name: RECORDING_SESSION,
    tracks: [track('Maddie', clips, { channels: 2, channelFormat: 'stereo' })],
    mediaFiles,
    ...over,
  });
}

/** The session with its delivery zip's listing (zipPackage): what the zip reader gives for a clean package. */
export function inDelivery(s: Session): Session {
  s.package = zipPackage(s);
  return s;
}

/** A zip package listing around a session: `Audio Files/<name>` for every media file, plus `extra` entries. */
export function zipPackage(s: Session, extra: string[] = [], name = PACKAGE): NonNullable<Session['package']> {
  const entries = [
    { path: 'Show.ptx', size: 1000, isDirectory: false },
    { path: 'Audio Files/', size: 0, isDirectory: true },
    ...s.mediaFiles.map((m) => ({ path: `Audio Files/${m.name}`, size: 1000, isDirectory: false })),
    ...extra.map((p) => ({ path: p, size: 1000, isDirectory: p.endsWith('/') })),
  ];
  return { kind: 'zip', name, entries };
}
