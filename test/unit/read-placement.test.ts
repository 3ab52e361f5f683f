/** readView: read buffers placed off the source's place in a page (src/io/read-placement.ts). */
import { describe, expect, it } from 'vitest';
import { readCapacity, readView } from '../../src/io/read-placement.js';
import { prng } from '../support/prng.js';

describe('readView', () => {
  it('starts 57 to 64 bytes past the source offset within a page, 8-byte aligned, inside the buffer', () => {
    const rand = prng(20261121);
    for (let i = 0; i < 2000; i++) {
      const n = 1 + Math.floor(rand() * 300_000);
      const lead = Math.floor(rand() * 5000);
      const offset = i % 7 === 0 ? Math.floor(rand() * 2 ** 40) : Math.floor(rand() * 1e7);
      const backing = new Uint8Array(lead + readCapacity(n));
      const buf = backing.subarray(lead);
      const v = readView(buf, offset, n);
      expect(v.length).toBe(n);
      // Inside the capacity asked for (buf's own bytes, not just the backing memory's).
      expect(v.byteOffset - lead + n).toBeLessThanOrEqual(buf.length);
      const distance = (((v.byteOffset - offset) % 4096) + 4096) % 4096;
      expect(distance).toBeGreaterThanOrEqual(57);
      expect(distance).toBeLessThanOrEqual(64);
      expect((v.byteOffset - lead) % 8).toBe(0);
    }
  });

  it('puts a read 64 bytes past the source\'s place in a page, in a page-aligned buffer', () => {
    expect(readView(new Uint8Array(readCapacity(10)), 0, 10).byteOffset).toBe(64);
    expect(readView(new Uint8Array(readCapacity(10)), 4096 * 3 + 512, 10).byteOffset).toBe(576);
  });
});
