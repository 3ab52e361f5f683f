/**
 * Playlists (region placements) and the per-track playlist sets.
 * v5 (PT5–6): 0x1012 → 0x1011 (name, u32 count) → 0x100f → 0x100e (u16, u32 region index).
 * v8+ (PT7 on): 0x1054 → 0x1052 (name, u32 count) → 0x1050 → 0x104f
 *   (u16, u32 region index, u8, u64 position); the byte after 0x104f inside 0x1050
 *   is 1 for a fade.
 * Tracks: 0x1015 → 0x1014: name, u8, u32 channel count, u16 playlist index per
 *   channel, 2a 00 00 00, 8-byte id.
 */
import { checkLimit } from '../../../io/limits.js';
import type { Block, PtxBytes } from '../blocks.js';

/** Positions with this flag in the top byte count MIDI ticks from TICKS_ZERO, not samples. */
export const TICK_FLAG = 0x40;
export const TICKS_ZERO = 1_000_000_000_000;

export type Placement = {
  regionIndex: number;
  /** Samples relative to the session start; null when the position is in ticks. */
  position: number | null;
  /** Ticks since the session start when the stored position is tick-based. */
  ticks: number | null;
  isFade: boolean;
  offset: number;
};

export type PlaylistRecord = { name: string; placements: Placement[]; offset: number };

export type PlaylistSet = {
  name: string;
  flag: number;
  playlistIndexes: number[];
  /** The 8-byte id after 2a 00 00 00, as hex (first 4 bytes are shared with the track's mixer record). */
  id: string | null;
  offset: number;
};

/**
 * Decodes a stored 64-bit position given as its high and low 32-bit halves (a
 * double cannot hold the flagged value exactly): samples, or ticks when the top
 * byte has the 0x40 flag.
 */
export function decodePosition(hi: number, lo: number): { samples: number | null; ticks: number | null } {
  const top = hi >>> 24;
  const value = (hi & 0xffffff) * 0x1_0000_0000 + lo;
  if (top & TICK_FLAG) return { samples: null, ticks: value - TICKS_ZERO };
  return { samples: top * 2 ** 56 + value, ticks: null };
}

/** The two 32-bit halves of the u64 at `at`, in the file's byte order. */
export function u64Halves(f: PtxBytes, at: number, end: number, what: string): [number, number] {
  f.need(at, 8, end, what);
  const a = f.view.getUint32(at, f.le);
  const b = f.view.getUint32(at + 4, f.le);
  return f.le ? [b, a] : [a, b];
}

/** Reads 0x1012 (v5) or 0x1054 (v8+) into playlists in stored order. */
export function readPlaylists(f: PtxBytes, list: Block): PlaylistRecord[] {
  const count = f.u32(list.payload, list.end, 'playlist count');
  checkLimit(f.limits, 'maxEntries', count, f.format, list.payload, 'playlists');
  const entries = f.childrenFrom(list, list.payload + 4, count);
  if (entries.length !== count) {
    throw f.error('TRUNCATED', list.offset, `playlist list at 0x${list.offset.toString(16)} declares ${count} playlists but holds ${entries.length}`);
  }
  return entries.map((e) => (e.contentType === 0x1011 ? readV5Playlist(f, e) : readV8Playlist(f, e)));
}

function readV5Playlist(f: PtxBytes, e: Block): PlaylistRecord {
  const name = f.str(e.payload, e.end, 'playlist name');
  const n = f.u32(name.next, e.end, 'placement count');
  checkLimit(f.limits, 'maxEntries', n, f.format, name.next, 'placements');
  const kids = f.childrenFrom(e, name.next + 4, n);
  const placements: Placement[] = [];
  for (const k of kids) {
    const inner = f.block(k.payload, k.end, 'placement entry');
    const regionIndex = f.u32(inner.payload + 2, inner.end, 'placement region index');
    // PT5–6 placements are positioned by the region's own start (see regions.ts).
    placements.push({ regionIndex, position: null, ticks: null, isFade: false, offset: k.offset });
  }
  return { name: name.value, placements, offset: e.offset };
}

function readV8Playlist(f: PtxBytes, e: Block): PlaylistRecord {
  const name = f.str(e.payload, e.end, 'playlist name');
  const n = f.u32(name.next, e.end, 'placement count');
  checkLimit(f.limits, 'maxEntries', n, f.format, name.next, 'placements');
  const placements: Placement[] = [];
  const got = f.eachChild(e, name.next + 4, n, (at, _ct, payload, end) => {
    // 0x1050: the 0x104f placement block first; the byte after it is 1 for a fade.
    const inner = f.block(payload, end, 'placement entry');
    const regionIndex = f.u32(inner.payload + 2, inner.end, 'placement region index');
    const pos = decodePosition(...u64Halves(f, inner.payload + 7, inner.end, 'placement position'));
    const isFade = inner.end < end && f.bytes[inner.end] === 1;
    placements.push({ regionIndex, position: pos.samples, ticks: pos.ticks, isFade, offset: at });
  });
  if (got !== n) {
    throw f.error('TRUNCATED', e.offset, `playlist at 0x${e.offset.toString(16)} declares ${n} placements but holds ${got}`);
  }
  return { name: name.value, placements, offset: e.offset };
}

/** 0x1015 → 0x1014 playlist sets (one per track, in session order). */
export function readPlaylistSets(f: PtxBytes, list: Block): PlaylistSet[] {
  const count = f.u32(list.payload, list.end, 'track count');
  checkLimit(f.limits, 'maxEntries', count, f.format, list.payload, 'tracks');
  const entries = f.childrenFrom(list, list.payload + 4, count);
  if (entries.length !== count) {
    throw f.error('TRUNCATED', list.offset, `track list at 0x${list.offset.toString(16)} declares ${count} tracks but holds ${entries.length}`);
  }
  return entries.map((e) => {
    const name = f.str(e.payload, e.end, 'track name');
    const flag = f.u8(name.next, e.end, 'track flag');
    const nch = f.u32(name.next + 1, e.end, 'track channel count');
    checkLimit(f.limits, 'maxEntries', nch, f.format, name.next + 1, 'track channels');
    const idx: number[] = [];
    let p = name.next + 5;
    for (let i = 0; i < nch; i++, p += 2) idx.push(f.u16(p, e.end, 'playlist index'));
    let id: string | null = null;
    if (p + 16 <= e.end && f.u32(p + 4, e.end) === 0x2a) id = hex(f.bytes.subarray(p + 8, p + 16));
    return { name: name.value, flag, playlistIndexes: idx, id, offset: e.offset };
  });
}

export function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}
