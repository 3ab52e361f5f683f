/**
 * Small builders for hand-made session models (rule tests, CLI tests).
 * `baseSession()` is a clean Localized Edit Project: every rule of the
 * netflix-localized-edit profile passes on it given `BASE_INPUTS` and `BASE_OPTIONS`.
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
