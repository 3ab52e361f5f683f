/**
 * RIFF / RF64 / BW64 chunk walk (EBU Tech 3306, ITU-R BS.2088): the chunk
 * list with absolute offsets and real sizes, never the payloads.
 */
import type { ByteSource } from '../../io/byte-source.js';
import { readExact } from '../../io/byte-source.js';
import { Cursor } from '../../io/cursor.js';
import { FormatError } from '../../io/errors.js';
import { fixedLayout, Parser } from '../../io/fixed.js';
import { checkLimit, SAFE_INTEGER_LIMIT, type Deadline, type Limits } from '../../io/limits.js';
import type { Diagnostic } from '../../model/session.js';

export type Container = 'RIFF' | 'RF64' | 'BW64';

export type RiffChunk = {
  /** Four-character id as stored ("fmt ", "data", "iXML"). */
  id: string;
  /** Absolute offset of the 8-byte chunk header. */
  offset: number;
  /** Real payload size in bytes (from ds64 when the header holds 0xFFFFFFFF). */
  size: number;
  /** Absolute offset of the payload (offset + 8). */
  dataOffset: number;
};

export type Ds64 = {
  riffSize: number;
  dataSize: number;
  sampleCount: number;
  /** Sizes of other chunks whose header holds 0xFFFFFFFF. */
  table: Array<{ id: string; size: number }>;
};

export type RiffLayout = {
  container: Container;
  /** RIFF size as the file states it (from ds64 for RF64/BW64). */
  riffSize: number;
  chunks: RiffChunk[];
  ds64: Ds64 | null;
};

/** The 32-bit size that RF64/BW64 writers store when the real size is in ds64. */
export const RF64_PLACEHOLDER = 0xffffffff;

/** Chunks the reader decodes: a truncated one of these is fatal, others are reported and skipped. */
const DECODED_CHUNKS = new Set(['fmt ', 'ds64', 'bext', 'iXML', 'data']);

/** Bytes read at once while walking chunk headers: the header chunks of a WAV fit; the audio is not pulled in. */
const HEADER_WINDOW = 4096;

type Ds64Fixed = {
  riffLow: number; riffHigh: number; dataLow: number; dataHigh: number;
  countLow: number; countHigh: number; tableLength: number;
};

// EBU Tech 3306 §3: riffSize, dataSize, sampleCount as 64-bit little-endian values, then the table length.
const DS64_FIXED = fixedLayout<Ds64Fixed>('wav', 'ds64 chunk', 28, new Parser()
  .uint32le('riffLow').uint32le('riffHigh')
  .uint32le('dataLow').uint32le('dataHigh')
  .uint32le('countLow').uint32le('countHigh')
  .uint32le('tableLength'));

function ascii4(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}

/** True when the four bytes are printable ASCII, as every registered RIFF id is. */
function isChunkId(b: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 4; i++) if (b[i] < 0x20 || b[i] > 0x7e) return false;
  return true;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** A 64-bit value from two 32-bit halves, refused when it is not a safe integer (no real file is 8 PiB). */
function u64(low: number, high: number, what: string, offset: number, path: string): number {
  const v = high * 0x1_0000_0000 + low;
  if (!Number.isSafeInteger(v)) {
    throw new FormatError({ code: 'LIMIT', format: 'wav', offset, path, limit: SAFE_INTEGER_LIMIT, message: `${what} ${v} is beyond 2^53 bytes` });
  }
  return v;
}

/** Reads chunk headers through a window so that a walk over many small chunks is not one read per chunk. */
class HeaderReader {
  private windowStart = -1;
  private window: Uint8Array = new Uint8Array(0);
  constructor(private readonly src: ByteSource) {}
  async header(offset: number): Promise<Uint8Array> {
    if (this.windowStart < 0 || offset < this.windowStart || offset + 8 > this.windowStart + this.window.length) {
      this.window = await this.src.read(offset, Math.min(HEADER_WINDOW, this.src.size - offset));
      this.windowStart = offset;
    }
    const at = offset - this.windowStart;
    return this.window.subarray(at, at + 8);
  }
}

async function readDs64(src: ByteSource, chunkOffset: number, size: number, limits: Limits): Promise<Ds64> {
  const path = src.name;
  if (size < 28) {
    throw new FormatError({
      code: 'TRUNCATED', format: 'wav', offset: chunkOffset, path,
      message: `ds64 chunk is ${size} bytes; it needs at least 28 (riffSize, dataSize, sampleCount, table length)`,
    });
  }
  const payloadOffset = chunkOffset + 8;
  const bytes = await readExact(src, payloadOffset, Math.min(size, 28), 'wav', 'ds64 chunk');
  const f = DS64_FIXED.parse(bytes, payloadOffset, path);
  const table: Ds64['table'] = [];
  if (f.tableLength > 0) {
    checkLimit(limits, 'maxEntries', f.tableLength, 'wav', payloadOffset + 24, 'ds64 table length');
    const tableBytes = f.tableLength * 12;
    if (28 + tableBytes > size) {
      throw new FormatError({
        code: 'TRUNCATED', format: 'wav', offset: payloadOffset + 24, path,
        message: `ds64 table of ${f.tableLength} entries needs ${tableBytes} bytes but the chunk has ${size - 28} after its fixed part`,
      });
    }
    const c = new Cursor(await readExact(src, payloadOffset + 28, tableBytes, 'wav', 'ds64 table'), payloadOffset + 28, 'wav', true, path);
    for (let i = 0; i < f.tableLength; i++) table.push({ id: c.latin1(4), size: c.u64() });
  }
  return {
    riffSize: u64(f.riffLow, f.riffHigh, 'ds64 riffSize', payloadOffset, path),
    dataSize: u64(f.dataLow, f.dataHigh, 'ds64 dataSize', payloadOffset + 8, path),
    sampleCount: u64(f.countLow, f.countHigh, 'ds64 sampleCount', payloadOffset + 16, path),
    table,
  };
}

function realSize(
  id: string, stored: number, offset: number, layout: RiffLayout, path: string,
): number {
  if (stored !== RF64_PLACEHOLDER) return stored;
  if (layout.container === 'RIFF') {
    throw new FormatError({
      code: 'TRUNCATED', format: 'wav', offset, path,
      message: `chunk '${id}' has the RF64 placeholder size 0xFFFFFFFF in a plain RIFF file (no ds64 holds its real size): the file was not finalised`,
    });
  }
  const ds64 = layout.ds64!;
  if (id === 'data') return ds64.dataSize;
  const entry = ds64.table.find((t) => t.id === id);
  if (!entry) {
    throw new FormatError({
      code: 'TRUNCATED', format: 'wav', offset, path,
      message: `chunk '${id}' has size 0xFFFFFFFF but the ds64 table has no entry for it`,
    });
  }
  return entry.size;
}

/**
 * Walk the chunks of a RIFF/RF64/BW64 WAVE file: ids, absolute offsets, real
 * sizes. Pad bytes after odd-sized chunks are skipped; unknown chunks are
 * kept by name. Non-fatal oddities go to `diagnostics`.
 */
export async function walkRiff(
  src: ByteSource, limits: Limits, diagnostics: Diagnostic[], deadline?: Deadline,
): Promise<RiffLayout> {
  const path = src.name;
  const head = await readExact(src, 0, 12, 'wav', 'RIFF header');
  const magic = ascii4(head, 0);
  if (magic !== 'RIFF' && magic !== 'RF64' && magic !== 'BW64') {
    throw new FormatError({ code: 'BAD_MAGIC', format: 'wav', offset: 0, path, message: `expected RIFF, RF64 or BW64, found '${magic}'` });
  }
  if (ascii4(head, 8) !== 'WAVE') {
    throw new FormatError({ code: 'BAD_MAGIC', format: 'wav', offset: 8, path, message: `expected form type WAVE, found '${ascii4(head, 8)}'` });
  }
  const layout: RiffLayout = {
    container: magic,
    riffSize: new DataView(head.buffer, head.byteOffset, 12).getUint32(4, true),
    chunks: [],
    ds64: null,
  };
  const reader = new HeaderReader(src);
  let riffEnd = layout.riffSize + 8;
  let pos = 12;
  let sawFmt = false;
  let sawData = false;
  while (pos < src.size) {
    deadline?.check(pos);
    if (src.size - pos < 8) {
      diagnostics.push({ code: 'wav/trailing-bytes', severity: 'info', offset: pos, message: `${src.size - pos} bytes after the last chunk are too few for a chunk header` });
      break;
    }
    const h = await reader.header(pos);
    if (!isChunkId(h, 0)) {
      if (pos >= riffEnd || (sawFmt && sawData)) {
        diagnostics.push({
          code: 'wav/trailing-bytes', severity: pos >= riffEnd ? 'info' : 'warning', offset: pos,
          message: `${src.size - pos} bytes at ${hex(pos)} are not a chunk; the walk stops there`,
        });
        break;
      }
      throw new FormatError({ code: 'BAD_MAGIC', format: 'wav', offset: pos, path, message: `no chunk id at ${hex(pos)} (bytes ${Array.from(h.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')})` });
    }
    const id = ascii4(h, 0);
    const stored = new DataView(h.buffer, h.byteOffset, 8).getUint32(4, true);
    checkLimit(limits, 'maxEntries', layout.chunks.length + 1, 'wav', pos, 'chunk count');
    if (layout.chunks.length === 0 && layout.container !== 'RIFF') {
      // EBU Tech 3306 §3.3: ds64 must be the first chunk of an RF64 file; without it no size can be trusted.
      if (id !== 'ds64') {
        throw new FormatError({ code: 'BAD_MAGIC', format: 'wav', offset: pos, path, message: `${layout.container} file without a ds64 chunk: the first chunk is '${id}'` });
      }
      layout.ds64 = await readDs64(src, pos, stored, limits);
      if (layout.riffSize === RF64_PLACEHOLDER || layout.riffSize < layout.ds64.riffSize) layout.riffSize = layout.ds64.riffSize;
      riffEnd = layout.riffSize + 8;
    } else if (id === 'ds64' && layout.container === 'RIFF') {
      diagnostics.push({ code: 'wav/ds64-in-riff', severity: 'warning', offset: pos, message: 'a ds64 chunk in a plain RIFF file is ignored' });
    }
    const size = realSize(id, stored, pos, layout, path);
    const end = pos + 8 + size;
    if (end > src.size) {
      if (DECODED_CHUNKS.has(id)) {
        throw new FormatError({
          code: 'TRUNCATED', format: 'wav', offset: pos, path,
          message: `chunk '${id}' at ${hex(pos)} claims ${size} bytes but the file ends ${src.size - pos - 8} bytes after its header`,
        });
      }
      diagnostics.push({ code: 'wav/truncated-chunk', severity: 'warning', offset: pos, message: `chunk '${id}' claims ${size} bytes but the file ends ${src.size - pos - 8} bytes after its header; it is skipped` });
      layout.chunks.push({ id, offset: pos, size: src.size - pos - 8, dataOffset: pos + 8 });
      break;
    }
    layout.chunks.push({ id, offset: pos, size, dataOffset: pos + 8 });
    if (id === 'fmt ') sawFmt = true;
    if (id === 'data') sawData = true;
    const next = end + (size & 1);
    if (next > src.size) {
      diagnostics.push({ code: 'wav/missing-pad', severity: 'info', offset: end, message: `chunk '${id}' has an odd size and the file ends before its pad byte` });
      break;
    }
    pos = next;
  }
  if (layout.container === 'RIFF' && riffEnd !== src.size) {
    diagnostics.push({
      code: 'wav/riff-size', severity: 'info', offset: 4,
      message: `the RIFF size says the file is ${riffEnd} bytes; it is ${src.size}`,
    });
  }
  return layout;
}

/** The first chunk with this id, or null. */
export function findChunk(layout: RiffLayout, id: string): RiffChunk | null {
  return layout.chunks.find((c) => c.id === id) ?? null;
}
