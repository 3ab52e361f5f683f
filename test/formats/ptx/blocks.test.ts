import { describe, expect, it } from 'vitest';
import { PtxBytes, walkTopLevel, indexedOffsets } from '../../../src/formats/ptx/blocks.js';
import { openPtx, readPtx } from '../../../src/formats/ptx/index.js';
import { deobfuscatePtx, applyXorInPlace } from '../../../src/formats/ptx/unxor.js';
import { BufferSource } from '../../../src/io/byte-source.js';
import { resolveLimits } from '../../../src/io/limits.js';
import type { FormatError } from '../../../src/io/errors.js';
import { writePtx, type WriterSession } from '../../support/ptx-writer/index.js';
import { formatErrorOf } from '../../support/errors.js';

const SESSION: WriterSession = {
  version: 12, sampleRate: 48000, bitDepth: 24,
  files: [{ name: 'a.wav', length: 48000 }],
  tracks: [{ name: 'A', channels: [{ clips: [{ name: 'a', file: 0, position: 100, length: 1000 }] }] }],
  markers: [{ name: 'M', position: 5 }],
};

/** Re-obfuscates a de-obfuscated file after an edit. */
function reobfuscate(plain: Uint8Array): Uint8Array {
  return applyXorInPlace(plain, plain[0x12], plain[0x13]);
}

function failure(bytes: Uint8Array): Promise<FormatError> {
  return formatErrorOf(readPtx(new BufferSource(bytes, 'bad.ptx'), { path: 'bad.ptx' }));
}

describe('ptx block walk', () => {
  it('walks top-level blocks by declared size to the index named at 0x14, which lists real blocks only', () => {
    const { f, walk, indexed } = openPtx(writePtx(SESSION), 'w.ptx');
    expect(walk.top[0].offset).toBe(0x1f);
    expect(walk.top[0].contentType).toBe(0x2067);
    const last = walk.top[walk.top.length - 1];
    expect(last.contentType).toBe(0x0002);
    expect(last.end).toBe(f.length);
    expect(walk.indexOffset).toBe(last.offset);
    for (const off of indexed) expect(f.bytes[off]).toBe(0x5a);
    for (const b of walk.top.slice(0, -1)) expect(indexed.has(b.offset)).toBe(true);
  });

  it('does not take a stray 0x5A for a block (no phantom blocks)', () => {
    const s: WriterSession = { ...SESSION, tracks: [{ name: 'ZZZZ\u005aZ', channels: [{ clips: [{ name: 'ZZ', file: 0, position: 0x5a5a, length: 0x5a }] }] }] };
    const { walk } = openPtx(writePtx(s), 'w.ptx');
    const types = walk.top.map((b) => b.contentType);
    expect(types.every((t) => [0x2067, 0x1028, 0x1004, 0x262a, 0x2630, 0x1054, 0x1015, 0x2624, 0x271a, 0x2030, 0x0003, 0x0002].includes(t))).toBe(true);
  });

  it('reads big-endian PT5 files', () => {
    const bytes = writePtx({ ...SESSION, version: 5, bigEndian: true });
    const plain = deobfuscatePtx(bytes);
    const f = new PtxBytes(plain, true, 'pts', null, resolveLimits());
    const walk = walkTopLevel(f);
    expect(walk.top[0].contentType).toBe(0x0003);
    expect(indexedOffsets(f, walk.top[walk.top.length - 1]).has(0x1f)).toBe(true);
  });

  it('a truncated file is TRUNCATED at the block that runs past the end', async () => {
    const bytes = writePtx(SESSION);
    const cut = bytes.slice(0, bytes.length - 40);
    const e = await failure(cut);
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBeGreaterThan(0x14);
    expect(e.message).toContain('bad.ptx');
  });

  it('a child whose size runs past its parent is TRUNCATED at the child', async () => {
    const plain = deobfuscatePtx(writePtx(SESSION));
    const { walk } = openPtx(writePtx(SESSION), 'w.ptx');
    const list = walk.top.find((b) => b.contentType === 0x262a)!;
    const child = list.payload + 4;
    expect(plain[child]).toBe(0x5a);
    new DataView(plain.buffer).setUint32(child + 3, list.size + 100, true);
    const s = await readPtx(new BufferSource(reobfuscate(plain), 'bad.ptx'), { path: 'bad.ptx' });
    // The region list is lost, the reader says where and why, and the feature is not claimed.
    const d = s.diagnostics.find((x) => x.code === 'ptx/section-error')!;
    expect(d.offset).toBe(child);
    expect(d.message).toMatch(/claims \d+ bytes but its parent ends/);
    expect(s.coverage.playlists).toBe('unsupported');
  });

  it('a damaged top-level block is skipped to the next block the index lists, with an error diagnostic at its offset', async () => {
    const plain = deobfuscatePtx(writePtx(SESSION));
    const { walk } = openPtx(writePtx(SESSION), 'w.ptx');
    const b = walk.top.find((x) => x.contentType === 0x1004)!;
    const next = walk.top[walk.top.indexOf(b) + 1];
    plain[b.offset] = 0x41;
    const s = await readPtx(new BufferSource(reobfuscate(plain), 'bad.ptx'), { path: 'bad.ptx' });
    const d = s.diagnostics.find((x) => x.code === 'ptx/damaged-block')!;
    expect([d.offset, d.severity]).toEqual([b.offset, 'error']);
    expect(d.message).toContain(`0x${next.offset.toString(16)}`);
    // The audio file list was in the damaged block: no media files, and the coverage says so.
    expect(s.mediaFiles).toEqual([]);
    expect(s.tracks.map((t) => t.name)).toEqual(['A']);
  });

  it('with the index unreadable too, a damaged top-level block is fatal (BAD_MAGIC)', async () => {
    const plain = deobfuscatePtx(writePtx(SESSION));
    const o = openPtx(writePtx(SESSION), 'w.ptx');
    // Damage a block and the index header: nothing confirms a place to resume at.
    const idx = o.walk.top[o.walk.top.length - 1];
    const b = o.walk.top[3];
    plain[b.offset] = 0x41;
    plain[idx.offset] = 0x41;
    const e = await failure(reobfuscate(plain));
    expect(e.code).toBe('BAD_MAGIC');
  });

  it('bytes after the index are a warning, not a failure', async () => {
    const bytes = writePtx(SESSION);
    const padded = new Uint8Array(bytes.length + 16);
    padded.set(bytes);
    const s = await readPtx(new BufferSource(padded, 'pad.ptx'), { path: 'pad.ptx' });
    expect(s.diagnostics.find((d) => d.code === 'ptx/trailing-bytes')?.message).toMatch(/^16 byte/);
    expect(s.tracks).toHaveLength(1);
  });

  it('a bad XOR header is a FormatError at 0x12', async () => {
    const bytes = writePtx(SESSION);
    bytes[0x12] = 9;
    const e = await failure(bytes);
    expect([e.code, e.offset]).toEqual(['UNSUPPORTED', 0x12]);
  });

  it('an index pointer that names no block is BAD_MAGIC', async () => {
    const plain = deobfuscatePtx(writePtx(SESSION));
    new DataView(plain.buffer).setUint32(0x14 + 7, 0x30, true);
    const e = await failure(reobfuscate(plain));
    expect(e.code).toBe('BAD_MAGIC');
    expect(e.offset).toBe(0x1b);
  });

  it('an unknown version (no Document Info, no Session Info) is UNSUPPORTED', async () => {
    const plain = deobfuscatePtx(writePtx(SESSION));
    const { walk } = openPtx(writePtx(SESSION), 'w.ptx');
    for (const b of walk.top) {
      if (b.contentType === 0x0003 || b.contentType === 0x2067) new DataView(plain.buffer).setUint16(b.offset + 7, 0x7777, true);
    }
    const e = await failure(reobfuscate(plain));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.offset).toBe(0x1f);
  });

  it('never throws anything but FormatError on truncations and byte flips (fixed seed)', async () => {
    const bytes = writePtx({ ...SESSION, groups: [{ name: 'g', members: [0] }] });
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let k = 0; k < 300; k++) {
      const b = bytes.slice(0, k % 3 === 0 ? Math.floor(next() * bytes.length) : bytes.length);
      if (k % 3 !== 0) for (let j = 0; j < 4; j++) b[0x14 + Math.floor(next() * (b.length - 0x14))] ^= 1 << Math.floor(next() * 8);
      try {
        await readPtx(new BufferSource(b, 'fuzz.ptx'));
      } catch (e) {
        expect((e as Error).name).toBe('FormatError');
      }
    }
  });
});

describe('ptx limits', () => {
  it('meets maxStructureBytes and maxEntries as LIMIT errors, not crashes', async () => {
    const bytes = writePtx({ ...SESSION, files: Array.from({ length: 20 }, (_, i) => ({ name: `f${i}.wav`, length: 1 })) });
    await expect(readPtx(new BufferSource(bytes, 'x.ptx'), { limits: { maxStructureBytes: 100 } })).rejects.toMatchObject({ code: 'LIMIT', limit: 'maxStructureBytes' });
    // A limit met inside a section ends the read (the caller may raise it); it is not one section's damage.
    await expect(readPtx(new BufferSource(bytes, 'x.ptx'), { path: 'x.ptx', limits: { maxEntries: 5 } })).rejects.toMatchObject({ code: 'LIMIT', limit: 'maxEntries' });
    const s = await readPtx(new BufferSource(bytes, 'x.ptx'), { path: 'x.ptx', limits: { maxEntries: 50 } });
    expect(s.mediaFiles).toHaveLength(20);
  });
});
