/**
 * MIDI regions and placements (events in 0x2000 are not read).
 * Regions: 0x2002 (PT5–8) / 0x2634 (PT10+): u32 count; 0x2001 / 0x2633 per region
 *   holding the name block 0x1007 / 0x2628 (name, packed fields as audio regions:
 *   source offset in ticks from 10^12, length in ticks).
 * Placements: 0x1058: u32 count; 0x1057 per MIDI playlist (name = the track's, u32
 *   count); 0x1056 → 0x104f (as audio placements: +2 region index, +7 position,
 *   tick-flagged).
 */
import { checkLimit } from '../../../io/limits.js';
import type { Block, PtxBytes } from '../blocks.js';
import { decodePosition, TICKS_ZERO, u64Halves, type Placement } from './playlists.js';
import { readThreePoint } from './regions.js';

export type MidiRegion = { name: string; offsetTicks: number; lengthTicks: number };
export type MidiPlaylist = { name: string; placements: Placement[] };

export function readMidiRegions(f: PtxBytes, list: Block): MidiRegion[] {
  const count = f.u32(list.payload, list.end, 'MIDI region count');
  checkLimit(f.limits, 'maxEntries', count, f.format, list.payload, 'MIDI regions');
  const out: MidiRegion[] = [];
  f.eachChild(list, list.payload + 4, count, (_at, _ct, payload, end) => {
    const inner = f.block(payload, end, 'MIDI region name block');
    const name = f.str(inner.payload, inner.end, 'MIDI region name');
    const tp = readThreePoint(f, name.next, inner.end);
    out.push({ name: name.value, offsetTicks: tp.sourceOffset >= TICKS_ZERO ? tp.sourceOffset - TICKS_ZERO : tp.sourceOffset, lengthTicks: tp.length });
  });
  return out;
}

export function readMidiPlaylists(f: PtxBytes, list: Block): MidiPlaylist[] {
  const count = f.u32(list.payload, list.end, 'MIDI playlist count');
  checkLimit(f.limits, 'maxEntries', count, f.format, list.payload, 'MIDI playlists');
  const out: MidiPlaylist[] = [];
  for (const e of f.childrenFrom(list, list.payload + 4, count)) {
    if (e.contentType !== 0x1057) continue;
    const name = f.str(e.payload, e.end, 'MIDI playlist name');
    const n = f.u32(name.next, e.end, 'MIDI placement count');
    const placements: Placement[] = [];
    f.eachChild(e, name.next + 4, n, (at, _ct, payload, end) => {
      const inner = f.block(payload, end, 'MIDI placement');
      const regionIndex = f.u32(inner.payload + 2, inner.end, 'MIDI placement region index');
      const pos = decodePosition(...u64Halves(f, inner.payload + 7, inner.end, 'MIDI placement position'));
      placements.push({ regionIndex, position: pos.samples, ticks: pos.ticks, isFade: false, offset: at });
    });
    out.push({ name: name.value, placements });
  }
  return out;
}
