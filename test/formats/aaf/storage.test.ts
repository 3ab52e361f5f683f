/** Storage helpers: the name and AUID caches answer each stored value with its own string. */
import { describe, expect, it } from 'vitest';
import { auidAt, nameAt } from '../../../src/formats/aaf/storage.js';

function utf16z(s: string): Uint8Array {
  const b = new Uint8Array(s.length * 2 + 2);
  for (let i = 0; i < s.length; i++) {
    b[2 * i] = s.charCodeAt(i) & 0xff;
    b[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return b;
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
