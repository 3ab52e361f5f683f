/**
 * Tempo map (0x2028) and tick → sample conversion.
 *
 * Payload: "Tempo" (5 bytes), u16 2, u32 size, u32 event count, then per event:
 * u32 0, "Const", u16 1, u32 n (bytes that follow), "TMS", u16 1, u32 m (19 in
 * PT6, 20 in PT10+), …; +30 from "Const" the u64 tick position (from 10^12), at
 * +39 + (m − 19) the f64 tempo and then the u32 length of its beat in ticks
 * (960,000 = a quarter note). Tempo ramps are stored as
 * runs of constant events (TempoTimeKeySig: 51, 52, 53 … bpm every sixteenth).
 *
 * Converting: seconds = Σ Δticks / beatTicks · 60 / bpm from tick 0, which is the
 * session start. Checked on TempoTimeKeySig.ptx: a tick-based clip converted this
 * way lands exactly 10.000 s before a sample-based one.
 */
import type { Block, PtxBytes } from '../blocks.js';
import { TICKS_ZERO, u64Halves } from './playlists.js';

export type TempoEvent = { ticks: number; bpm: number; beatTicks: number };

export type TempoMap = {
  events: TempoEvent[];
  /** Seconds at each event's tick (cumulative). */
  seconds: number[];
};

/** Reads the events; null when the layout is not the one described (other segment kinds, bad values). */
export function readTempoMap(f: PtxBytes, b: Block): TempoMap | null {
  const base = b.payload;
  if (b.end - base < 30 || String.fromCharCode(...f.bytes.subarray(base, base + 5)) !== 'Tempo') return null;
  const count = f.u32(base + 11, b.end, 'tempo event count');
  if (count < 1 || count > f.limits.maxEntries) return null;
  const events: TempoEvent[] = [];
  let p = base + 15;
  for (let i = 0; i < count; i++) {
    p += 4;
    if (p + 11 > b.end || String.fromCharCode(...f.bytes.subarray(p, p + 5)) !== 'Const') return null;
    const n = f.u32(p + 7, b.end, 'tempo event size');
    const m = f.u32(p + 16, b.end, 'tempo event TMS size');
    if (m < 19 || m > 64) return null;
    const [hi, lo] = u64Halves(f, p + 30, b.end, 'tempo event position');
    const raw = (hi & 0xffffff) * 0x1_0000_0000 + lo;
    const bpmAt = p + 39 + (m - 19);
    f.need(bpmAt, 12, b.end, 'tempo');
    const bpm = f.view.getFloat64(bpmAt, f.le);
    const beatTicks = f.u32(bpmAt + 8, b.end, 'tempo beat length');
    const ticks = raw - TICKS_ZERO;
    if (!(bpm > 0 && bpm < 10_000) || beatTicks === 0 || ticks < 0) return null;
    if (events.length && ticks < events[events.length - 1].ticks) return null;
    events.push({ ticks, bpm, beatTicks });
    p += 11 + n;
  }
  const seconds = [0];
  for (let i = 1; i < events.length; i++) {
    const e = events[i - 1];
    seconds.push(seconds[i - 1] + ((events[i].ticks - e.ticks) / e.beatTicks) * (60 / e.bpm));
  }
  return { events, seconds };
}

/** Samples since the session start for a tick position (rounded to the nearest sample). */
export function ticksToSamples(map: TempoMap, ticks: number, sampleRate: number): number {
  const ev = map.events;
  // The last event at or before `ticks` (binary search); ticks before the first event use it.
  let lo = 0;
  let hi = ev.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ev[mid].ticks <= ticks) lo = mid;
    else hi = mid - 1;
  }
  const e = ev[lo];
  const secs = map.seconds[lo] + ((ticks - e.ticks) / e.beatTicks) * (60 / e.bpm);
  return Math.round(secs * sampleRate);
}
