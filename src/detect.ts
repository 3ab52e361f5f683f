/**
 * sniff(first bytes, name) → format. Content wins over the extension; the
 * extension only separates .ptx/.ptf/.pts and text/JSON inputs.
 */
export type DetectedFormat = 'ptx' | 'ptf' | 'pts' | 'aaf' | 'session-text' | 'wav' | 'zip' | 'model' | 'unknown';

const PT_MAGIC = '0010111100101011';
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** How many leading bytes `sniff` wants. */
export const SNIFF_BYTES = 4096;

function ascii(b: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = start; i < Math.min(b.length, start + len); i++) s += String.fromCharCode(b[i]);
  return s;
}

export function extensionOf(name: string): string {
  const base = name.split(/[\\/!]/).pop() ?? name;
  const i = base.lastIndexOf('.');
  return i < 0 ? '' : base.slice(i + 1).toLowerCase();
}

export function sniff(head: Uint8Array, name = ''): DetectedFormat {
  const ext = extensionOf(name);
  if (head.length >= 17 && head[0] === 0x03 && ascii(head, 1, 16) === PT_MAGIC) {
    if (ext === 'ptf' || ext === 'pts' || ext === 'ptx') return ext;
    return 'ptx';
  }
  if (head.length >= 8 && CFB_MAGIC.every((v, i) => head[i] === v)) return 'aaf';
  const tag = ascii(head, 0, 4);
  if ((tag === 'RIFF' || tag === 'RF64' || tag === 'BW64') && ascii(head, 8, 4) === 'WAVE') return 'wav';
  if (tag === 'PK\x03\x04' || tag === 'PK\x05\x06' || tag === 'PK\x07\x08') return 'zip';
  const text = decodeHeadText(head);
  if (text !== null) {
    const t = text.replace(/^\uFEFF/, '').trimStart();
    if (t.startsWith('{') && (ext === 'json' || /"schemaVersion"\s*:/.test(t))) return 'model';
    if (/^SESSION NAME:/m.test(t) || /\bSESSION NAME:\t/.test(t)) return 'session-text';
  }
  return 'unknown';
}

function decodeHeadText(head: Uint8Array): string | null {
  // A Session Info as Text export re-saved by an editor may carry a BOM: UTF-8 (dropped here) or UTF-16.
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) head = head.subarray(3);
  else if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return new TextDecoder(head[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(head.subarray(2, head.length & ~1));
  }
  // Text inputs have no NULs in their first bytes (UTF-16 exports are not produced by Pro Tools).
  for (let i = 0; i < Math.min(head.length, 512); i++) if (head[i] === 0) return null;
  // Latin-1 keeps every byte: MacRoman or Windows-1252 text still shows its ASCII keys. Lone-CR line
  // endings count as line breaks for the `m` flag below.
  return new TextDecoder('latin1').decode(head);
}

/** A human name for a format that is recognised but not a session (for clear errors). */
export function describeForeign(head: Uint8Array): string | null {
  const tag = ascii(head, 0, 4);
  if (head.length >= 16 && head[0] === 0x06 && head[1] === 0x0e && head[2] === 0x2b && head[3] === 0x34) {
    return 'an MXF/KLV file (KLV-encoded AAF is not supported: export AAF as a structured-storage file)';
  }
  if (tag === 'FORM') return 'an AIFF file';
  if (tag === 'fLaC') return 'a FLAC file';
  if (tag === 'OggS') return 'an Ogg file';
  if (ascii(head, 4, 4) === 'ftyp') return 'an MP4/QuickTime file';
  if (tag === 'ID3\x03' || tag.startsWith('ID3') || (head[0] === 0xff && (head[1] & 0xe0) === 0xe0)) return 'an MP3 file';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'a gzip file';
  if (tag === '%PDF') return 'a PDF file';
  return null;
}
