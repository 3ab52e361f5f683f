/**
 * Zip name decoding and CRC-32 (APPNOTE 6.3.x, appendix D: names are UTF-8
 * when general-purpose flag bit 11 is set, IBM code page 437 otherwise).
 */
import { decodeUtf8 } from '../../io/cursor.js';

/** Code page 437, bytes 0x80..0xFF (the lower half is ASCII). */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** Decode a CP437 byte string (the zip default when bit 11 is clear). */
export function decodeCp437(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return s;
}

/** Encode a string as CP437, or null when a character has no CP437 byte. */
export function encodeCp437(text: string): Uint8Array | null {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out[i] = c;
    else {
      const j = CP437_HIGH.indexOf(text[i]);
      if (j < 0) return null;
      out[i] = 0x80 + j;
    }
  }
  return out;
}

/** A zip name as text: UTF-8 per flag bit 11, else CP437. */
export function decodeZipName(bytes: Uint8Array, utf8: boolean): string {
  return utf8 ? decodeUtf8(bytes) : decodeCp437(bytes);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A name without flag bit 11: CP437 per APPNOTE, except bytes that are valid
 * UTF-8 with non-ASCII characters, which are UTF-8 — macOS Archive Utility
 * writes UTF-8 names without setting the flag, and real CP437 names almost
 * never form valid multi-byte UTF-8 sequences.
 */
export function decodeUnflaggedName(bytes: Uint8Array): { name: string; utf8: boolean } {
  if (bytes.every((b) => b < 0x80)) return { name: decodeCp437(bytes), utf8: false };
  try {
    return { name: strictUtf8.decode(bytes), utf8: true };
  } catch {
    return { name: decodeCp437(bytes), utf8: false };
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO 3309, the zip polynomial), continued from `crc`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
