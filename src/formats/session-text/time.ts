/**
 * The time formats of a Session Info as Text export → absolute samples.
 *
 * What the corpus shows (Pro Tools 2020.3–2023.12):
 * - Timecode ("01:00:05:00", "23:57:38:08.68" with subframes, 1/100 frame;
 *   ';' before the frames in drop-frame) is on the session clock: absolute.
 * - Samples, Min:Sec ("0:25", "0:25.025") and Feet+Frames ("37+08",
 *   "37+08.60") count from the session start.
 * - Feet+Frames is 35 mm film: 16 frames a foot at 24 fps, also in 23.976
 *   sessions (600.6 frames = 1 201 200 samples at 48 kHz in the corpus; Pro
 *   Tools' "Feet+Frames rate" setting is not in the export).
 * - Bars|Beats ("13|3", "13|3| 048", 960 ticks a beat) counts from bar 1 at
 *   the session start; converting it needs the tempo map, which the export
 *   does not contain (see `barsBeatsToSamples`).
 * Every value is shown rounded down to the format's precision; durations are
 * taken as end − start, which keeps positions and lengths consistent.
 */
import type { FrameRate } from '../../model/session.js';
import { rational, timebase, timecodeToFrames } from '../../model/timecode.js';

export type TimeFormat = 'timecode' | 'samples' | 'minsec' | 'feetframes' | 'barsbeats';

/** Ticks per quarter note in Pro Tools' Bars|Beats display. */
export const TICKS_PER_BEAT = 960;
/** Frames per foot of 35 mm film. */
export const FRAMES_PER_FOOT = 16;
/** Film rate of the Feet+Frames display (see the module comment). */
export const FEET_FRAMES_FPS = 24;
/** Pro Tools' default tempo map: what Bars|Beats means when no tempo is known. */
export const DEFAULT_TEMPO = { bpm: 120, beatsPerBar: 4 } as const;

const RE_TIMECODE = /^(-)?(\d{1,3})[:;](\d{2})[:;](\d{2})[:;](\d{2,3})(?:\.(\d{1,2}))?$/;
const RE_SAMPLES = /^-?\d+$/;
const RE_MINSEC = /^(-)?(?:(\d+):)?(\d+):(\d{2})(?:\.(\d{1,3}))?$/;
const RE_FEET = /^(-)?(\d+)\+(\d{1,2})(?:\.(\d{1,2}))?$/;
const RE_BARS = /^(-)?(\d+)\|\s*(\d+)(?:\|\s*(\d+))?$/;

/** The time format of one value as printed, or null. */
export function timeFormatOf(value: string): TimeFormat | null {
  const v = value.trim();
  if (RE_TIMECODE.test(v)) return 'timecode';
  if (RE_SAMPLES.test(v)) return 'samples';
  if (RE_FEET.test(v)) return 'feetframes';
  if (RE_BARS.test(v)) return 'barsbeats';
  if (RE_MINSEC.test(v)) return 'minsec';
  return null;
}

export type TimeContext = {
  sampleRate: number;
  frameRate: FrameRate | null;
  /** Session start, absolute samples (null when the header has no start timecode). */
  start: number | null;
  /** Bars|Beats: samples per beat and beats per bar, when the reader accepted a tempo. */
  tempo: { samplesPerBeat: number; beatsPerBar: number } | null;
};

export type ParsedTime = {
  format: TimeFormat;
  /** Absolute samples (relative formats have the session start added). */
  samples: number;
  /** Samples one step of the printed value spans (its precision). */
  resolution: number;
};

/** Why a value could not be converted (the reader turns this into a diagnostic). */
export class TimeValueError extends Error {}

/** Absolute samples of a timecode value on the session clock, subframes included. */
export function timecodeValueToSamples(value: string, fr: FrameRate, sampleRate: number): { samples: number; resolution: number } {
  const m = RE_TIMECODE.exec(value.trim());
  if (!m) throw new TimeValueError(`"${value}" is not a timecode`);
  const [, neg, h, mi, s, f, sub] = m;
  const frames = timecodeToFramesChecked({ hours: +h, minutes: +mi, seconds: +s, frames: +f }, fr, value);
  const { num, den } = rational(fr);
  // samples = (frames + sub/100) · sampleRate · den / num, floored — exact in integers.
  const hundredths = frames * 100 + (sub ? Number(sub.padEnd(2, '0')) : 0);
  const samples = floorDiv(hundredths * sampleRate * den, num * 100);
  const resolution = sub !== undefined ? Math.ceil((sampleRate * den) / (num * 100)) : Math.ceil((sampleRate * den) / num);
  return { samples: neg ? -samples : samples, resolution };
}

function timecodeToFramesChecked(parts: { hours: number; minutes: number; seconds: number; frames: number }, fr: FrameRate, value: string): number {
  if (parts.minutes > 59 || parts.seconds > 59 || parts.frames >= timebase(fr)) {
    throw new TimeValueError(`"${value}" is not a valid timecode at ${fr.label} fps`);
  }
  return timecodeToFrames(parts, fr);
}

/**
 * Bars|Beats → samples from the session start under a constant tempo and
 * meter. Bars and beats count from 1; a duration ("6|2| 720") counts from 0.
 */
export function barsBeatsToSamples(value: string, tempo: { samplesPerBeat: number; beatsPerBar: number }, isDuration = false): { samples: number; resolution: number } {
  const m = RE_BARS.exec(value.trim());
  if (!m) throw new TimeValueError(`"${value}" is not a bars|beats value`);
  const [, neg, bar, beat, ticks] = m;
  const base = isDuration ? 0 : 1;
  const beats = (Number(bar) - base) * tempo.beatsPerBar + (Number(beat) - base) + (ticks ? Number(ticks) / TICKS_PER_BEAT : 0);
  const samples = Math.floor(beats * tempo.samplesPerBeat + 1e-6);
  const resolution = Math.ceil(ticks !== undefined ? tempo.samplesPerBeat / TICKS_PER_BEAT : tempo.samplesPerBeat);
  return { samples: neg ? -samples : samples, resolution };
}

/** Samples per beat of Pro Tools' default tempo (120 bpm, 4/4). */
export function defaultTempo(sampleRate: number): { samplesPerBeat: number; beatsPerBar: number } {
  return { samplesPerBeat: (sampleRate * 60) / DEFAULT_TEMPO.bpm, beatsPerBar: DEFAULT_TEMPO.beatsPerBar };
}

/**
 * Convert one printed position to absolute samples. Throws TimeValueError
 * when the value is malformed or cannot be converted with what is known.
 */
export function parsePosition(value: string, ctx: TimeContext): ParsedTime {
  const v = value.trim();
  const format = timeFormatOf(v);
  if (!format) throw new TimeValueError(`"${value}" is not a time in any Pro Tools time format`);
  if (format === 'timecode') {
    if (!ctx.frameRate) throw new TimeValueError(`"${value}" is timecode but the header has no timecode format`);
    const { samples, resolution } = timecodeValueToSamples(v, ctx.frameRate, ctx.sampleRate);
    // The session clock wraps at 24 hours: a timecode before the session start lies on the next day.
    if (ctx.start !== null && samples < ctx.start) {
      return { format, samples: samples + timecodeValueToSamples('24:00:00:00', ctx.frameRate, ctx.sampleRate).samples, resolution };
    }
    return { format, samples, resolution };
  }
  if (ctx.start === null) throw new TimeValueError(`"${value}" counts from the session start, which the header does not give`);
  const rel = relativeSamples(v, format, ctx);
  return { format, samples: ctx.start + rel.samples, resolution: rel.resolution };
}

function relativeSamples(v: string, format: Exclude<TimeFormat, 'timecode'>, ctx: TimeContext): { samples: number; resolution: number } {
  switch (format) {
    case 'samples':
      return { samples: Number(v), resolution: 1 };
    case 'minsec': {
      const [, neg, h, mi, s, ms] = RE_MINSEC.exec(v)!;
      if (Number(s) > 59 || (h !== undefined && Number(mi) > 59)) throw new TimeValueError(`"${v}" is not a valid min:sec value`);
      const millis = ((Number(h ?? 0) * 60 + Number(mi)) * 60 + Number(s)) * 1000 + (ms ? Number(ms.padEnd(3, '0')) : 0);
      const samples = floorDiv(millis * ctx.sampleRate, 1000);
      return { samples: neg ? -samples : samples, resolution: ms ? Math.ceil(ctx.sampleRate / 1000) : ctx.sampleRate };
    }
    case 'feetframes': {
      const [, neg, feet, frames, sub] = RE_FEET.exec(v)!;
      if (Number(frames) >= FRAMES_PER_FOOT) throw new TimeValueError(`"${v}" has frame ${frames}, a foot has ${FRAMES_PER_FOOT}`);
      const hundredths = (Number(feet) * FRAMES_PER_FOOT + Number(frames)) * 100 + (sub ? Number(sub.padEnd(2, '0')) : 0);
      const samples = floorDiv(hundredths * ctx.sampleRate, FEET_FRAMES_FPS * 100);
      return { samples: neg ? -samples : samples, resolution: Math.ceil(ctx.sampleRate / FEET_FRAMES_FPS / (sub ? 100 : 1)) };
    }
    case 'barsbeats':
      if (!ctx.tempo) throw new TimeValueError(`"${v}" is in bars|beats; the export has no tempo map to convert it`);
      return barsBeatsToSamples(v, ctx.tempo);
  }
}

function floorDiv(a: number, b: number): number {
  if (Number.isSafeInteger(a)) return Math.floor(a / b);
  return Number(BigInt(Math.trunc(a)) / BigInt(Math.trunc(b)));
}
