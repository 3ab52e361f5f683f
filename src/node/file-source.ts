/** ByteSource over a file on disk, opened read-only. */
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ByteSource } from '../io/byte-source.js';

export class FileSource implements ByteSource {
  bytesRead = 0;
  private constructor(private readonly fh: FileHandle, readonly size: number, readonly name: string) {}

  static async open(path: string): Promise<FileSource> {
    const fh = await open(path, 'r');
    const st = await fh.stat();
    return new FileSource(fh, st.size, path);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.size));
    const len = Math.max(0, Math.min(length, this.size - start));
    const buf = new Uint8Array(len);
    let got = 0;
    while (got < len) {
      const { bytesRead } = await this.fh.read(buf, got, len - got, start + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.bytesRead += got;
    return got === len ? buf : buf.subarray(0, got);
  }

  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const start = Math.max(0, Math.min(offset, this.size));
    const len = Math.max(0, Math.min(target.length, this.size - start));
    let got = 0;
    while (got < len) {
      const { bytesRead } = await this.fh.read(target, got, len - got, start + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.bytesRead += got;
    return got;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

/** openRelative for ReadOptions: opens files relative to `path`'s folder; null when absent. */
export function relativeOpener(path: string): (rel: string) => Promise<FileSource | null> {
  const dir = dirname(path);
  return async (rel: string) => {
    try {
      return await FileSource.open(resolve(dir, rel));
    } catch {
      return null;
    }
  };
}
