/**
 * Timecode ⇄ samples, sample-exact. A frame rate is a rational num/den
 * (23.976 = 24000/1001); timecode counts frames at the nominal (rounded)
 * rate, dropping frame numbers 0 and 1 (×2 per 30 of base) each minute except
 * every tenth for drop-frame rates.
 */
import type { FrameRate } from './session.js';

type RateDef = { label: string; num: number; den: number; dropFrameAllowed: boolean };

const RATES: RateDef[] = [
  { label: '23.976', num: 24000, den: 1001, dropFrameAllowed: false },
  { label: '24', num: 24, den: 1, dropFrameAllowed: false },
  { label: '25', num: 25, den: 1, dropFrameAllowed: false },
  { label: '29.97', num: 30000, den: 1001, dropFrameAllowed: true },
  { label: '30', num: 30, den: 1, dropFrameAllowed: true },
  { label: '47.952', num: 48000, den: 1001, dropFrameAllowed: false },
  { label: '48', num: 48, den: 1, dropFrameAllowed: false },
  { label: '50', num: 50, den: 1, dropFrameAllowed: false },
  { label: '59.94', num: 60000, den: 1001, dropFrameAllowed: true },
  { label: '60', num: 60, den: 1, dropFrameAllowed: true },
  { label: '100', num: 100, den: 1, dropFrameAllowed: false },
  { label: '119.88', num: 120000, den: 1001, dropFrameAllowed: true },
  { label: '120', num: 120, den: 1, dropFrameAllowed: true },
];

/** Frame-rate tokens used in delivery names (no period). */
export const FRAME_RATE_TOKENS: Record<string, string> = {
  '23976': '23.976', '24': '24', '25': '25', '2997': '29.97', '30': '30',
};

function rateDef(label: string): RateDef | undefined {
  return RATES.find((r) => r.label === label);
}

/**
 * Build a FrameRate from a label ("23.976", "29.97"), a name token ("23976",
 * "2997") or a number (23.976, 24000/1001, 30). Returns null when unknown.
 */
export function frameRate(value: string | number, dropFrame = false): FrameRate | null {
  let label: string | undefined;
  if (typeof value === 'number') {
    label = labelForFps(value) ?? undefined;
  } else {
    const v = value.trim().toLowerCase().replace(/\s*(fps|df|ndf)$/i, '');
    if (FRAME_RATE_TOKENS[v]) label = FRAME_RATE_TOKENS[v];
    else if (v === '23.98' || v === '2398') label = '23.976';
    else if (v === '59.94' || v === '5994') label = '59.94';
    else if (rateDef(v)) label = v;
    else if (/^\d+(\.\d+)?$/.test(v)) label = labelForFps(Number(v)) ?? undefined;
    else if (/^\d+\/\d+$/.test(v)) {
      const [n, d] = v.split('/').map(Number);
      if (d > 0) label = labelForFps(n / d) ?? undefined;
    }
  }
  if (!label) return null;
  const def = rateDef(label)!;
  return { fps: fpsOf(def), label, dropFrame: dropFrame && def.dropFrameAllowed };
}

function fpsOf(def: RateDef): number {
  return Math.round((def.num / def.den) * 1000) / 1000;
}

/** The label of the closest known rate within 0.01 fps, or null. */
export function labelForFps(fps: number): string | null {
  let best: RateDef | null = null;
  for (const r of RATES) {
    if (Math.abs(r.num / r.den - fps) < 0.01 && (!best || Math.abs(r.num / r.den - fps) < Math.abs(best.num / best.den - fps))) best = r;
  }
  return best ? best.label : null;
}

/** num/den of a frame rate (23.976 → 24000/1001). */
export function rational(fr: FrameRate): { num: number; den: number } {
  const def = rateDef(fr.label) ?? { num: Math.round(fr.fps * 1000), den: 1000 };
  return { num: def.num, den: def.den };
}

/** Frames per second that timecode counts (23.976 → 24, 29.97 → 30). */
export function timebase(fr: FrameRate): number {
  const { num, den } = rational(fr);
  return Math.round(num / den);
}

function dropPerMinute(fr: FrameRate): number {
  return fr.dropFrame ? Math.round(timebase(fr) / 15) : 0; // 2 at 29.97, 4 at 59.94, 8 at 119.88
}

export type TimecodeParts = { hours: number; minutes: number; seconds: number; frames: number; negative?: boolean };

/** Parse "HH:MM:SS:FF" (or ';' / '.' separators, optional subframes ".sf"). Null when malformed. */
export function parseTimecode(tc: string): TimecodeParts | null {
  const m = /^\s*(-)?(\d{1,3})[:;.](\d{1,2})[:;.](\d{1,2})[:;.](\d{1,3})(?:[.:](\d{1,3}))?\s*$/.exec(tc);
  if (!m) return null;
  const [, neg, h, mi, s, f] = m;
  const parts = { hours: Number(h), minutes: Number(mi), seconds: Number(s), frames: Number(f), negative: neg === '-' };
  if (parts.minutes > 59 || parts.seconds > 59) return null;
  return parts;
}

/** Frame count of a timecode (drop-frame aware). Throws on frames beyond the rate. */
export function timecodeToFrames(tc: string | TimecodeParts, fr: FrameRate): number {
  const p = typeof tc === 'string' ? parseTimecode(tc) : tc;
  if (!p) throw new RangeError(`not a timecode: ${String(tc)}`);
  const base = timebase(fr);
  if (p.frames >= base) throw new RangeError(`frame ${p.frames} is not below ${base} at ${fr.label} fps`);
  const totalMinutes = p.hours * 60 + p.minutes;
  let frames = (totalMinutes * 60 + p.seconds) * base + p.frames;
  const drop = dropPerMinute(fr);
  if (drop) frames -= drop * (totalMinutes - Math.floor(totalMinutes / 10));
  return p.negative ? -frames : frames;
}

/** Timecode of a frame count (drop-frame aware), "HH:MM:SS:FF" (";" before frames for DF). */
export function framesToTimecode(frames: number, fr: FrameRate): string {
  const base = timebase(fr);
  const neg = frames < 0;
  let f = Math.abs(Math.trunc(frames));
  const drop = dropPerMinute(fr);
  if (drop) {
    const per10 = base * 600 - drop * 9;
    const perMin = base * 60 - drop;
    const tens = Math.floor(f / per10);
    let rem = f % per10;
    let extra = drop * 9 * tens;
    if (rem >= drop) extra += drop * Math.floor((rem - drop) / perMin);
    rem = 0;
    f += extra;
  }
  const ff = f % base;
  const totalSeconds = Math.floor(f / base);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  const sep = fr.dropFrame ? ';' : ':';
  return `${neg ? '-' : ''}${pad(hh)}:${pad(mm)}:${pad(ss)}${sep}${pad(ff)}`;
}

/** Samples at `sampleRate` of a frame count; exact when integral, otherwise floored. */
export function framesToSamples(frames: number, fr: FrameRate, sampleRate: number): number {
  const { num, den } = rational(fr);
  return floorDiv(frames * sampleRate * den, num);
}

/** Whole frames contained in `samples` (floored). */
export function samplesToFrames(samples: number, fr: FrameRate, sampleRate: number): number {
  const { num, den } = rational(fr);
  return floorDiv(samples * num, sampleRate * den);
}

export function timecodeToSamples(tc: string, fr: FrameRate, sampleRate: number): number {
  return framesToSamples(timecodeToFrames(tc, fr), fr, sampleRate);
}

export function samplesToTimecode(samples: number, fr: FrameRate, sampleRate: number): string {
  return framesToTimecode(samplesToFrames(samples, fr, sampleRate), fr);
}

/** "HH:MM:SS:FF" with any separators normalised to ':' (for comparison). */
export function normalizeTimecode(tc: string): string {
  return tc.replace(/[;.]/g, ':');
}

function floorDiv(a: number, b: number): number {
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) {
    const q = Math.floor(a / b);
    // correct float error on exact boundaries
    if ((q + 1) * b <= a) return q + 1;
    if (q * b > a) return q - 1;
    return q;
  }
  return Number(BigInt(Math.trunc(a)) / BigInt(Math.trunc(b)));
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
