/**
 * Per-channel levels over a stream of blocks: sample peak, RMS (the plain
 * root mean square, as ffmpeg's astats reports it: a full-scale sine reads
 * −3.01 dBFS), and the first sample above a silence threshold.
 */
import { amplitudeDb } from './true-peak.js';

/** Default silence threshold for first-sound detection, dBFS. */
export const DEFAULT_SILENCE_THRESHOLD_DBFS = -60;

export class LevelMeter {
  peak = 0;
  private sumSq = 0;
  count = 0;
  /** Index (from the stream start) of the first sample whose |x| exceeds the threshold; null until one does. */
  firstSound: number | null = null;
  private readonly threshold: number;

  constructor(thresholdDbfs = DEFAULT_SILENCE_THRESHOLD_DBFS) {
    this.threshold = 10 ** (thresholdDbfs / 20);
  }

  /** Account x[from .. from+n). */
  process(x: Float64Array, from: number, n: number): void {
    let peak = 0;
    let sum = 0;
    const end = from + n;
    for (let i = from; i < end; i++) {
      const v = x[i];
      sum += v * v;
      if (v > peak) peak = v;
      else if (-v > peak) peak = -v;
    }
    this.add(x, from, n, peak, sum);
  }

  /**
   * Account x[from .. from+n) whose peak and sum of squares the caller already
   * has (one scan serves levels and true peak, see `scanBlocks`).
   */
  add(x: Float64Array, from: number, n: number, peak: number, sumSq: number): void {
    const end = from + n;
    if (this.firstSound === null && peak > this.threshold) {
      const t = this.threshold;
      for (let i = from; i < end; i++) {
        const v = x[i];
        const a = v < 0 ? -v : v;
        if (a > t) {
          this.firstSound = this.count + (i - from);
          break;
        }
      }
    }
    if (peak > this.peak) this.peak = peak;
    this.sumSq += sumSq;
    this.count += n;
  }

  /** Linear RMS; 0 for an empty stream. */
  get rms(): number {
    return this.count ? Math.sqrt(this.sumSq / this.count) : 0;
  }

  get peakDbfs(): number | null {
    return amplitudeDb(this.peak);
  }

  get rmsDbfs(): number | null {
    return amplitudeDb(this.rms);
  }
}

/** L RMS − R RMS in dB for a stereo pair; null when either side is silent or the file is not stereo. */
export function levelOffsetDb(meters: LevelMeter[]): number | null {
  if (meters.length !== 2) return null;
  const l = meters[0].rmsDbfs;
  const r = meters[1].rmsDbfs;
  return l === null || r === null ? null : l - r;
}
