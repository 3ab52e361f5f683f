/**
 * Pro Tools session obfuscation (.pts PT5–6, .ptf PT7–9, .ptx PT10+).
 *
 * Bytes 0x00–0x13 are plain: 0x00 = 0x03, 0x01–0x10 the ASCII bits
 * "0010111100101011", 0x11 byte order (1 = big-endian, PT5 Mac files), 0x12 the
 * XOR scheme, 0x13 the XOR value. Every byte from 0x14 on is XORed with a key
 * derived from the value; XOR is its own inverse, so the same routine
 * obfuscates a plain buffer (the test writer uses it).
 */
import { FormatError, type FormatName } from '../../io/errors.js';

/** Length of the plain header. */
export const PTX_HEADER_LENGTH = 0x14;
/** The ASCII bits at 0x01–0x10 of every session file. */
export const PTX_MAGIC = '0010111100101011';

/** Scheme 0x01 (PT5–9): one 256-byte key, indexed by the low byte of the offset. */
export const XOR_TYPE_PT5 = 0x01;
/** Scheme 0x05 (PT10+): the key byte changes every 4 KiB (indexed by offset >> 12). */
export const XOR_TYPE_PT10 = 0x05;

export type PtxHeader = {
  bigEndian: boolean;
  xorType: number;
  xorValue: number;
};

/** True when the first bytes look like a Pro Tools session. */
export function looksLikePtx(head: Uint8Array): boolean {
  if (head.length < PTX_HEADER_LENGTH || head[0] !== 0x03) return false;
  for (let i = 0; i < 16; i++) if (head[1 + i] !== PTX_MAGIC.charCodeAt(i)) return false;
  return true;
}

/** Reads and checks the plain header; BAD_MAGIC / UNSUPPORTED name the offending byte. */
export function parsePtxHeader(bytes: Uint8Array, format: FormatName = 'ptx', path: string | null = null): PtxHeader {
  if (bytes.length < PTX_HEADER_LENGTH) {
    throw new FormatError({ code: 'TRUNCATED', format, offset: bytes.length, path, message: `the file has ${bytes.length} bytes, fewer than the ${PTX_HEADER_LENGTH}-byte header` });
  }
  if (!looksLikePtx(bytes)) {
    throw new FormatError({ code: 'BAD_MAGIC', format, offset: 0, path, message: 'not a Pro Tools session: bytes 0x00–0x10 are not 03 "0010111100101011"' });
  }
  const order = bytes[0x11];
  if (order !== 0 && order !== 1) {
    throw new FormatError({ code: 'BAD_MAGIC', format, offset: 0x11, path, message: `byte-order flag is ${order}, expected 0 or 1` });
  }
  const xorType = bytes[0x12];
  if (xorType !== XOR_TYPE_PT5 && xorType !== XOR_TYPE_PT10) {
    throw new FormatError({ code: 'UNSUPPORTED', format, offset: 0x12, path, message: `XOR scheme 0x${xorType.toString(16).padStart(2, '0')} is not known (0x01 PT5–9, 0x05 PT10+)` });
  }
  return { bigEndian: order === 1, xorType, xorValue: bytes[0x13] };
}

/** The 256-byte key for a scheme and value (key[k] = k·delta mod 256). */
export function xorKey(xorType: number, xorValue: number): Uint8Array {
  // Scheme 1: delta is the i with i·53 ≡ value (mod 256); scheme 5: delta = −i with i·11 ≡ value.
  // 53 and 11 are odd, so exactly one i exists for every value.
  const mul = xorType === XOR_TYPE_PT5 ? 53 : 11;
  let i = 0;
  while (((i * mul) & 0xff) !== xorValue) i++;
  const delta = xorType === XOR_TYPE_PT5 ? i : (256 - i) & 0xff;
  const key = new Uint8Array(256);
  for (let k = 0; k < 256; k++) key[k] = (k * delta) & 0xff;
  return key;
}

/** XORs bytes[0x14..] in place with the key of the header's scheme. */
export function applyXorInPlace(bytes: Uint8Array, xorType: number, xorValue: number): Uint8Array {
  const key = xorKey(xorType, xorValue);
  const n = bytes.length;
  // Bytes 0x14..0x1F one by one, then 32-bit words from 0x20 (4-aligned in the file, so the
  // key pattern lines up with word boundaries) when the buffer itself is 4-aligned.
  const head = Math.min(n, 0x20);
  for (let p = PTX_HEADER_LENGTH; p < head; p++) bytes[p] ^= keyByte(key, xorType, p);
  if (n <= head) return bytes;
  const aligned = bytes.byteOffset % 4 === 0;
  const words = aligned ? Math.floor((n - head) / 4) : 0;
  if (words > 0) {
    const w = new Uint32Array(bytes.buffer, bytes.byteOffset + head, words);
    const le = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
    const pack = (a: number, b: number, c: number, d: number) => (le ? (a | (b << 8) | (c << 16) | (d << 24)) : ((a << 24) | (b << 16) | (c << 8) | d)) >>> 0;
    if (xorType === XOR_TYPE_PT5) {
      // The key repeats every 256 bytes: 64 words.
      const kw = new Uint32Array(64);
      for (let i = 0; i < 64; i++) kw[i] = pack(key[(head + 4 * i) & 0xff], key[(head + 4 * i + 1) & 0xff], key[(head + 4 * i + 2) & 0xff], key[(head + 4 * i + 3) & 0xff]);
      for (let i = 0; i < words; i++) w[i] ^= kw[i & 63];
    } else {
      // One key byte per 4 KiB page.
      for (let i = 0; i < words; ) {
        const page = (head + 4 * i) >> 12;
        const k = key[page & 0xff];
        const end = Math.min(words, (((page + 1) << 12) - head) >> 2);
        if (k !== 0) {
          const kk = pack(k, k, k, k);
          for (let j = i; j < end; j++) w[j] ^= kk;
        }
        i = end;
      }
    }
  }
  for (let p = head + 4 * words; p < n; p++) bytes[p] ^= keyByte(key, xorType, p);
  return bytes;
}

function keyByte(key: Uint8Array, xorType: number, p: number): number {
  return xorType === XOR_TYPE_PT5 ? key[p & 0xff] : key[(p >> 12) & 0xff];
}

/**
 * The de-obfuscated copy of a whole session file (the plain header kept).
 * The input is not modified. Throws FormatError for a bad header.
 */
export function deobfuscatePtx(bytes: Uint8Array, path: string | null = null): Uint8Array {
  const h = parsePtxHeader(bytes, 'ptx', path);
  return applyXorInPlace(bytes.slice(), h.xorType, h.xorValue);
}
