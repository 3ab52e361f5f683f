/**
 * Streams of a Compound File, read lazily by offset: a stream is a
 * ByteSource whose reads walk only the part of the sector chain they need
 * (embedded essence of gigabytes costs one sector to peek at).
 */
import type { ByteSource } from '../../../io/byte-source.js';
import { FormatError } from '../../../io/errors.js';
import type { DirEntry } from './directory.js';
import type { Fat, MiniFat } from './fat.js';
import type { SectorReader } from './sectors.js';

/** Where a stream's bytes live: regular sectors, or mini sectors inside the mini stream. */
export type StreamStore = {
  readonly sectors: SectorReader;
  readonly fat: Fat;
  /** Loads the MiniFAT and the mini stream's sector chain on first use. */
  mini(): Promise<{ miniFat: MiniFat; miniStreamSectors: number[]; miniStreamSize: number }>;
  readonly miniStreamCutoff: number;
};

/** A stream of the compound file as a ByteSource. */
export class CfbStream implements ByteSource {
  private chain: number[] | null = null;
  private chainDone = false;
  private own = 0;
  readonly size: number;
  readonly isMini: boolean;

  constructor(private readonly store: StreamStore, readonly entry: DirEntry, readonly name: string) {
    this.size = entry.size;
    this.isMini = entry.type !== 'root' && entry.size < store.miniStreamCutoff;
  }

  get bytesRead(): number {
    return this.own;
  }

  private unit(): number {
    return this.isMini ? 64 : this.store.sectors.sectorSize;
  }

  /** Sector (or mini sector) ids covering the first `units` units of the stream. */
  private async units(units: number): Promise<number[]> {
    if (this.chain && (this.chain.length >= units || this.chainDone)) return this.chain;
    const what = `stream "${this.entry.name}"`;
    const total = Math.ceil(this.size / this.unit());
    // Walk the whole chain for small streams, and only the needed prefix (doubling) for large ones.
    const want = total <= 4096 ? total : Math.min(total, Math.max(units, (this.chain?.length ?? 0) * 2, 64));
    if (this.isMini) {
      const { miniFat } = await this.store.mini();
      this.chain = miniFat.chain(this.entry.startSector, want, what, this.entry.offset + 116);
    } else {
      this.chain = await this.store.fat.chain(this.entry.startSector, want, what, this.entry.offset + 116);
    }
    this.chainDone = want >= total;
    if (this.chain.length < Math.min(units, total)) {
      throw new FormatError({
        code: 'TRUNCATED', format: 'cfb', offset: this.entry.offset, path: this.store.sectors.path,
        message: `${what} declares ${this.size} bytes but its sector chain ends after ${this.chain.length * this.unit()} bytes`,
      });
    }
    return this.chain;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.size));
    const end = Math.max(start, Math.min(start + Math.max(0, length), this.size));
    if (end === start) return new Uint8Array(0);
    const unit = this.unit();
    // The chain is walked before the buffer is made: a size field that claims more than the chain
    // holds is TRUNCATED without allocating what it claims.
    const chain = await this.units(Math.ceil(end / unit));
    const out = new Uint8Array(end - start);
    const mini = this.isMini ? await this.store.mini() : null;
    const sectors = this.store.sectors;
    let pos = start;
    while (pos < end) {
      const k = Math.floor(pos / unit);
      const within = pos - k * unit;
      const n = Math.min(unit - within, end - pos);
      let bytes: Uint8Array;
      if (mini) {
        const at = chain[k] * 64;
        const sec = mini.miniStreamSectors[Math.floor(at / sectors.sectorSize)];
        if (sec === undefined || at >= mini.miniStreamSize) {
          throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: this.entry.offset, path: sectors.path, message: `stream "${this.entry.name}": mini sector ${chain[k]} lies beyond the mini stream (${mini.miniStreamSize} bytes)` });
        }
        const b = sectors.trySector(sec) ?? (await sectors.sector(sec));
        const w = at % sectors.sectorSize;
        bytes = b.subarray(w, w + 64);
      } else {
        bytes = sectors.trySector(chain[k]) ?? (await sectors.sector(chain[k]));
      }
      if (within + n > bytes.length) {
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: this.entry.offset, path: sectors.path, message: `stream "${this.entry.name}" runs past the end of the file` });
      }
      out.set(bytes.subarray(within, within + n), pos - start);
      pos += n;
    }
    this.own += out.length;
    return out;
  }

  /** The whole stream. */
  async readAll(): Promise<Uint8Array> {
    return this.read(0, this.size);
  }
}
