/**
 * The 512-byte Compound File header ([MS-CFB] 2.2). Both sector sizes are
 * handled: major version 3 (512-byte sectors) and 4 (4096-byte sectors).
 */
import { describeForeign } from '../../../detect.js';
import { Cursor } from '../../../io/cursor.js';
import { FormatError } from '../../../io/errors.js';
import { u32At } from '../../../io/le.js';

/** Special sector ids ([MS-CFB] 2.1). */
export const MAXREGSECT = 0xfffffffa;
export const DIFSECT = 0xfffffffc;
export const FATSECT = 0xfffffffd;
export const ENDOFCHAIN = 0xfffffffe;
export const FREESECT = 0xffffffff;
export const NOSTREAM = 0xffffffff;

export const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;
export const HEADER_DIFAT_ENTRIES = 109;

export type CfbHeader = {
  /** CLSID of the file (AAF: the file kind). */
  clsid: Uint8Array;
  minorVersion: number;
  majorVersion: number;
  sectorShift: number;
  sectorSize: number;
  miniSectorShift: number;
  miniSectorSize: number;
  /** Only meaningful for 4096-byte sectors; writers set it with 512 too, so it is never trusted. */
  directorySectorCount: number;
  fatSectorCount: number;
  firstDirectorySector: number;
  miniStreamCutoff: number;
  firstMiniFatSector: number;
  miniFatSectorCount: number;
  firstDifatSector: number;
  difatSectorCount: number;
  /** The DIFAT entries kept in the header that are in use: the first min(109, fatSectorCount) of the 109. */
  headerDifat: number[];
};

/** Raise a clear error for something that is not a Compound File, saying what it is when known. */
function notCfb(head: Uint8Array, path: string | null): FormatError {
  const foreign = describeForeign(head);
  const tag = String.fromCharCode(...head.subarray(0, 4));
  let what = foreign;
  if (!what && (tag === 'RIFF' || tag === 'RF64' || tag === 'BW64')) what = 'a WAV file';
  if (!what && tag === 'PK\x03\x04') what = 'a zip file';
  if (head.length >= 4 && head[0] === 0x06 && head[1] === 0x0e && head[2] === 0x2b && head[3] === 0x34) {
    return new FormatError({
      code: 'UNSUPPORTED', format: 'aaf', offset: 0, path,
      message: 'this is KLV-encoded (MXF-style) AAF, not a structured-storage (Compound File) AAF; export the AAF as structured storage',
    });
  }
  return new FormatError({
    code: 'BAD_MAGIC', format: 'aaf', offset: 0, path,
    message: what
      ? `this is ${what}, not an AAF (no Compound File signature D0CF11E0A1B11AE1)`
      : 'not a Compound File: the signature D0CF11E0A1B11AE1 is missing',
  });
}

/** Parse and validate the header from the first bytes of the file (at least 512 wanted). */
export function parseHeader(head: Uint8Array, path: string | null): CfbHeader {
  if (head.length < 8 || !CFB_SIGNATURE.every((b, i) => head[i] === b)) throw notCfb(head, path);
  if (head.length < 512) {
    throw new FormatError({ code: 'TRUNCATED', format: 'cfb', offset: head.length, path, message: `the Compound File header needs 512 bytes, the file has ${head.length}` });
  }
  const c = new Cursor(head.subarray(0, 512), 0, 'cfb', true, path);
  c.seek(8);
  const clsid = c.take(16);
  const minorVersion = c.u16();
  const majorVersion = c.u16();
  const byteOrder = c.u16();
  if (byteOrder !== 0xfffe) throw c.error(`byte order mark 0x${byteOrder.toString(16)} is not 0xFFFE`, 28, 'BAD_MAGIC');
  const sectorShift = c.u16();
  const miniSectorShift = c.u16();
  if (sectorShift !== 9 && sectorShift !== 12) {
    throw c.error(`sector shift ${sectorShift} is neither 9 (512-byte) nor 12 (4096-byte sectors)`, 30, 'UNSUPPORTED');
  }
  if (miniSectorShift !== 6) throw c.error(`mini sector shift ${miniSectorShift} is not 6`, 32, 'UNSUPPORTED');
  c.seek(40);
  const directorySectorCount = c.u32();
  const fatSectorCount = c.u32();
  const firstDirectorySector = c.u32();
  c.u32(); // transaction signature
  const miniStreamCutoff = c.u32();
  const firstMiniFatSector = c.u32();
  const miniFatSectorCount = c.u32();
  const firstDifatSector = c.u32();
  const difatSectorCount = c.u32();
  // The DIFAT entries at 76 that csectFat puts in use (writers fill the others with FREESECT or zeros).
  const used = Math.min(HEADER_DIFAT_ENTRIES, fatSectorCount);
  const headerDifat: number[] = new Array(used);
  for (let i = 0; i < used; i++) headerDifat[i] = u32At(head, 76 + 4 * i);
  if (miniStreamCutoff !== 4096) throw c.error(`mini stream cutoff ${miniStreamCutoff} is not 4096`, 56, 'UNSUPPORTED');
  return {
    clsid, minorVersion, majorVersion, sectorShift, sectorSize: 1 << sectorShift,
    miniSectorShift, miniSectorSize: 1 << miniSectorShift, directorySectorCount, fatSectorCount,
    firstDirectorySector, miniStreamCutoff, firstMiniFatSector, miniFatSectorCount,
    firstDifatSector, difatSectorCount, headerDifat,
  };
}
