/**
 * Async random access to bytes: a file handle, a buffer, a zip entry or a
 * CFB stream. Only this layer is async; decoding is synchronous over what a
 * step read (see cursor.ts).
 */
import { FormatError, type FormatName } from './errors.js';

export type ByteSource = {
  /** Total size in bytes. */
  readonly size: number;
  /** Name for messages (file path, `zip!entry`). */
  readonly name: string;
  /**
   * Read `length` bytes at `offset`. Returns fewer bytes only at the end of
   * the source. Never returns a view that the caller may not keep.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: read up to `target.length` bytes at `offset` into `target` (a
   * buffer the caller reuses) and resolve to the count read (fewer only at the
   * end). Streaming readers (audio measurement) use it to run in constant
   * memory instead of allocating a buffer per read.
   */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
  /** Bytes handed out so far (for the report's `bytesRead`). */
  readonly bytesRead: number;
  /** Release resources (file handles). Optional. */
  close?(): Promise<void>;
};

/** A ByteSource over bytes already in memory. */
export class BufferSource implements ByteSource {
  bytesRead = 0;
  readonly size: number;
  constructor(private readonly bytes: Uint8Array, readonly name = '<buffer>') {
    this.size = bytes.length;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    return this.readSync(offset, length);
  }
  readSync(offset: number, length: number): Uint8Array {
    const start = Math.max(0, Math.min(offset, this.size));
    const end = Math.max(start, Math.min(offset + Math.max(0, length), this.size));
    this.bytesRead += end - start;
    return this.bytes.subarray(start, end);
  }
}

/** A window [start, start+size) of another source. */
export class SliceSource implements ByteSource {
  private own = 0;
  constructor(
    private readonly parent: ByteSource,
    private readonly start: number,
    readonly size: number,
    readonly name = parent.name,
  ) {}
  get bytesRead(): number {
    return this.own;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const o = Math.max(0, Math.min(offset, this.size));
    const len = Math.max(0, Math.min(length, this.size - o));
    const out = await this.parent.read(this.start + o, len);
    this.own += out.length;
    return out;
  }
}

/** Read exactly `length` bytes or throw TRUNCATED naming the offset. */
export async function readExact(
  src: ByteSource,
  offset: number,
  length: number,
  format: FormatName,
  what = 'data',
): Promise<Uint8Array> {
  if (offset < 0 || length < 0 || offset + length > src.size) {
    throw new FormatError({
      code: 'TRUNCATED', format, offset, path: src.name,
      message: `${what} needs ${length} bytes at offset ${offset} but the input has ${src.size} bytes`,
    });
  }
  const b = await src.read(offset, length);
  if (b.length !== length) {
    throw new FormatError({
      code: 'TRUNCATED', format, offset, path: src.name,
      message: `${what}: read ${b.length} of ${length} bytes`,
    });
  }
  return b;
}

/** Wrap bytes as a ByteSource. */
export function fromBytes(bytes: Uint8Array | ArrayBuffer, name?: string): BufferSource {
  return new BufferSource(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), name);
}
