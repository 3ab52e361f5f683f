/**
 * Bytes of a Session Info as Text export → lines with their byte offsets.
 *
 * Pro Tools writes these exports either as UTF-8 or, with the "TextEdit"
 * text format option, in the legacy 8-bit encoding of the machine: MacRoman
 * on a Mac, Windows-1252 (a Latin-1 superset) on Windows. The export does not
 * say which; the bytes have to. Line endings are LF, CRLF or (old Mac
 * editors, TextEdit re-saves) a lone CR.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'macintosh' | 'windows-1252';

export type Line = {
  /** 1-based line number. */
  number: number;
  /** Byte offset of the line's first byte in the input. */
  offset: number;
  text: string;
  /** False only for a last line that ends without a line break. */
  terminated: boolean;
};

export type DecodedText = {
  encoding: TextEncodingName;
  lineEnding: 'LF' | 'CRLF' | 'CR' | 'mixed' | 'none';
  bom: boolean;
  lines: Line[];
};

// MacRoman 0x80–0xFF (Apple's published mapping, as the WHATWG "macintosh" decoder has it);
// 0xF0 is Apple's private-use logo.
const MAC_ROMAN_HIGH =
  '\u00c4\u00c5\u00c7\u00c9\u00d1\u00d6\u00dc\u00e1\u00e0\u00e2\u00e4\u00e3\u00e5\u00e7\u00e9\u00e8' +
  '\u00ea\u00eb\u00ed\u00ec\u00ee\u00ef\u00f1\u00f3\u00f2\u00f4\u00f6\u00f5\u00fa\u00f9\u00fb\u00fc' +
  '\u2020\u00b0\u00a2\u00a3\u00a7\u2022\u00b6\u00df\u00ae\u00a9\u2122\u00b4\u00a8\u2260\u00c6\u00d8' +
  '\u221e\u00b1\u2264\u2265\u00a5\u00b5\u2202\u2211\u220f\u03c0\u222b\u00aa\u00ba\u03a9\u00e6\u00f8' +
  '\u00bf\u00a1\u00ac\u221a\u0192\u2248\u2206\u00ab\u00bb\u2026\u00a0\u00c0\u00c3\u00d5\u0152\u0153' +
  '\u2013\u2014\u201c\u201d\u2018\u2019\u00f7\u25ca\u00ff\u0178\u2044\u20ac\u2039\u203a\ufb01\ufb02' +
  '\u2021\u00b7\u201a\u201e\u2030\u00c2\u00ca\u00c1\u00cb\u00c8\u00cd\u00ce\u00cf\u00cc\u00d3\u00d4' +
  '\uf8ff\u00d2\u00da\u00db\u00d9\u0131\u02c6\u02dc\u00af\u02d8\u02d9\u02da\u00b8\u02dd\u02db\u02c7';

// Windows-1252 0x80–0x9F (the rest of the high half is Latin-1); undefined bytes map to U+FFFD.
const CP1252_C1 =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

/** Decode an 8-bit legacy encoding (no TextDecoder dependency: both tables are small). */
export function decodeSingleByte(bytes: Uint8Array, encoding: 'macintosh' | 'windows-1252'): string {
  let out = '';
  let chunk: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    let code: number;
    if (b < 0x80) code = b;
    else if (encoding === 'macintosh') code = MAC_ROMAN_HIGH.charCodeAt(b - 0x80);
    else code = b < 0xa0 ? CP1252_C1.charCodeAt(b - 0x80) : b;
    chunk.push(code);
    if (chunk.length === 8192) {
      out += String.fromCharCode(...chunk);
      chunk = [];
    }
  }
  return out + String.fromCharCode(...chunk);
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;

function charOf(b: number, encoding: 'macintosh' | 'windows-1252'): string {
  return decodeSingleByte(new Uint8Array([b]), encoding);
}

/**
 * MacRoman or Windows-1252? The export does not say. Strongest evidence
 * first: the file locations (HFS "Volume:folder:" paths are written by Pro
 * Tools on a Mac, "C:\" paths on Windows) and lone-CR line endings (Mac).
 * Otherwise score each candidate by how many high bytes decode to letters
 * that fit the ASCII letters around them ("Café", not "outÉ"), and prefer
 * MacRoman on a tie: "TextEdit" is the Mac name of the format.
 */
export function guessLegacyEncoding(bytes: Uint8Array): 'macintosh' | 'windows-1252' {
  const head = decodeSingleByte(bytes.subarray(0, Math.min(bytes.length, 1 << 20)), 'windows-1252');
  if (/\t[A-Za-z]:\\/.test(head) || /\t\\\\[^\t\\]+\\/.test(head)) return 'windows-1252';
  if (/\t[^\t:\\/\r\n]+:(?:[^\t\r\n:]+:)+[ \t]*(?:\r\n|\r|\n)/.test(head)) return 'macintosh';
  if (/\r(?!\n)/.test(head) && !head.includes('\n')) return 'macintosh';
  let mac = 0;
  let win = 0;
  const asciiLetter = (b: number | undefined) => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
  const asciiLower = (b: number | undefined) => b !== undefined && b >= 0x61 && b <= 0x7a;
  const score = (c: string, prev: number | undefined, next: number | undefined): number => {
    if (c === '\ufffd') return -5;
    if (!LETTER.test(c)) return 0;
    if (!asciiLetter(prev) && !asciiLetter(next)) return 0;
    // An upper-case letter straight after a lower-case one is unlikely in names.
    if (UPPER.test(c) && asciiLower(prev)) return -1;
    return 2;
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    mac += score(charOf(b, 'macintosh'), bytes[i - 1], bytes[i + 1]);
    win += score(charOf(b, 'windows-1252'), bytes[i - 1], bytes[i + 1]);
  }
  return win > mac ? 'windows-1252' : 'macintosh';
}

/** Which encoding the bytes are in, and whether they start with a byte-order mark. */
export function detectEncoding(bytes: Uint8Array): { encoding: TextEncodingName; bomLength: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (isValidUtf8(bytes)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: guessLegacyEncoding(bytes), bomLength: 0 };
}

function decoderFor(encoding: TextEncodingName): (bytes: Uint8Array) => string {
  if (encoding === 'macintosh' || encoding === 'windows-1252') return (b) => decodeSingleByte(b, encoding);
  const d = new TextDecoder(encoding);
  return (b) => d.decode(b);
}

/**
 * Split into lines on LF, CRLF or CR and decode each. For 8-bit and UTF-8
 * text the split works on bytes, so every line keeps its byte offset (for
 * diagnostics); UTF-16 is decoded first and offsets are doubled code units.
 */
export function decodeLines(bytes: Uint8Array): DecodedText {
  const { encoding, bomLength } = detectEncoding(bytes);
  const decodeWith = decoderFor(encoding);
  const lines: Line[] = [];
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const text = decodeWith(bytes.subarray(bomLength));
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      const c = text.charCodeAt(i);
      if (i === text.length || c === 0x0a || c === 0x0d) {
        if (i === text.length && start === i) break;
        lines.push({ number: lines.length + 1, offset: bomLength + start * 2, text: text.slice(start, i), terminated: i < text.length });
        if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) { crlf++; i++; } else if (c === 0x0d) cr++; else if (c === 0x0a) lf++;
        start = i + 1;
      }
    }
  } else {
    let start = bomLength;
    for (let i = bomLength; i <= bytes.length; i++) {
      const b = bytes[i];
      if (i === bytes.length || b === 0x0a || b === 0x0d) {
        if (i === bytes.length && start === i) break;
        lines.push({ number: lines.length + 1, offset: start, text: decodeWith(bytes.subarray(start, i)), terminated: i < bytes.length });
        if (b === 0x0d && bytes[i + 1] === 0x0a) { crlf++; i++; } else if (b === 0x0d) cr++; else if (b === 0x0a) lf++;
        start = i + 1;
      }
    }
  }
  const kinds = [lf && 'LF', crlf && 'CRLF', cr && 'CR'].filter(Boolean) as Array<'LF' | 'CRLF' | 'CR'>;
  const lineEnding = kinds.length === 0 ? 'none' : kinds.length === 1 ? kinds[0] : 'mixed';
  return { encoding, lineEnding, bom: bomLength > 0, lines };
}
