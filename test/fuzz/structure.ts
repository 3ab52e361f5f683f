/**
 * Light structure scanners for the fuzzer: they find the places worth
 * mutating (size fields, chunk/block/sector boundaries, chain links) in a
 * seed, leniently, without the readers (a fuzzer must not trust the code it
 * tests). Each returns plain offsets; the mutators decide what to write.
 */
import { applyXorInPlace, looksLikePtx, PTX_HEADER_LENGTH } from '../../src/formats/ptx/unxor.js';

/** A numeric field in the file: where it is, its width and byte order. */
export type Field = { offset: number; width: 1 | 2 | 4 | 8; le: boolean; what: string };

/** A region with a start and an end (a chunk, block, sector, entry, line). */
export type Region = { start: number; end: number; what: string; parentEnd?: number; sizeField?: Field };

export type Structure = {
  fields: Field[];
  regions: Region[];
  /** Offsets where a truncation is interesting (boundaries). */
  cuts: number[];
  /** CFB only: the FAT as read from the seed, and where each FAT entry lives. */
  cfb?: CfbMap;
  /** PTX only: the seed is obfuscated; mutate the plain bytes and obfuscate again. */
  ptx?: { xorType: number; xorValue: number };
};

const u16le = (b: Uint8Array, p: number) => b[p] | (b[p + 1] << 8);
const u32le = (b: Uint8Array, p: number) => (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
const u32be = (b: Uint8Array, p: number) => ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
const ascii4 = (b: Uint8Array, p: number) => String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);

function empty(): Structure {
  return { fields: [], regions: [], cuts: [] };
}

function addRegion(s: Structure, r: Region): void {
  s.regions.push(r);
  s.cuts.push(r.start, r.end);
  if (r.sizeField) s.fields.push(r.sizeField);
}

// ---------------------------------------------------------------- RIFF / WAV

/** RIFF/RF64/BW64 chunks (top level, and LIST children), with fmt/ds64/bext fields. */
export function scanRiff(b: Uint8Array): Structure {
  const s = empty();
  if (b.length < 12) return s;
  s.fields.push({ offset: 4, width: 4, le: true, what: 'RIFF size' });
  s.cuts.push(0, 4, 8, 12);
  walkChunks(b, 12, b.length, s, 0);
  return s;
}

function walkChunks(b: Uint8Array, from: number, end: number, s: Structure, depth: number): void {
  let p = from;
  for (let n = 0; p + 8 <= end && n < 4096; n++) {
    const id = ascii4(b, p);
    const size = u32le(b, p + 4);
    const payload = p + 8;
    const chunkEnd = Math.min(end, payload + size + (size & 1));
    addRegion(s, { start: p, end: chunkEnd, what: `chunk ${id}`, parentEnd: end, sizeField: { offset: p + 4, width: 4, le: true, what: `${id} size` } });
    if (id === 'fmt ' && payload + 16 <= b.length) {
      s.fields.push(
        { offset: payload, width: 2, le: true, what: 'fmt tag' },
        { offset: payload + 2, width: 2, le: true, what: 'fmt channels' },
        { offset: payload + 4, width: 4, le: true, what: 'fmt rate' },
        { offset: payload + 8, width: 4, le: true, what: 'fmt byte rate' },
        { offset: payload + 12, width: 2, le: true, what: 'fmt block align' },
        { offset: payload + 14, width: 2, le: true, what: 'fmt bits' },
      );
      if (size >= 40 && payload + 40 <= b.length) {
        s.fields.push(
          { offset: payload + 16, width: 2, le: true, what: 'fmt cbSize' },
          { offset: payload + 18, width: 2, le: true, what: 'fmt valid bits' },
          { offset: payload + 20, width: 4, le: true, what: 'fmt channel mask' },
        );
      }
    } else if (id === 'ds64' && payload + 28 <= b.length) {
      s.fields.push(
        { offset: payload, width: 8, le: true, what: 'ds64 riff size' },
        { offset: payload + 8, width: 8, le: true, what: 'ds64 data size' },
        { offset: payload + 16, width: 8, le: true, what: 'ds64 sample count' },
        { offset: payload + 24, width: 4, le: true, what: 'ds64 table length' },
      );
    } else if (id === 'bext' && payload + 602 <= b.length) {
      s.fields.push(
        { offset: payload + 338, width: 8, le: true, what: 'bext time reference' },
        { offset: payload + 346, width: 2, le: true, what: 'bext version' },
      );
      s.cuts.push(payload + 256, payload + 602);
    } else if (id === 'cue ' && payload + 4 <= b.length) {
      s.fields.push({ offset: payload, width: 4, le: true, what: 'cue count' });
      for (let i = 0; i < 8 && payload + 4 + 24 * (i + 1) <= b.length; i++) {
        s.fields.push({ offset: payload + 4 + 24 * i + 20, width: 4, le: true, what: 'cue sample offset' });
      }
    } else if (id === 'LIST' && depth < 2 && payload + 4 <= b.length) {
      walkChunks(b, payload + 4, chunkEnd, s, depth + 1);
    }
    if (id === 'data' && size > b.length) break;
    p = payload + size + (size & 1);
  }
}

// ---------------------------------------------------------------- CFB / AAF

export type CfbMap = {
  sectorSize: number;
  /** Offset in the file of FAT entry i (from the DIFAT in the header). */
  fatEntryOffset: (sector: number) => number | null;
  fatEntry: (sector: number) => number | null;
  /** Sector chains (directory, MiniFAT, some streams) as read from the seed. */
  chains: number[][];
  /** Offsets of the 128-byte directory entries. */
  dirEntries: number[];
  /** AAF `properties` streams: where each piece of the stream lies in the file (mini sectors or sectors). */
  properties: PropertiesStream[];
};

/** A stream scattered over pieces of `piece` bytes that start at `starts` in the file. */
export type PropertiesStream = { size: number; piece: number; starts: number[] };

/** The file offset of byte `pos` of a scattered stream, or null past its end or the file's. */
export function streamOffset(p: PropertiesStream, pos: number, fileSize: number): number | null {
  if (pos < 0 || pos >= p.size) return null;
  const start = p.starts[Math.floor(pos / p.piece)];
  if (start === undefined) return null;
  const at = start + (pos % p.piece);
  return at < fileSize ? at : null;
}

const FREE = 0xffffffff;
const END = 0xfffffffe;

/** Header fields, FAT, directory entries and chains of a compound file. */
export function scanCfb(b: Uint8Array): Structure {
  const s = empty();
  if (b.length < 512) return s;
  const shift = u16le(b, 0x1e);
  const sectorSize = shift === 12 ? 4096 : 512;
  for (const [offset, width, what] of [
    [0x18, 2, 'minor version'], [0x1a, 2, 'major version'], [0x1c, 2, 'byte order'], [0x1e, 2, 'sector shift'],
    [0x20, 2, 'mini sector shift'], [0x28, 4, 'directory sectors'], [0x2c, 4, 'FAT sectors'], [0x30, 4, 'first directory sector'],
    [0x38, 4, 'mini stream cutoff'], [0x3c, 4, 'first MiniFAT sector'], [0x40, 4, 'MiniFAT sectors'],
    [0x44, 4, 'first DIFAT sector'], [0x48, 4, 'DIFAT sectors'],
  ] as const) s.fields.push({ offset, width, le: true, what });
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const sid = u32le(b, 0x4c + 4 * i);
    if (sid === FREE) break;
    fatSectors.push(sid);
    s.fields.push({ offset: 0x4c + 4 * i, width: 4, le: true, what: `DIFAT[${i}]` });
  }
  const per = sectorSize / 4;
  const sectorOffset = (sid: number) => (sid + 1) * sectorSize;
  const fatEntryOffset = (sector: number): number | null => {
    const fs = fatSectors[Math.floor(sector / per)];
    if (fs === undefined) return null;
    const at = sectorOffset(fs) + 4 * (sector % per);
    return at + 4 <= b.length ? at : null;
  };
  const fatEntry = (sector: number): number | null => {
    const at = fatEntryOffset(sector);
    return at === null ? null : u32le(b, at);
  };
  const chainFrom = (start: number): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let sid = start; sid < 0xfffffffa && !seen.has(sid) && out.length < 100_000;) {
      seen.add(sid);
      out.push(sid);
      const next = fatEntry(sid);
      if (next === null) break;
      sid = next;
    }
    return out;
  };
  const chains: number[][] = [];
  const dirChain = chainFrom(u32le(b, 0x30));
  chains.push(dirChain);
  const miniFatStart = u32le(b, 0x3c);
  const miniFatChain = miniFatStart < 0xfffffffa ? chainFrom(miniFatStart) : [];
  if (miniFatChain.length) chains.push(miniFatChain);
  const dirEntries: number[] = [];
  for (const sid of dirChain) {
    const base = sectorOffset(sid);
    for (let e = 0; e < sectorSize / 128; e++) {
      const at = base + e * 128;
      if (at + 128 > b.length) break;
      if (b[at + 0x42] === 0) continue;
      dirEntries.push(at);
      s.fields.push(
        { offset: at + 0x40, width: 2, le: true, what: 'entry name length' },
        { offset: at + 0x44, width: 4, le: true, what: 'left sibling' },
        { offset: at + 0x48, width: 4, le: true, what: 'right sibling' },
        { offset: at + 0x4c, width: 4, le: true, what: 'child' },
        { offset: at + 0x74, width: 4, le: true, what: 'start sector' },
        { offset: at + 0x78, width: 8, le: true, what: 'stream size' },
      );
      s.cuts.push(at, at + 128);
      const start = u32le(b, at + 0x74);
      const size = u32le(b, at + 0x78);
      if (b[at + 0x42] === 2 && size >= 4096 && start < 0xfffffffa && chains.length < 64) chains.push(chainFrom(start));
    }
  }
  for (let sid = 0; sectorOffset(sid) < b.length; sid++) s.cuts.push(sectorOffset(sid));
  s.cuts.push(512, 76, 0x4c + 4 * fatSectors.length);
  const properties = propertiesStreams(b, dirEntries, sectorSize, sectorOffset, chainFrom, miniFatChain);
  s.cfb = { sectorSize, fatEntryOffset, fatEntry, chains: chains.filter((c) => c.length > 0), dirEntries, properties };
  return s;
}

/** UTF-16LE "properties", the name of every AAF object's property stream. */
const PROPERTIES_NAME = Array.from('properties', (c) => c.charCodeAt(0));

/**
 * The `properties` streams of an AAF file, found from the directory entries:
 * a small one through the MiniFAT into the mini stream (the root entry's
 * chain), a large one through the FAT.
 */
function propertiesStreams(
  b: Uint8Array, dirEntries: number[], sectorSize: number, sectorOffset: (sid: number) => number, chainFrom: (start: number) => number[], miniFatChain: number[],
): PropertiesStream[] {
  const out: PropertiesStream[] = [];
  if (!dirEntries.length) return out;
  const cutoff = u32le(b, 0x38);
  const root = dirEntries[0];
  const miniStream = b[root + 0x42] === 5 ? chainFrom(u32le(b, root + 0x74)) : [];
  const perSector = sectorSize / 4;
  const miniFatEntry = (m: number): number | null => {
    const sid = miniFatChain[Math.floor(m / perSector)];
    if (sid === undefined) return null;
    const at = sectorOffset(sid) + 4 * (m % perSector);
    return at + 4 <= b.length ? u32le(b, at) : null;
  };
  const miniOffset = (m: number): number | null => {
    const sid = miniStream[Math.floor((m * 64) / sectorSize)];
    return sid === undefined ? null : sectorOffset(sid) + ((m * 64) % sectorSize);
  };
  for (const at of dirEntries) {
    if (out.length >= 20_000) break;
    if (b[at + 0x42] !== 2 || u16le(b, at + 0x40) !== 2 * (PROPERTIES_NAME.length + 1)) continue;
    if (!PROPERTIES_NAME.every((c, i) => b[at + 2 * i] === c && b[at + 2 * i + 1] === 0)) continue;
    const size = u32le(b, at + 0x78);
    const start = u32le(b, at + 0x74);
    const starts: number[] = [];
    if (size < cutoff) {
      const seen = new Set<number>();
      for (let m: number | null = start; m !== null && m < 0xfffffffa && !seen.has(m) && starts.length * 64 < size;) {
        seen.add(m);
        const off = miniOffset(m);
        if (off === null) break;
        starts.push(off);
        m = miniFatEntry(m);
      }
      out.push({ size, piece: 64, starts });
    } else {
      out.push({ size, piece: sectorSize, starts: chainFrom(start).map(sectorOffset) });
    }
  }
  return out;
}

export const CFB_END_OF_CHAIN = END;
export const CFB_FREE = FREE;

// ---------------------------------------------------------------- PTX

/** Blocks of a Pro Tools session, scanned in the de-obfuscated bytes. */
export function scanPtx(b: Uint8Array): Structure {
  const s = empty();
  if (!looksLikePtx(b) || b.length < PTX_HEADER_LENGTH) return s;
  const xorType = b[0x12];
  const xorValue = b[0x13];
  s.ptx = { xorType, xorValue };
  const plain = deobfuscated(b, s.ptx);
  const le = b[0x11] !== 1;
  s.cuts.push(0x11, 0x12, 0x13, 0x14, 0x1b, 0x1f);
  s.fields.push({ offset: 0x1b, width: 4, le, what: 'index pointer' });
  walkPtx(plain, 0x1f, plain.length, le, s, 0);
  return s;
}

export function deobfuscated(b: Uint8Array, ptx: { xorType: number; xorValue: number }): Uint8Array {
  const copy = new Uint8Array(b.length);
  copy.set(b);
  if (ptx.xorType !== 1 && ptx.xorType !== 5) return copy;
  return applyXorInPlace(copy, ptx.xorType, ptx.xorValue);
}

function walkPtx(b: Uint8Array, from: number, end: number, le: boolean, s: Structure, depth: number): void {
  const rd = le ? u32le : u32be;
  let p = from;
  while (p + 9 <= end && s.regions.length < 20_000) {
    if (b[p] !== 0x5a) {
      // Children start after content-type-specific fields: look for the next plausible header.
      p++;
      continue;
    }
    const size = rd(b, p + 3);
    const blockEnd = p + 7 + size;
    const blockType = le ? u16le(b, p + 1) : (b[p + 1] << 8) | b[p + 2];
    if (blockType >= 0x100 || size < 2 || blockEnd > end) {
      p++;
      continue;
    }
    addRegion(s, { start: p, end: blockEnd, what: 'block', parentEnd: end, sizeField: { offset: p + 3, width: 4, le, what: 'block size' } });
    s.fields.push({ offset: p + 7, width: 2, le, what: 'content type' });
    if (depth < 12) walkPtx(b, p + 9, blockEnd, le, s, depth + 1);
    p = blockEnd;
  }
}

// ---------------------------------------------------------------- zip

/** Local headers, central directory entries, EOCD and ZIP64 records. */
export function scanZip(b: Uint8Array): Structure {
  const s = empty();
  for (let p = 0; p + 4 <= b.length; p++) {
    if (b[p] !== 0x50 || b[p + 1] !== 0x4b) continue;
    const sig = u32le(b, p);
    if (sig === 0x04034b50 && p + 30 <= b.length) {
      const nameLen = u16le(b, p + 26);
      const extraLen = u16le(b, p + 28);
      const csize = u32le(b, p + 18);
      const dataStart = p + 30 + nameLen + extraLen;
      addRegion(s, { start: p, end: Math.min(b.length, dataStart + csize), what: 'local entry', sizeField: { offset: p + 18, width: 4, le: true, what: 'local compressed size' } });
      s.fields.push(
        { offset: p + 6, width: 2, le: true, what: 'local flags' }, { offset: p + 8, width: 2, le: true, what: 'local method' },
        { offset: p + 22, width: 4, le: true, what: 'local size' }, { offset: p + 26, width: 2, le: true, what: 'local name length' },
        { offset: p + 28, width: 2, le: true, what: 'local extra length' },
      );
      s.cuts.push(p + 30, p + 30 + nameLen, dataStart);
    } else if (sig === 0x02014b50 && p + 46 <= b.length) {
      const n = u16le(b, p + 28) + u16le(b, p + 30) + u16le(b, p + 32);
      addRegion(s, { start: p, end: Math.min(b.length, p + 46 + n), what: 'central entry' });
      s.fields.push(
        { offset: p + 8, width: 2, le: true, what: 'cd flags' }, { offset: p + 10, width: 2, le: true, what: 'cd method' },
        { offset: p + 20, width: 4, le: true, what: 'cd compressed size' }, { offset: p + 24, width: 4, le: true, what: 'cd size' },
        { offset: p + 28, width: 2, le: true, what: 'cd name length' }, { offset: p + 30, width: 2, le: true, what: 'cd extra length' },
        { offset: p + 32, width: 2, le: true, what: 'cd comment length' }, { offset: p + 38, width: 4, le: true, what: 'cd external attributes' },
        { offset: p + 42, width: 4, le: true, what: 'cd local offset' },
      );
      walkZipExtra(b, p + 46 + u16le(b, p + 28), u16le(b, p + 30), s);
    } else if (sig === 0x06054b50 && p + 22 <= b.length) {
      addRegion(s, { start: p, end: Math.min(b.length, p + 22 + u16le(b, p + 20)), what: 'EOCD' });
      s.fields.push(
        { offset: p + 8, width: 2, le: true, what: 'EOCD entries here' }, { offset: p + 10, width: 2, le: true, what: 'EOCD entries' },
        { offset: p + 12, width: 4, le: true, what: 'EOCD cd size' }, { offset: p + 16, width: 4, le: true, what: 'EOCD cd offset' },
        { offset: p + 20, width: 2, le: true, what: 'EOCD comment length' },
      );
    } else if (sig === 0x06064b50 && p + 56 <= b.length) {
      addRegion(s, { start: p, end: p + 56, what: 'ZIP64 EOCD' });
      s.fields.push(
        { offset: p + 4, width: 8, le: true, what: 'ZIP64 EOCD size' }, { offset: p + 32, width: 8, le: true, what: 'ZIP64 entries' },
        { offset: p + 40, width: 8, le: true, what: 'ZIP64 cd size' }, { offset: p + 48, width: 8, le: true, what: 'ZIP64 cd offset' },
      );
    } else if (sig === 0x07064b50 && p + 20 <= b.length) {
      s.fields.push({ offset: p + 8, width: 8, le: true, what: 'ZIP64 locator offset' });
      s.cuts.push(p, p + 20);
    }
  }
  return s;
}

function walkZipExtra(b: Uint8Array, from: number, len: number, s: Structure): void {
  for (let p = from; p + 4 <= Math.min(b.length, from + len);) {
    const size = u16le(b, p + 2);
    s.fields.push({ offset: p + 2, width: 2, le: true, what: `extra 0x${u16le(b, p).toString(16)} size` });
    if (u16le(b, p) === 0x0001) for (let q = p + 4; q + 8 <= p + 4 + size && q + 8 <= b.length; q += 8) s.fields.push({ offset: q, width: 8, le: true, what: 'ZIP64 extra value' });
    p += 4 + size;
  }
}

// ---------------------------------------------------------------- text and JSON

/** Line starts and tab positions of a text export. */
export function scanText(b: Uint8Array): Structure {
  const s = empty();
  let lineStart = 0;
  for (let p = 0; p < b.length && s.regions.length < 50_000; p++) {
    if (b[p] === 0x0a || b[p] === 0x0d) {
      addRegion(s, { start: lineStart, end: p + 1, what: 'line' });
      lineStart = p + 1;
    } else if (b[p] === 0x09) s.cuts.push(p);
  }
  if (lineStart < b.length) addRegion(s, { start: lineStart, end: b.length, what: 'line' });
  return s;
}

/** Token boundaries of a JSON document (numbers are fields to rewrite as text). */
export function scanJson(b: Uint8Array): Structure {
  const s = empty();
  for (let p = 0; p < b.length && s.regions.length < 50_000; p++) {
    const c = b[p];
    if (c === 0x7b || c === 0x7d || c === 0x5b || c === 0x5d || c === 0x2c || c === 0x3a) s.cuts.push(p, p + 1);
    else if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
      const start = p;
      while (p + 1 < b.length && /[0-9eE.+-]/.test(String.fromCharCode(b[p + 1]))) p++;
      s.regions.push({ start, end: p + 1, what: 'number' });
    }
  }
  return s;
}

export type FuzzFormat = 'ptx' | 'aaf' | 'session-text' | 'wav' | 'zip' | 'model';
export const FUZZ_FORMATS: FuzzFormat[] = ['ptx', 'aaf', 'session-text', 'wav', 'zip', 'model'];

/** The structure of a seed, by the format it was made for. */
export function scanStructure(format: FuzzFormat, b: Uint8Array): Structure {
  switch (format) {
    case 'wav': return scanRiff(b);
    case 'aaf': return scanCfb(b);
    case 'ptx': return scanPtx(b);
    case 'zip': return scanZip(b);
    case 'session-text': return scanText(b);
    case 'model': return scanJson(b);
  }
}

export { u32le, u16le };
