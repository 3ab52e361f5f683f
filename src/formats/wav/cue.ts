/**
 * Cue points (`cue ` chunk) and their labels (`LIST`/`adtl` → `labl`, `note`,
 * `ltxt`): the markers of a WAV, written by editors such as iZotope RX,
 * Sound Forge and Pro Tools' region export.
 */
import { Cursor } from '../../io/cursor.js';
import type { Diagnostic } from '../../model/session.js';
import { fieldText } from './bext.js';

export type CuePoint = { id: number; sampleOffset: number; label: string | null; note: string | null; length: number };

/** cue : u32 count, then 24-byte points {id, position, fccChunk, chunkStart, blockStart, sampleOffset}. */
export function parseCue(bytes: Uint8Array, offset: number, path: string | null, maxEntries: number, diagnostics: Diagnostic[]): CuePoint[] {
  const c = new Cursor(bytes, offset, 'wav', true, path);
  const count = c.u32();
  const fit = Math.floor(c.remaining / 24);
  if (count > fit) {
    diagnostics.push({ code: 'wav/cue-count', severity: 'warning', offset, message: `cue chunk declares ${count} points but holds ${fit}` });
  }
  const n = Math.min(count, fit, maxEntries);
  const points: CuePoint[] = [];
  for (let i = 0; i < n; i++) {
    const id = c.u32();
    c.skip(16);
    points.push({ id, sampleOffset: c.u32(), label: null, note: null, length: 0 });
  }
  return points;
}

/** Attach `adtl` labels/notes/lengths from a LIST payload to the cue points (by cue id). */
export function applyAdtl(bytes: Uint8Array, offset: number, path: string | null, points: CuePoint[]): boolean {
  if (bytes.length < 4 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'adtl') return false;
  const c = new Cursor(bytes, offset, 'wav', true, path);
  c.skip(4);
  const byId = new Map(points.map((p) => [p.id, p]));
  while (c.remaining >= 8) {
    const id = c.latin1(4);
    const size = c.u32();
    if (size > c.remaining) break;
    const sub = c.sub(size);
    if (size & 1 && c.remaining > 0) c.skip(1);
    if (size < 4) continue;
    const point = byId.get(sub.u32());
    if (!point) continue;
    if (id === 'labl') point.label = fieldText(sub.take(sub.remaining));
    else if (id === 'note') point.note = fieldText(sub.take(sub.remaining));
    else if (id === 'ltxt' && sub.remaining >= 4) point.length = sub.u32();
  }
  return true;
}
