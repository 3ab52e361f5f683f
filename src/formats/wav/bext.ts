/**
 * The Broadcast WAV `bext` chunk (EBU Tech 3285 v2): the 602-byte fixed part
 * and the coding history after it. Versions 0–2; the loudness fields only
 * mean something from version 2 on.
 */
import { FormatError } from '../../io/errors.js';
import { fixedLayout, Parser } from '../../io/fixed.js';
import type { Bext, Diagnostic } from '../../model/session.js';

/** Size of the fixed part that every version shares (v0 has 254 reserved bytes where v1/v2 have UMID/loudness). */
export const BEXT_FIXED_SIZE = 602;
/** Through Version: the fields a short, sloppy chunk still has to carry to be read at all. */
const BEXT_MIN_SIZE = 348;

type BextFixed = {
  description: number[]; originator: number[]; originatorReference: number[];
  originationDate: number[]; originationTime: number[];
  timeReferenceLow: number; timeReferenceHigh: number; version: number;
  umid: number[];
  loudnessValue: number; loudnessRange: number; maxTruePeakLevel: number;
  maxMomentaryLoudness: number; maxShortTermLoudness: number;
};

// Offsets per EBU Tech 3285: 0 Description(256) 256 Originator(32) 288 OriginatorReference(32)
// 320 OriginationDate(10) 330 OriginationTime(8) 338 TimeReference low/high 346 Version
// 348 UMID(64) 412..421 loudness (int16 ×100) 422 Reserved(180).
const BEXT_FIXED = fixedLayout<BextFixed>('wav', 'bext chunk', 422, new Parser()
  .array('description', { type: 'uint8', length: 256 })
  .array('originator', { type: 'uint8', length: 32 })
  .array('originatorReference', { type: 'uint8', length: 32 })
  .array('originationDate', { type: 'uint8', length: 10 })
  .array('originationTime', { type: 'uint8', length: 8 })
  .uint32le('timeReferenceLow').uint32le('timeReferenceHigh')
  .uint16le('version')
  .array('umid', { type: 'uint8', length: 64 })
  .int16le('loudnessValue').int16le('loudnessRange').int16le('maxTruePeakLevel')
  .int16le('maxMomentaryLoudness').int16le('maxShortTermLoudness'));

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Text of a NUL-padded field: ASCII per the spec, UTF-8 from some writers, Latin-1 otherwise. */
export function fieldText(bytes: ArrayLike<number>): string {
  const arr = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes as ArrayLike<number>);
  let end = arr.indexOf(0);
  if (end < 0) end = arr.length;
  const b = arr.subarray(0, end);
  try {
    return utf8Strict.decode(b);
  } catch {
    return latin1.decode(b);
  }
}

/** "yyyy:mm:dd" with any of the separators readers tolerate ('-', '_', ':', ' ', '.') → "yyyy-mm-dd"; other text as stored. */
function normalizeDate(s: string): string {
  const m = /^(\d{4})[-_:. /](\d{2})[-_:. /](\d{2})$/.exec(s.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : s;
}

function normalizeTime(s: string): string {
  const m = /^(\d{2})[-_:. ](\d{2})[-_:. ](\d{2})$/.exec(s.trim());
  return m ? `${m[1]}:${m[2]}:${m[3]}` : s;
}

function umidHex(b: number[]): string | null {
  if (b.every((v) => v === 0)) return null;
  // A basic UMID is 32 bytes; the extended half is all zeros when not used.
  const used = b.slice(32).every((v) => v === 0) ? b.slice(0, 32) : b;
  return used.map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** EBU Tech 3285 v2: the loudness fields hold round(100 × value); 0x7FFF marks a value not computed. */
function loudness(v: number): number | null {
  return v === 0x7fff ? null : v / 100;
}

/**
 * Decode a bext payload (`offset` = its absolute offset). A chunk shorter than
 * the 602-byte fixed part is read as far as it goes (with a diagnostic) when it
 * still holds the time reference and version; shorter than that is an error.
 */
export function parseBext(bytes: Uint8Array, offset: number, path: string | null, diagnostics: Diagnostic[]): Bext {
  if (bytes.length < BEXT_MIN_SIZE) {
    throw new FormatError({
      code: 'TRUNCATED', format: 'wav', offset, path,
      message: `bext chunk is ${bytes.length} bytes; the fixed part needs ${BEXT_FIXED_SIZE} (at least ${BEXT_MIN_SIZE} up to the version)`,
    });
  }
  let fixed = bytes;
  if (bytes.length < BEXT_FIXED_SIZE) {
    diagnostics.push({ code: 'wav/short-bext', severity: 'warning', offset, message: `bext chunk is ${bytes.length} bytes, shorter than the ${BEXT_FIXED_SIZE}-byte fixed part` });
    fixed = new Uint8Array(BEXT_FIXED_SIZE);
    fixed.set(bytes);
  }
  const f = BEXT_FIXED.parse(fixed, offset, path);
  const timeReference = f.timeReferenceHigh * 0x1_0000_0000 + f.timeReferenceLow;
  const v2 = f.version >= 2;
  return {
    description: fieldText(f.description),
    originator: fieldText(f.originator),
    originatorReference: fieldText(f.originatorReference),
    originationDate: normalizeDate(fieldText(f.originationDate)),
    originationTime: normalizeTime(fieldText(f.originationTime)),
    timeReference,
    version: f.version,
    codingHistory: bytes.length > BEXT_FIXED_SIZE ? fieldText(bytes.subarray(BEXT_FIXED_SIZE)) : '',
    umid: f.version >= 1 ? umidHex(f.umid) : null,
    loudness: v2
      ? {
        integratedLoudness: loudness(f.loudnessValue),
        loudnessRange: loudness(f.loudnessRange),
        maxTruePeakLevel: loudness(f.maxTruePeakLevel),
        maxMomentaryLoudness: loudness(f.maxMomentaryLoudness),
        maxShortTermLoudness: loudness(f.maxShortTermLoudness),
      }
      : null,
  };
}
