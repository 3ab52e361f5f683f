/**
 * AAF structured storage: the `properties` stream of each object, the stored
 * forms of property values, the index streams of collections and the
 * `/referenced properties` table (AAF Object Specification, "Stored forms";
 * layouts in shared/design/notes/aaf.md).
 */
import { FormatError } from '../../io/errors.js';
import { u32At } from '../../io/le.js';

/** Stored forms of a property value. */
export const SF = {
  DATA: 0x82,
  DATA_STREAM: 0x42,
  STRONG_REF: 0x22,
  STRONG_REF_VECTOR: 0x32,
  STRONG_REF_SET: 0x3a,
  WEAK_REF: 0x02,
  WEAK_REF_VECTOR: 0x12,
  WEAK_REF_SET: 0x1a,
} as const;

export const STORED_FORM_NAMES: Record<number, string> = {
  0x82: 'data', 0x42: 'data stream', 0x22: 'strong ref', 0x32: 'strong ref vector',
  0x3a: 'strong ref set', 0x02: 'weak ref', 0x12: 'weak ref vector', 0x1a: 'weak ref set',
};

export type RawProperty = { pid: number; form: number; value: Uint8Array };

const utf16 = new TextDecoder('utf-16le');
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function storageError(path: string | null, offset: number | null, message: string, code: FormatError['code'] = 'TRUNCATED'): FormatError {
  return new FormatError({ code, format: 'aaf', offset, path, message });
}

/**
 * The properties of one object: pids, stored forms and value spans over the
 * stream's bytes, read from the stream's header when asked for. Nothing is
 * allocated per object but the table itself (objects have a handful of
 * properties, and a scan of their 6-byte header entries costs less than
 * building an index). `buf` may be a larger buffer holding the stream at
 * `base` (a metadata stream is read in place from the mini stream); offsets
 * are always into `buf`.
 */
export class PropertyTable {
  // Fields are declared and set in the constructor, in one order: no field initializer runs per object
  // (a table is made for every object read), and every table has the same shape.
  declare readonly buf: Uint8Array;
  /** Where the stream starts in `buf`. */
  declare readonly base: number;
  /** Number of properties (checked against the stream's length by checkProperties). */
  declare readonly size: number;
  /** Stored form of the value the last `locate` found. */
  declare form: number;
  /** Length of the value the last `locate` found. */
  declare length: number;

  constructor(buf: Uint8Array, base: number, size: number) {
    this.buf = buf;
    this.base = base;
    this.size = size;
    this.form = 0;
    this.length = 0;
  }

  /**
   * Offset in `buf` of `pid`'s value, or -1, in one scan of the header;
   * the value's stored form and length are left in `form` and `length`
   * (read them at once: the next call overwrites them).
   */
  locate(pid: number): number {
    const b = this.buf;
    let o = this.base + 4 + this.size * 6;
    for (let i = 0, at = this.base + 4; i < this.size; i++, at += 6) {
      const len = b[at + 4] | (b[at + 5] << 8);
      if ((b[at] | (b[at + 1] << 8)) === pid) {
        this.form = b[at + 2] | (b[at + 3] << 8);
        this.length = len;
        return o;
      }
      o += len;
    }
    return -1;
  }
  /** True when any property has a dynamic pid (0x8000 and above: declared in the file's MetaDictionary). */
  hasDynamic(): boolean {
    const b = this.buf;
    for (let i = 0, at = this.base + 5; i < this.size; i++, at += 6) if (b[at] >= 0x80) return true;
    return false;
  }

  /** Index of `pid`, or -1. */
  indexOf(pid: number): number {
    const b = this.buf;
    for (let i = 0, at = this.base + 4; i < this.size; i++, at += 6) if ((b[at] | (b[at + 1] << 8)) === pid) return i;
    return -1;
  }
  has(pid: number): boolean {
    return this.indexOf(pid) >= 0;
  }
  pidAt(i: number): number {
    const at = this.base + 4 + i * 6;
    return this.buf[at] | (this.buf[at + 1] << 8);
  }
  formAt(i: number): number {
    const at = this.base + 6 + i * 6;
    return this.buf[at] | (this.buf[at + 1] << 8);
  }
  /** Offset of value `i` in `buf`: the values follow the header in property order. */
  offsetAt(i: number): number {
    const b = this.buf;
    let o = this.base + 4 + this.size * 6;
    for (let j = 0, at = this.base + 8; j < i; j++, at += 6) o += b[at] | (b[at + 1] << 8);
    return o;
  }
  lengthAt(i: number): number {
    const at = this.base + 8 + i * 6;
    return this.buf[at] | (this.buf[at + 1] << 8);
  }
  valueAt(i: number): Uint8Array {
    const o = this.offsetAt(i);
    return this.buf.subarray(o, o + this.lengthAt(i));
  }
  get(pid: number): RawProperty | undefined {
    const o = this.locate(pid);
    return o < 0 ? undefined : { pid, form: this.form, value: this.buf.subarray(o, o + this.length) };
  }
  values(): RawProperty[] {
    const out: RawProperty[] = [];
    for (let i = 0; i < this.size; i++) out.push({ pid: this.pidAt(i), form: this.formAt(i), value: this.valueAt(i) });
    return out;
  }
}

/**
 * Check the `properties` stream of the object stored in `owner`, `length`
 * bytes at `base` in `b`, and return its property count: u8 byte
 * order ('L'), u8 version, u16 count, count × {u16 pid, u16 stored form,
 * u16 length}, then the values.
 */
export function checkProperties(b: Uint8Array, owner: { readonly name: string }, path: string | null, offset: number | null, base = 0, length = b.length - base): number {
  const count = propertyCount(b, base, length);
  if (count < 0) throw propertiesError(b, owner, path, offset, base, length);
  return count;
}

/** checkProperties without the error: the property count, or -1 when the stream is not a valid little-endian properties stream (propertiesError says why). */
export function propertyCount(b: Uint8Array, base: number, length: number): number {
  // One pass over the header that sums the value lengths (the sum grows, so one check at the end bounds every value).
  if (length >= 4 && b[base] === 0x4c) {
    const count = b[base + 2] | (b[base + 3] << 8);
    let pos = 4 + count * 6;
    if (pos <= length) {
      for (let i = 0, at = base + 8; i < count; i++, at += 6) pos += b[at] | (b[at + 1] << 8);
      if (pos <= length) return count;
    }
  }
  return -1;
}

/** What is wrong with a properties stream that propertyCount refused. */
export function propertiesError(b: Uint8Array, owner: { readonly name: string }, path: string | null, offset: number | null, base: number, length: number): FormatError {
  const where = `"${owner.name}" properties`;
  if (length < 4) return storageError(path, offset, `${where}: properties stream of ${length} bytes is too short`);
  if (b[base] !== 0x4c) {
    return storageError(path, offset, `${where}: properties byte order 0x${b[base].toString(16)} is not 'L' (big-endian AAF is not supported)`, b[base] === 0x42 ? 'UNSUPPORTED' : 'BAD_MAGIC');
  }
  const count = b[base + 2] | (b[base + 3] << 8);
  let pos = 4 + count * 6;
  if (pos > length) return storageError(path, offset, `${where}: ${count} properties need a ${pos}-byte index, the stream has ${length} bytes`);
  for (let i = 0, at = base + 4; i < count; i++, at += 6) {
    const len = b[at + 4] | (b[at + 5] << 8);
    if (pos + len > length) {
      const pid = b[at] | (b[at + 1] << 8);
      return storageError(path, offset, `${where}: property 0x${pid.toString(16)} value of ${len} bytes runs past the stream end (${length})`);
    }
    pos += len;
  }
  return storageError(path, offset, `${where}: the property values run past the stream end (${length})`);
}

/**
 * An AUID stored as a GUID (u32, u16, u16 little-endian, 8 bytes) as
 * "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". A file repeats a few hundred AUIDs
 * (classes, definitions, types) tens of thousands of times, so the strings
 * come from a small cache keyed by a hash of the bytes.
 */
export function auidAt(b: Uint8Array, at = 0): string {
  if (at + 16 > b.length) return '';
  // Eight 16-bit halves, hashed and compared: small integers in every tier of the engine, where a
  // 32-bit word above 2^30 is a boxed number until the code is optimized.
  const h0 = b[at] | (b[at + 1] << 8);
  const h1 = b[at + 2] | (b[at + 3] << 8);
  const h2 = b[at + 4] | (b[at + 5] << 8);
  const h3 = b[at + 6] | (b[at + 7] << 8);
  const h4 = b[at + 8] | (b[at + 9] << 8);
  const h5 = b[at + 10] | (b[at + 11] << 8);
  const h6 = b[at + 12] | (b[at + 13] << 8);
  const h7 = b[at + 14] | (b[at + 15] << 8);
  const key = (h0 ^ (h1 << 5) ^ (h2 << 10) ^ (h3 << 14) ^ (h4 << 3) ^ (h5 << 8) ^ (h6 << 12) ^ (h7 << 1)) & 0x3fffffff;
  const bucket = AUID_CACHE.get(key);
  if (bucket) {
    for (let k = 0; k < bucket.length; k++) {
      const c = bucket[k];
      if (c.h0 === h0 && c.h1 === h1 && c.h2 === h2 && c.h3 === h3 && c.h4 === h4 && c.h5 === h5 && c.h6 === h6 && c.h7 === h7) return c.id;
    }
  }
  const id = formatAuid(b, at);
  if (AUID_CACHE.size < 8192) {
    const entry = { h0, h1, h2, h3, h4, h5, h6, h7, id };
    if (bucket) bucket.push(entry);
    else AUID_CACHE.set(key, [entry]);
  }
  return id;
}
type CachedAuid = { h0: number; h1: number; h2: number; h3: number; h4: number; h5: number; h6: number; h7: number; id: string };
const AUID_CACHE = new Map<number, CachedAuid[]>();

function formatAuid(b: Uint8Array, at: number): string {
  const h = HEX;
  return h[b[at + 3]] + h[b[at + 2]] + h[b[at + 1]] + h[b[at]] + '-' + h[b[at + 5]] + h[b[at + 4]] + '-' + h[b[at + 7]] + h[b[at + 6]] + '-'
    + h[b[at + 8]] + h[b[at + 9]] + '-' + h[b[at + 10]] + h[b[at + 11]] + h[b[at + 12]] + h[b[at + 13]] + h[b[at + 14]] + h[b[at + 15]];
}

/** "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" → the 16 bytes as stored (GUID byte order). */
export function auidBytes(id: string): Uint8Array {
  const h = id.replace(/-/g, '');
  const b = new Uint8Array(16);
  const byte = (i: number) => parseInt(h.slice(i * 2, i * 2 + 2), 16);
  b[0] = byte(3); b[1] = byte(2); b[2] = byte(1); b[3] = byte(0);
  b[4] = byte(5); b[5] = byte(4); b[6] = byte(7); b[7] = byte(6);
  for (let i = 8; i < 16; i++) b[i] = byte(i);
  return b;
}

/**
 * Key bytes (a MobID, a set element's key) as a map key: one character per
 * byte, decoded by the engine in one call. Every byte value gives its own
 * character, so two keys are equal exactly when their bytes are. A loop
 * over the bytes (as hexOf is) costs more before the code is optimized:
 * about 29,000 instructions for a 32-byte MobID in baseline code, where a
 * reader's first pass over a folder of exports runs.
 */
export function keyOf(b: Uint8Array): string {
  return latin1.decode(b);
}
const latin1 = new TextDecoder('latin1');

/** A keyOf key as lowercase hex, for messages. */
export function keyHex(key: string): string {
  if (!LATIN1_BYTES) {
    // The byte each character stands for, as this engine's decoder maps them (browsers map 0x80–0x9F elsewhere).
    LATIN1_BYTES = new Map();
    const all = latin1.decode(Uint8Array.from({ length: 256 }, (_, i) => i));
    for (let i = 0; i < 256; i++) LATIN1_BYTES.set(all.charCodeAt(i), i);
  }
  const bytes = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) bytes[i] = LATIN1_BYTES.get(key.charCodeAt(i)) ?? 0;
  return hexOf(bytes);
}
let LATIN1_BYTES: Map<number, number> | null = null;

/** Raw bytes as lowercase hex (for the dump and messages), made as one flat string. */
export function hexOf(b: Uint8Array): string {
  if (b.length === 0 || b.length > 64) {
    let s = '';
    for (let i = 0; i < b.length; i++) s += HEX[b[i]];
    return s;
  }
  const codes = charCodes(b.length * 2);
  for (let i = 0; i < b.length; i++) {
    codes[2 * i] = HEX_CODES[b[i] >> 4];
    codes[2 * i + 1] = HEX_CODES[b[i] & 15];
  }
  return String.fromCharCode.apply(null, codes);
}
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** A reused array of `n` numbers (n ≤ 128) for String.fromCharCode.apply: a string made at once is flat, one made by += is a chain. */
function charCodes(n: number): number[] {
  return (CHAR_CODES[n] ??= new Array<number>(n).fill(0));
}
const CHAR_CODES: number[][] = [];

/** A NUL-terminated UTF-16LE string value. */
export function utf16z(b: Uint8Array): string {
  let n = b.length & ~1;
  while (n >= 2 && b[n - 2] === 0 && b[n - 1] === 0) n -= 2;
  // Stop at the first NUL too (some writers pad).
  for (let i = 0; i + 1 < n; i += 2) if (b[i] === 0 && b[i + 1] === 0) { n = i; break; }
  if (n === 0) return '';
  if (n <= 256) {
    const codes = charCodes(n >> 1);
    for (let i = 0; i < n; i += 2) {
      const c = b[i] | (b[i + 1] << 8);
      if (c >= 0xd800 && c <= 0xdfff) return utf16.decode(b.subarray(0, n));
      codes[i >> 1] = c;
    }
    return String.fromCharCode.apply(null, codes);
  }
  return utf16.decode(b.subarray(0, n));
}

/**
 * A short NUL-terminated UTF-16LE name (a collection's or a strong
 * reference's storage name) at `at` in `b`, through a small cache keyed by
 * its bytes: a file names the same few dozen collections tens of thousands
 * of times, and the same string each time makes the lookups that follow
 * cheap (its hash is kept; it is flat).
 */
export function nameAt(b: Uint8Array, at: number, length: number): string {
  if (length > 128) return utf16z(b.subarray(at, at + length));
  // The bucket is picked by the length and a few bytes (both ends and the middle), not a pass over the
  // name: the one pass is the comparison with what the bucket holds.
  const end = at + length;
  const h = length < 8 ? length | (length > 0 ? b[at] << 8 : 0) : (length << 24) ^ (b[at] << 16) ^ (b[at + (length >> 2) * 2] << 8) ^ b[end - 4] ^ (b[end - 6] << 4);
  const bucket = NAME_CACHE.get(h);
  if (bucket) {
    for (let k = 0; k < bucket.length; k++) {
      const c = bucket[k].bytes;
      if (c.length !== length) continue;
      let i = 0;
      while (i < length && c[i] === b[at + i]) i++;
      if (i === length) return bucket[k].name;
    }
  }
  const name = utf16z(b.subarray(at, at + length));
  if (NAME_CACHE.size < 4096) {
    const entry = { bytes: b.slice(at, at + length), name };
    if (bucket) bucket.push(entry);
    else NAME_CACHE.set(h, [entry]);
  }
  return name;
}
const NAME_CACHE = new Map<number, Array<{ bytes: Uint8Array; name: string }>>();

export function u16At(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}
export { u32At };
export function i32At(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
}
/** Signed 64-bit little-endian as a bigint. */
export function i64At(b: Uint8Array, at: number): bigint {
  const lo = BigInt(u32At(b, at));
  const hi = BigInt(i32At(b, at + 4));
  return (hi << 32n) | lo;
}

/** Vector index stream: u32 count, u32 first free key, u32 last free key, count × u32 local key. */
/** `offset`: the index stream's directory entry, named in errors (the stream itself may be scattered). */
export function parseVectorIndex(b: Uint8Array, where: () => string, path: string | null, offset: number | null = null): number[] {
  if (b.length < 12) throw storageError(path, offset, `${where()}: vector index of ${b.length} bytes is too short`);
  const count = u32At(b, 0);
  if (12 + count * 4 > b.length) throw storageError(path, offset, `${where()}: vector index claims ${count} elements but holds ${Math.floor((b.length - 12) / 4)}`);
  const keys: number[] = new Array(count);
  for (let i = 0; i < count; i++) keys[i] = u32At(b, 12 + i * 4);
  return keys;
}

/** Element count of a vector index, checked against the stream's length. */
export function parseVectorCount(b: Uint8Array, where: () => string, path: string | null, offset: number | null = null): number {
  if (b.length < 12) throw storageError(path, offset, `${where()}: vector index of ${b.length} bytes is too short`);
  const count = u32At(b, 0);
  if (12 + count * 4 > b.length) throw storageError(path, offset, `${where()}: vector index claims ${count} elements but holds ${Math.floor((b.length - 12) / 4)}`);
  return count;
}

/** Count and key size of a set index, checked against the stream's length. */
export function parseSetHeader(b: Uint8Array, where: () => string, path: string | null, offset: number | null = null): { count: number; keySize: number } {
  if (b.length < 15) throw storageError(path, offset, `${where()}: set index of ${b.length} bytes is too short`);
  const count = u32At(b, 0);
  const keySize = b[14];
  if (15 + count * (8 + keySize) > b.length) throw storageError(path, offset, `${where()}: set index claims ${count} elements of ${8 + keySize} bytes but has ${b.length - 15}`);
  return { count, keySize };
}

export type SetIndex = { keyPid: number; keySize: number; entries: Array<{ localKey: number; key: Uint8Array }> };

/** Set index stream: u32 count, u32 first free, u32 last free, u16 key pid, u8 key size, count × {u32 local key, u32 ref count, key}. */
export function parseSetIndex(b: Uint8Array, where: () => string, path: string | null, offset: number | null = null): SetIndex {
  if (b.length < 15) throw storageError(path, offset, `${where()}: set index of ${b.length} bytes is too short`);
  const count = u32At(b, 0);
  const keyPid = u16At(b, 12);
  const keySize = b[14];
  const stride = 8 + keySize;
  if (15 + count * stride > b.length) throw storageError(path, offset, `${where()}: set index claims ${count} elements of ${stride} bytes but has ${b.length - 15}`);
  const entries: SetIndex['entries'] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = 15 + i * stride;
    entries[i] = { localKey: u32At(b, at), key: b.subarray(at + 8, at + 8 + keySize) };
  }
  return { keyPid, keySize, entries };
}

export type WeakRef = { tableIndex: number; keyPid: number; key: Uint8Array };

/** Weak reference value: u16 referenced-properties index, u16 key pid, u8 key size, key. */
export function parseWeakRef(b: Uint8Array): WeakRef | null {
  if (b.length < 5) return null;
  const keySize = b[4];
  if (5 + keySize > b.length) return null;
  return { tableIndex: u16At(b, 0), keyPid: u16At(b, 2), key: b.subarray(5, 5 + keySize) };
}

/** Weak reference vector/set index: u32 count, u16 table index, u16 key pid, u8 key size, keys. */
export function parseWeakIndex(b: Uint8Array, where: () => string, path: string | null, offset: number | null = null): WeakRef[] {
  if (b.length < 9) throw storageError(path, offset, `${where()}: weak reference index of ${b.length} bytes is too short`);
  const count = u32At(b, 0);
  const tableIndex = u16At(b, 4);
  const keyPid = u16At(b, 6);
  const keySize = b[8];
  // A key size of 0 must not let a count of 4 billion pass the length check (an array of millions of empty keys).
  if (9 + count * Math.max(1, keySize) > b.length) throw storageError(path, offset, `${where()}: weak index claims ${count} keys of ${keySize} bytes`);
  const out: WeakRef[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = { tableIndex, keyPid, key: b.subarray(9 + i * keySize, 9 + (i + 1) * keySize) };
  return out;
}

/** `/referenced properties`: u8 'L', u16 path count, u32 pid count, pids with 0 ending each path. */
export function parseReferencedProperties(b: Uint8Array): number[][] {
  if (b.length < 7) return [];
  const pathCount = u16At(b, 1);
  const pidCount = u32At(b, 3);
  const paths: number[][] = [];
  let cur: number[] = [];
  for (let i = 0; i < pidCount && 7 + i * 2 + 1 < b.length; i++) {
    const pid = u16At(b, 7 + i * 2);
    if (pid === 0) {
      paths.push(cur);
      cur = [];
      if (paths.length >= pathCount) break;
    } else cur.push(pid);
  }
  return paths;
}

/** Name of a strong-reference collection element storage: "<name>{<hex local key>}". */
export function elementName(collection: string, localKey: number): string {
  if (localKey >= 16) return `${collection}{${localKey.toString(16)}}`;
  // Most collections are a few elements long: their names are made once (flat strings compare fastest).
  let names = ELEMENT_NAMES.get(collection);
  if (!names) {
    names = [];
    if (ELEMENT_NAMES.size < 1024) ELEMENT_NAMES.set(collection, names);
  }
  return (names[localKey] ??= `${collection}{${localKey.toString(16)}}`);
}
const ELEMENT_NAMES = new Map<string, string[]>();

/** Name of a collection's index stream: "<name> index". */
export function indexName(collection: string): string {
  let n = INDEX_NAMES.get(collection);
  if (n === undefined) {
    n = `${collection} index`;
    if (INDEX_NAMES.size < 1024) INDEX_NAMES.set(collection, n);
  }
  return n;
}
const INDEX_NAMES = new Map<string, string>();

/** Indirect value: byte order 'L' (or 'B'), 16-byte type AUID, value. */
export function parseIndirect(b: Uint8Array): { typeId: string; value: Uint8Array; littleEndian: boolean } | null {
  if (b.length < 17) return null;
  return { typeId: auidAt(b, 1), value: b.subarray(17), littleEndian: b[0] !== 0x42 };
}
