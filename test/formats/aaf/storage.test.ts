/** Storage helpers: the name cache answers each stored name with its own string. */
import { describe, expect, it } from 'vitest';
import { nameAt } from '../../../src/formats/aaf/storage.js';

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
