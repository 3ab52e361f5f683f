/**
 * ByteSource over a file on disk, opened read-only.
 *
 * Reads are positional reads (pread) done synchronously and handed back as
 * resolved promises. For a local disk a read of a few hundred kilobytes
 * takes microseconds, while an asynchronous read pays a round trip through
 * libuv's thread pool (about 0.1 ms) and the allocation churn that comes
 * with it: reading a folder of 65 small AAF exports took twice as long that
 * way. The event loop is blocked for no longer than one read; callers that
 * read from slow network mounts inside a server can ask for `{ async: true }`.
 */
import { Buffer } from 'node:buffer';
import { closeSync, fstatSync, openSync, read as readCallback, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ByteSource } from '../io/byte-source.js';
import { readCapacity, readView } from '../io/read-placement.js';

export type FileSourceOptions = {
  /** Read through the thread pool instead of synchronous positional reads (slow network mounts). */
  async?: boolean;
};

export class FileSource implements ByteSource {
  bytesRead = 0;
  private closed = false;
  private constructor(
    private readonly fd: number | null,
    private readonly fh: FileHandle | null,
    readonly size: number,
    readonly name: string,
  ) {}

  static async open(path: string, opts: FileSourceOptions = {}): Promise<FileSource> {
    if (opts.async) {
      const fh = await open(path, 'r');
      try {
        const st = await fh.stat();
        return new FileSource(null, fh, st.size, path);
      } catch (e) {
        await fh.close();
        throw e;
      }
    }
    const fd = openSync(path, 'r');
    try {
      return new FileSource(fd, null, fstatSync(fd).size, path);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.size));
    const len = Math.max(0, Math.min(length, this.size - start));
    // Large reads skip the zero-fill of a new array (the read overwrites it), and are placed where the copy
    // from the page cache is fastest (see readView); a short read clears the rest.
    const buf = len >= 65536 ? readView(unfilled(readCapacity(len)), start, len) : new Uint8Array(len);
    const got = await this.fill(buf, start, len);
    if (got === len) return buf;
    buf.fill(0, got);
    return buf.subarray(0, got);
  }

  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const start = Math.max(0, Math.min(offset, this.size));
    const len = Math.max(0, Math.min(target.length, this.size - start));
    return this.fill(target, start, len);
  }

  /** Read `len` bytes at `start` into the front of `buf`; fewer only when the file ends early. */
  private async fill(buf: Uint8Array, start: number, len: number): Promise<number> {
    if (this.fd !== null && len >= SPLIT_BYTES && READ_LANES > 1) return this.fillInParts(buf, start, len);
    let got = 0;
    while (got < len) {
      const n = this.fd !== null
        ? readSync(this.fd, buf, got, len - got, start + got)
        : (await this.fh!.read(buf, got, len - got, start + got)).bytesRead;
      if (n === 0) break;
      got += n;
    }
    this.bytesRead += got;
    return got;
  }

  /**
   * fill for a large read: parts of it read at once on the thread pool, one
   * per core (up to four). Most of such a read's time is the kernel faulting
   * in the new buffer's pages as it copies, and that work spreads over the
   * cores: a 30 MB file read into a new buffer took 25 ms in one read and
   * 15 ms in two on a 2-core machine. Parts start on 64 KiB boundaries.
   */
  private async fillInParts(buf: Uint8Array, start: number, len: number): Promise<number> {
    const fd = this.fd!;
    const step = Math.ceil(len / READ_LANES / 65536) * 65536;
    const parts: Array<Promise<number>> = [];
    for (let from = 0; from < len; from += step) {
      const n = Math.min(step, len - from);
      parts.push(readRange(fd, buf, from, n, start + from));
    }
    const got = await Promise.all(parts);
    // What was read up to the first part the end of the file cut short.
    let total = 0;
    for (let k = 0; k < got.length; k++) {
      total += got[k];
      if (got[k] < Math.min(step, len - k * step)) break;
    }
    this.bytesRead += total;
    return total;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.fd !== null) closeSync(this.fd);
    else await this.fh!.close();
  }
}

/** Reads at least this long are read in parts at once (see fillInParts). */
const SPLIT_BYTES = 8 * 1024 * 1024;
const READ_LANES = Math.min(4, availableParallelism());

/** `n` bytes at file offset `pos` into `buf` from `at`, through the thread pool; fewer only at the end of the file. */
function readRange(fd: number, buf: Uint8Array, at: number, n: number, pos: number): Promise<number> {
  return new Promise((done, fail) => {
    let got = 0;
    const next = (): void => {
      readCallback(fd, buf, at + got, n - got, pos + got, (err, k) => {
        if (err) return fail(err);
        got += k;
        if (k === 0 || got === n) done(got);
        else next();
      });
    };
    next();
  });
}

/**
 * openRelative for ReadOptions: opens files relative to `path`'s folder; null
 * when absent or not a regular file. Absence is found by a stat that does not
 * throw: a session's media are often not beside it, and a reader tries several
 * paths for each (an open that fails costs an exception: 13 to 26 µs on the
 * development machine, against 3 to 6 µs for a stat); a missing folder is
 * found once.
 */
export function relativeOpener(path: string): (rel: string) => Promise<FileSource | null> {
  const dir = dirname(path);
  // Whether each folder asked about exists, for this opener's life (one read): the media of a
  // session usually share one or two folders, so a missing folder is found once, not per file.
  const folders = new Map<string, boolean>();
  const folderExists = (d: string): boolean => {
    let known = folders.get(d);
    if (known === undefined) {
      known = !!statSync(d, { throwIfNoEntry: false })?.isDirectory();
      folders.set(d, known);
    }
    return known;
  };
  return async (rel: string) => {
    const full = resolve(dir, rel);
    try {
      if (!folderExists(dirname(full)) || !statSync(full, { throwIfNoEntry: false })?.isFile()) return null;
      return await FileSource.open(full);
    } catch {
      return null;
    }
  };
}

/** A Uint8Array of `n` bytes over memory that is not zeroed first (a plain Uint8Array, not a Buffer: slice() copies). */
function unfilled(n: number): Uint8Array {
  const b = Buffer.allocUnsafeSlow(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
}
