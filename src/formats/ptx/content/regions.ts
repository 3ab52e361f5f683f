/** Audio regions: v5 list 0x100b → 0x1008 → 0x1007; v10 list 0x262a → 0x2629 → 0x2628. */
import { checkLimit } from '../../../io/limits.js';
import type { Block, PtxBytes } from '../blocks.js';

export type Region = {
  index: number;
  name: string;
  /** Offset into the audio file, samples. */
  sourceOffset: number;
  length: number;
  /** Timeline position stored with the region (PT5–6 placements use it). */
  start: number;
  /** Index into the audio file list. */
  fileIndex: number;
  offset: number;
};

export type ThreePoint = { sourceOffset: number; length: number; start: number; next: number };

/**
 * The packed field after a region name: a 5-byte header whose high nibbles give
 * the byte widths of source offset, length and start (little-endian file:
 * bytes 1, 2, 3; big-endian file: bytes 4, 3, 2), then the three values, each
 * little-endian whatever the file's byte order.
 */
export function readThreePoint(f: PtxBytes, at: number, end: number): ThreePoint {
  f.need(at, 5, end, 'region position header');
  const h = f.bytes;
  const offB = (f.le ? h[at + 1] : h[at + 4]) >> 4;
  const lenB = (f.le ? h[at + 2] : h[at + 3]) >> 4;
  const startB = (f.le ? h[at + 3] : h[at + 2]) >> 4;
  let p = at + 5;
  const sourceOffset = f.uintLE(p, offB, end, 'region source offset');
  p += offB;
  const length = f.uintLE(p, lenB, end, 'region length');
  p += lenB;
  const start = f.uintLE(p, startB, end, 'region start');
  p += startB;
  return { sourceOffset, length, start, next: p };
}

/** Region list (0x100b or 0x262a): u32 count, then one entry per region. */
export function readRegions(f: PtxBytes, list: Block): Region[] {
  const count = f.u32(list.payload, list.end, 'region count');
  checkLimit(f.limits, 'maxEntries', count, f.format, list.payload, 'regions');
  const out: Region[] = [];
  const n = f.eachChild(list, list.payload + 4, count, (at, _ct, payload, end) => {
    out.push(readRegionEntry(f, at, payload, end, out.length));
  });
  if (n !== count) {
    throw f.error('TRUNCATED', list.offset, `region list at 0x${list.offset.toString(16)} declares ${count} regions but holds ${n}`);
  }
  return out;
}

/** 0x1008 / 0x2629: the name block (0x1007 / 0x2628) first, then u32 audio file index. */
export function readRegionEntry(f: PtxBytes, at: number, payload: number, end: number, index: number): Region {
  // Read inline (no intermediate Block objects): region lists hold tens of thousands of entries.
  const b = f.bytes;
  if (payload + 9 > end || b[payload] !== 0x5a) f.block(payload, end, 'region name block');
  const innerSize = f.view.getUint32(payload + 3, f.le);
  const innerEnd = payload + 7 + innerSize;
  if (innerSize < 2 || innerEnd > end || f.view.getUint16(payload + 1, f.le) >= 0x100) f.block(payload, end, 'region name block');
  const name = f.str(payload + 9, innerEnd, 'region name');
  const tp = readThreePoint(f, name.next, innerEnd);
  const fileIndex = f.u32(innerEnd, end, 'region audio file index');
  return { index, name: name.value, sourceOffset: tp.sourceOffset, length: tp.length, start: tp.start, fileIndex, offset: at };
}

/**
 * PT10+ fade list 0x2630 (u32 count) → 0x262f: name (empty in every sample), a
 * 4-byte header whose byte 1 gives the widths of two values (high nibble, low
 * nibble), the values (little-endian), then two shape bytes. Fade placements
 * (0x1050 with the fade flag) index this list, not the audio regions. The first
 * value is read as the fade's length (confirmed against the round lengths of
 * RegionTest.ptx; the second value of two-value fades is not understood).
 */
export type FadeRecord = { length: number; second: number | null; shape: number | null; offset: number };

export function readFadeList(f: PtxBytes, list: Block): FadeRecord[] {
  const count = f.u32(list.payload, list.end, 'fade count');
  checkLimit(f.limits, 'maxEntries', count, f.format, list.payload, 'fades');
  const out: FadeRecord[] = [];
  for (const e of f.childrenFrom(list, list.payload + 4, count)) {
    const name = f.str(e.payload, e.end, 'fade name');
    const widths = f.u8(name.next + 1, e.end, 'fade value widths');
    const wa = widths >> 4;
    const wb = widths & 15;
    let p = name.next + 4;
    const length = f.uintLE(p, wa, e.end, 'fade length');
    p += wa;
    const second = wb ? f.uintLE(p, wb, e.end, 'fade value') : null;
    p += wb;
    const shape = p < e.end ? f.bytes[p] : null;
    out.push({ length, second, shape, offset: e.offset });
  }
  return out;
}
