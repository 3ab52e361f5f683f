/**
 * Meter map (0x2029) and key signatures (0x2433 → 0x2432); the tempo map is in tempo.ts.
 * The model has no field for them: the reader summarises them in an info diagnostic.
 *
 * 0x2029: "Meter" (5 bytes), u16 2, u32 size, u32 event count, then 36-byte events:
 *   u64 tick position (from 10^12), u32 bar, u32 numerator, u32 denominator, 16 bytes.
 * 0x2433: u32 count; 0x2432: u64 tick position, u8 major (1) / minor (0), u8 sharps (1) /
 *   flats (0), u8 number of accidentals (TempoTimeKeySig: F# major, F major, B♭ minor …;
 *   the reading of the three bytes is inferred).
 */
import type { Block, PtxBytes } from '../blocks.js';
import { TICKS_ZERO, u64Halves } from './playlists.js';

export type MeterEvent = { ticks: number; bar: number; numerator: number; denominator: number };
export type KeyEvent = { ticks: number; name: string };

export function readMeterMap(f: PtxBytes, b: Block): MeterEvent[] | null {
  const base = b.payload;
  if (b.end - base < 15 || String.fromCharCode(...f.bytes.subarray(base, base + 5)) !== 'Meter') return null;
  const count = f.u32(base + 11, b.end, 'meter event count');
  if (count > f.limits.maxEntries) return null;
  const out: MeterEvent[] = [];
  for (let i = 0, p = base + 15; i < count; i++, p += 36) {
    const [hi, lo] = u64Halves(f, p, b.end, 'meter event position');
    out.push({
      ticks: (hi & 0xffffff) * 0x1_0000_0000 + lo - TICKS_ZERO,
      bar: f.u32(p + 8, b.end, 'meter bar'),
      numerator: f.u32(p + 12, b.end, 'meter numerator'),
      denominator: f.u32(p + 16, b.end, 'meter denominator'),
    });
  }
  return out;
}

const MAJOR_SHARP = ['C', 'G', 'D', 'A', 'E', 'B', 'F♯', 'C♯'];
const MAJOR_FLAT = ['C', 'F', 'B♭', 'E♭', 'A♭', 'D♭', 'G♭', 'C♭'];
const MINOR_SHARP = ['A', 'E', 'B', 'F♯', 'C♯', 'G♯', 'D♯', 'A♯'];
const MINOR_FLAT = ['A', 'D', 'G', 'C', 'F', 'B♭', 'E♭', 'A♭'];

export function readKeySignatures(f: PtxBytes, list: Block): KeyEvent[] {
  const out: KeyEvent[] = [];
  for (const e of f.childrenFrom(list, list.payload + 4)) {
    if (e.contentType !== 0x2432) continue;
    const [hi, lo] = u64Halves(f, e.payload, e.end, 'key position');
    const major = f.u8(e.payload + 8, e.end, 'key mode') === 1;
    const sharps = f.u8(e.payload + 9, e.end, 'key accidental kind') === 1;
    const n = f.u8(e.payload + 10, e.end, 'key accidentals');
    const table = major ? (sharps ? MAJOR_SHARP : MAJOR_FLAT) : (sharps ? MINOR_SHARP : MINOR_FLAT);
    out.push({ ticks: (hi & 0xffffff) * 0x1_0000_0000 + lo - TICKS_ZERO, name: `${table[n] ?? `${n} ${sharps ? 'sharps' : 'flats'}`} ${major ? 'major' : 'minor'}` });
  }
  return out;
}
