/**
 * Memory locations: 0x2030 (u32 count) → 0x2077: u16 number, 4 bytes, name, u64
 * start, u64 end (equal for a point marker). PT10+ files nest the list in 0x271a
 * and may store it twice: callers de-duplicate.
 * Track groups: 0x202b (u32 count) → 0x202a: name, u8 2, u32 id (0xFFFFFFFF =
 * <ALL>), two flag bytes, u16 member count, u16 0, u16 track ordinals (0-based in
 * the mixer's track order, master faders included).
 */
import type { Block, PtxBytes } from '../blocks.js';
import { decodePosition, u64Halves } from './playlists.js';

export type MarkerRecord = { number: number; name: string; start: number | null; end: number | null; ticks: number | null; endTicks: number | null; offset: number };

export function readMarkerList(f: PtxBytes, list: Block): MarkerRecord[] {
  const out: MarkerRecord[] = [];
  for (const e of f.childrenFrom(list, list.payload + 4)) {
    if (e.contentType !== 0x2077) continue;
    const number = f.u16(e.payload, e.end, 'marker number');
    const name = f.str(e.payload + 6, e.end, 'marker name');
    const a = decodePosition(...u64Halves(f, name.next, e.end, 'marker start'));
    const b = decodePosition(...u64Halves(f, name.next + 8, e.end, 'marker end'));
    out.push({ number, name: name.value, start: a.samples, end: b.samples, ticks: a.ticks, endTicks: b.ticks, offset: e.offset });
  }
  return out;
}

export type GroupRecord = { name: string; id: number; members: number[]; offset: number };

export function readGroups(f: PtxBytes, list: Block): GroupRecord[] {
  const out: GroupRecord[] = [];
  for (const e of f.childrenFrom(list, list.payload + 4)) {
    if (e.contentType !== 0x202a) continue;
    const name = f.str(e.payload, e.end, 'group name');
    const id = f.u32(name.next + 1, e.end, 'group id');
    const n = f.u16(name.next + 7, e.end, 'group member count');
    const members: number[] = [];
    for (let i = 0; i < n; i++) members.push(f.u16(name.next + 11 + 2 * i, e.end, 'group member'));
    out.push({ name: name.value, id, members, offset: e.offset });
  }
  return out;
}
