/**
 * A ByteSource over a browser File/Blob: each read slices the Blob, so a
 * multi-gigabyte AAF or WAV dropped on the page is read in the pieces the
 * readers ask for, never loaded whole (and never leaves the machine).
 */
import type { ByteSource } from '../../../src/index.js';

export class BlobSource implements ByteSource {
  bytesRead = 0;
  readonly size: number;
  constructor(private readonly blob: Blob, readonly name: string) {
    this.size = blob.size;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.size));
    const end = Math.max(start, Math.min(offset + Math.max(0, length), this.size));
    const bytes = new Uint8Array(await this.blob.slice(start, end).arrayBuffer());
    this.bytesRead += bytes.length;
    return bytes;
  }
}
