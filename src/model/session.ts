/**
 * The normalized session model: the contract every reader produces and the
 * policy engine reads (see docs and the JSON Schema in schemas/session.schema.json).
 *
 * Units: positions and lengths are integer samples at `sampleRate`, positions
 * absolute (samples since timecode 00:00:00:00 of the session clock); gains in dB.
 */

export type SourceFormat = 'ptx' | 'ptf' | 'pts' | 'aaf' | 'session-text' | 'wav' | 'model' | 'zip' | 'folder';

export type Application = { name: string; version: string | null } | null;

export type SourceInfo = {
  path: string;
  format: SourceFormat;
  formatVersion: string | null;
  application: Application;
  /**
   * Step, in samples, of the positions this source states, when coarser than
   * one sample (a Session Info as Text export prints them rounded to its time
   * format). Merging uses it as the tolerance of position cross-checks.
   * Optional sibling.
   */
  positionResolution?: number | null;
};

export type FrameRate = {
  fps: number;
  /** 23.976 | 24 | 25 | 29.97 | 30 | 47.952 | 48 | 50 | 59.94 | 60 | 100 | 119.88 | 120 */
  label: string;
  dropFrame: boolean;
};

export type TrackKind = 'audio' | 'aux' | 'master' | 'vca' | 'midi' | 'instrument' | 'folder' | 'video' | 'unknown';
export type ChannelFormat = 'mono' | 'stereo' | 'lcr' | '5.0' | '5.1' | '7.1' | null;

export type Fade = { length: number; shape: string | null };

export type ClipGain = {
  /** Constant clip gain in dB; null when not known. */
  db: number | null;
  /** [[sampleOffset, db], ...] when the gain varies over the clip. */
  envelope: Array<[number, number]> | null;
};

export type Clip = {
  name: string;
  position: number;
  length: number;
  sourceOffset: number | null;
  mediaFileId: string | null;
  channel: number | null;
  muted: boolean | null;
  gain: ClipGain | null;
  fadeIn: Fade | null;
  fadeOut: Fade | null;
  /** Pro Tools rendered fade clips: not content. */
  isFadeRender: boolean;
  /** Present only where the format records time compression/expansion. */
  timeStretched?: boolean;
};

export type Playlist = { name: string; active: boolean; clips: Clip[] };

export type Insert = { slot: number; name: string; manufacturer: string | null; active: boolean | null };
export type Send = { slot: number; destination: string | null; active: boolean | null };
export type AutomationParameter = 'volume' | 'pan' | 'mute' | 'plugin' | 'send' | 'other';
export type Automation = { parameter: AutomationParameter; points: number; isDefault: boolean };

export type Track = {
  id: string;
  name: string;
  kind: TrackKind;
  channels: number | null;
  channelFormat: ChannelFormat;
  active: boolean | null;
  hidden: boolean | null;
  muted: boolean | null;
  solo: boolean | null;
  /** [0] is the active playlist; more entries are alternate playlists. */
  playlists: Playlist[];
  inserts: Insert[];
  sends: Send[];
  automation: Automation[];
  vca: string | null;
  output: string | null;
  /** Free-text comments (Session Info as Text). Optional sibling. */
  comments?: string | null;
};

export type Group = { name: string; trackIds: string[] };

export type MediaFile = {
  id: string;
  name: string;
  path: string | null;
  embedded: boolean;
  online: boolean | null;
  channels: number | null;
  sampleRate: number | null;
  bitDepth: number | null;
  length: number | null;
  format: string | null;
};

export type Marker = { name: string; position: number; length: number; comment: string };

export type Bext = {
  description: string;
  originator: string;
  originatorReference: string;
  originationDate: string;
  originationTime: string;
  timeReference: number;
  version: number;
  codingHistory: string;
  umid?: string | null;
  loudness?: {
    integratedLoudness: number | null;
    loudnessRange: number | null;
    maxTruePeakLevel: number | null;
    maxMomentaryLoudness: number | null;
    maxShortTermLoudness: number | null;
  } | null;
};

export type Ixml = {
  project: string | null;
  scene: string | null;
  take: string | null;
  tape?: string | null;
  note?: string | null;
  /** e.g. "24/1", "24000/1001" */
  timecodeRate: string | null;
  /** "NDF" | "DF" */
  timecodeFlag: string | null;
  /** SPEED/FILE_SAMPLE_RATE etc. kept loosely. */
  fileSampleRate?: number | null;
  timestampSamplesSinceMidnight?: number | null;
  tracks: Array<{ index: number; name: string; channelIndex?: number | null; function?: string | null }>;
};

export type ChannelMeasurement = {
  samplePeakDbfs: number | null;
  truePeakDbtp: number | null;
  rmsDbfs: number | null;
  /** First sample above the silence threshold, relative to the file start; null if silent. */
  firstSoundSample: number | null;
};

export type AudioInfo = {
  container: 'RIFF' | 'RF64' | 'BW64';
  /** PCM | EXTENSIBLE(PCM) | IEEE_FLOAT | EXTENSIBLE(IEEE_FLOAT) | ... */
  formatTag: string;
  bext: Bext | null;
  ixml: Ixml | null;
  /** Per channel; empty when the audio was not measured. */
  channels: ChannelMeasurement[];
  /** Length of the audio in samples (frames). Optional sibling. */
  sampleCount?: number;
  /** Mean L RMS minus R RMS in dB for stereo files. Optional sibling. */
  levelOffsetDb?: number | null;
  /** Chunk list: id, offset, size. Optional sibling. */
  chunks?: Array<{ id: string; offset: number; size: number }>;
};

export type CoverageLevel = 'decoded' | 'partial' | 'unsupported';

export const COVERAGE_FEATURES = [
  'tracks', 'trackKinds', 'playlists', 'inserts', 'sends', 'automation', 'groups', 'vcas',
  'clipGain', 'fades', 'markers', 'mediaFiles', 'timecode',
] as const;
export type CoverageFeature = (typeof COVERAGE_FEATURES)[number];
/** Known features plus reader-specific siblings (e.g. `package`, `audio`). */
export type Coverage = Record<CoverageFeature, CoverageLevel> & Record<string, CoverageLevel>;

export type Diagnostic = {
  code: string;
  message: string;
  offset: number | null;
  /** Which input the diagnostic is about, when a model merges several. */
  source?: string | null;
  severity?: 'info' | 'warning' | 'error';
};

export type PackageEntry = {
  /** Path inside the package, '/'-separated, as stored. */
  path: string;
  size: number;
  compressedSize?: number | null;
  isDirectory: boolean;
  encrypted?: boolean;
  /** Header of audio files, when read. */
  audio?: { format: string | null; sampleRate: number | null; bitDepth: number | null; channels: number | null; length: number | null } | null;
  /** What the entry is to the package (see src/package/layout.ts). Optional sibling. */
  role?: PackageEntryRole;
  /** Audio entries: whether a media file of the session resolved to it. Optional sibling. */
  referenced?: boolean;
  /** The name escapes the package or is otherwise unsafe; never opened. Optional sibling. */
  unsafe?: boolean;
};

/** session: .ptx/.ptf/.pts; session-text: Session Info as Text; model: *.session.json; backup: under Session File Backups/; system: __MACOSX, .DS_Store, AppleDouble. */
export type PackageEntryRole = 'session' | 'aaf' | 'session-text' | 'model' | 'audio' | 'video' | 'backup' | 'system' | 'folder' | 'other';

/** The deliverable around the session (zip or folder). Optional sibling. */
export type PackageInfo = {
  kind: 'zip' | 'folder';
  /** File name of the zip, or folder name. */
  name: string;
  entries: PackageEntry[];
  /** Entries whose names escape the package or are unsafe (`../`, absolute, drive letters, backslashes). */
  unsafeEntries?: string[];
  /** Stored name of the root Audio Files folder media were resolved against (`Audio Files/`), null when absent. Optional sibling. */
  audioFolder?: string | null;
  /** Bytes of the package read to build the model. Optional sibling. */
  bytesRead?: number;
};

export type Session = {
  schemaVersion: 1;
  source: SourceInfo;
  /** Every input merged into this model, when more than one. Optional sibling. */
  sources?: SourceInfo[];
  name: string;
  sampleRate: number;
  bitDepth: number | null;
  frameRate: FrameRate | null;
  start: number | null;
  startTimecode: string | null;
  tracks: Track[];
  groups: Group[];
  mediaFiles: MediaFile[];
  markers: Marker[];
  audio: AudioInfo | null;
  coverage: Coverage;
  diagnostics: Diagnostic[];
  package?: PackageInfo | null;
};

/** Coverage with every feature `unsupported`, for readers to fill in. */
export function emptyCoverage(): Coverage {
  const c = {} as Coverage;
  for (const f of COVERAGE_FEATURES) c[f] = 'unsupported';
  return c;
}

/** A blank session for readers to fill in. */
export function newSession(source: SourceInfo, name: string, sampleRate: number): Session {
  return {
    schemaVersion: 1,
    source,
    name,
    sampleRate,
    bitDepth: null,
    frameRate: null,
    start: null,
    startTimecode: null,
    tracks: [],
    groups: [],
    mediaFiles: [],
    markers: [],
    audio: null,
    coverage: emptyCoverage(),
    diagnostics: [],
  };
}

/** A track with every list empty and unknown states null. */
export function newTrack(id: string, name: string, kind: TrackKind = 'audio'): Track {
  return {
    id, name, kind,
    channels: null, channelFormat: null,
    active: null, hidden: null, muted: null, solo: null,
    playlists: [], inserts: [], sends: [], automation: [],
    vca: null, output: null,
  };
}

/** A clip with optional fields defaulted. */
export function newClip(init: Pick<Clip, 'name' | 'position' | 'length'> & Partial<Clip>): Clip {
  return {
    sourceOffset: null, mediaFileId: null, channel: null, muted: null, gain: null,
    fadeIn: null, fadeOut: null, isFadeRender: false,
    ...init,
  };
}

export function channelFormatFor(channels: number | null): ChannelFormat {
  switch (channels) {
    case 1: return 'mono';
    case 2: return 'stereo';
    case 3: return 'lcr';
    case 5: return '5.0';
    case 6: return '5.1';
    case 8: return '7.1';
    default: return null;
  }
}
