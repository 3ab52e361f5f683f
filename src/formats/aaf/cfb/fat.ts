/**
 * FAT, DIFAT and MiniFAT ([MS-CFB] 2.3–2.5). The DIFAT (the list of FAT
 * sectors) is read up front: it is 4 bytes per FAT sector. FAT sectors are
 * read lazily, only those that cover the chains actually followed, so a 4 GB
 * file with embedded essence never loads its multi-megabyte FAT.
 */
import { FormatError } from '../../../io/errors.js';
import { LITTLE_ENDIAN_HOST } from '../../../io/host.js';
import { u32At } from '../../../io/le.js';
import { checkLimit, type Limits } from '../../../io/limits.js';
import { ENDOFCHAIN, FREESECT, MAXREGSECT, type CfbHeader } from './header.js';
import { isRun, type SectorReader } from './sectors.js';

/** The FAT sector ids, from the header's 109 entries and the chained DIFAT sectors. */
export async function readDifat(h: CfbHeader, sectors: SectorReader, limits: Limits): Promise<number[]> {
  const want = h.fatSectorCount;
  checkLimit(limits, 'maxChainLength', want, 'cfb', 44, 'FAT sector count');
  const out: number[] = [];
  // Writers leave unused DIFAT slots as FREESECT or as zeros (Avid, Fairlight), so the
  // header's csectFat decides how many entries are real, not the slot values.
  for (const s of h.headerDifat) {
    if (out.length >= want) break;
    out.push(s);
  }
  let next = h.firstDifatSector;
  let referencedAt = 68;
  const seen = new Set<number>();
  const perSector = sectors.sectorSize / 4 - 1;
  // DIFAT chains end in ENDOFCHAIN, FREESECT (pyaaf2, AAF SDK) or simply once csectFat entries are known.
  while (out.length < want && next !== ENDOFCHAIN && next !== FREESECT) {
    if (next > MAXREGSECT) break;
    if (seen.has(next)) {
      throw new FormatError({ code: 'CYCLE', format: 'cfb', offset: referencedAt, path: sectors.path, message: `DIFAT chain returns to sector ${next}` });
    }
    seen.add(next);
    checkLimit(limits, 'maxChainLength', seen.size, 'cfb', referencedAt, 'DIFAT chain');
    const b = await sectors.sector(next, referencedAt);
    for (let i = 0; i < perSector && out.length < want; i++) out.push(u32At(b, i * 4));
    referencedAt = sectors.offsetOf(next) + perSector * 4;
    next = u32At(b, perSector * 4);
  }
  if (out.length < want) {
    throw new FormatError({
      code: 'TRUNCATED', format: 'cfb', offset: referencedAt, path: sectors.path,
      message: `the header announces ${want} FAT sectors but the DIFAT lists only ${out.length}`,
    });
  }
  return out;
}

/** Lazily loaded FAT: next-sector lookups and chain walks with cycle and range checks. */
export class Fat {
  private readonly perSector: number;
  /** The FAT entries of a file held in memory, as one table (see table()); null when it cannot be built. */
  private dense: Uint32Array | null | undefined;
  constructor(
    private readonly fatSectors: number[],
    private readonly sectors: SectorReader,
    private readonly limits: Limits,
  ) {
    this.perSector = sectors.sectorSize / 4;
  }

  /** File offset of the FAT entry for `sector` (for error messages). */
  entryOffset(sector: number): number | null {
    const fs = this.fatSectors[Math.floor(sector / this.perSector)];
    return fs === undefined ? null : this.sectors.offsetOf(fs) + (sector % this.perSector) * 4;
  }

  /**
   * For a file read whole, the FAT entries of all its sectors in one table
   * (made once: a chain step is then one lookup). Null while the file is
   * not in memory, and when a FAT sector is missing or cut short: the
   * checked walk then reads sector by sector and reports what is wrong.
   */
  private table(): Uint32Array | null {
    if (this.dense !== undefined) return this.dense;
    if (!this.sectors.inMemory) return null;
    const per = this.perSector;
    // Entries past the file's last sector are never a valid step, whatever the DIFAT claims.
    const need = Math.min(this.fatSectors.length, Math.ceil(this.sectors.sectorCount / per));
    // FAT sectors that follow each other in the file (what writers do) are one view of its bytes, not a copy.
    const first = this.fatSectors[0];
    const v = LITTLE_ENDIAN_HOST && this.sectors.inRange(first) && isRun(this.fatSectors, need) ? this.sectors.viewOfRun(first, need * per * 4) : undefined;
    if (v && (v.byteOffset & 3) === 0) return (this.dense = new Uint32Array(v.buffer, v.byteOffset, need * per));
    const t = new Uint32Array(need * per);
    for (let i = 0; i < need; i++) {
      const fs = this.fatSectors[i];
      const b = this.sectors.inRange(fs) ? this.sectors.trySector(fs) : undefined;
      if (!b || b.length < per * 4) return (this.dense = null);
      if (LITTLE_ENDIAN_HOST && (b.byteOffset & 3) === 0) t.set(new Uint32Array(b.buffer, b.byteOffset, per), i * per);
      else for (let k = 0; k < per; k++) t[i * per + k] = u32At(b, k * 4);
    }
    return (this.dense = t);
  }

  /**
   * A chain walked through table(): only its length bounds the walk. Null
   * when anything is out of the ordinary (a special or out-of-range id, a
   * chain longer than the file, which is a cycle): the checked walk then
   * says exactly what and where.
   */
  private chainFromTable(t: Uint32Array, start: number, max: number): number[] | null {
    const out: number[] = [];
    const bound = Math.min(this.sectors.sectorCount, this.limits.maxChainLength);
    const covered = Math.min(t.length, this.sectors.sectorCount);
    let cur = start;
    let n = 0;
    while (cur !== ENDOFCHAIN && n < max) {
      if (cur >= covered || n >= bound) return null;
      out.push(cur);
      n++;
      cur = t[cur];
    }
    return out;
  }

  /** The FAT entry of `sector` when its FAT sector is cached, else undefined. */
  nextSync(sector: number): number | undefined {
    const t = this.dense;
    if (t && sector < t.length) return t[sector];
    const idx = Math.floor(sector / this.perSector);
    // Chains mostly stay within one FAT sector for hundreds of steps: the last one is kept at hand.
    let b = idx === this.lastIdx ? this.lastBytes : undefined;
    if (!b) {
      const fs = this.fatSectors[idx];
      if (fs === undefined) return undefined;
      b = this.sectors.trySector(fs);
      if (!b) return undefined;
      this.lastIdx = idx;
      this.lastBytes = b;
    }
    const at = (sector % this.perSector) * 4;
    if (at + 4 > b.length) return undefined;
    return u32At(b, at);
  }
  private lastIdx = -1;
  private lastBytes: Uint8Array | undefined;

  /** The FAT entry of `sector`. */
  async next(sector: number): Promise<number> {
    const idx = Math.floor(sector / this.perSector);
    const fs = this.fatSectors[idx];
    if (fs === undefined) {
      throw new FormatError({
        code: 'TRUNCATED', format: 'cfb', offset: null, path: this.sectors.path,
        message: `sector ${sector} is not covered by the FAT (${this.fatSectors.length} FAT sectors)`,
      });
    }
    const b = this.sectors.trySector(fs) ?? (await this.sectors.sector(fs));
    const at = (sector % this.perSector) * 4;
    if (at + 4 > b.length) {
      throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: this.sectors.offsetOf(fs) + at, path: this.sectors.path, message: `FAT sector ${fs} is cut short by the end of the file` });
    }
    return u32At(b, at);
  }

  /**
   * The sectors of the chain starting at `start`, at most `max` of them
   * (all when max is undefined). Sector 0 inside a chain is legal (AAF SDK).
   */
  async chain(start: number, max: number | undefined, what: string, referencedAt: number | null): Promise<number[]> {
    const t = this.table();
    const fast = t && this.chainFromTable(t, start, max ?? Infinity);
    if (fast) return fast;
    const out: number[] = [];
    const seen = new ChainVisits();
    let cur = start;
    let prev = -1;
    // Where the current sector is named, for messages: the caller's field, then the previous sector's FAT entry.
    const fromOf = () => (prev < 0 ? referencedAt : this.entryOffset(prev));
    const bound = Math.min(this.sectors.sectorCount, this.limits.maxChainLength);
    while (cur !== ENDOFCHAIN && (max === undefined || out.length < max)) {
      if (cur === FREESECT || cur > MAXREGSECT) {
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: fromOf(), path: this.sectors.path, message: `${what}: chain reaches the special sector id 0x${cur.toString(16)} after ${out.length} sectors` });
      }
      if (!this.sectors.inRange(cur)) {
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: fromOf(), path: this.sectors.path, message: `${what}: sector ${cur} lies beyond the end of the file (${this.sectors.sectorCount} sectors)` });
      }
      if (seen.visit(cur, out)) {
        throw new FormatError({ code: 'CYCLE', format: 'cfb', offset: fromOf(), path: this.sectors.path, message: `${what}: FAT chain returns to sector ${cur} (a cycle)` });
      }
      out.push(cur);
      if (out.length > bound) {
        throw new FormatError({ code: 'CYCLE', format: 'cfb', offset: fromOf(), path: this.sectors.path, message: `${what}: chain is longer than the file has sectors`, limit: 'maxChainLength' });
      }
      if (max !== undefined && out.length >= max) break;
      prev = cur;
      const n = this.nextSync(cur);
      cur = n ?? (await this.next(cur));
    }
    return out;
  }
}

/** The MiniFAT, read whole (4 bytes per 64-byte mini sector: small). */
export class MiniFat {
  /** Number of entries (mini sectors the MiniFAT covers). */
  readonly count: number;
  /** The entries as words on a little-endian machine when the table is 4-byte aligned (a copy, or a view of whole sectors), else null. */
  readonly words: Uint32Array | null;
  constructor(private readonly table: Uint8Array, private readonly limits: Limits, private readonly path: string | null) {
    this.count = table.length >>> 2;
    this.words = LITTLE_ENDIAN_HOST && (table.byteOffset & 3) === 0 ? new Uint32Array(table.buffer, table.byteOffset, this.count) : null;
  }

  /** The MiniFAT entry of a mini sector (the caller checks the range). */
  next(mini: number): number {
    return this.words !== null ? this.words[mini] : u32At(this.table, mini * 4);
  }

  /** `referencedAt`: where the chain's first mini sector is named (a directory entry's start sector), for messages. */
  chain(start: number, max: number, what: string, referencedAt: number | null = null): number[] {
    const out: number[] = [];
    const seen = new ChainVisits();
    let cur = start;
    while (cur !== ENDOFCHAIN && out.length < max) {
      if (cur >= this.count) {
        throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: referencedAt, path: this.path, message: `${what}: mini sector ${cur} is outside the MiniFAT (${this.count} entries)` });
      }
      if (seen.visit(cur, out)) {
        throw new FormatError({ code: 'CYCLE', format: 'cfb', offset: referencedAt, path: this.path, message: `${what}: MiniFAT chain returns to mini sector ${cur}` });
      }
      out.push(cur);
      if (out.length > this.limits.maxChainLength) checkLimit(this.limits, 'maxChainLength', out.length, 'cfb', referencedAt, what);
      cur = this.next(cur);
    }
    return out;
  }
}

/**
 * Cycle detection for a chain walk without a Set per short chain: most
 * chains are a few sectors long, where a scan of the chain so far is
 * cheaper than hashing; longer chains switch to a Set.
 */
export class ChainVisits {
  private set: Set<number> | null = null;
  /** While every step went forward, a new id above all before it cannot be a repeat. */
  private rising = true;
  /** True when `id` was already visited; records it otherwise (the caller pushes it to `sofar`). */
  visit(id: number, sofar: number[]): boolean {
    if (this.rising) {
      if (sofar.length === 0 || id > sofar[sofar.length - 1]) return false;
      this.rising = false;
    }
    if (this.set) {
      if (this.set.has(id)) return true;
      this.set.add(id);
      return false;
    }
    if (sofar.length < 32) {
      for (let i = 0; i < sofar.length; i++) if (sofar[i] === id) return true;
      return false;
    }
    this.set = new Set(sofar);
    if (this.set.has(id)) return true;
    this.set.add(id);
    return false;
  }
}
