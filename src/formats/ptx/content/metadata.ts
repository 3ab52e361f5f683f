/**
 * Session metadata (PT 2020+): 0x2716 (u32 count) → 0x2715: the key
 * "sessionMetadataBase64" and a base64 value (with CR LF line breaks). Decoded:
 * u32 1, u32 entry count, then per entry a key (a URI with tabs for slashes, e.g.
 * "http:\t\tpurl.org\tdc\telements\t1.1\t:title"), u32 kind (0 = one string,
 * 3 = a list: u32, u32 count, then per item 8 bytes and a string).
 */
import type { Block, PtxBytes } from '../blocks.js';
import { decodeText } from '../blocks.js';

export type MetadataEntry = { key: string; values: string[] };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Bytes(text: string): Uint8Array {
  const map = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) map[B64.charCodeAt(i)] = i;
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? map[c] : -1;
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return new Uint8Array(out);
}

/** The short name of a metadata key ("title", "contributor", "TPE1"). */
function keyName(uri: string): string {
  const m = /[#\t]:?([^\t#:]+)$/.exec(uri);
  return m ? m[1] : uri;
}

export function readSessionMetadata(f: PtxBytes, container: Block): MetadataEntry[] {
  const out: MetadataEntry[] = [];
  for (const e of f.scanChildren(container, container.payload + 4)) {
    if (e.contentType !== 0x2715) continue;
    const key = f.str(e.payload, e.end, 'metadata key');
    if (key.value !== 'sessionMetadataBase64') continue;
    const value = f.str(key.next, e.end, 'metadata value');
    out.push(...parseMetadataBlob(base64Bytes(value.value)));
  }
  return out;
}

/** Lenient: stops at the first field that does not fit. */
export function parseMetadataBlob(b: Uint8Array): MetadataEntry[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 0;
  const u32 = () => {
    if (p + 4 > b.length) throw new RangeError('metadata');
    const x = v.getUint32(p, true);
    p += 4;
    return x;
  };
  const str = () => {
    const n = u32();
    if (p + n > b.length) throw new RangeError('metadata');
    const s = decodeText(b.subarray(p, p + n));
    p += n;
    return s;
  };
  const out: MetadataEntry[] = [];
  try {
    u32();
    const n = u32();
    for (let i = 0; i < n && i < 10_000; i++) {
      const key = keyName(str());
      const kind = u32();
      if (kind === 0) out.push({ key, values: [str()] });
      else if (kind === 3) {
        u32();
        const k = u32();
        const values: string[] = [];
        for (let j = 0; j < k && j < 10_000; j++) {
          p += 8;
          values.push(str());
        }
        out.push({ key, values });
      } else break;
    }
  } catch {
    // Truncated or unknown layout: keep what was read.
  }
  return out;
}
