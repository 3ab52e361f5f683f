/**
 * A lazy Microsoft Compound File ([MS-CFB]) reader over an async ByteSource.
 * Opening reads the header, the DIFAT and the directory; FAT sectors, the
 * MiniFAT, the mini stream and streams are read when first needed.
 */
import { type ByteSource } from '../../../io/byte-source.js';
import { FormatError } from '../../../io/errors.js';
import { budgetedSource, checkLimit, resolveLimits, type Limits } from '../../../io/limits.js';
import { Directory, DirEntry } from './directory.js';
import { ChainVisits, Fat, MiniFat, readDifat } from './fat.js';
import { ENDOFCHAIN, FREESECT, parseHeader, type CfbHeader } from './header.js';
import { isRun, SectorReader, type ChainBytes } from './sectors.js';
import { CfbStream, type StreamStore } from './stream.js';

export { DirEntry } from './directory.js';
export type { CfbHeader } from './header.js';
export { CfbStream } from './stream.js';
export { compareCfbNames } from './directory.js';

/** The MiniFAT and the mini stream: its sector chain and its bytes in place. */
export type MiniState = { miniFat: MiniFat; miniStreamSectors: number[]; miniStreamSize: number; bytes: ChainBytes };

const EMPTY = new Uint8Array(0);

export class CompoundFile implements StreamStore {
  private miniState: Promise<MiniState> | null = null;

  private constructor(
    readonly src: ByteSource,
    readonly header: CfbHeader,
    readonly sectors: SectorReader,
    readonly fat: Fat,
    readonly directory: Directory,
    readonly limits: Limits,
  ) {
    this.path = sectors.path;
  }

  get miniStreamCutoff(): number {
    return this.header.miniStreamCutoff;
  }

  /** The file's path (for messages), kept as a field: it is passed along for every object read. */
  readonly path: string | null;

  /** Open a compound file: header, DIFAT and directory. */
  static async open(input: ByteSource, opts: { path?: string | null; limits?: Partial<Limits> } = {}): Promise<CompoundFile> {
    const path = opts.path ?? input.name ?? null;
    const limits = resolveLimits(opts.limits);
    const src = budgetedSource(input, limits, 'cfb');
    const head = await src.read(0, Math.min(512, src.size));
    const header = parseHeader(head, path);
    const sectors = new SectorReader(src, header.sectorShift, path);
    // A small file, or one that is mostly metadata, is read whole first: its FAT is then one table and every chain is walked in memory.
    const miniStreamBound = header.miniFatSectorCount * (header.sectorSize / 4) * header.miniSectorSize;
    await sectors.preload(miniStreamBound + header.directorySectorCount * header.sectorSize, limits.maxBytesRead);
    const difat = await readDifat(header, sectors, limits);
    const fat = new Fat(difat, sectors, limits);
    if (header.firstDirectorySector === ENDOFCHAIN || header.firstDirectorySector === FREESECT) {
      throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: 48, path, message: 'the header names no directory sector' });
    }
    const dirChain = await fat.chain(header.firstDirectorySector, undefined, 'directory', 48);
    checkLimit(limits, 'maxStructureBytes', dirChain.length * header.sectorSize, 'cfb', 48, 'directory size');
    checkLimit(limits, 'maxEntries', dirChain.length * (header.sectorSize / 128), 'cfb', 48, 'directory entries');
    const directory = new Directory(await sectors.readChain(dirChain), dirChain, header.sectorSize, header.majorVersion, path);
    directory.root();
    return new CompoundFile(src, header, sectors, fat, directory, limits);
  }

  root(): DirEntry {
    return this.directory.root();
  }

  /** The reader is done: the file's whole-file buffer may be reused for the next file (see SectorReader.release). */
  release(): void {
    this.sectors.release();
  }

  /** Child of a storage by name (CFB name order), or undefined. */
  child(parent: DirEntry, name: string): DirEntry | undefined {
    return this.directory.child(parent, name);
  }

  children(parent: DirEntry): DirEntry[] {
    return this.directory.children(parent);
  }

  /** Children of a storage named `<collection>{<hex key>}`, by key, in one walk of its tree (directory indexes; see Directory.entry). */
  elementsByKey(parent: DirEntry, collection: string): Map<number, number> {
    return this.directory.elementsByKey(parent, collection);
  }

  /** A lazy ByteSource over a stream. */
  stream(entry: DirEntry): CfbStream {
    if (entry.type !== 'stream' && entry.type !== 'root') {
      throw new FormatError({ code: 'BAD_MAGIC', format: 'cfb', offset: entry.offset, path: this.path, message: `"${entry.name}" is a ${entry.type}, not a stream` });
    }
    return new CfbStream(this, entry, `${this.path ?? ''}!${entry.name}`);
  }

  /** A whole (metadata) stream, bounded by maxStructureBytes. */
  async readStream(entry: DirEntry): Promise<Uint8Array> {
    checkLimit(this.limits, 'maxStructureBytes', entry.size, 'cfb', entry.offset, `stream "${entry.name}"`);
    this.checkFits(entry);
    if (entry.type === 'stream' && entry.size < this.header.miniStreamCutoff) {
      const m = this.miniLoaded ?? (await this.mini());
      // loadMini caches every mini stream sector, so this never waits.
      return this.readMini(entry, m, false)!;
    }
    return this.stream(entry).readAll();
  }

  /** Before any buffer is made for a stream: a damaged size field must not allocate more than the file holds. */
  private checkFits(entry: DirEntry): void {
    if (entry.size > this.src.size) {
      throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}" declares ${entry.size} bytes, more than the whole file (${this.src.size})` });
    }
  }

  /**
   * A small (mini) stream when it can be read without waiting: the mini
   * stream is loaded and its sectors are cached (the usual case once the
   * file is open). Undefined otherwise; `readStream` then does the reads.
   */
  readStreamSync(entry: DirEntry): Uint8Array | undefined {
    if (entry.type !== 'stream') return undefined;
    if (entry.size < this.header.miniStreamCutoff) return this.miniLoaded ? this.readMini(entry, this.miniLoaded, true) : undefined;
    if (entry.size > this.limits.maxStructureBytes) return undefined;
    return this.readRegularSync(entry);
  }

  /** A regular-sector stream when its FAT and data sectors are cached (see prefetchMetadata). */
  private readRegularSync(entry: DirEntry): Uint8Array | undefined {
    const ss = this.header.sectorSize;
    const units = Math.ceil(entry.size / ss);
    this.checkFits(entry);
    let cur = entry.startSector;
    const bound = this.sectors.sectorCount;
    // The chain is checked as it is followed (a file read whole is not prefetched, so nothing checked it before).
    const seen = new ChainVisits();
    const chain: number[] = [];
    let consecutive = true;
    for (let k = 0; k < units; k++) {
      if (!this.sectors.inRange(cur)) {
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}": sector ${cur} lies beyond the end of the file (${bound} sectors)` });
      }
      if (seen.visit(cur, chain)) {
        throw new FormatError({ code: 'CYCLE', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}": FAT chain returns to sector ${cur} (a cycle)` });
      }
      if (k > 0 && cur !== chain[k - 1] + 1) consecutive = false;
      chain.push(cur);
      if (k + 1 < units) {
        const next = this.fat.nextSync(cur);
        if (next === undefined) return undefined;
        cur = next;
      }
    }
    // Sectors that follow each other in the file are one view of what is cached, not a copy.
    const view = consecutive && units > 0 ? this.sectors.viewOfRun(chain[0], entry.size) : undefined;
    if (view) return view;
    const out = new Uint8Array(entry.size);
    for (let k = 0; k < units; k++) {
      if (!this.sectors.copyFromCached(chain[k], 0, out, k * ss, Math.min(ss, entry.size - k * ss))) return undefined;
    }
    return out;
  }


  /**
   * Read every metadata stream that lives in regular sectors (large
   * `properties`, collection `index` streams, `referenced properties`) into
   * the cache, so that objects can then be read synchronously. Essence
   * (data streams) is not touched.
   */
  async prefetchMetadata(): Promise<void> {
    // A file read whole has nothing to wait for: its streams are read (and their chains checked) when asked for.
    if (this.sectors.inMemory) return;
    const cutoff = this.header.miniStreamCutoff;
    const isMeta = (e: DirEntry) => {
      const n = e.name;
      return n === 'properties' || n.endsWith(' index') || n === 'referenced properties';
    };
    let total = 0;
    for (const e of this.directory.largeStreams(cutoff, isMeta)) {
      total += e.size;
      checkLimit(this.limits, 'maxStructureBytes', total, 'cfb', e.offset, 'metadata streams');
      this.checkFits(e);
      // Walks and validates the chain (cycles, range) and caches FAT and data sectors.
      await this.stream(e).readAll();
    }
  }

  /**
   * A small stream from the mini stream: a view of the mini stream's bytes
   * when its mini sectors follow each other in one run of the file (what
   * writers do), a copy otherwise; undefined when it cannot be read without
   * waiting.
   */
  private readMini(entry: DirEntry, m: MiniState, cachedOnly: boolean): Uint8Array | undefined {
    if (!this.locateMini(entry.size, entry.startSector, entry.index, m, cachedOnly)) return undefined;
    const { bytes, at } = this.span;
    if (at >= 0) return bytes.subarray(at, at + entry.size);
    const to = this.copyMini(entry.size, m);
    return this.arena.subarray(to, to + entry.size);
  }

  /**
   * Copies a small stream whose chain locateMini just left in miniScratch
   * (it lies in more than one run) into `arena` and returns where. Copies
   * share a few blocks instead of a new buffer each: a buffer over 64 bytes
   * is a separate allocation, and a file makes hundreds of copies.
   */
  private copyMini(size: number, m: MiniState): number {
    let to = (this.arenaUsed + 7) & ~7;
    if (to + size > this.arena.length) {
      this.arena = new Uint8Array(Math.max(size, Math.min(this.arena.length * 2 || 8192, 65536)));
      to = 0;
    }
    this.arenaUsed = to + size;
    const out = this.arena;
    const shift = this.header.sectorShift;
    const mask = this.header.sectorSize - 1;
    const c = m.bytes;
    const units = Math.ceil(size / 64);
    // Mini sectors that follow each other within one run of the file are copied in one go.
    for (let k = 0; k < units;) {
      const o = this.miniScratch[k] * 64;
      const sec = o >>> shift;
      const from = c.start[sec] + (o & mask);
      let j = k + 1;
      while (j < units && this.miniScratch[j] === this.miniScratch[j - 1] + 1 && (o & mask) + (j - k + 1) * 64 <= c.runLeft[sec]) j++;
      const n = Math.min((j - k) * 64, size - k * 64);
      out.set(c.buf[sec].subarray(from, from + n), to + k * 64);
      k = j;
    }
    return to;
  }
  /** Where copyMini puts copies: the current block (earlier ones live on in the objects that read them) and how much of it is used. */
  private arena = EMPTY;
  private arenaUsed = 0;

  /**
   * A metadata stream without copying when it can be: sets `span` to the
   * buffer and offset holding its `entry.size` bytes and returns true; false
   * when it cannot be read without waiting. `span` is reused by every call:
   * read its fields at once.
   */
  streamSpanSync(entry: DirEntry): boolean {
    const m = this.miniLoaded;
    if (entry.type === 'stream' && entry.size < this.header.miniStreamCutoff && m) {
      return this.spanMini(entry.size, entry.startSector, entry.index, m);
    }
    const b = this.readStreamSync(entry);
    if (!b) return false;
    this.setSpan(b);
    return true;
  }
  readonly span: { bytes: Uint8Array; at: number } = { bytes: new Uint8Array(0), at: 0 };

  private setSpan(b: Uint8Array): void {
    this.span.bytes = b;
    this.span.at = 0;
  }

  /**
   * streamSpanSync for directory entry `i` when it is a small stream (sets
   * `span`: in place when it lies in one run of the mini stream, else a
   * copy made from the one chain walk) and returns its size; -1 otherwise,
   * and the caller reads it through its DirEntry. Throws what the chain
   * walk finds wrong.
   */
  miniSpanAt(i: number): number {
    const m = this.miniLoaded;
    if (!m) return -1;
    const d = this.directory;
    const size = d.smallStreamSize(i, this.header.miniStreamCutoff);
    return size >= 0 && this.spanMini(size, d.smallStart, i, m) ? size : -1;
  }

  /** A small stream's bytes into `span` (in place, or copied when it lies in more than one run); false when bytes are missing. */
  private spanMini(size: number, startSector: number, index: number, m: MiniState): boolean {
    if (!this.locateMini(size, startSector, index, m, true)) return false;
    if (this.span.at < 0) {
      const to = this.copyMini(size, m);
      this.span.bytes = this.arena;
      this.span.at = to;
    }
    return true;
  }

  /**
   * Walks a small stream's MiniFAT chain (checking its range and cycles).
   * When its mini sectors are consecutive within one run of the file, sets
   * `span` to where it lies; else sets span.at to -1 (the chain is then in
   * miniScratch). False when bytes are missing and `cachedOnly` (else throws).
   */
  private locateMini(size: number, startSector: number, index: number, m: MiniState, cachedOnly: boolean): boolean {
    const span = this.span;
    if (size === 0) {
      span.bytes = EMPTY;
      span.at = 0;
      return true;
    }
    const units = (size + 63) >>> 6;
    const shift = this.header.sectorShift;
    const mask = (1 << shift) - 1;
    const c = m.bytes;
    const have = c.length;
    const fat = m.miniFat;
    const count = fat.count;
    const words = fat.words;
    const streamSize = m.miniStreamSize;
    const scratch = this.miniScratch;
    let cur = startSector;
    let consecutive = true;
    let backwards = false;
    for (let k = 0; k < units; k++) {
      // Below the cutoff a chain has at most 64 units: a scan of the units so far finds a cycle.
      if (cur >= count) {
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: this.directory.entryOffset(index), path: this.path, message: `stream "${this.directory.entry(index).name}" declares ${size} bytes but its mini chain ends after ${k * 64} (at mini sector 0x${cur.toString(16)})` });
      }
      if (k > 0 && cur !== scratch[k - 1] + 1) {
        consecutive = false;
        // A chain that only ever increases cannot repeat itself: look back once it has stepped backwards.
        if (cur <= scratch[k - 1]) backwards = true;
      }
      if (backwards) {
        for (let j = 0; j < k; j++) {
          if (scratch[j] === cur) throw new FormatError({ code: 'CYCLE', format: 'cfb', offset: this.directory.entryOffset(index), path: this.path, message: `stream "${this.directory.entry(index).name}": MiniFAT chain returns to mini sector ${cur}` });
        }
      }
      scratch[k] = cur;
      const at = cur * 64;
      if (at >= streamSize) {
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: this.directory.entryOffset(index), path: this.path, message: `stream "${this.directory.entry(index).name}": mini sector ${cur} lies beyond the mini stream (${streamSize} bytes)` });
      }
      // The unit's bytes (64, or what is left of the stream) must be in the file.
      if ((at & mask) + (k + 1 < units ? 64 : size - k * 64) > have[at >>> shift]) {
        if (cachedOnly) return false;
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: this.directory.entryOffset(index), path: this.path, message: `stream "${this.directory.entry(index).name}" runs past the end of the file` });
      }
      cur = words !== null ? words[cur] : fat.next(cur);
    }
    const o = startSector * 64;
    const sec = o >>> shift;
    if (consecutive && (o & mask) + size <= c.runLeft[sec]) {
      span.bytes = c.buf[sec];
      span.at = c.start[sec] + (o & mask);
    } else {
      span.at = -1;
    }
    return true;
  }

  private readonly miniScratch = new Uint32Array(64);
  private miniLoaded: MiniState | null = null;

  mini(): Promise<MiniState> {
    if (!this.miniState) {
      this.miniState = this.loadMini().then((m) => {
        this.miniLoaded = m;
        return m;
      });
    }
    return this.miniState;
  }

  private async loadMini(): Promise<MiniState> {
    const h = this.header;
    const root = this.root();
    const miniFatChain = h.firstMiniFatSector === ENDOFCHAIN || h.firstMiniFatSector === FREESECT
      ? []
      : await this.fat.chain(h.firstMiniFatSector, undefined, 'MiniFAT', 60);
    checkLimit(this.limits, 'maxStructureBytes', miniFatChain.length * h.sectorSize, 'cfb', 60, 'MiniFAT size');
    // A MiniFAT whose sectors follow each other in a file held in memory (what writers do) is read in place.
    let table = isRun(miniFatChain) ? this.sectors.viewOfRun(miniFatChain[0], miniFatChain.length * h.sectorSize) : undefined;
    if (!table) {
      table = new Uint8Array(miniFatChain.length * h.sectorSize);
      for (let i = 0; i < miniFatChain.length; i++) {
        const b = this.sectors.trySector(miniFatChain[i]) ?? (await this.sectors.sector(miniFatChain[i]));
        table.set(b.subarray(0, Math.min(b.length, h.sectorSize)), i * h.sectorSize);
      }
    }
    const need = Math.ceil(root.size / h.sectorSize);
    const miniStreamSectors = root.size === 0 ? [] : await this.fat.chain(root.startSector, need, 'mini stream', root.offset + 116);
    if (miniStreamSectors.length < need) {
      throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: root.offset, path: this.path, message: `the mini stream declares ${root.size} bytes but its chain holds ${miniStreamSectors.length} sectors` });
    }
    checkLimit(this.limits, 'maxStructureBytes', root.size, 'cfb', root.offset, 'mini stream size');
    // The mini stream holds the small metadata streams: in memory, they can be read in place, synchronously.
    const bytes = await this.sectors.readChain(miniStreamSectors);
    return { miniFat: new MiniFat(table, this.limits, this.path), miniStreamSectors, miniStreamSize: root.size, bytes };
  }
}
