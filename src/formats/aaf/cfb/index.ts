/**
 * A lazy Microsoft Compound File ([MS-CFB]) reader over an async ByteSource.
 * Opening reads the header, the DIFAT and the directory; FAT sectors, the
 * MiniFAT, the mini stream and streams are read when first needed.
 */
import { type ByteSource } from '../../../io/byte-source.js';
import { FormatError } from '../../../io/errors.js';
import { checkLimit, resolveLimits, type Limits } from '../../../io/limits.js';
import { Directory, type DirEntry } from './directory.js';
import { Fat, MiniFat, readDifat } from './fat.js';
import { ENDOFCHAIN, FREESECT, parseHeader, type CfbHeader } from './header.js';
import { SectorReader } from './sectors.js';
import { CfbStream, type StreamStore } from './stream.js';

export type { DirEntry } from './directory.js';
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
  static async open(src: ByteSource, opts: { path?: string | null; limits?: Partial<Limits> } = {}): Promise<CompoundFile> {
    const path = opts.path ?? src.name ?? null;
    const limits = resolveLimits(opts.limits);
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
    for (const s of dirChain) dirSectors.push(await sectors.sector(s));
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
    if (entry.type === 'stream' && entry.size < this.header.miniStreamCutoff) {
      const m = this.miniLoaded ?? (await this.mini());
      return this.readMini(entry, m);
    }
    return this.stream(entry).readAll();
  }

  /** A small stream from the mini stream: the common case for AAF properties, read without a CfbStream. */
  private async readMini(entry: DirEntry, m: { miniFat: MiniFat; miniStreamSectors: number[]; miniStreamSize: number }): Promise<Uint8Array> {
    const out = new Uint8Array(entry.size);
    if (entry.size === 0) return out;
    const chain = m.miniFat.chain(entry.startSector, Math.ceil(entry.size / 64), `stream "${entry.name}"`);
    if (chain.length * 64 < entry.size) {
      throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}" declares ${entry.size} bytes but its mini chain holds ${chain.length * 64}` });
    }
    const size = this.header.sectorSize;
    for (let k = 0; k < chain.length; k++) {
      const at = chain[k] * 64;
      const sec = m.miniStreamSectors[Math.floor(at / size)];
      if (sec === undefined || at >= m.miniStreamSize) {
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}": mini sector ${chain[k]} lies beyond the mini stream (${m.miniStreamSize} bytes)` });
      }
      const b = this.sectors.trySector(sec) ?? (await this.sectors.sector(sec));
      const w = at % size;
      const n = Math.min(64, entry.size - k * 64);
      if (w + n > b.length) throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: entry.offset, path: this.path, message: `stream "${entry.name}" runs past the end of the file` });
      out.set(b.subarray(w, w + n), k * 64);
    }
    return out;
  }

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
    return { miniFat: new MiniFat(table, this.limits, this.path), miniStreamSectors, miniStreamSize: root.size };
  }
}
