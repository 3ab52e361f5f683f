/** Storage helpers: the name and AUID caches answer each stored value with its own string; the properties header check. */
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src/io/errors.js';
import { auidAt, checkProperties, nameAt, utf16z as decodeUtf16z } from '../../../src/formats/aaf/storage.js';

function utf16z(s: string): Uint8Array {
  const b = new Uint8Array(s.length * 2 + 2);
  for (let i = 0; i < s.length; i++) {
    b[2 * i] = s.charCodeAt(i) & 0xff;
    b[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return b;
}

describe('utf16z', () => {
  it('decodes short and long strings alike: up to the first NUL, an odd last byte dropped, lone surrogates replaced', () => {
    const reference = (b: Uint8Array): string => {
      let n = b.length & ~1;
      for (let i = 0; i + 1 < n; i += 2) if (b[i] === 0 && b[i + 1] === 0) { n = i; break; }
      return new TextDecoder('utf-16le').decode(b.subarray(0, n));
    };
    // Lengths from none to past 256 bytes, where the loop hands over to the engine's decoder.
    for (const len of [0, 1, 5, 15, 16, 17, 40, 200]) {
      const text = 'Dialog Ωü-'.repeat(30).slice(0, len);
      const cases = [
        utf16z(text),
        utf16z(text).subarray(0, Math.max(0, utf16z(text).length - 2)), // no terminator
        concatBytes(utf16z(text), new Uint8Array([0x41, 0x00, 0x42])), // text after the NUL, odd length
        concatBytes(utf16z(text).subarray(0, text.length * 2), new Uint8Array([0x3d, 0xd8, 0x00, 0xde])), // a surrogate pair (U+1F600)
        concatBytes(utf16z(text).subarray(0, text.length * 2), new Uint8Array([0x3d, 0xd8, 0x41, 0x00])), // a lone high surrogate
        concatBytes(utf16z(text).subarray(0, text.length * 2), new Uint8Array([0x00, 0xdc])), // a lone low surrogate
      ];
      for (const b of cases) expect(decodeUtf16z(b)).toBe(reference(b));
    }
    expect(decodeUtf16z(utf16z('x'.repeat(40)))).toBe('x'.repeat(40));
    expect(decodeUtf16z(concatBytes(utf16z('Track'), utf16z('y'.repeat(30))))).toBe('Track');
  });
});

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

describe('nameAt', () => {
  it('tells apart names that share length, ends and middle', () => {
    // Same length and the same bytes where the bucket is picked: only the full comparison separates them.
    const names = ['Components-1001', 'Componemts-1001', 'Cxmponents-1001', 'Components-1001x', 'Slots-4403', 'Slotz-4403', 'a', '', 'ab', 'Ωmega-ü', 'x'.repeat(70)];
    for (let round = 0; round < 2; round++) {
      for (const n of names) {
        const bytes = utf16z(n);
        // At an offset inside a larger buffer, as in a properties stream.
        const buf = new Uint8Array(bytes.length + 7);
        buf.set(bytes, 5);
        expect(nameAt(buf, 5, bytes.length)).toBe(n);
      }
    }
  });
});

describe('auidAt', () => {
  it('formats every AUID by its own bytes, however alike (one byte apart at each position)', () => {
    const base = Uint8Array.from([0x01, 0x01, 0x01, 0x0d, 0x01, 0x01, 0x00, 0x37, 0x06, 0x0e, 0x2b, 0x34, 0x02, 0x06, 0x01, 0x01]);
    const expected = (b: Uint8Array) => {
      const h = (i: number) => b[i].toString(16).padStart(2, '0');
      return [3, 2, 1, 0].map(h).join('') + '-' + [5, 4].map(h).join('') + '-' + [7, 6].map(h).join('') + '-' + [8, 9].map(h).join('') + '-' + [10, 11, 12, 13, 14, 15].map(h).join('');
    };
    expect(auidAt(base)).toBe('0d010101-0101-3700-060e-2b3402060101');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 16; i++) {
        for (const flip of [0x01, 0x80, 0xff]) {
          const b = new Uint8Array(20);
          b.set(base, 3);
          b[3 + i] ^= flip;
          expect(auidAt(b, 3)).toBe(expected(b.subarray(3)));
        }
      }
    }
    expect(auidAt(base, 1)).toBe('');
  });
});

describe('checkProperties', () => {
  /** A properties stream: 'L', version, count, then {pid, form, length} entries and the values, at `base` in a larger buffer. */
  function stream(lengths: number[], valueBytes: number, order = 0x4c, base = 3): { b: Uint8Array; base: number; length: number } {
    const length = 4 + lengths.length * 6 + valueBytes;
    const b = new Uint8Array(base + length + 5);
    const v = new DataView(b.buffer);
    b[base] = order;
    b[base + 1] = 0x20;
    v.setUint16(base + 2, lengths.length, true);
    lengths.forEach((len, i) => {
      v.setUint16(base + 4 + i * 6, 0x1000 + i, true);
      v.setUint16(base + 6 + i * 6, 0x82, true);
      v.setUint16(base + 8 + i * 6, len, true);
    });
    return { b, base, length };
  }
  const owner = { name: 'Mob-1' };
  function refusal(s: { b: Uint8Array; base: number; length: number }, length = s.length): FormatError {
    try {
      checkProperties(s.b, owner, 'x.aaf', 1234, s.base, length);
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).offset).toBe(1234);
      expect((e as FormatError).path).toBe('x.aaf');
      return e as FormatError;
    }
    throw new Error('accepted');
  }

  it('returns the count when the values fill the stream or less', () => {
    const s = stream([4, 0, 300, 2], 306);
    expect(checkProperties(s.b, owner, null, null, s.base, s.length)).toBe(4);
    expect(checkProperties(s.b, owner, null, null, s.base, s.length + 1)).toBe(4);
    expect(checkProperties(stream([], 0).b, owner, null, null, 3, 4)).toBe(0);
  });

  it('says what is wrong, where', () => {
    const s = stream([4, 0, 300, 2], 306);
    expect(refusal(s, 3).message).toMatch(/"Mob-1" properties: properties stream of 3 bytes is too short/);
    // The last value one byte past the end; then the third value far past it.
    expect(refusal(s, s.length - 1).message).toMatch(/property 0x1003 value of 2 bytes runs past the stream end/);
    expect(refusal(stream([4, 0, 60000, 2], 306)).message).toMatch(/property 0x1002 value of 60000 bytes/);
    expect(refusal(stream([4, 0], 4), 10).message).toMatch(/2 properties need a 16-byte index, the stream has 10 bytes/);
    const be = refusal(stream([4], 4, 0x42));
    expect(be.code).toBe('UNSUPPORTED');
    expect(be.message).toMatch(/big-endian/);
    expect(refusal(stream([4], 4, 0x00)).code).toBe('BAD_MAGIC');
  });
});
