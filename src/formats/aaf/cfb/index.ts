/**
 * A lazy Microsoft Compound File ([MS-CFB]) reader over an async ByteSource.
 * Opening reads the header, the DIFAT and the directory; FAT sectors, the
 * MiniFAT, the mini stream and streams are read when first needed.
 */
import { type ByteSource } from '../../../io/byte-source.js';
import { FormatError } from '../../../io/errors.js';
import { budgetedSource, checkLimit, resolveLimits, type Limits } from '../../../io/limits.js';
import { Directory, DirEntry } from './directory.js';
import { Fat, MiniFat, readDifat } from './fat.js';
import { ENDOFCHAIN, FREESECT, parseHeader, type CfbHeader } from './header.js';
import { SectorReader } from './sectors.js';
import { CfbStream, type StreamStore } from './stream.js';

export { DirEntry } from './directory.js';
export type { CfbHeader } from './header.js';
export { CfbStream } from './stream.js';
export { compareCfbNames } from './directory.js';

export class CompoundFile implements StreamStore {
  private miniState: Promise<{ miniFat: MiniFat; miniStreamSectors: number[]; miniStreamSize: number }> | null = null;

  private constructor(
    readonly src: ByteSource,
    readonly header: CfbHeader,
    readonly sectors: SectorReader,
    readonly fat: Fat,
    readonly directory: Directory,
    readonly limits: Limits,
  ) {}

  get miniStreamCutoff(): number {
    return this.header.miniStreamCutoff;
  }

  get path(): string | null {
    return this.sectors.path;
  }

  /** Open a compound file: header, DIFAT and directory. */
  static async open(input: ByteSource, opts: { path?: string | null; limits?: Partial<Limits> } = {}): Promise<CompoundFile> {
    const path = opts.path ?? input.name ?? null;
    const limits = resolveLimits(opts.limits);
    const src = budgetedSource(input, limits, 'cfb');
    const head = await src.read(0, Math.min(512, src.size));
    const header = parseHeader(head, path);
    const sectors = new SectorReader(src, header.sectorShift, path);
    const difat = await readDifat(header, sectors, limits);
    const fat = new Fat(difat, sectors, limits);
    if (header.firstDirectorySector === ENDOFCHAIN || header.firstDirectorySector === FREESECT) {
      throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: 48, path, message: 'the header names no directory sector' });
    }
    const dirChain = await fat.chain(header.firstDirectorySector, undefined, 'directory', 48);
    checkLimit(limits, 'maxStructureBytes', dirChain.length * header.sectorSize, 'cfb', 48, 'directory size');
    checkLimit(limits, 'maxEntries', dirChain.length * (header.sectorSize / 128), 'cfb', 48, 'directory entries');
    const dirSectors: Uint8Array[] = [];
    for (const s of dirChain) dirSectors.push(sectors.trySector(s) ?? (await sectors.sector(s)));
    const directory = new Directory(dirSectors, dirChain.map((s) => sectors.offsetOf(s)), header.sectorSize, header.majorVersion, path);
    directory.root();
    return new CompoundFile(src, header, sectors, fat, directory, limits);
  }

  root(): DirEntry {
    return this.directory.root();
  }

  /** Child of a storage by name (CFB name order), or undefined. */
  child(parent: DirEntry, name: string): DirEntry | undefined {
    return this.directory.child(parent, name);
  }

  children(parent: DirEntry): DirEntry[] {
    return this.directory.children(parent);
  }

  /** Children of a storage by name, in one walk of its tree (for looking up many elements of a collection). */
  childMap(parent: DirEntry): Map<string, DirEntry> {
    const m = new Map<string, DirEntry>();
    for (const e of this.directory.children(parent)) m.set(e.name, e);
    return m;
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
    if (entry.size > this.src.size) return undefined; // the async path reports it, before allocating
    const out = new Uint8Array(entry.size);
    let cur = entry.startSector;
    const bound = this.sectors.sectorCount;
    for (let k = 0; k < units; k++) {
      if (!this.sectors.inRange(cur) || k > bound) return undefined; // the async path reports the error
      const n = Math.min(ss, entry.size - k * ss);
      if (!this.sectors.copyFromCached(cur, 0, out, k * ss, n)) return undefined;
      if (k + 1 < units) {
        const next = this.fat.nextSync(cur);
        if (next === undefined) return undefined;
        cur = next;
      }
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

  /** A small stream from the mini stream, copied 64 bytes at a time; undefined when a sector is not cached. */
  private readMini(entry: DirEntry, m: { miniFat: MiniFat; miniStreamSectors: number[]; miniStreamSize: number }, cachedOnly: boolean): Uint8Array | undefined {
    if (entry.size === 0) return new Uint8Array(0);
    // Allocated only when the stream is in more than one run; a single run is returned as a view of the cache.
    let out: Uint8Array | null = null;
    let runs = 0;
    const units = Math.ceil(entry.size / 64);
    const size = this.header.sectorSize;
    let cur = entry.startSector;
    let backwards = false;
    // Mini sectors that follow each other inside one regular sector are copied as one run.
    let runStart = -1;
    let runSector = 0;
    let runWithin = 0;
    let runLen = 0;
    let firstSector = 0;
    let firstWithin = 0;
    let firstLen = 0;
    const flush = (): boolean => {
      if (runLen === 0) return true;
      runs++;
      if (runs === 1) {
        firstSector = runSector;
        firstWithin = runWithin;
        firstLen = runLen;
        runLen = 0;
        return true;
      }
      if (!out) {
        out = new Uint8Array(entry.size);
        if (!this.sectors.copyFromCached(firstSector, firstWithin, out, 0, Math.min(firstLen * 64, entry.size))) return false;
      }
      const n = Math.min(runLen * 64, entry.size - runStart * 64);
      const ok = this.sectors.copyFromCached(runSector, runWithin, out, runStart * 64, n);
      runLen = 0;
      return ok;
    };
    for (let k = 0; k < units; k++) {
      // Below the cutoff a chain has at most 64 units: a scan of the units so far finds a cycle.
      if (cur >= m.miniFat.count) {
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}" declares ${entry.size} bytes but its mini chain ends after ${k * 64} (at mini sector 0x${cur.toString(16)})` });
      }
      // A chain that only ever increases cannot repeat itself: look back once it has stepped backwards.
      if (k > 0 && cur <= this.miniScratch[k - 1]) backwards = true;
      if (backwards) {
        for (let j = 0; j < k; j++) {
          if (this.miniScratch[j] === cur) throw new FormatError({ code: 'CYCLE', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}": MiniFAT chain returns to mini sector ${cur}` });
        }
      }
      this.miniScratch[k] = cur;
      const at = cur * 64;
      cur = m.miniFat.next(cur);
      const sec = m.miniStreamSectors[Math.floor(at / size)];
      if (sec === undefined || at >= m.miniStreamSize) {
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}": mini sector ${at / 64} lies beyond the mini stream (${m.miniStreamSize} bytes)` });
      }
      const w = at % size;
      if (runLen > 0 && sec === runSector && w === runWithin + runLen * 64) {
        runLen++;
        continue;
      }
      if (!flush()) {
        if (cachedOnly) return undefined;
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}" runs past the end of the file` });
      }
      runStart = k;
      runSector = sec;
      runWithin = w;
      runLen = 1;
    }
    if (!flush()) {
      if (cachedOnly) return undefined;
      throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}" runs past the end of the file` });
    }
    if (out) return out;
    const view = this.sectors.viewOfCached(firstSector, firstWithin, entry.size);
    if (view) return view;
    if (cachedOnly) return undefined;
    throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}" runs past the end of the file` });
  }

  private readonly miniScratch = new Uint32Array(64);
  private miniLoaded: { miniFat: MiniFat; miniStreamSectors: number[]; miniStreamSize: number } | null = null;

  mini(): Promise<{ miniFat: MiniFat; miniStreamSectors: number[]; miniStreamSize: number }> {
    if (!this.miniState) {
      this.miniState = this.loadMini().then((m) => {
        this.miniLoaded = m;
        return m;
      });
    }
    return this.miniState;
  }

  private async loadMini(): Promise<{ miniFat: MiniFat; miniStreamSectors: number[]; miniStreamSize: number }> {
    const h = this.header;
    const root = this.root();
    const miniFatChain = h.firstMiniFatSector === ENDOFCHAIN || h.firstMiniFatSector === FREESECT
      ? []
      : await this.fat.chain(h.firstMiniFatSector, undefined, 'MiniFAT', 60);
    checkLimit(this.limits, 'maxStructureBytes', miniFatChain.length * h.sectorSize, 'cfb', 60, 'MiniFAT size');
    const table = new Uint8Array(miniFatChain.length * h.sectorSize);
    for (let i = 0; i < miniFatChain.length; i++) {
      const b = await this.sectors.sector(miniFatChain[i]);
      table.set(b.subarray(0, Math.min(b.length, h.sectorSize)), i * h.sectorSize);
    }
    const need = Math.ceil(root.size / h.sectorSize);
    const miniStreamSectors = root.size === 0 ? [] : await this.fat.chain(root.startSector, need, 'mini stream', root.offset + 116);
    if (miniStreamSectors.length < need) {
      throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: root.offset, path: this.path, message: `the mini stream declares ${root.size} bytes but its chain holds ${miniStreamSectors.length} sectors` });
    }
    checkLimit(this.limits, 'maxStructureBytes', root.size, 'cfb', root.offset, 'mini stream size');
    // The mini stream holds the small metadata streams: cache its sectors so they can be read synchronously.
    for (const s of miniStreamSectors) if (!this.sectors.trySector(s)) await this.sectors.sector(s);
    return { miniFat: new MiniFat(table, this.limits, this.path), miniStreamSectors, miniStreamSize: root.size };
  }
}
