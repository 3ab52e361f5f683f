/**
 * The archive seen through the bytes of its end that were already read to
 * find the central directory: reads inside them are served again without
 * reading (the whole of a small package, the directory of most).
 */
import type { ByteSource } from '../../io/byte-source.js';

export class TailCachedSource implements ByteSource {
  bytesRead = 0;
  readonly size: number;
  readonly name: string;
  private tail: Uint8Array = new Uint8Array(0);
  private tailStart: number;

  constructor(private readonly inner: ByteSource) {
    this.size = inner.size;
    this.name = inner.name;
    this.tailStart = inner.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const from = Math.max(0, Math.min(offset, this.size));
    const to = Math.max(from, Math.min(from + Math.max(0, length), this.size));
    if (from >= this.tailStart) {
      this.bytesRead += to - from;
      return this.tail.subarray(from - this.tailStart, to - this.tailStart);
    }
    const out = await this.inner.read(from, to - from);
    this.bytesRead += out.length;
    // Keep the longest run read up to the end of the archive.
    if (to === this.size && out.length === to - from) {
      this.tail = out;
      this.tailStart = from;
    }
    return out;
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
