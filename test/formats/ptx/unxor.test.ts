import { describe, expect, it } from 'vitest';
import { applyXorInPlace, deobfuscatePtx, looksLikePtx, parsePtxHeader, xorKey, XOR_TYPE_PT10, XOR_TYPE_PT5 } from '../../../src/formats/ptx/unxor.js';
import { isFormatError } from '../../../src/io/errors.js';
import { writePtx } from '../../support/ptx-writer/index.js';

function header(order = 0, type = 1, value = 0x10): Uint8Array {
  const b = new Uint8Array(0x14 + 8192 + 7);
  b[0] = 3;
  for (let i = 0; i < 16; i++) b[1 + i] = '0010111100101011'.charCodeAt(i);
  b[0x11] = order;
  b[0x12] = type;
  b[0x13] = value;
  return b;
}

describe('ptx de-obfuscation', () => {
  it('derives scheme 1 keys from i·53 ≡ value and scheme 5 keys from −i with i·11 ≡ value', () => {
    for (const value of [0, 1, 0x73, 0xff]) {
      const k1 = xorKey(XOR_TYPE_PT5, value);
      const d1 = k1[1];
      expect((d1 * 53) & 0xff).toBe(value);
      expect(k1[7]).toBe((7 * d1) & 0xff);
      const k5 = xorKey(XOR_TYPE_PT10, value);
      const i = (256 - k5[1]) & 0xff;
      expect((i * 11) & 0xff).toBe(value);
    }
  });

  it('scheme 1 indexes the key by the low byte of the offset; scheme 5 by offset >> 12', () => {
    const a = header(0, 1, 0x35);
    applyXorInPlace(a, 1, 0x35);
    const k = xorKey(1, 0x35);
    expect(a[0x14]).toBe(k[0x14]);
    expect(a[0x1ff]).toBe(k[0xff]);
    const b = header(0, 5, 0x0b);
    applyXorInPlace(b, 5, 0x0b);
    const k5 = xorKey(5, 0x0b);
    expect(b[0x14]).toBe(k5[0]);
    expect(b[0x1000]).toBe(k5[1]);
    expect(b[0x1fff]).toBe(k5[1]);
    expect(b[0x2000]).toBe(k5[2]);
    // The plain header is never touched.
    expect(b[0x13]).toBe(0x0b);
  });

  it('round-trips: XOR is its own inverse, and the input is not modified', () => {
    const file = writePtx({ version: 12, sampleRate: 48000, files: [], tracks: [] });
    const copy = file.slice();
    const plain = deobfuscatePtx(file);
    expect(file).toEqual(copy);
    expect(plain[0x14]).toBe(0x5a);
    expect(applyXorInPlace(plain.slice(), file[0x12], file[0x13])).toEqual(file);
  });

  it('recognises the header and rejects others with BAD_MAGIC / UNSUPPORTED at the byte', () => {
    expect(looksLikePtx(header())).toBe(true);
    const bad = header();
    bad[5] = 0x41;
    expect(() => parsePtxHeader(bad)).toThrow(expect.objectContaining({ code: 'BAD_MAGIC', offset: 0 }));
    expect(() => parsePtxHeader(header(2))).toThrow(expect.objectContaining({ code: 'BAD_MAGIC', offset: 0x11 }));
    expect(() => parsePtxHeader(header(0, 3))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED', offset: 0x12 }));
    try {
      parsePtxHeader(new Uint8Array(5));
    } catch (e) {
      expect(isFormatError(e) && e.code).toBe('TRUNCATED');
    }
    expect(parsePtxHeader(header(1, 1, 0x73))).toEqual({ bigEndian: true, xorType: 1, xorValue: 0x73 });
  });
});
