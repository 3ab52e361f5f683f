/**
 * A zip entry as a ByteSource: stored entries are a window of the archive;
 * deflated entries are inflated with fflate's streaming `Inflate`, only as far
 * as the reader has asked, with bounds on inflated size and ratio (zip bombs).
 */
import type { Inflate } from 'fflate';
import { readExact, type ByteSource } from '../../io/byte-source.js';
import { FormatError } from '../../io/errors.js';
import { lazyModule } from '../../io/lazy-module.js';
import { DECLARED_SIZE_LIMIT, type Limits } from '../../io/limits.js';
import {
  LOCAL_HEADER, LOCAL_HEADER_SIZE, METHOD_DEFLATED, METHOD_STORED, SIG_LOCAL, minimumExtent, type ZipEntry,
} from './central-directory.js';
import { crc32 } from './text.js';

/** What entry sources share with their archive. */
export type EntryContext = {
  archive: ByteSource;
  /** Name of the archive for `zip!entry` paths. */
  path: string;
  limits: Limits;
  /** Where entry data must end (the central directory). */
  dataEnd: number;
  /** Counts inflated bytes over the whole archive (for the report). */
  onInflated(n: number): void;
  onLocalNameMismatch(entry: ZipEntry): void;
  /** Inflated bytes kept for backward reads (default RETAIN_BYTES). */
  retainBytes?: number;
};

/**
 * Compressed bytes pushed to the inflater at once: small first (headers;
 * deflate reaches ~1032:1, so 4 KiB can become 4 MiB), growing for whole files.
 */
const FIRST_CHUNK = 4 * 1024;
const MAX_CHUNK = 1024 * 1024;
/**
 * The ratio is only judged once this much has been inflated: digital silence
 * deflates at ~1000:1 too, and reading a silent WAV's header must not look like a bomb.
 */
const RATIO_GRACE = 32 * 1024 * 1024;
/** Inflated bytes kept for backward reads before restarting from the entry's start. */
export const RETAIN_BYTES = 64 * 1024 * 1024;

function entryError(ctx: EntryContext, entry: ZipEntry, code: FormatError['code'], offset: number | null, message: string, limit?: string): FormatError {
  return new FormatError({ code, format: 'zip', offset, path: `${ctx.path}!${entry.name}`, message, limit });
}

/** Absolute offset of an entry's data, after checking its local header (APPNOTE 4.3.7). */
async function dataOffsetOf(ctx: EntryContext, entry: ZipEntry): Promise<number> {
  const at = entry.localHeaderOffset;
  const bytes = await readExact(ctx.archive, at, LOCAL_HEADER_SIZE, 'zip', `local header of '${entry.name}'`);
  const h = LOCAL_HEADER.parse(bytes, at, ctx.path);
  if (h.signature !== SIG_LOCAL) {
    throw entryError(ctx, entry, 'BAD_MAGIC', at, `no local file header at ${at} (signature 0x${h.signature.toString(16)})`);
  }
  if (h.nameLength !== entry.nameLength) ctx.onLocalNameMismatch(entry);
  const start = at + LOCAL_HEADER_SIZE + h.nameLength + h.extraLength;
  if (start + entry.compressedSize > ctx.dataEnd) {
    throw entryError(ctx, entry, 'TRUNCATED', at,
      `data of ${entry.compressedSize} bytes at ${start} runs past ${ctx.dataEnd} (the central directory or the end of the archive)`);
  }
  return start;
}

function clampRange(size: number, offset: number, length: number): [number, number] {
  const start = Math.max(0, Math.min(offset, size));
  return [start, Math.max(start, Math.min(start + Math.max(0, length), size))];
}

/** A stored entry: a window of the archive, found through its local header on first read. */
class StoredEntrySource implements ByteSource {
  bytesRead = 0;
  readonly size: number;
  readonly name: string;
  private start: Promise<number> | null = null;
  constructor(private readonly ctx: EntryContext, private readonly entry: ZipEntry) {
    this.size = entry.size;
    this.name = `${ctx.path}!${entry.name}`;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const [from, to] = clampRange(this.size, offset, length);
    if (to === from) return new Uint8Array(0);
    this.start ??= dataOffsetOf(this.ctx, this.entry);
    const base = await this.start;
    const out = await this.ctx.archive.read(base + from, to - from);
    this.bytesRead += out.length;
    return out;
  }
}

type Chunk = { start: number; data: Uint8Array };

/**
 * fflate, loaded the first time an entry is inflated: its module builds its
 * Huffman tables when it is evaluated (10 to 20 ms in a new process), which a
 * program that reads no deflated entry should not pay at import.
 */
const inflateModule = lazyModule(() => import('fflate'));

/** A deflated entry, inflated lazily and sequentially; backward reads before the kept window restart it. */
class InflatedEntrySource implements ByteSource {
  bytesRead = 0;
  readonly size: number;
  readonly name: string;
  private dataStart: Promise<number> | null = null;
  private inflater: Inflate | null = null;
  private consumed = 0;
  private produced = 0;
  private chunkSize = FIRST_CHUNK;
  private chunks: Chunk[] = [];
  private kept = 0;
  private finished = false;
  private crc = 0;
  private failure: FormatError | null = null;
  /** Start of the read in progress: chunks from here on are not evicted until it is copied out. */
  private pinFrom = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: EntryContext, private readonly entry: ZipEntry) {
    this.size = entry.size;
    this.name = `${ctx.path}!${entry.name}`;
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    // Reads share one inflater; serialise them.
    const next = this.queue.then(() => this.readNow(offset, length));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readNow(offset: number, length: number): Promise<Uint8Array> {
    const [from, to] = clampRange(this.size, offset, length);
    if (to === from) return new Uint8Array(0);
    if (this.inflater === null || from < (this.chunks[0]?.start ?? this.produced)) this.restart((await inflateModule()).Inflate);
    this.pinFrom = from;
    while (this.produced < to) {
      if (this.finished) {
        throw entryError(this.ctx, this.entry, 'TRUNCATED', this.entry.localHeaderOffset,
          `inflates to ${this.produced} bytes but the directory declares ${this.size}`);
      }
      await this.pump();
    }
    const out = this.copyOut(from, to);
    this.pinFrom = to;
    this.evict();
    this.bytesRead += out.length;
    return out;
  }

  private restart(Inflater: typeof Inflate): void {
    this.chunks = [];
    this.kept = 0;
    this.consumed = 0;
    this.produced = 0;
    this.finished = false;
    this.crc = 0;
    this.chunkSize = FIRST_CHUNK;
    this.inflater = new Inflater((data, final) => this.accept(data, final));
  }

  private accept(data: Uint8Array, final: boolean): void {
    const { limits } = this.ctx;
    if (this.failure) return;
    if (data.length > 0) {
      const start = this.produced;
      this.produced += data.length;
      this.ctx.onInflated(data.length);
      if (this.produced > this.size) {
        this.failure = entryError(this.ctx, this.entry, 'LIMIT', this.entry.localHeaderOffset,
          `inflates past its declared size of ${this.size} bytes`, DECLARED_SIZE_LIMIT);
        return;
      }
      if (this.produced > limits.maxInflatedBytes) {
        this.failure = entryError(this.ctx, this.entry, 'LIMIT', this.entry.localHeaderOffset,
          `inflated ${this.produced} bytes, over the limit maxInflatedBytes=${limits.maxInflatedBytes}`, 'maxInflatedBytes');
        return;
      }
      if (this.produced > RATIO_GRACE && this.produced / Math.max(1, this.consumed) > limits.maxInflateRatio) {
        this.failure = entryError(this.ctx, this.entry, 'LIMIT', this.entry.localHeaderOffset,
          `inflates ${Math.round(this.produced / Math.max(1, this.consumed))}:1, over the limit maxInflateRatio=${limits.maxInflateRatio} (a zip bomb?)`, 'maxInflateRatio');
        return;
      }
      this.crc = crc32(data, this.crc);
      this.chunks.push({ start, data });
      this.kept += data.length;
      this.evict();
    }
    if (final) this.finished = true;
  }

  private async pump(): Promise<void> {
    this.dataStart ??= dataOffsetOf(this.ctx, this.entry);
    const base = await this.dataStart;
    const left = this.entry.compressedSize - this.consumed;
    if (left <= 0) {
      throw entryError(this.ctx, this.entry, 'TRUNCATED', base + this.consumed,
        `the deflate stream ends before its last block (${this.produced} of ${this.size} bytes inflated)`);
    }
    const n = Math.min(left, this.chunkSize);
    const input = await readExact(this.ctx.archive, base + this.consumed, n, 'zip', `data of '${this.entry.name}'`);
    this.consumed += n;
    this.chunkSize = Math.min(MAX_CHUNK, this.chunkSize * 2);
    try {
      this.inflater!.push(input, this.consumed === this.entry.compressedSize);
    } catch (e) {
      if (this.failure) throw this.failure;
      throw entryError(this.ctx, this.entry, 'BAD_MAGIC', base + this.consumed - n, `invalid deflate data: ${(e as Error).message}`);
    }
    if (this.failure) {
      const f = this.failure;
      this.failure = null;
      this.inflater = null;
      throw f;
    }
    if (this.finished) this.checkEnd(base);
  }

  private checkEnd(base: number): void {
    if (this.produced !== this.size) {
      throw entryError(this.ctx, this.entry, 'TRUNCATED', base,
        `inflates to ${this.produced} bytes but the directory declares ${this.size}`);
    }
    if (this.crc !== this.entry.crc32) {
      throw entryError(this.ctx, this.entry, 'BAD_MAGIC', this.entry.centralHeaderOffset,
        `CRC-32 0x${this.crc.toString(16)} differs from the stored 0x${this.entry.crc32.toString(16)}: the entry is corrupt`);
    }
  }

  /** Drop the oldest inflated chunks beyond the window, never those the read in progress still needs. */
  private evict(): void {
    const retain = this.ctx.retainBytes ?? RETAIN_BYTES;
    while (this.kept > retain && this.chunks.length > 1 && this.chunks[0].start + this.chunks[0].data.length <= this.pinFrom) {
      this.kept -= this.chunks.shift()!.data.length;
    }
  }

  private copyOut(from: number, to: number): Uint8Array {
    const out = new Uint8Array(to - from);
    for (const c of this.chunks) {
      const cEnd = c.start + c.data.length;
      if (cEnd <= from || c.start >= to) continue;
      const s = Math.max(from, c.start);
      const e = Math.min(to, cEnd);
      out.set(c.data.subarray(s - c.start, e - c.start), s - from);
    }
    return out;
  }
}

/**
 * A ByteSource over one entry's uncompressed bytes. Throws UNSUPPORTED for
 * encrypted entries and methods other than stored and deflated.
 */
export function entrySource(ctx: EntryContext, entry: ZipEntry): ByteSource {
  const path = `${ctx.path}!${entry.name}`;
  if (entry.encrypted) {
    throw new FormatError({ code: 'UNSUPPORTED', format: 'zip', offset: entry.centralHeaderOffset, path, message: 'the entry is encrypted; it is reported, not read' });
  }
  if (entry.isDirectory) {
    throw new FormatError({ code: 'UNSUPPORTED', format: 'zip', offset: entry.centralHeaderOffset, path, message: 'the entry is a folder' });
  }
  if (entry.localHeaderOffset + minimumExtent(entry) > ctx.dataEnd) {
    throw new FormatError({ code: 'TRUNCATED', format: 'zip', offset: entry.localHeaderOffset, path, message: `the entry runs past ${ctx.dataEnd}` });
  }
  if (entry.method === METHOD_STORED) {
    if (entry.compressedSize !== entry.size) {
      throw new FormatError({
        code: 'BAD_MAGIC', format: 'zip', offset: entry.centralHeaderOffset, path,
        message: `stored entry declares ${entry.compressedSize} stored bytes but ${entry.size} uncompressed`,
      });
    }
    return new StoredEntrySource(ctx, entry);
  }
  if (entry.method === METHOD_DEFLATED) return new InflatedEntrySource(ctx, entry);
  throw new FormatError({
    code: 'UNSUPPORTED', format: 'zip', offset: entry.centralHeaderOffset, path,
    message: `compression method ${entry.method} is not supported (stored and deflated are)`,
  });
}
