/**
 * Every bound a reader applies to hostile input lives here, so that a
 * trusted large input can lift them in one place (`readSession(src, { limits })`).
 * Meeting a limit is a `FormatError` with code `LIMIT` naming the limit.
 */
import type { ByteSource } from './byte-source.js';
import { FormatError, type FormatName } from './errors.js';

export type Limits = {
  /** Nesting depth of blocks, objects or XML elements. */
  maxDepth: number;
  /** Length of a sector, block or chunk chain. */
  maxChainLength: number;
  /** Entries in one list (directory entries, zip entries, clips, chunks). */
  maxEntries: number;
  /** Bytes in one string or text field. */
  maxStringBytes: number;
  /** Bytes inflated from one compressed entry. */
  maxInflatedBytes: number;
  /** Inflated/compressed ratio above which an entry is treated as a bomb. */
  maxInflateRatio: number;
  /** Bytes read from one input in total (metadata; audio measurement streams separately). */
  maxBytesRead: number;
  /** Bytes of one structure read into memory at once (a properties stream, a text file, a PTX file). */
  maxStructureBytes: number;
  /** Wall-clock time to read one input, in ms. */
  maxMillis: number;
  /** Channels of one audio stream that are measured (each needs its own meter and buffers). */
  maxChannels: number;
};

/**
 * The name a LIMIT error carries when a 64-bit size, count or offset is above
 * 2^53: no real file is 8 PiB, and such a value cannot be a JS number. This
 * bound is fixed (not in `Limits`): raising it could only lose precision.
 */
export const SAFE_INTEGER_LIMIT = 'maxSafeInteger';

/**
 * The name a LIMIT error carries when data runs past the size its own header
 * declares (a zip entry inflating beyond its stated size): a fixed bound too.
 */
export const DECLARED_SIZE_LIMIT = 'declaredSize';

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxDepth: 64,
  maxChainLength: 16_777_216,
  maxEntries: 4_000_000,
  maxStringBytes: 16 * 1024 * 1024,
  maxInflatedBytes: 512 * 1024 * 1024,
  maxInflateRatio: 1000,
  maxBytesRead: 2 * 1024 * 1024 * 1024,
  maxStructureBytes: 512 * 1024 * 1024,
  maxMillis: 120_000,
  // 128 is the most an ADM/Atmos deliverable carries; a 65,535-channel header must not cost gigabytes of meters.
  maxChannels: 1024,
});

export function resolveLimits(overrides?: Partial<Limits>): Limits {
  return { ...DEFAULT_LIMITS, ...(overrides ?? {}) };
}

/** Throws a LIMIT FormatError when `value` exceeds `limits[name]`. */
export function checkLimit(
  limits: Limits,
  name: keyof Limits,
  value: number,
  format: FormatName,
  offset: number | null,
  what: string,
): void {
  if (value > limits[name]) {
    throw new FormatError({
      code: 'LIMIT',
      format,
      offset,
      limit: name,
      message: `${what}: ${value} exceeds the limit ${name}=${limits[name]}`,
    });
  }
}

/** A deadline for one input; `check()` throws LIMIT maxMillis when passed. */
export class Deadline {
  private readonly end: number;
  constructor(private readonly limits: Limits, private readonly format: FormatName) {
    this.end = Date.now() + limits.maxMillis;
  }
  check(offset: number | null = null): void {
    if (Date.now() > this.end) {
      throw new FormatError({
        code: 'LIMIT', format: this.format, offset, limit: 'maxMillis',
        message: `reading took longer than maxMillis=${this.limits.maxMillis} ms`,
      });
    }
  }
}

/**
 * The source as seen by a reader, counting what is read through it: past
 * `maxBytesRead` a read throws LIMIT maxBytesRead, so a hostile structure
 * (overlapping sector chains, entries sharing data) cannot make a reader
 * read a file many times over. `bytesRead` stays the underlying source's.
 */
export function budgetedSource(src: ByteSource, limits: Limits, format: FormatName): ByteSource {
  return src.readInto ? new BudgetedIntoSource(src, limits, format) : new BudgetedSource(src, limits, format);
}

/** A source that counts what is read from it against maxBytesRead. */
class BudgetedSource implements ByteSource {
  private used = 0;
  constructor(protected readonly src: ByteSource, private readonly limits: Limits, private readonly format: FormatName) {}
  get size(): number {
    return this.src.size;
  }
  get name(): string {
    return this.src.name;
  }
  get bytesRead(): number {
    return this.src.bytesRead;
  }
  protected spend(offset: number, length: number): void {
    const want = Math.max(0, Math.min(length, this.src.size - offset));
    if (this.used + want > this.limits.maxBytesRead) {
      throw new FormatError({
        code: 'LIMIT', format: this.format, offset, limit: 'maxBytesRead',
        message: `reading ${want} more bytes would read ${this.used + want} bytes of this input, over the limit maxBytesRead=${this.limits.maxBytesRead}`,
      });
    }
    this.used += want;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    this.spend(offset, length);
    return this.src.read(offset, length);
  }
  async close(): Promise<void> {
    await this.src.close?.();
  }
}

/** The same over a source that can read into the caller's buffer (large structures are then not read twice over). */
class BudgetedIntoSource extends BudgetedSource {
  async readInto(offset: number, target: Uint8Array): Promise<number> {
    this.spend(offset, target.length);
    return this.src.readInto!(offset, target);
  }
}
