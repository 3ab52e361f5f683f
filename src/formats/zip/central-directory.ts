/**
 * The zip central directory (PKWARE APPNOTE 6.3.x): end-of-central-directory
 * record found from the end of the file (4.3.16), the ZIP64 locator and record
 * (4.3.14, 4.3.15) for archives over 4 GB or 65,535 entries, and the central
 * file headers (4.3.12) with their ZIP64 (4.5.3) and Info-ZIP Unicode Path
 * (4.6.9) extra fields. Only the tail of the archive and the directory are read.
 */
import { readExact, type ByteSource } from '../../io/byte-source.js';
import { Cursor } from '../../io/cursor.js';
import { FormatError } from '../../io/errors.js';
import { fixedLayout, Parser } from '../../io/fixed.js';
import { checkLimit, Deadline, SAFE_INTEGER_LIMIT, type Limits } from '../../io/limits.js';
import type { Diagnostic } from '../../model/session.js';
import { crc32, decodeUnflaggedName, decodeZipName } from './text.js';

export const SIG_LOCAL = 0x04034b50;
export const SIG_CENTRAL = 0x02014b50;
export const SIG_EOCD = 0x06054b50;
export const SIG_ZIP64_EOCD = 0x06064b50;
export const SIG_ZIP64_LOCATOR = 0x07064b50;

export const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIZE = 56;
/** The EOCD comment is at most 65,535 bytes, so the record starts within this many bytes of the end. */
const EOCD_SEARCH = EOCD_SIZE + 0xffff;
const FIRST_TAIL = 4096;

/** General-purpose flag bits (4.4.4). */
export const FLAG_ENCRYPTED = 1 << 0;
export const FLAG_DATA_DESCRIPTOR = 1 << 3;
export const FLAG_STRONG_ENCRYPTION = 1 << 6;
export const FLAG_UTF8 = 1 << 11;

/** Compression methods this reader inflates (4.4.5); 99 is WinZip AES. */
export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;
const METHOD_AES = 99;

/** One central directory entry. Offsets are absolute in the archive source. */
export type ZipEntry = {
  index: number;
  /** Name as stored, decoded (UTF-8 per flag bit 11 or the Unicode Path extra field, else CP437). */
  name: string;
  /** Whether the name was decoded as UTF-8. */
  utf8: boolean;
  /** UTF-8 without flag bit 11 (macOS Archive Utility): decoded as UTF-8 because the bytes are valid UTF-8. */
  unflaggedUtf8: boolean;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  /** Uncompressed size. */
  size: number;
  localHeaderOffset: number;
  centralHeaderOffset: number;
  /** Byte length of the stored name (the local header must carry the same name). */
  nameLength: number;
  isDirectory: boolean;
  /** Traditional PKWARE, strong or AES encryption: reported, never read. */
  encrypted: boolean;
  hasDataDescriptor: boolean;
  /** A Unix symbolic link (never followed). */
  symlink: boolean;
  /** Whether ZIP64 extended information was used for this entry. */
  zip64: boolean;
};

export type CentralDirectory = {
  entries: ZipEntry[];
  comment: string;
  zip64: boolean;
  /** Absolute offset and size of the central directory. */
  offset: number;
  size: number;
  /** Offset of the end-of-central-directory record. */
  eocdOffset: number;
  /** Bytes of other data before the archive (self-extractor stubs), added to every offset. */
  prefix: number;
  diagnostics: Diagnostic[];
};

type Eocd = {
  signature: number; disk: number; cdDisk: number; entriesOnDisk: number; entries: number;
  cdSize: number; cdOffset: number; commentLength: number;
};
const EOCD = fixedLayout<Eocd>('zip', 'end of central directory record', EOCD_SIZE, new Parser()
  .endianness('little')
  .uint32('signature').uint16('disk').uint16('cdDisk').uint16('entriesOnDisk').uint16('entries')
  .uint32('cdSize').uint32('cdOffset').uint16('commentLength'));

type Zip64Locator = { signature: number; disk: number; eocdOffset: bigint; disks: number };
const ZIP64_LOCATOR = fixedLayout<Zip64Locator>('zip', 'ZIP64 end of central directory locator', ZIP64_LOCATOR_SIZE, new Parser()
  .endianness('little')
  .uint32('signature').uint32('disk').uint64('eocdOffset').uint32('disks'));

type Zip64Eocd = {
  signature: number; recordSize: bigint; versionMadeBy: number; versionNeeded: number; disk: number; cdDisk: number;
  entriesOnDisk: bigint; entries: bigint; cdSize: bigint; cdOffset: bigint;
};
const ZIP64_EOCD = fixedLayout<Zip64Eocd>('zip', 'ZIP64 end of central directory record', ZIP64_EOCD_SIZE, new Parser()
  .endianness('little')
  .uint32('signature').uint64('recordSize').uint16('versionMadeBy').uint16('versionNeeded')
  .uint32('disk').uint32('cdDisk').uint64('entriesOnDisk').uint64('entries').uint64('cdSize').uint64('cdOffset'));

export type LocalHeader = {
  signature: number; versionNeeded: number; flags: number; method: number; time: number; date: number;
  crc32: number; compressedSize: number; size: number; nameLength: number; extraLength: number;
};
export const LOCAL_HEADER = fixedLayout<LocalHeader>('zip', 'local file header', LOCAL_HEADER_SIZE, new Parser()
  .endianness('little')
  .uint32('signature').uint16('versionNeeded').uint16('flags').uint16('method').uint16('time').uint16('date')
  .uint32('crc32').uint32('compressedSize').uint32('size').uint16('nameLength').uint16('extraLength'));

function zipError(code: FormatError['code'], offset: number | null, path: string, message: string, limit?: string): FormatError {
  return new FormatError({ code, format: 'zip', offset, path, message, limit });
}

function safeNumber(v: bigint, what: string, offset: number, path: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw zipError('LIMIT', offset, path, `${what} ${v} is too large`, SAFE_INTEGER_LIMIT);
  return Number(v);
}

/** Position of the EOCD record within `tail`, preferring one whose comment ends exactly at the end of the file. */
function findEocdIn(tail: Uint8Array): { at: number; exact: boolean } | null {
  let loose = -1;
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail[i] !== 0x50 || view.getUint32(i, true) !== SIG_EOCD) continue;
    const commentLength = view.getUint16(i + 20, true);
    if (i + EOCD_SIZE + commentLength === tail.length) return { at: i, exact: true };
    if (loose < 0 && i + EOCD_SIZE + commentLength <= tail.length) loose = i;
  }
  return loose < 0 ? null : { at: loose, exact: false };
}

type DirectoryLocation = {
  entries: number; cdSize: number; cdOffset: number; eocdOffset: number; zip64: boolean; comment: string;
  /** Where the central directory must end: the ZIP64 record or the EOCD. */
  cdEnd: number;
  diagnostics: Diagnostic[];
};

async function locateDirectory(src: ByteSource, path: string): Promise<DirectoryLocation> {
  const diagnostics: Diagnostic[] = [];
  if (src.size < EOCD_SIZE) {
    throw zipError('TRUNCATED', 0, path, `${src.size} bytes is too short for a zip (the end of central directory record alone is 22 bytes)`);
  }
  // Most archives have no comment: try a small tail first, then the whole comment range.
  let tailStart = Math.max(0, src.size - FIRST_TAIL);
  let tail = await readExact(src, tailStart, src.size - tailStart, 'zip', 'archive tail');
  let found = findEocdIn(tail);
  if ((!found || !found.exact) && tailStart > 0) {
    tailStart = Math.max(0, src.size - EOCD_SEARCH - ZIP64_LOCATOR_SIZE);
    tail = await readExact(src, tailStart, src.size - tailStart, 'zip', 'archive tail');
    found = findEocdIn(tail);
  }
  if (!found) {
    throw zipError('BAD_MAGIC', src.size, path,
      'no end of central directory record in the last 64 KiB: the zip is truncated or not a zip');
  }
  const eocdOffset = tailStart + found.at;
  if (!found.exact) {
    diagnostics.push({ code: 'zip/trailing-data', message: `bytes after the end of central directory record at ${eocdOffset}`, offset: eocdOffset, severity: 'warning' });
  }
  const e = EOCD.parse(tail.subarray(found.at), eocdOffset, path);
  const comment = decodeZipName(tail.subarray(found.at + EOCD_SIZE, Math.min(tail.length, found.at + EOCD_SIZE + e.commentLength)), false);
  const loc: DirectoryLocation = {
    entries: e.entries, cdSize: e.cdSize, cdOffset: e.cdOffset, eocdOffset, zip64: false, comment, cdEnd: eocdOffset, diagnostics,
  };
  const locatorAt = found.at - ZIP64_LOCATOR_SIZE;
  const hasLocator = locatorAt >= 0 && new DataView(tail.buffer, tail.byteOffset + locatorAt, 4).getUint32(0, true) === SIG_ZIP64_LOCATOR;
  if (hasLocator) {
    await applyZip64(src, path, tail.subarray(locatorAt), tailStart + locatorAt, loc);
  } else if (e.disk !== 0 || e.cdDisk !== 0) {
    throw zipError('UNSUPPORTED', eocdOffset, path, `multi-volume zip (disk ${e.disk}, directory on disk ${e.cdDisk}) is not supported`);
  } else if (e.entries === 0xffff || e.cdSize === 0xffffffff || e.cdOffset === 0xffffffff) {
    throw zipError('TRUNCATED', eocdOffset, path, 'the end of central directory record defers to ZIP64 but there is no ZIP64 locator before it');
  }
  return loc;
}

async function applyZip64(src: ByteSource, path: string, locBytes: Uint8Array, locatorOffset: number, loc: DirectoryLocation): Promise<void> {
  const locator = ZIP64_LOCATOR.parse(locBytes, locatorOffset, path);
  if (locator.disks > 1 || locator.disk !== 0) {
    throw zipError('UNSUPPORTED', locatorOffset, path, `multi-volume ZIP64 archive (${locator.disks} disks) is not supported`);
  }
  let recordOffset = safeNumber(locator.eocdOffset, 'ZIP64 record offset', locatorOffset + 8, path);
  let record = recordOffset + ZIP64_EOCD_SIZE <= locatorOffset
    ? ZIP64_EOCD.parse(await readExact(src, recordOffset, ZIP64_EOCD_SIZE, 'zip', 'ZIP64 end of central directory record'), recordOffset, path)
    : null;
  if (!record || record.signature !== SIG_ZIP64_EOCD) {
    // Data prepended to the archive shifts every stored offset; the record without extensible data sits just before the locator.
    const guess = locatorOffset - ZIP64_EOCD_SIZE;
    const alt = guess >= 0 ? ZIP64_EOCD.parse(await readExact(src, guess, ZIP64_EOCD_SIZE, 'zip', 'ZIP64 record'), guess, path) : null;
    if (!alt || alt.signature !== SIG_ZIP64_EOCD) {
      throw zipError('BAD_MAGIC', recordOffset, path, `the ZIP64 locator at ${locatorOffset} points to ${recordOffset}, where there is no ZIP64 end of central directory record`);
    }
    record = alt;
    recordOffset = guess;
  }
  if (record.disk !== 0 || record.cdDisk !== 0) {
    throw zipError('UNSUPPORTED', recordOffset, path, 'multi-volume ZIP64 archive is not supported');
  }
  loc.zip64 = true;
  loc.entries = safeNumber(record.entries, 'ZIP64 entry count', recordOffset + 32, path);
  loc.cdSize = safeNumber(record.cdSize, 'ZIP64 central directory size', recordOffset + 40, path);
  loc.cdOffset = safeNumber(record.cdOffset, 'ZIP64 central directory offset', recordOffset + 48, path);
  loc.cdEnd = recordOffset;
}

/** Values the ZIP64 extra field replaces, in the order APPNOTE 4.5.3 stores them. */
type Zip64Needs = { size: boolean; compressedSize: boolean; localHeaderOffset: boolean; disk: boolean };

function readExtraFields(
  c: Cursor, end: number, rawName: Uint8Array, needs: Zip64Needs, entry: ZipEntry, path: string,
): void {
  while (c.pos + 4 <= end) {
    const id = c.u16();
    const len = c.u16();
    if (c.pos + len > end) {
      throw c.error(`extra field 0x${id.toString(16)} of '${entry.name}' claims ${len} bytes but the header ends at ${c.base + end}`, c.pos - 4);
    }
    const field = c.sub(len, 'extra field');
    if (id === 0x0001) {
      if (needs.size) entry.size = field.u64();
      if (needs.compressedSize) entry.compressedSize = field.u64();
      if (needs.localHeaderOffset) entry.localHeaderOffset = field.u64();
      entry.zip64 = true;
      needs.size = needs.compressedSize = needs.localHeaderOffset = false;
    } else if (id === 0x7075 && len >= 5) {
      const version = field.u8();
      const nameCrc = field.u32();
      // 4.6.9: only valid while the header name is unchanged since the field was written.
      if (version === 1 && nameCrc === crc32(rawName)) {
        entry.name = decodeZipName(field.take(field.remaining), true);
        entry.utf8 = true;
        entry.unflaggedUtf8 = false;
      }
    }
  }
  if (needs.size || needs.compressedSize || needs.localHeaderOffset) {
    throw zipError('TRUNCATED', entry.centralHeaderOffset, path, `'${entry.name}' defers its sizes or offset to a ZIP64 extra field it does not have`);
  }
}

function parseCentralEntry(c: Cursor, index: number, path: string): ZipEntry {
  const at = c.offset;
  if (c.remaining < CENTRAL_HEADER_SIZE) {
    throw c.error(`central directory ends after ${index} entries (the end record promises more)`);
  }
  const sig = c.u32();
  if (sig !== SIG_CENTRAL) {
    throw c.error(`central file header ${index} has signature 0x${sig.toString(16)}, expected 0x02014b50`, c.pos - 4, 'BAD_MAGIC');
  }
  const versionMadeBy = c.u16();
  c.skip(2);
  const flags = c.u16();
  const method = c.u16();
  c.skip(4);
  const crc = c.u32();
  const compressedSize = c.u32();
  const size = c.u32();
  const nameLength = c.u16();
  const extraLength = c.u16();
  const commentLength = c.u16();
  const disk = c.u16();
  c.skip(2);
  const externalAttributes = c.u32();
  const localHeaderOffset = c.u32();
  if (c.remaining < nameLength + extraLength + commentLength) {
    throw c.error(`central file header ${index} at ${at} runs past the end of the central directory`, at - c.base);
  }
  const rawName = c.take(nameLength, 'name');
  const flagged = (flags & FLAG_UTF8) !== 0;
  const { name, utf8 } = flagged ? { name: decodeZipName(rawName, true), utf8: true } : decodeUnflaggedName(rawName);
  const entry: ZipEntry = {
    index, name, utf8, unflaggedUtf8: utf8 && !flagged, flags, method, crc32: crc, compressedSize, size,
    localHeaderOffset, centralHeaderOffset: at, nameLength, isDirectory: false,
    encrypted: (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== 0 || method === METHOD_AES,
    hasDataDescriptor: (flags & FLAG_DATA_DESCRIPTOR) !== 0,
    symlink: versionMadeBy >> 8 === 3 && ((externalAttributes >>> 16) & 0o170000) === 0o120000,
    zip64: false,
  };
  const needs: Zip64Needs = {
    size: size === 0xffffffff, compressedSize: compressedSize === 0xffffffff,
    localHeaderOffset: localHeaderOffset === 0xffffffff, disk: disk === 0xffff,
  };
  readExtraFields(c, c.pos + extraLength, rawName, needs, entry, path);
  c.skip(commentLength);
  // MS-DOS directory attribute (0x10) or a trailing slash marks a folder.
  entry.isDirectory = entry.name.endsWith('/') || ((externalAttributes & 0x10) !== 0 && entry.size === 0);
  return entry;
}

/**
 * Minimum bytes an entry occupies from its local header: the fixed header and
 * the data. The name is left out: a few writers store a local name of another
 * length than the central one, and a bomb's overlaps are far larger anyway.
 */
export function minimumExtent(e: ZipEntry): number {
  return LOCAL_HEADER_SIZE + e.compressedSize;
}

/**
 * Entries must not share bytes with each other or with the central directory:
 * overlapping entries are how non-recursive zip bombs reuse one compressed
 * stream thousands of times.
 */
function checkOverlaps(entries: ZipEntry[], cdOffset: number, path: string): void {
  const order = entries.slice().sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 0; i < order.length; i++) {
    const e = order[i];
    const end = e.localHeaderOffset + minimumExtent(e);
    const next = order[i + 1];
    if (next && end > next.localHeaderOffset) {
      throw zipError('CYCLE', next.localHeaderOffset, path,
        `entries overlap: '${e.name}' at ${e.localHeaderOffset} runs to ${end}, past '${next.name}' at ${next.localHeaderOffset}`);
    }
    if (end > cdOffset) {
      throw zipError(e.localHeaderOffset >= cdOffset ? 'CYCLE' : 'TRUNCATED', e.localHeaderOffset, path,
        `'${e.name}' at ${e.localHeaderOffset} runs to ${end}, into the central directory at ${cdOffset}`);
    }
  }
}

/** Read and check the central directory of a zip from its end. */
export async function readCentralDirectory(src: ByteSource, limits: Limits, path = src.name): Promise<CentralDirectory> {
  const loc = await locateDirectory(src, path);
  const deadline = new Deadline(limits, 'zip');
  checkLimit(limits, 'maxEntries', loc.entries, 'zip', loc.eocdOffset, 'zip entry count');
  checkLimit(limits, 'maxStructureBytes', loc.cdSize, 'zip', loc.eocdOffset, 'zip central directory size');
  let prefix = 0;
  if (loc.cdOffset + loc.cdSize > loc.cdEnd) {
    throw zipError('TRUNCATED', loc.cdOffset, path,
      `the central directory (${loc.cdSize} bytes at ${loc.cdOffset}) runs past its end record at ${loc.cdEnd}`);
  }
  if (loc.cdOffset + loc.cdSize < loc.cdEnd && loc.entries > 0) {
    const shift = loc.cdEnd - loc.cdSize - loc.cdOffset;
    const peek = await readExact(src, loc.cdOffset + shift, 4, 'zip', 'central directory');
    if (new DataView(peek.buffer, peek.byteOffset, 4).getUint32(0, true) === SIG_CENTRAL) {
      prefix = shift;
      loc.diagnostics.push({ code: 'zip/prefixed', message: `${prefix} bytes precede the archive (offsets shifted)`, offset: 0, severity: 'info' });
    } else {
      loc.diagnostics.push({ code: 'zip/directory-gap', message: `${shift} bytes between the central directory and its end record`, offset: loc.cdOffset + loc.cdSize, severity: 'warning' });
    }
  }
  const cdOffset = loc.cdOffset + prefix;
  const bytes = await readExact(src, cdOffset, loc.cdSize, 'zip', 'central directory');
  const c = new Cursor(bytes, cdOffset, 'zip', true, path);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < loc.entries; i++) {
    if ((i & 4095) === 4095) deadline.check(c.offset);
    const entry = parseCentralEntry(c, i, path);
    entry.localHeaderOffset += prefix;
    entries.push(entry);
  }
  if (c.remaining > 0) {
    loc.diagnostics.push({ code: 'zip/directory-slack', message: `${c.remaining} bytes after the last central file header`, offset: c.offset, severity: 'warning' });
  }
  checkOverlaps(entries, cdOffset, path);
  noteDuplicates(entries, loc.diagnostics);
  const unflagged = entries.filter((e) => e.unflaggedUtf8);
  if (unflagged.length > 0) {
    loc.diagnostics.push({
      code: 'zip/unflagged-utf8',
      message: `${unflagged.length} name(s) are UTF-8 without the UTF-8 flag (as macOS Archive Utility writes them), e.g. '${unflagged[0].name}'; read as UTF-8`,
      offset: unflagged[0].centralHeaderOffset, severity: 'info',
    });
  }
  return {
    entries, comment: loc.comment, zip64: loc.zip64, offset: cdOffset, size: loc.cdSize,
    eocdOffset: loc.eocdOffset, prefix, diagnostics: loc.diagnostics,
  };
}

function noteDuplicates(entries: ZipEntry[], diagnostics: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.name)) {
      diagnostics.push({ code: 'zip/duplicate-name', message: `'${e.name}' appears more than once; the first is used`, offset: e.centralHeaderOffset, severity: 'warning' });
    }
    seen.add(e.name);
  }
}
