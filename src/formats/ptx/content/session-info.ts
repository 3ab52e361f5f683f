/** Document Info (0x0003), Session Info (0x2067), Audio Engine Settings (0x1028), Timecode Settings (0x204d). */
import type { FrameRate } from '../../../model/session.js';
import { frameRate } from '../../../model/timecode.js';
import type { Block, PtxBytes } from '../blocks.js';

export type DocumentInfo = {
  /** "Pro Tools LE", "Pro Tools HD", "Pro Tools Ultimate". */
  application: string;
  /** Major version as stored (5, 6, 8, 12, 2021 …). */
  major: number;
  /** "v5.1", "12.8.3", "2021.10.0". */
  versionString: string;
  os: string | null;
};

/**
 * 0x0003 "Document Info": u8, application name, u32 n (3 or 4), n u32 version
 * numbers (major, minor, patch[, build]), version string, u8, "Release",
 * "Pro Tools Session File", u16, OS name.
 */
export function readDocumentInfo(f: PtxBytes, b: Block): DocumentInfo {
  let p = b.payload + 1;
  const app = f.str(p, b.end, 'application name');
  const n = f.u32(app.next, b.end, 'version number count');
  if (n < 1 || n > 8) throw f.error('UNSUPPORTED', app.next, `Document Info lists ${n} version numbers (expected 3 or 4)`);
  const major = f.u32(app.next + 4, b.end, 'major version');
  p = app.next + 4 + 4 * n;
  const ver = f.str(p, b.end, 'version string');
  let os: string | null = null;
  try {
    p = ver.next + 1;
    p = f.str(p, b.end).next;
    p = f.str(p, b.end).next + 2;
    os = f.str(p, b.end).value || null;
  } catch {
    os = null;
  }
  return { application: app.value, major, versionString: ver.value, os };
}

/** 0x2067 "Session Info": the format version is 2 + the u32 at payload+18 (12 in every PT7+ file). */
export function readSessionInfoVersion(f: PtxBytes, b: Block): number {
  return 2 + f.u32(b.payload + 18, b.end, 'session info version');
}

export type AudioEngine = { bitDepth: number; sampleRate: number };

/** 0x1028 "Audio Engine Settings": +0 u8 (3/4), +1 u8 bit depth, +2 u32 sample rate. */
export function readAudioEngine(f: PtxBytes, b: Block): AudioEngine {
  return { bitDepth: f.u8(b.payload + 1, b.end, 'bit depth'), sampleRate: f.u32(b.payload + 2, b.end, 'sample rate') };
}

export type TimecodeSettings = {
  code: number;
  frameRate: FrameRate | null;
  /** True when the rate code's meaning is inferred rather than confirmed by a sample. */
  inferred: boolean;
  /** Session start in timecode frames (+9), or null when the field is absent. */
  startFrames: number | null;
};

/**
 * Timecode rate codes seen in 0x204d: 1, 2, 5 and 9 are confirmed by sessions whose
 * rate is known; 7 is the default of PT6, PT8 and PT 2021 sessions and is read as
 * 29.97 non-drop (Pro Tools' default rate), an inference.
 */
const RATE_CODES: Record<number, { fps: string; drop: boolean; inferred: boolean }> = {
  1: { fps: '24', drop: false, inferred: false },
  2: { fps: '25', drop: false, inferred: false },
  5: { fps: '29.97', drop: true, inferred: false },
  7: { fps: '29.97', drop: false, inferred: true },
  9: { fps: '23.976', drop: false, inferred: false },
};

/** 0x204d "Timecode Settings": +0 u32 rate code, +9 u32 start in frames. */
export function readTimecodeSettings(f: PtxBytes, b: Block): TimecodeSettings {
  const code = f.u32(b.payload, b.end, 'timecode rate code');
  const known = RATE_CODES[code];
  const fr = known ? frameRate(known.fps, known.drop) : null;
  let startFrames: number | null = null;
  if (b.payload + 13 <= b.end) startFrames = f.u32(b.payload + 9, b.end, 'start frames');
  return { code, frameRate: fr, inferred: known ? known.inferred : true, startFrames };
}
