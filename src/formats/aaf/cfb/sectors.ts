/**
 * Sector access over a ByteSource through a cache of aligned blocks: a few
 * reads for a small file, and only the blocks that hold metadata for a 4 GB
 * one. Sector n lives at (n + 1) << shift ([MS-CFB] 2.2); block sizes are
 * multiples of 4096 so a sector never straddles two blocks.
 */
import type { ByteSource } from '../../../io/byte-source.js';
import { FormatError } from '../../../io/errors.js';
import { LITTLE_ENDIAN_HOST } from '../../../io/host.js';
import { readCapacity, readView } from '../../../io/read-placement.js';

const BLOCK_SHIFT = 16; // 64 KiB
/** Files up to this size are read in one go: one read beats a few dozen for a typical export. */
const WHOLE_FILE_BYTES = 4 * 1024 * 1024;
/**
 * Larger files, up to this size, are read in one go too when their header
 * says that metadata (directory and mini stream) makes up an eighth of them
 * or more: a long session without embedded essence is then read by one
 * sequential read, walked with its FAT as one table, and needs no prefetch.
 * A file holding embedded essence keeps to reading the blocks it needs.
 */
const METADATA_FILE_BYTES = 64 * 1024 * 1024;

/** The smallest whole-file buffer made: most exports fit, so a batch of them reuses one buffer. */
const SPARE_BYTES = 1024 * 1024;
/** A whole-file buffer given back by a finished reader, for the next file (at most WHOLE_FILE_BYTES are kept). */
let spare: Uint8Array | null = null;

/**
 * A chain of sectors in place (see SectorReader.readChain). For sector k of
 * the chain: the buffer holding it, where it starts there, how many of its
 * bytes the file holds (the last sector of a file may be short), and how
 * many bytes from its start on are readable as one span of that buffer.
 * `words`: when one buffer holds the whole chain, aligned, on a
 * little-endian machine (a file read whole), that buffer as 32-bit words;
 * else null.
 */
export type ChainBytes = { buf: Uint8Array[]; start: Int32Array; length: Int32Array; runLeft: Int32Array; words: Uint32Array | null };

export class SectorReader {
  private readonly done = new Map<number, Uint8Array>();
  private readonly pending = new Map<number, Promise<Uint8Array>>();
  private whole: Uint8Array | null = null;
  /** Number of whole sectors in the file (sector ids from 0 to count-1). */
  readonly sectorCount: number;
  /** Bytes per sector (a field, not a getter: it is read for every sector located). */
  readonly sectorSize: number;

  constructor(
    readonly src: ByteSource,
    readonly sectorShift: number,
    readonly path: string | null,
  ) {
    this.sectorSize = 1 << sectorShift;
    // A short last sector is tolerated (some writers do not pad the file end).
    this.sectorCount = Math.max(0, Math.ceil(src.size / this.sectorSize) - 1);
  }

  /** Absolute file offset of a sector. */
  offsetOf(sector: number): number {
    return (sector + 1) * this.sectorSize;
  }

  /** True when the whole file is in memory (every sector can be read without waiting). */
  get inMemory(): boolean {
    return this.whole !== null;
  }

  /** True when `sector` can be read whole from the file. */
  inRange(sector: number): boolean {
    return sector >= 0 && sector < this.sectorCount;
  }

  /** The sector's bytes when its block is already cached. */
  trySector(sector: number): Uint8Array | undefined {
    const off = this.offsetOf(sector);
    if (this.whole) return off < this.whole.length ? this.whole.subarray(off, off + this.sectorSize) : undefined;
    const block = this.done.get(Math.floor(off / 2 ** BLOCK_SHIFT));
    if (!block) return undefined;
    const at = off % 2 ** BLOCK_SHIFT;
    return block.subarray(at, at + this.sectorSize);
  }

  /**
   * Copy `n` bytes at `within` of a cached sector into `dest` (no view is
   * allocated: the mini stream is copied 64 bytes at a time). False when the
   * sector's block is not cached or the sector is short.
   */
  copyFromCached(sector: number, within: number, dest: Uint8Array, destAt: number, n: number): boolean {
    const hit = this.cachedAt(sector, within, n);
    if (!hit) return false;
    const { block, at } = hit;
    // Short copies by hand: subarray()+set() allocates a view each time.
    if (n <= 128) for (let i = 0; i < n; i++) dest[destAt + i] = block[at + i];
    else dest.set(block.subarray(at, at + n), destAt);
    return true;
  }

  /**
   * A view of `n` bytes from the start of `sector` on, across the sectors
   * after it, when one cached buffer holds them all. The cache is never
   * written while the file is in use: views stay valid until release().
   */
  viewOfRun(sector: number, n: number): Uint8Array | undefined {
    const off = this.offsetOf(sector);
    if (this.whole) return off + n <= this.whole.length ? this.whole.subarray(off, off + n) : undefined;
    const block = this.done.get(Math.floor(off / 2 ** BLOCK_SHIFT));
    const at = off % 2 ** BLOCK_SHIFT;
    return block && at + n <= block.length ? block.subarray(at, at + n) : undefined;
  }

  /** The cached block holding `n` bytes at `within` of a sector, and where they start in it; null when not cached or short. */
  private cachedAt(sector: number, within: number, n: number): { block: Uint8Array; at: number } | null {
    const off = this.offsetOf(sector) + within;
    const block = this.whole ?? this.done.get(Math.floor(off / 2 ** BLOCK_SHIFT));
    const at = this.whole ? off : off % 2 ** BLOCK_SHIFT;
    if (!block || at + n > block.length || within + n > this.sectorSize) return null;
    return { block, at };
  }

  /**
   * The bytes of a chain of sectors (the directory, the mini stream) without
   * copying them: a run of sectors that follow each other in the file is one
   * read (or one view of the whole file when it was read whole), and each
   * sector is located in its run's buffer. Not kept in the block cache.
   */
  async readChain(chain: readonly number[]): Promise<ChainBytes> {
    const ss = this.sectorSize;
    const n = chain.length;
    const out: ChainBytes = { buf: new Array(n), start: new Int32Array(n), length: new Int32Array(n), runLeft: new Int32Array(n), words: null };
    // Read once: a fragmented chain is thousands of runs of one sector.
    const size = this.src.size;
    const whole = this.whole;
    let runs = 0;
    for (let i = 0; i < n; runs++) {
      let j = i + 1;
      while (j < n && chain[j] === chain[j - 1] + 1) j++;
      const off = (chain[i] + 1) * ss; // offsetOf, without a call per run
      let want = (j - i) * ss;
      if (want > size - off) want = size - off > 0 ? size - off : 0;
      let buf: Uint8Array;
      let base: number;
      let got: number;
      if (whole) {
        buf = whole;
        base = off;
        got = want < whole.length - off ? want : whole.length - off > 0 ? whole.length - off : 0;
      } else {
        buf = await this.src.read(off, want);
        base = 0;
        got = buf.length;
      }
      for (let k = i, within = 0; k < j; k++, within += ss) {
        const left = got > within ? got - within : 0;
        out.buf[k] = buf;
        out.start[k] = base + within;
        out.length[k] = left < ss ? left : ss;
        out.runLeft[k] = left;
      }
      i = j;
    }
    const one = whole ?? (runs === 1 ? out.buf[0] : null);
    if (one && LITTLE_ENDIAN_HOST && (one.byteOffset & 3) === 0) out.words = new Uint32Array(one.buffer, one.byteOffset, one.length >>> 2);
    return out;
  }

  /**
   * Reads a small file (up to WHOLE_FILE_BYTES) whole now, so that
   * everything after can be read without waiting; a file up to
   * METADATA_FILE_BYTES too when `metadataBytes` (what its header says the
   * directory and the mini stream may hold) is an eighth of it or more, and
   * `budget` (the bytes it may read) allows.
   */
  async preload(metadataBytes = 0, budget = Infinity): Promise<void> {
    if (this.whole || this.released) return;
    const size = this.src.size;
    const mostlyMetadata = size <= METADATA_FILE_BYTES && size <= budget && metadataBytes * 8 >= size;
    if (size <= WHOLE_FILE_BYTES || mostlyMetadata) this.whole = await this.readWhole();
  }

  /** The sector's bytes, possibly short for the last one (a view into the cache; do not keep across calls that mutate). */
  async sector(sector: number, referencedAt: number | null = null): Promise<Uint8Array> {
    if (!this.inRange(sector)) {
      throw new FormatError({
        code: 'TRUNCATED', format: 'cfb', offset: referencedAt ?? this.offsetOf(sector), path: this.path,
        message: `sector ${sector} (offset ${this.offsetOf(sector)}) lies beyond the end of the file (${this.src.size} bytes)`,
      });
    }
    if (this.released) throw new Error('the compound file was released: its bytes are no longer held');
    const hit = this.trySector(sector);
    if (hit) return hit;
    if (this.src.size <= WHOLE_FILE_BYTES) {
      await this.preload();
      return this.trySector(sector) ?? new Uint8Array(0);
    }
    const off = this.offsetOf(sector);
    await this.block(Math.floor(off / 2 ** BLOCK_SHIFT));
    return this.trySector(sector)!;
  }

  /**
   * The whole file, read into the spare buffer a finished reader gave back
   * (see release) when there is one: memory that is already mapped costs
   * nothing to fill again, where a new buffer pays a page fault per 4 KiB.
   */
  private async readWhole(): Promise<Uint8Array> {
    const size = this.src.size;
    if (!this.src.readInto) return this.src.read(0, size);
    let buf = spare && spare.length >= size ? spare : null;
    if (buf) spare = null;
    // At least SPARE_BYTES: the pages a file does not fill cost nothing until touched, and the next files fit.
    else {
      // Placed off the page boundary the file's first bytes are on (see readView): the copy from the page cache is faster.
      const capacity = Math.max(size, SPARE_BYTES);
      buf = readView(new Uint8Array(readCapacity(capacity)), 0, capacity);
    }
    this.lent = buf;
    const n = await this.src.readInto(0, buf.subarray(0, size));
    return buf.subarray(0, n);
  }
  private lent: Uint8Array | null = null;

  /**
   * The reader is done with this file: its whole-file buffer becomes the
   * spare of the next file read whole. Nothing read from this file may be
   * used afterwards (views into that buffer would see the next file).
   */
  release(): void {
    // Only a buffer of a small file is kept: a large one would stay in memory after the last read.
    if (this.lent && this.lent.length <= WHOLE_FILE_BYTES && (!spare || spare.length < this.lent.length)) spare = this.lent;
    this.lent = null;
    this.whole = null;
    this.released = true;
  }
  private released = false;

  private async block(index: number): Promise<Uint8Array> {
    const have = this.done.get(index);
    if (have) return have;
    let p = this.pending.get(index);
    if (!p) {
      const start = index * 2 ** BLOCK_SHIFT;
      p = this.src.read(start, Math.min(2 ** BLOCK_SHIFT, this.src.size - start)).then((b) => {
        this.done.set(index, b);
        this.pending.delete(index);
        return b;
      });
      this.pending.set(index, p);
    }
    return p;
  }
}

/** Whether the first `n` sectors of a list follow each other in the file (and there is at least one). */
export function isRun(sectors: readonly number[], n = sectors.length): boolean {
  for (let i = 1; i < n; i++) if (sectors[i] !== sectors[0] + i) return false;
  return n > 0;
}
