/**
 * The directory ([MS-CFB] 2.6): 128-byte entries in the directory chain,
 * decoded one by one as they are visited. Children of a storage form a
 * red-black tree ordered by the CFB name rule (UTF-16 length first, then the
 * upper-cased names), so a lookup by name descends the tree; a tree that a
 * writer ordered differently is walked whole once instead.
 */
import { FormatError } from '../../../io/errors.js';
import { u32At } from '../../../io/le.js';
import { NOSTREAM } from './header.js';
import type { ChainBytes } from './sectors.js';

export const ENTRY_SIZE = 128;

export type EntryType = 'empty' | 'storage' | 'stream' | 'root' | 'unknown';

/**
 * One directory entry, read from its 128 raw bytes when a field is asked
 * for: a walk makes an entry for every object and stream it visits, and
 * most of their fields are never read.
 */
export class DirEntry {
  // Declared and set in the constructor: no field initializer runs for each entry made.
  declare readonly index: number;
  private declare readonly dir: { readonly majorVersion: number; entryOffset(index: number): number };
  /** The directory sector holding the entry, and where the entry starts in it. */
  declare readonly raw: Uint8Array;
  declare readonly at: number;
  private declare decodedName: string | undefined;

  constructor(index: number, dir: { readonly majorVersion: number; entryOffset(index: number): number }, raw: Uint8Array, at: number) {
    this.index = index;
    this.dir = dir;
    this.raw = raw;
    this.at = at;
    this.decodedName = undefined;
  }

  get type(): EntryType {
    return typeOf(this.raw[this.at + 66]);
  }
  get left(): number {
    return u32At(this.raw, this.at + 68);
  }
  get right(): number {
    return u32At(this.raw, this.at + 72);
  }
  get child(): number {
    return u32At(this.raw, this.at + 76);
  }
  get startSector(): number {
    return u32At(this.raw, this.at + 116);
  }
  /** Stream size; version 3 files may carry garbage in the high dword, which is then ignored ([MS-CFB] 2.6.3). */
  get size(): number {
    const lo = u32At(this.raw, this.at + 120);
    return this.dir.majorVersion >= 4 ? u32At(this.raw, this.at + 124) * 2 ** 32 + lo : lo;
  }
  /** Absolute offset of the entry in the file. */
  get offset(): number {
    return this.dir.entryOffset(this.index);
  }

  get name(): string {
    if (this.decodedName === undefined) {
      const nameLen = this.raw[this.at + 64] | (this.raw[this.at + 65] << 8);
      const chars = nameLen >= 2 && nameLen <= 64 ? Math.floor(nameLen / 2) - 1 : 0;
      this.decodedName = utf16Name(this.raw, this.at, chars);
    }
    return this.decodedName;
  }
}

/** True when the raw name of the entry at `at` equals `name` exactly (case-sensitive). */
function rawNameIs(b: Uint8Array, at: number, name: string): boolean {
  const nameLen = b[at + 64] | (b[at + 65] << 8);
  const chars = nameLen >= 2 && nameLen <= 64 ? (nameLen >> 1) - 1 : 0;
  if (chars !== name.length) return false;
  for (let i = 0; i < chars; i++) if ((b[at + 2 * i] | (b[at + 2 * i + 1] << 8)) !== name.charCodeAt(i)) return false;
  return true;
}

/** A directory name (at most 31 UTF-16 code units) as a string, through one reused array per length. */
function utf16Name(b: Uint8Array, at: number, chars: number): string {
  if (chars === 0) return '';
  let codes = NAME_CODES[chars];
  if (!codes) codes = NAME_CODES[chars] = new Array<number>(chars).fill(0);
  for (let i = 0; i < chars; i++) codes[i] = b[at + 2 * i] | (b[at + 2 * i + 1] << 8);
  return String.fromCharCode.apply(null, codes);
}
const NAME_CODES: number[][] = [];

function typeOf(b: number): EntryType {
  switch (b) {
    case 0: return 'empty';
    case 1: return 'storage';
    case 2: return 'stream';
    case 5: return 'root';
    default: return 'unknown';
  }
}

/** CFB name order: shorter first, then code unit by code unit after simple upper-casing. */
export function compareCfbNames(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const x = upper(a.charCodeAt(i));
    const y = upper(b.charCodeAt(i));
    if (x !== y) return x - y;
  }
  return 0;
}

/**
 * compareCfbNames(name, the raw UTF-16 name of the entry at `at`). When it
 * returns 0, `rawExact` says whether the names are also equal case for case.
 */
function compareWithRaw(name: string, b: Uint8Array, at: number): number {
  const nameLen = b[at + 64] | (b[at + 65] << 8);
  const chars = nameLen >= 2 && nameLen <= 64 ? Math.floor(nameLen / 2) - 1 : 0;
  if (name.length !== chars) return name.length - chars;
  let exact = true;
  for (let i = 0; i < chars; i++) {
    let x = name.charCodeAt(i);
    let y = b[at + 2 * i] | (b[at + 2 * i + 1] << 8);
    if (x === y) continue;
    x = x >= 0x61 && x <= 0x7a ? x - 32 : x < 0x80 ? x : upper(x);
    y = y >= 0x61 && y <= 0x7a ? y - 32 : y < 0x80 ? y : upper(y);
    if (x !== y) return x - y;
    exact = false;
  }
  rawExact = exact;
  return 0;
}
let rawExact = false;

/**
 * A name as the directory stores it, two UTF-16 code units to a 32-bit
 * word (the low half first), an odd length ending with the terminating
 * NUL: an entry's name then matches in half as many steps (see
 * Directory.childIndex). Kept for names looked up again (`properties`,
 * a collection's index and elements).
 */
function nameKey(name: string): Uint32Array {
  let k = NAME_KEYS.get(name);
  if (k === undefined) {
    const n = name.length;
    k = new Uint32Array((n + 1) >> 1);
    for (let i = 0; i < n; i += 2) k[i >> 1] = name.charCodeAt(i) | (i + 1 < n ? name.charCodeAt(i + 1) << 16 : 0);
    if (NAME_KEYS.size < 4096) NAME_KEYS.set(name, k);
  }
  return k;
}
const NAME_KEYS = new Map<string, Uint32Array>();

function upper(c: number): number {
  if (c >= 0x61 && c <= 0x7a) return c - 32;
  if (c < 0x80) return c;
  return String.fromCharCode(c).toUpperCase().charCodeAt(0);
}

/**
 * Directory entries over the directory's sectors in place (read when the
 * file is opened): entry i is in chain sector i >> shift, found through the
 * sector's buffer and start (ChainBytes) without copying the directory.
 */
export class Directory {
  private readonly childMaps = new Map<number, Map<string, number>>();
  readonly count: number;
  private readonly shift: number;
  private readonly mask: number;
  private readonly buf: Uint8Array[];
  private readonly start: Int32Array;
  /** Entries that a short last sector cuts off (usually none). */
  private readonly cut: Set<number> | null = null;
  /** The directory as 32-bit words when one buffer holds all of it, aligned (a file read whole): names compare a word at a time. */
  private readonly words: Uint32Array | null;

  /** `dirChain`: the directory's sectors, for where each entry is in the file (offsets in messages). */
  constructor(
    sectors: ChainBytes,
    private readonly dirChain: readonly number[],
    private readonly sectorSize: number,
    readonly majorVersion: number,
    private readonly path: string | null,
  ) {
    const perSector = sectorSize / ENTRY_SIZE;
    this.shift = Math.log2(perSector);
    this.mask = perSector - 1;
    this.count = sectors.length.length * perSector;
    this.buf = sectors.buf;
    this.start = sectors.start;
    this.words = sectors.words;
    for (let sec = 0; sec < sectors.length.length; sec++) {
      const have = sectors.length[sec];
      if (have === sectorSize) continue;
      for (let k = 0; k < perSector; k++) if (k * ENTRY_SIZE + ENTRY_SIZE > have) (this.cut ??= new Set()).add(sec * perSector + k);
    }
  }

  /** Where entry `i` starts in its sector's buffer (`this.buf[i >>> this.shift]`). */
  private atOf(i: number): number {
    return this.start[i >>> this.shift] + (i & this.mask) * ENTRY_SIZE;
  }

  private fail(code: FormatError['code'], offset: number | null, message: string): FormatError {
    return new FormatError({ code, format: 'cfb', offset, path: this.path, message });
  }

  /** Absolute file offset of entry `index` (for DirEntry and messages). */
  entryOffset(index: number): number {
    // Sector n starts at (n + 1) sectors into the file ([MS-CFB] 2.2).
    return (this.dirChain[index >>> this.shift] + 1) * this.sectorSize + (index & this.mask) * ENTRY_SIZE;
  }

  /** Entry `index`; throws when the index is outside the directory. */
  entry(index: number, referencedAt: number | null = null): DirEntry {
    if (index < 0 || index >= this.count) {
      throw this.fail('TRUNCATED', referencedAt, `directory entry ${index} does not exist (the directory has ${this.count} entries)`);
    }
    if (this.cut?.has(index)) throw this.fail('TRUNCATED', this.entryOffset(index), `directory entry ${index} is cut short by the end of the file`);
    return this.entryAt(index);
  }

  /** Entry `index` as the directory itself gave it (childIndex, elementsByKey): in range and whole, so not checked again. */
  entryAt(index: number): DirEntry {
    return new DirEntry(index, this, this.buf[index >>> this.shift], this.atOf(index));
  }

  /** Indexes of stream entries of at least `minSize` bytes whose name passes `accept` (scans raw entries, decodes only matches). */
  largeStreams(minSize: number, accept: (e: DirEntry) => boolean): DirEntry[] {
    const out: DirEntry[] = [];
    const w = this.words;
    for (let i = 0; i < this.count; i++) {
      const b = this.buf[i >>> this.shift];
      const at = this.atOf(i);
      // A stream (type byte 66 is 2) whose low size word alone is below minSize is skipped without more reads.
      if (w !== null) {
        const q = at >>> 2;
        if (((w[q + 16] >>> 16) & 0xff) !== 2 || (w[q + 30] < minSize && (this.majorVersion < 4 || w[q + 31] === 0))) continue;
      }
      if (b[at + 66] !== 2 || this.cut?.has(i)) continue;
      const size = u32At(b, at + 120) + (this.majorVersion >= 4 ? u32At(b, at + 124) * 2 ** 32 : 0);
      if (size < minSize) continue;
      const e = this.entry(i);
      if (accept(e)) out.push(e);
    }
    return out;
  }

  root(): DirEntry {
    const r = this.entry(0);
    if (r.type !== 'root') throw this.fail('BAD_MAGIC', r.offset, `directory entry 0 is a ${r.type}, not the root storage`);
    return r;
  }

  /** The child named `name` of a storage, or undefined. Descends the tree comparing raw names (no decoding on the way). */
  child(parent: DirEntry, name: string): DirEntry | undefined {
    const i = this.childIndex(parent, name);
    return i < 0 ? undefined : this.entryAt(i);
  }

  /**
   * The directory index of the child named `name` of a storage, or -1 (see
   * child). With the directory as words, an entry whose name is `name` case
   * for case matches word by word; any other of the same length is ordered
   * by compareWithRaw.
   */
  childIndex(parent: DirEntry, name: string): number {
    const w = this.words;
    if (w === null) return this.childIndexByChars(parent, name);
    const key = nameKey(name);
    const n = name.length;
    const half = key.length;
    const { count, cut, start, shift, mask } = this;
    const p = parent.index;
    // The storage's child (the root of its children's tree) at byte 76.
    let cur = w[((start[p >>> shift] + (p & mask) * ENTRY_SIZE) >>> 2) + 19];
    let steps = 0;
    while (cur !== NOSTREAM && steps++ <= count) {
      if (cur >= count || (cut !== null && cut.has(cur))) break;
      const at = start[cur >>> shift] + (cur & mask) * ENTRY_SIZE;
      const q = at >>> 2;
      // Bytes 64–65: the name's length in bytes, its terminating NUL included.
      const nameLen = w[q + 16] & 0xffff;
      const chars = nameLen >= 2 && nameLen <= 64 ? (nameLen >> 1) - 1 : 0;
      let c = n - chars;
      if (c === 0) {
        let k = 0;
        while (k < half && w[q + k] === key[k]) k++;
        if (k === half) return cur;
        // The first code units that differ order the names, when they are ASCII and differ in more than case.
        let u = 2 * k;
        let x = key[k] & 0xffff;
        let y = w[q + k] & 0xffff;
        if (x === y) {
          u++;
          x = key[k] >>> 16;
          y = w[q + k] >>> 16;
        }
        if (u < n && x < 0x80 && y < 0x80) {
          const ux = x >= 0x61 && x <= 0x7a ? x - 32 : x;
          const uy = y >= 0x61 && y <= 0x7a ? y - 32 : y;
          c = ux - uy;
        }
        if (c === 0) {
          c = compareWithRaw(name, this.buf[0], at);
          if (c === 0) return rawExact ? cur : this.childBySlowWalk(parent, name);
        }
      }
      // Left sibling at byte 68, right at 72.
      cur = c < 0 ? w[q + 17] : w[q + 18];
    }
    return this.childBySlowWalk(parent, name);
  }

  /** childIndex over a directory in several buffers: names compared a code unit at a time. */
  private childIndexByChars(parent: DirEntry, name: string): number {
    let cur = parent.child;
    let steps = 0;
    while (cur !== NOSTREAM && steps++ <= this.count) {
      if (cur >= this.count || (this.cut !== null && this.cut.has(cur))) break;
      const b = this.buf[cur >>> this.shift];
      const at = this.start[cur >>> this.shift] + (cur & this.mask) * ENTRY_SIZE;
      const c = compareWithRaw(name, b, at);
      if (c === 0) return rawExact ? cur : this.childBySlowWalk(parent, name);
      cur = c < 0 ? u32At(b, at + 68) : u32At(b, at + 72);
    }
    return this.childBySlowWalk(parent, name);
  }

  /**
   * The size of entry `i` when it is a stream of fewer than `cutoff` bytes
   * (one kept in the mini stream), its start sector then left in
   * `smallStart`; -1 for any other entry. The entry is located once for
   * its three fields.
   */
  smallStreamSize(i: number, cutoff: number): number {
    const w = this.words;
    if (w === null) {
      if (this.typeByteOf(i) !== 2) return -1;
      const size = this.sizeOf(i);
      if (size >= cutoff) return -1;
      this.smallStart = this.startSectorOf(i);
      return size;
    }
    const q = (this.start[i >>> this.shift] + (i & this.mask) * ENTRY_SIZE) >>> 2;
    // Byte 66: the type (2, a stream); 116: the start sector; 120: the size (its high word counts from version 4 on).
    if (((w[q + 16] >>> 16) & 0xff) !== 2) return -1;
    const lo = w[q + 30];
    if (lo >= cutoff || (this.majorVersion >= 4 && w[q + 31] !== 0)) return -1;
    this.smallStart = w[q + 29];
    return lo;
  }
  /** The start sector of the entry smallStreamSize last found. */
  smallStart = 0;

  /** Type byte, start sector and size of entry `i` (an index from childIndex), without making a DirEntry. */
  typeByteOf(i: number): number {
    const at = this.start[i >>> this.shift] + (i & this.mask) * ENTRY_SIZE;
    return this.words !== null ? (this.words[(at >>> 2) + 16] >>> 16) & 0xff : this.buf[i >>> this.shift][at + 66];
  }
  startSectorOf(i: number): number {
    const at = this.start[i >>> this.shift] + (i & this.mask) * ENTRY_SIZE;
    return this.words !== null ? this.words[(at >>> 2) + 29] : u32At(this.buf[i >>> this.shift], at + 116);
  }
  sizeOf(i: number): number {
    const at = this.start[i >>> this.shift] + (i & this.mask) * ENTRY_SIZE;
    const w = this.words;
    const b = this.buf[i >>> this.shift];
    const lo = w !== null ? w[(at >>> 2) + 30] : u32At(b, at + 120);
    if (this.majorVersion < 4) return lo;
    return (w !== null ? w[(at >>> 2) + 31] : u32At(b, at + 124)) * 2 ** 32 + lo;
  }

  /**
   * A child not found by descending the tree: absent, or the writer did not
   * order the tree by the CFB rule. Every child is compared (raw names, none
   * decoded); a storage with many children gets a name map on its second miss.
   */
  private childBySlowWalk(parent: DirEntry, name: string): number {
    let m = this.childMaps.get(parent.index);
    if (m) return m.get(name) ?? -1;
    let found = -1;
    let n = 0;
    this.walkChildren(parent, (i) => {
      n++;
      if (found < 0 && rawNameIs(this.buf[i >>> this.shift], this.atOf(i), name)) found = i;
    });
    if (found >= 0) return found;
    if (n > 32) {
      if (this.slowMisses.has(parent.index)) {
        m = new Map();
        for (const e of this.children(parent)) m.set(e.name, e.index);
        this.childMaps.set(parent.index, m);
      } else {
        this.slowMisses.add(parent.index);
      }
    }
    return -1;
  }
  private readonly slowMisses = new Set<number>();

  /**
   * The children of a storage named `<collection>{<hex key>}` (the elements
   * of an AAF strong reference collection) by key, read from the raw names
   * in one walk of the storage's tree: no name is decoded to a string.
   */
  elementsByKey(parent: DirEntry, collection: string): Map<number, number> {
    const out = new Map<number, number>();
    const n = collection.length;
    // The name as stored: by words when the directory is one buffer (two code units a step), else byte for byte.
    const w = this.words;
    const prefix = nameKey(collection);
    const full = n >> 1;
    const raw: number[] = [];
    if (w === null) for (let k = 0; k < n; k++) raw.push(collection.charCodeAt(k) & 0xff, collection.charCodeAt(k) >> 8);
    this.walkChildren(parent, (i) => {
      const b = this.buf[i >>> this.shift];
      const at = this.atOf(i);
      const nameLen = b[at + 64] | (b[at + 65] << 8);
      const chars = nameLen >= 2 && nameLen <= 64 ? (nameLen >> 1) - 1 : 0;
      // At least "{" + one digit + "}" after the collection's name.
      if (chars < n + 3 || chars > n + 10 || b[at + 2 * n] !== 0x7b || b[at + 2 * n + 1] !== 0 || b[at + 2 * (chars - 1)] !== 0x7d || b[at + 2 * chars - 1] !== 0) return;
      if (w !== null) {
        const q = at >>> 2;
        for (let k = 0; k < full; k++) if (w[q + k] !== prefix[k]) return;
        // An odd-length name's last code unit is the low half of its last word.
        if ((n & 1) === 1 && (w[q + full] & 0xffff) !== prefix[full]) return;
      } else {
        for (let k = 0; k < 2 * n; k++) if (b[at + k] !== raw[k]) return;
      }
      let key = 0;
      for (let k = n + 1; k < chars - 1; k++) {
        const c = b[at + 2 * k] | (b[at + 2 * k + 1] << 8);
        const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
        if (d < 0) return;
        key = key * 16 + d;
      }
      if (!out.has(key)) out.set(key, i);
    });
    return out;
  }

  /** Every child of a storage in tree (name) order; detects loops in the tree. */
  children(parent: DirEntry): DirEntry[] {
    const out: DirEntry[] = [];
    this.walkChildren(parent, (i) => out.push(this.entry(i)));
    return out;
  }

  private stamps: Uint32Array | null = null;
  private walks = 0;

  /** Calls `visit` with the index of every non-empty child of a storage, in tree order; detects loops and out-of-range entries. */
  private walkChildren(parent: DirEntry, visit: (index: number) => void): void {
    // Entries met in this walk carry its number: one stamp array for all walks instead of a set per walk.
    const seen = (this.stamps ??= new Uint32Array(this.count));
    const walk = ++this.walks;
    const stack: number[] = [];
    let cur = parent.child;
    while (cur !== NOSTREAM || stack.length) {
      while (cur !== NOSTREAM) {
        if (cur >= this.count) throw this.fail('TRUNCATED', parent.offset, `"${parent.name}" refers to directory entry ${cur}, beyond the ${this.count} entries`);
        if (seen[cur] === walk) throw this.fail('CYCLE', parent.offset, `the children of "${parent.name}" form a loop at entry ${cur}`);
        seen[cur] = walk;
        if (this.cut?.has(cur)) throw this.fail('TRUNCATED', this.entryOffset(cur), `directory entry ${cur} is cut short by the end of the file`);
        stack.push(cur);
        cur = u32At(this.buf[cur >>> this.shift], this.atOf(cur) + 68);
      }
      const i = stack.pop()!;
      const b = this.buf[i >>> this.shift];
      const at = this.atOf(i);
      if (b[at + 66] !== 0) visit(i);
      cur = u32At(b, at + 72);
    }
  }
}
