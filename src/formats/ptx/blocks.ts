/**
 * The block structure of a de-obfuscated Pro Tools session.
 *
 * A block is 'Z' (0x5A), u16 block type (< 0x100), u32 size (counted after the
 * 7-byte header, content type included), u16 content type, payload. The block at
 * 0x14 (type 1, size 4, no content type) holds the offset of the trailing 0x0002
 * index block. From 0x1F on, top-level blocks follow each other by their declared
 * sizes up to the index block, which ends the file. Children lie inside a parent's
 * payload after fields that depend on the content type: readers name the place
 * where children start, never try every byte as a header (which yields phantom
 * blocks from stray 0x5A bytes), and the trailing index confirms real blocks.
 */
import { FormatError, type FormatName } from '../../io/errors.js';
import { checkLimit, Deadline, SAFE_INTEGER_LIMIT, type Limits } from '../../io/limits.js';

export const BLOCK_MAGIC = 0x5a;
export const BLOCK_HEADER = 7;
/** Offset of the first block (the index pointer). */
export const INDEX_POINTER_OFFSET = 0x14;
/** Offset of the first content block. */
export const FIRST_BLOCK_OFFSET = 0x1f;
/** Content type of the trailing index. */
export const CT_INDEX = 0x0002;

export type Block = {
  /** Absolute offset of the 'Z'. */
  offset: number;
  blockType: number;
  /** Declared size: bytes after the 7-byte header (content type included). */
  size: number;
  contentType: number;
  /** Absolute offset of the payload (after the content type). */
  payload: number;
  /** Absolute offset just past the block. */
  end: number;
};

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');
/** Legacy 8-bit encodings for names that are not UTF-8: Mac files (big-endian PT5) and Windows files. */
const macRoman = legacyDecoder('macintosh');
const windows1252 = legacyDecoder('windows-1252');

function legacyDecoder(label: string): TextDecoder {
  try {
    return new TextDecoder(label);
  } catch {
    return latin1;
  }
}

/** Random access to a de-obfuscated session, with the file's byte order and its limits. */
export class PtxBytes {
  readonly view: DataView;
  readonly le: boolean;
  /** maxMillis for this input: checked by the walks that may revisit bytes (scans, the top level). */
  readonly deadline: Deadline;
  constructor(
    readonly bytes: Uint8Array,
    bigEndian: boolean,
    readonly format: FormatName,
    readonly path: string | null,
    readonly limits: Limits,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.le = !bigEndian;
    this.deadline = new Deadline(limits, format);
  }

  get length(): number {
    return this.bytes.length;
  }

  error(code: FormatError['code'], offset: number, message: string): FormatError {
    return new FormatError({ code, format: this.format, offset, path: this.path, message });
  }

  /** Throws TRUNCATED unless [at, at+n) lies before `end`. */
  need(at: number, n: number, end: number, what: string): void {
    if (at < 0 || n < 0 || at + n > end) {
      throw this.error('TRUNCATED', at, `${what} needs ${n} bytes at 0x${at.toString(16)} but its block ends at 0x${end.toString(16)}`);
    }
  }

  u8(at: number, end = this.length, what = 'u8'): number {
    this.need(at, 1, end, what);
    return this.bytes[at];
  }
  u16(at: number, end = this.length, what = 'u16'): number {
    this.need(at, 2, end, what);
    return this.view.getUint16(at, this.le);
  }
  u32(at: number, end = this.length, what = 'u32'): number {
    this.need(at, 4, end, what);
    return this.view.getUint32(at, this.le);
  }
  /** Unsigned 64-bit value in file byte order (exact up to 2^53, which positions never reach). */
  u64(at: number, end = this.length, what = 'u64'): number {
    this.need(at, 8, end, what);
    const a = this.view.getUint32(at, this.le);
    const b = this.view.getUint32(at + 4, this.le);
    return this.le ? b * 0x1_0000_0000 + a : a * 0x1_0000_0000 + b;
  }
  /** Little-endian unsigned integer of n (0–8) bytes, whatever the file's byte order (packed region fields). */
  uintLE(at: number, n: number, end = this.length, what = 'packed value'): number {
    this.need(at, n, end, what);
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + this.bytes[at + i];
    // Width nibbles go up to 15 bytes; a value past 2^53 is no sample count (and no JS integer).
    if (!Number.isSafeInteger(v)) {
      throw new FormatError({ code: 'LIMIT', format: this.format, offset: at, path: this.path, limit: SAFE_INTEGER_LIMIT, message: `${what} of ${n} bytes is above 2^53` });
    }
    return v;
  }

  /**
   * A length-prefixed string (u32 length + bytes): UTF-8 when valid (PT10+ and most
   * later files), else MacRoman in big-endian (Mac PT5) files and Windows-1252 in others.
   */
  str(at: number, end: number, what = 'string'): { value: string; next: number } {
    const len = this.u32(at, end, `${what} length`);
    // A length running past its block is damage (TRUNCATED, local to a section); only a string really there meets the limit.
    this.need(at + 4, len, end, what);
    checkLimit(this.limits, 'maxStringBytes', len, this.format, at, what);
    return { value: decodeText(this.bytes.subarray(at + 4, at + 4 + len), this.le ? windows1252 : macRoman), next: at + 4 + len };
  }

  /** The block header at `at` if one is there and fits before `limit`; null otherwise. */
  tryBlock(at: number, limit: number): Block | null {
    if (at + BLOCK_HEADER + 2 > limit || this.bytes[at] !== BLOCK_MAGIC) return null;
    const blockType = this.view.getUint16(at + 1, this.le);
    const size = this.view.getUint32(at + 3, this.le);
    if (blockType >= 0x100 || size < 2 || at + BLOCK_HEADER + size > limit) return null;
    return {
      offset: at, blockType, size,
      contentType: this.view.getUint16(at + BLOCK_HEADER, this.le),
      payload: at + BLOCK_HEADER + 2,
      end: at + BLOCK_HEADER + size,
    };
  }

  /**
   * The block that must start at `at`, inside a parent that ends at `limit`:
   * a FormatError naming the offset when the magic, the block type or the size is wrong.
   */
  block(at: number, limit: number, what = 'block'): Block {
    if (at + BLOCK_HEADER + 2 > limit) {
      throw this.error('TRUNCATED', at, `${what} header needs 9 bytes at 0x${at.toString(16)} but its parent ends at 0x${limit.toString(16)}`);
    }
    if (this.bytes[at] !== BLOCK_MAGIC) {
      throw this.error('BAD_MAGIC', at, `${what} at 0x${at.toString(16)} does not start with 'Z' (found 0x${this.bytes[at].toString(16).padStart(2, '0')})`);
    }
    const blockType = this.view.getUint16(at + 1, this.le);
    const size = this.view.getUint32(at + 3, this.le);
    if (blockType >= 0x100) {
      throw this.error('BAD_MAGIC', at + 1, `${what} at 0x${at.toString(16)} has block type 0x${blockType.toString(16)} (expected < 0x100)`);
    }
    if (size < 2 || at + BLOCK_HEADER + size > limit) {
      throw this.error('TRUNCATED', at, `block at 0x${at.toString(16)} claims ${size} bytes but its parent ends at 0x${limit.toString(16)}`);
    }
    return {
      offset: at, blockType, size,
      contentType: this.view.getUint16(at + BLOCK_HEADER, this.le),
      payload: at + BLOCK_HEADER + 2,
      end: at + BLOCK_HEADER + size,
    };
  }

  /**
   * Children that follow each other from `from` inside `parent`, by declared sizes.
   * Stops at the first byte that is not 'Z' (trailing fields of the parent); a child
   * whose declared size runs past the parent is a FormatError.
   */
  childrenFrom(parent: Block, from: number, max = Infinity): Block[] {
    const out: Block[] = [];
    let p = from;
    while (out.length < max && p < parent.end && this.bytes[p] === BLOCK_MAGIC) {
      const b = this.block(p, parent.end, `child of 0x${parent.contentType.toString(16)} block`);
      out.push(b);
      checkLimit(this.limits, 'maxEntries', out.length, this.format, p, 'child blocks');
      p = b.end;
    }
    return out;
  }

  /**
   * Calls `visit(offset, contentType, payload, end)` for children that follow each
   * other from `from` inside `parent` (as childrenFrom, without allocating a Block
   * per child: region and placement lists hold tens of thousands). Returns the count.
   */
  eachChild(parent: Block, from: number, max: number, visit: (at: number, ct: number, payload: number, end: number) => void): number {
    let p = from;
    let n = 0;
    const b = this.bytes;
    const v = this.view;
    const le = this.le;
    while (n < max && p < parent.end && b[p] === BLOCK_MAGIC) {
      if (p + BLOCK_HEADER + 2 > parent.end || v.getUint16(p + 1, le) >= 0x100) this.block(p, parent.end, `child of 0x${parent.contentType.toString(16)} block`);
      const size = v.getUint32(p + 3, le);
      const end = p + BLOCK_HEADER + size;
      if (size < 2 || end > parent.end) this.block(p, parent.end, `child of 0x${parent.contentType.toString(16)} block`);
      visit(p, v.getUint16(p + BLOCK_HEADER, le), p + BLOCK_HEADER + 2, end);
      n++;
      p = end;
    }
    if (n > this.limits.maxEntries) checkLimit(this.limits, 'maxEntries', n, this.format, from, 'child blocks');
    return n;
  }

  /**
   * Children found by scanning a payload for well-formed headers, for the dump of
   * containers whose leading fields are not known. Each accepted child is skipped
   * whole, so bytes inside it are not taken for headers.
   */
  scanChildren(parent: Block, from = parent.payload): Block[] {
    this.deadline.check(parent.offset);
    const out: Block[] = [];
    let p = from;
    while (p < parent.end) {
      const b = this.bytes[p] === BLOCK_MAGIC ? this.tryBlock(p, parent.end) : null;
      if (b) {
        out.push(b);
        p = b.end;
      } else p++;
    }
    return out;
  }
}

export function decodeText(b: Uint8Array, legacy: TextDecoder = latin1): string {
  for (let i = 0; i < b.length; i++) {
    if (b[i] >= 0x80) {
      try {
        return utf8Strict.decode(b);
      } catch {
        return legacy.decode(b);
      }
    }
  }
  // Short ASCII names (most of a session) are cheaper to build directly than through TextDecoder.
  return b.length <= 256 ? String.fromCharCode.apply(null, b as unknown as number[]) : latin1.decode(b);
}

export type BlockWalk = {
  /** Top-level blocks from 0x1F, in file order (the index block last). */
  top: Block[];
  /** Offset of the index block as the pointer at 0x14 states it. */
  indexOffset: number;
  /** Top-level blocks grouped by content type. */
  byType: Map<number, Block[]>;
  /** Offsets of the blocks the trailing index lists (empty when the index is unreadable). */
  indexed: Set<number>;
  /** Damaged top-level stretches the walk skipped, resuming at a block the index lists. */
  damaged: Array<{ offset: number; resumedAt: number; message: string }>;
  /** Bytes after the index block (none in a file as Pro Tools writes it). */
  trailingBytes: number;
};

/**
 * Walks the top level by declared sizes from 0x1F. The pointer at 0x14 must name
 * a 0x0002 index block. A damaged top-level block is skipped to the next block
 * the index lists (a diagnostic for the reader); without such a block the damage
 * is fatal (a FormatError at its offset).
 */
export function walkTopLevel(f: PtxBytes): BlockWalk {
  const ptr = f.block(INDEX_POINTER_OFFSET, f.length, 'index pointer block');
  if (ptr.size !== 4) {
    throw f.error('BAD_MAGIC', INDEX_POINTER_OFFSET, `index pointer block at 0x14 has size ${ptr.size}, expected 4`);
  }
  const indexOffset = f.u32(INDEX_POINTER_OFFSET + BLOCK_HEADER);
  const index = f.tryBlock(indexOffset, f.length);
  // A cut file loses its index (the last block): walk on, and the block that runs past the end says where.
  const truncated = !index && (indexOffset + BLOCK_HEADER + 2 > f.length
    || (f.bytes[indexOffset] === BLOCK_MAGIC && indexOffset + BLOCK_HEADER + f.view.getUint32(indexOffset + 3, f.le) > f.length));
  if (!truncated && (!index || index.contentType !== CT_INDEX || indexOffset < ptr.end)) {
    throw f.error('BAD_MAGIC', INDEX_POINTER_OFFSET + BLOCK_HEADER, `the index pointer names 0x${indexOffset.toString(16)}, where no 0x0002 index block starts`);
  }
  const indexed = index ? indexedOffsets(f, index) : new Set<number>();
  // Places to resume after damage: blocks the index lists, and the index itself.
  const resume = index ? [...indexed, indexOffset].filter((o) => o >= ptr.end).sort((a, b) => a - b) : [];
  const top: Block[] = [];
  const byType = new Map<number, Block[]>();
  const damaged: BlockWalk['damaged'] = [];
  let trailingBytes = 0;
  let p = ptr.end;
  while (p < f.length) {
    let b: Block;
    try {
      b = f.block(p, f.length, 'top-level block');
    } catch (e) {
      const next = resume.find((o) => o > p && f.tryBlock(o, f.length) !== null);
      if (next === undefined || !(e instanceof FormatError)) throw e;
      damaged.push({ offset: p, resumedAt: next, message: (e as FormatError).detail });
      p = next;
      continue;
    }
    top.push(b);
    checkLimit(f.limits, 'maxChainLength', top.length, f.format, p, 'top-level blocks');
    if ((top.length & 1023) === 0) f.deadline.check(p);
    let list = byType.get(b.contentType);
    if (!list) byType.set(b.contentType, (list = []));
    list.push(b);
    p = b.end;
    if (b.offset === indexOffset) {
      trailingBytes = f.length - p;
      break;
    }
  }
  if (truncated) {
    throw f.error('TRUNCATED', f.length, `the file ends at 0x${f.length.toString(16)}, before the index block the pointer names (0x${indexOffset.toString(16)}): the file is truncated`);
  }
  if (!top.some((b) => b.offset === indexOffset)) {
    throw f.error('BAD_MAGIC', INDEX_POINTER_OFFSET + BLOCK_HEADER, `the top-level walk does not reach the index at 0x${indexOffset.toString(16)}`);
  }
  return { top, indexOffset, byType, indexed, damaged, trailingBytes };
}

/**
 * Offsets of the blocks the trailing index lists. Each reference is stored as
 * `01 | u16 4 | u16 1 | u32 offset` (byte order of the file); PT5/6 files follow
 * some references with the section's name.
 */
export function indexedOffsets(f: PtxBytes, index: Block): Set<number> {
  const out = new Set<number>();
  const b = f.bytes;
  const sig = f.le ? [1, 4, 0, 1, 0] : [1, 0, 4, 0, 1];
  for (let p = index.payload; p + 9 <= index.end; p++) {
    if (b[p] === sig[0] && b[p + 1] === sig[1] && b[p + 2] === sig[2] && b[p + 3] === sig[3] && b[p + 4] === sig[4]) {
      const off = f.view.getUint32(p + 5, f.le);
      if (off < index.offset) out.add(off);
      p += 8;
    }
  }
  return out;
}

/**
 * Section names of the PT5/6 index: offset → name (e.g. 0x1f → "Document Info").
 * Later versions leave the names empty.
 */
export function indexedNames(f: PtxBytes, index: Block): Map<number, string> {
  const out = new Map<number, string>();
  const b = f.bytes;
  const sig = f.le ? [1, 4, 0, 1, 0] : [1, 0, 4, 0, 1];
  for (let p = index.payload; p + 9 <= index.end; p++) {
    if (b[p] === sig[0] && b[p + 1] === sig[1] && b[p + 2] === sig[2] && b[p + 3] === sig[3] && b[p + 4] === sig[4]) {
      const off = f.view.getUint32(p + 5, f.le);
      const q = p + 9;
      // 01 | u16 | u32 length | name
      if (q + 7 <= index.end && b[q] === 1) {
        const len = f.view.getUint32(q + 3, f.le);
        if (len > 0 && len < 256 && q + 7 + len <= index.end) out.set(off, decodeText(b.subarray(q + 7, q + 7 + len)));
      }
      p += 8;
    }
  }
  return out;
}
