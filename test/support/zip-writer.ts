/**
 * A small zip writer for tests and benchmarks (PKWARE APPNOTE 6.3.x): stored
 * and deflated entries, data descriptors, ZIP64, UTF-8 and CP437 names, and
 * knobs for hostile archives (lying sizes, overlapping entries, traversal
 * names, truncated central directories). Large archives are written as
 * pieces at offsets so a benchmark can make a sparse file of any size.
 */
import { deflateSync } from 'fflate';
import { crc32, encodeCp437 } from '../../src/formats/zip/text.js';
import { concatAll } from './bytes.js';

export type ZipWriterEntry = {
  name: string;
  /** Raw name bytes (overrides the encoding of `name`). */
  rawName?: Uint8Array;
  data?: Uint8Array;
  /**
   * Sparse content: `data` (if any) followed by zeros up to this size. Only
   * for stored entries; the zeros are not written (a hole in the file).
   */
  sparseSize?: number;
  method?: 'stored' | 'deflated';
  /** Flag bit 11; default: set when the name is not ASCII. When clear, the name is written in CP437. */
  utf8?: boolean;
  dataDescriptor?: boolean;
  /** ZIP64 extra fields for this entry even if small. */
  zip64?: boolean;
  directory?: boolean;
  /** Flag bit 0 (the data is not really encrypted). */
  encrypted?: boolean;
  /** Lie about the uncompressed size (zip bombs, corrupt archives). */
  declaredSize?: number;
  /** Central-directory local header offset override (overlapping entries). */
  localOffset?: number;
  /** Reuse the local header and data of an earlier entry (by index): overlapping-entry bombs. */
  sameDataAs?: number;
  crc?: number;
  /** Info-ZIP Unicode Path extra field (0x7075) carrying this name. */
  unicodePath?: string;
  /** Unix symlink (version made by Unix, mode 0120777). */
  symlink?: boolean;
};

export type ZipWriterOptions = {
  /** ZIP64 end records even if not needed. */
  zip64?: boolean;
  comment?: string;
  /** Bytes before the archive (self-extractor stub); offsets are written as if it were absent. */
  prefix?: Uint8Array;
  /** Leave out this many trailing bytes of the central directory (the end record still claims them). */
  truncateCentral?: number;
  /** Claim this many entries in the end record. */
  claimEntries?: number;
};

export type Piece = { offset: number; bytes: Uint8Array };
export type ZipLayout = { size: number; pieces: Piece[]; entries: Array<{ name: string; localOffset: number; dataOffset: number; size: number }> };

const te = new TextEncoder();

function u16(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff];
}
function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}
function u64(n: number): number[] {
  return [...u32(n % 2 ** 32), ...u32(Math.floor(n / 2 ** 32))];
}

/** CRC-32 after appending `n` zero bytes to data whose CRC is `crc` (GF(2) matrix powers, so 10 GB costs microseconds). */
export function crc32AppendZeros(crc: number, n: number): number {
  const times = (mat: Uint32Array, vec: number): number => {
    let sum = 0;
    for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i];
    return sum >>> 0;
  };
  const square = (mat: Uint32Array): Uint32Array => {
    const out = new Uint32Array(32);
    for (let i = 0; i < 32; i++) out[i] = times(mat, mat[i]);
    return out;
  };
  // Operator for one zero bit on the reflected register.
  let op: Uint32Array = new Uint32Array(32);
  op[0] = 0xedb88320;
  for (let i = 1; i < 32; i++) op[i] = 1 << (i - 1);
  let reg = ~crc >>> 0;
  let bits = BigInt(n) * 8n;
  while (bits > 0n) {
    if (bits & 1n) reg = times(op, reg);
    op = square(op);
    bits >>= 1n;
  }
  return ~reg >>> 0;
}

function encodeName(e: ZipWriterEntry): { bytes: Uint8Array; utf8: boolean } {
  if (e.rawName) return { bytes: e.rawName, utf8: e.utf8 ?? false };
  const name = e.directory && !e.name.endsWith('/') ? `${e.name}/` : e.name;
  const ascii = /^[\x20-\x7e]*$/.test(name);
  const utf8 = e.utf8 ?? !ascii;
  if (utf8) return { bytes: te.encode(name), utf8: true };
  const cp = encodeCp437(name);
  if (!cp) throw new Error(`'${name}' has no CP437 encoding`);
  return { bytes: cp, utf8: false };
}

type Prepared = {
  e: ZipWriterEntry; name: Uint8Array; flags: number; method: number; crc: number;
  size: number; declared: number; compressed: Uint8Array | null; compressedSize: number; zip64: boolean;
};

function prepare(e: ZipWriterEntry): Prepared {
  const { bytes: name, utf8 } = encodeName(e);
  const data = e.data ?? new Uint8Array(0);
  const size = e.sparseSize ?? data.length;
  const method = e.directory ? 0 : e.method === 'deflated' ? 8 : 0;
  if (e.sparseSize !== undefined && method !== 0) throw new Error('sparse entries are stored');
  const compressed = method === 8 ? deflateSync(data) : data;
  const compressedSize = method === 8 ? compressed.length : size;
  const crc = e.crc ?? (e.sparseSize !== undefined ? crc32AppendZeros(crc32(data), size - data.length) : crc32(data));
  let flags = 0;
  if (utf8) flags |= 1 << 11;
  if (e.dataDescriptor) flags |= 1 << 3;
  if (e.encrypted) flags |= 1;
  const declared = e.declaredSize ?? size;
  return {
    e, name, flags, method, crc, size, declared, compressed, compressedSize,
    zip64: e.zip64 === true || declared >= 0xffffffff || compressedSize >= 0xffffffff,
  };
}

function localHeader(p: Prepared): Uint8Array {
  const dd = p.e.dataDescriptor === true;
  const extra = p.zip64 ? [...u16(1), ...u16(16), ...u64(dd ? 0 : p.declared), ...u64(dd ? 0 : p.compressedSize)] : [];
  const sizeField = (v: number): number => (p.zip64 ? 0xffffffff : dd ? 0 : v);
  return new Uint8Array([
    ...u32(0x04034b50), ...u16(p.zip64 ? 45 : 20), ...u16(p.flags), ...u16(p.method), ...u16(0x6000), ...u16(0x5a21),
    ...u32(dd ? 0 : p.crc), ...u32(sizeField(p.compressedSize)), ...u32(sizeField(p.declared)),
    ...u16(p.name.length), ...u16(extra.length), ...p.name, ...extra,
  ]);
}

function dataDescriptor(p: Prepared): Uint8Array {
  return new Uint8Array([
    ...u32(0x08074b50), ...u32(p.crc),
    ...(p.zip64 ? [...u64(p.compressedSize), ...u64(p.declared)] : [...u32(p.compressedSize), ...u32(p.declared)]),
  ]);
}

function centralHeader(p: Prepared, localOffset: number): Uint8Array {
  const bigOffset = p.zip64 || localOffset >= 0xffffffff;
  const z: number[] = [];
  if (p.zip64) z.push(...u64(p.declared), ...u64(p.compressedSize));
  if (bigOffset) z.push(...u64(localOffset));
  const extra: number[] = z.length ? [...u16(1), ...u16(z.length), ...z] : [];
  if (p.e.unicodePath !== undefined) {
    const u = te.encode(p.e.unicodePath);
    extra.push(...u16(0x7075), ...u16(5 + u.length), 1, ...u32(crc32(p.name)), ...u);
  }
  const external = p.e.symlink ? (0o120777 << 16) >>> 0 : p.e.directory ? 0x10 : 0;
  return new Uint8Array([
    ...u32(0x02014b50), ...u16(p.e.symlink ? 0x031e : 0x0014), ...u16(p.zip64 ? 45 : 20), ...u16(p.flags), ...u16(p.method),
    ...u16(0x6000), ...u16(0x5a21), ...u32(p.crc),
    ...u32(p.zip64 ? 0xffffffff : p.compressedSize), ...u32(p.zip64 ? 0xffffffff : p.declared),
    ...u16(p.name.length), ...u16(extra.length), ...u16(0), ...u16(0), ...u16(0), ...u32(external),
    ...u32(bigOffset ? 0xffffffff : localOffset), ...p.name, ...extra,
  ]);
}

function endRecords(count: number, cdOffset: number, cdSize: number, opts: ZipWriterOptions): Uint8Array {
  const zip64 = opts.zip64 === true || count >= 0xffff || cdOffset >= 0xffffffff || cdOffset + cdSize >= 0xffffffff;
  const out: number[] = [];
  const claim = opts.claimEntries ?? count;
  if (zip64) {
    const recordOffset = cdOffset + cdSize;
    out.push(
      ...u32(0x06064b50), ...u64(44), ...u16(45), ...u16(45), ...u32(0), ...u32(0),
      ...u64(claim), ...u64(claim), ...u64(cdSize), ...u64(cdOffset),
      ...u32(0x07064b50), ...u32(0), ...u64(recordOffset), ...u32(1),
    );
  }
  const comment = te.encode(opts.comment ?? '');
  out.push(
    ...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(zip64 ? 0xffff : claim), ...u16(zip64 ? 0xffff : claim),
    ...u32(zip64 ? 0xffffffff : cdSize), ...u32(zip64 ? 0xffffffff : cdOffset), ...u16(comment.length), ...comment,
  );
  return new Uint8Array(out);
}

/** Lay a zip out as pieces at offsets (holes between them are zeros). */
export function layoutZip(entries: ZipWriterEntry[], opts: ZipWriterOptions = {}): ZipLayout {
  const pieces: Piece[] = [];
  const placed: ZipLayout['entries'] = [];
  const prefix = opts.prefix ?? new Uint8Array(0);
  if (prefix.length) pieces.push({ offset: 0, bytes: prefix });
  const base = prefix.length;
  let pos = 0;
  const central: Uint8Array[] = [];
  const localOffsets: number[] = [];
  for (const e of entries) {
    const p = prepare(e);
    if (e.sameDataAs !== undefined) {
      const lo = localOffsets[e.sameDataAs];
      localOffsets.push(lo);
      central.push(centralHeader(p, lo));
      continue;
    }
    const local = localHeader(p);
    const lo = pos;
    localOffsets.push(lo);
    pieces.push({ offset: base + pos, bytes: local });
    pos += local.length;
    placed.push({ name: e.name, localOffset: base + lo, dataOffset: base + pos, size: p.size });
    if (p.compressed && p.compressed.length) pieces.push({ offset: base + pos, bytes: p.compressed });
    pos += p.compressedSize;
    if (e.dataDescriptor) {
      const dd = dataDescriptor(p);
      pieces.push({ offset: base + pos, bytes: dd });
      pos += dd.length;
    }
    central.push(centralHeader(p, e.localOffset ?? lo));
  }
  const cdOffset = pos;
  let cd = concatAll(central);
  const cdSize = cd.length;
  if (opts.truncateCentral) cd = cd.subarray(0, Math.max(0, cd.length - opts.truncateCentral));
  pieces.push({ offset: base + pos, bytes: cd });
  pos += cd.length;
  const end = endRecords(entries.length, cdOffset, cdSize, opts);
  pieces.push({ offset: base + pos, bytes: end });
  pos += end.length;
  return { size: base + pos, pieces, entries: placed };
}

/** A whole zip in memory. */
export function writeZip(entries: ZipWriterEntry[], opts: ZipWriterOptions = {}): Uint8Array {
  const layout = layoutZip(entries, opts);
  const out = new Uint8Array(layout.size);
  for (const p of layout.pieces) out.set(p.bytes, p.offset);
  return out;
}

/** Bytes of a minimal PCM WAV header (RIFF, fmt, data) for `frames` frames, without the samples. */
export function wavHeader(opts: { channels?: number; sampleRate?: number; bitDepth?: number; frames: number }): Uint8Array {
  const channels = opts.channels ?? 1;
  const rate = opts.sampleRate ?? 48000;
  const bits = opts.bitDepth ?? 24;
  const block = channels * (bits / 8);
  const dataSize = opts.frames * block;
  return new Uint8Array([
    ...te.encode('RIFF'), ...u32(Math.min(0xffffffff, 36 + dataSize)), ...te.encode('WAVE'),
    ...te.encode('fmt '), ...u32(16), ...u16(1), ...u16(channels), ...u32(rate), ...u32(rate * block), ...u16(block), ...u16(bits),
    ...te.encode('data'), ...u32(Math.min(0xffffffff, dataSize)),
  ]);
}

/** A small complete WAV (header + silence). */
export function wavFile(opts: { channels?: number; sampleRate?: number; bitDepth?: number; frames: number }): Uint8Array {
  const h = wavHeader(opts);
  const out = new Uint8Array(h.length + opts.frames * (opts.channels ?? 1) * ((opts.bitDepth ?? 24) / 8));
  out.set(h);
  return out;
}
