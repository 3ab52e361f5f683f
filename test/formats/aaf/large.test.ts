/**
 * Files over 4 GB (64-bit sizes and offsets) and lazy essence: a sparse
 * AAF whose embedded essence stream is larger than 4 GiB is modelled while
 * reading a few hundred KiB of it. Also MiniFAT damage in a small file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/io/byte-source.js';
import { FormatError } from '../../../src/io/errors.js';
import { CompoundFile } from '../../../src/formats/aaf/cfb/index.js';
import { readAaf } from '../../../src/formats/aaf/index.js';
import { FileSource } from '../../../src/node/file-source.js';
import { buildAafTree, cfbBytes, layoutCfb, writeAaf, writeAafFile } from '../../support/aaf-writer/index.js';
import { basicSpec } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'aaf-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('AAF over 4 GB', () => {
  it('models a sparse 4.5 GB file with embedded essence, reading under 1 MB', async () => {
    const path = join(dir, 'big.aaf');
    const size = 4.5 * 1024 ** 3;
    await writeAafFile(path, basicSpec({ media: [{ name: 'giant', length: Math.floor((size - 44) / 3), embedded: { size } }, { name: 'small', length: 48000, url: 'file:///small.wav' }] }), { sectorSize: 4096 });
    const src = await FileSource.open(path);
    try {
      expect(src.size).toBeGreaterThan(2 ** 32);
      const s = await readAaf(src, { path });
      expect(s.mediaFiles).toHaveLength(2);
      expect(s.mediaFiles.find((m) => m.name === 'giant')).toMatchObject({ embedded: true, online: true });
      expect(s.tracks[0].playlists[0].clips).toHaveLength(3);
      expect(src.bytesRead).toBeLessThan(1024 * 1024);
      // The essence stream's size needs the high dword of the directory entry.
      const cf = await CompoundFile.open(src);
      const data = findStream(cf, 'Data-2702');
      expect(data?.size).toBe(size);
      // Its last bytes are reachable (64-bit offsets) without reading the rest.
      const before = src.bytesRead;
      const tail = await cf.stream(data!).read(size - 16, 16);
      expect(tail.length).toBe(16);
      expect(src.bytesRead - before).toBeLessThan(8 * 1024 * 1024);
    } finally {
      await src.close();
    }
  }, 60_000);
});

function findStream(cf: CompoundFile, name: string) {
  const stack = [cf.root()];
  while (stack.length) {
    const e = stack.pop()!;
    for (const c of cf.children(e)) {
      if (c.name === name) return c;
      if (c.type === 'storage') stack.push(c);
    }
  }
  return undefined;
}

describe('MiniFAT damage', () => {
  /** The MiniFAT's first sector offset (from the header). */
  function miniFatOffset(bytes: Uint8Array): number {
    return (new DataView(bytes.buffer).getUint32(60, true) + 1) * 512;
  }

  it('detects a MiniFAT chain that loops', async () => {
    const bytes = cfbBytes(layoutCfb(buildAafTree(basicSpec()).root, { sectorSize: 512 }));
    const v = new DataView(bytes.buffer);
    const at = miniFatOffset(bytes);
    // Find a chain of at least 3 mini sectors (k → k+1 → k+2) and send its third link back to the first.
    let k = -1;
    for (let i = 0; i < 120; i++) if (v.getUint32(at + i * 4, true) === i + 1 && v.getUint32(at + (i + 1) * 4, true) === i + 2 && v.getUint32(at + (i + 2) * 4, true) === i + 3) { k = i; break; }
    expect(k).toBeGreaterThanOrEqual(0);
    v.setUint32(at + (k + 1) * 4, k, true);
    await expect(readAaf(new BufferSource(bytes))).rejects.toMatchObject({ code: 'CYCLE' });
  });

  it('detects a MiniFAT chain that ends early', async () => {
    const bytes = cfbBytes(layoutCfb(buildAafTree(basicSpec()).root, { sectorSize: 512 }));
    const v = new DataView(bytes.buffer);
    const at = miniFatOffset(bytes);
    for (let i = 0; i < 120; i++) if (v.getUint32(at + i * 4, true) === i + 1) v.setUint32(at + i * 4, 0xfffffffe, true);
    const e = await readAaf(new BufferSource(bytes)).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).code).toBe('TRUNCATED');
  });
});

describe('regular-sector metadata streams of a file read whole', () => {
  /** A file with a slot whose long name puts its properties stream in regular sectors, and that stream's directory entry. */
  async function withLargeProperties() {
    const spec = basicSpec();
    spec.tracks[0].name = 'x'.repeat(3000);
    const layout = layoutCfb(buildAafTree(spec).root, { sectorSize: 512 });
    const bytes = cfbBytes(layout);
    const cf = await CompoundFile.open(new BufferSource(bytes));
    let big: ReturnType<CompoundFile['root']> | undefined;
    const stack = [cf.root()];
    while (stack.length && !big) {
      for (const c of cf.children(stack.pop()!)) {
        if (c.name === 'properties' && c.size >= 4096) big = c;
        if (c.type === 'storage') stack.push(c);
      }
    }
    expect(big).toBeDefined();
    return { layout, bytes, big: big! };
  }

  it('reads them without a prefetch, checking their chains as they are followed', async () => {
    const { bytes } = await withLargeProperties();
    const s = await readAaf(new BufferSource(bytes));
    expect(s.tracks[0].name).toBe('x'.repeat(3000));
  });

  it('finds a FAT cycle in one (CYCLE, at its directory entry)', async () => {
    const { layout, bytes, big } = await withLargeProperties();
    // The stream's second sector points back to its first.
    const v = new DataView(bytes.buffer, bytes.byteOffset);
    const second = v.getUint32(layout.fatEntryOffset(big.startSector), true);
    v.setUint32(layout.fatEntryOffset(second), big.startSector, true);
    await expect(readAaf(new BufferSource(bytes))).rejects.toMatchObject({ code: 'CYCLE', offset: big.offset, message: expect.stringMatching(/returns to sector/) });
  });
});

describe('the whole-file buffer a finished read gives back', () => {
  /** Two different files on disk, and their models read from memory (no buffer reuse there). */
  async function twoFiles() {
    const a = basicSpec();
    const b = basicSpec({ name: 'Other', editRate: [24, 1], timecode: { start: 0, fps: 24 } });
    b.tracks[0].name = 'B1';
    b.tracks[0].clips = [{ position: 48, length: 96, media: 0, gain: { db: -6 } }];
    const paths = [join(dir, 'reuse-a.aaf'), join(dir, 'reuse-b.aaf')];
    const bytes = [writeAaf(a), writeAaf(b)];
    paths.forEach((p, i) => writeFileSync(p, bytes[i]));
    const expected = await Promise.all(bytes.map((x, i) => readAaf(new BufferSource(x, paths[i]), { path: paths[i] })));
    return { paths, expected };
  }
  async function fromDisk(path: string) {
    const src = await FileSource.open(path);
    try {
      return await readAaf(src, { path });
    } finally {
      await src.close();
    }
  }

  it('serves the next file read whole without mixing their bytes, one after the other and at once', async () => {
    const { paths, expected } = await twoFiles();
    expect(expected[0].tracks[0].name).not.toBe(expected[1].tracks[0].name);
    // One after the other: the second and third reads fill the buffer the first gave back.
    for (const i of [0, 1, 0, 1]) expect(await fromDisk(paths[i])).toEqual(expected[i]);
    // At once: each read holds its own buffer until it is done.
    const together = await Promise.all([0, 1, 0, 1, 1].map((i) => fromDisk(paths[i])));
    together.forEach((s, k) => expect(s).toEqual(expected[[0, 1, 0, 1, 1][k]]));
  });

  it('refuses to read a compound file after it was released', async () => {
    const { paths } = await twoFiles();
    const src = await FileSource.open(paths[0]);
    try {
      const cf = await CompoundFile.open(src);
      cf.release();
      await expect(cf.sectors.sector(0)).rejects.toThrow(/released/);
    } finally {
      await src.close();
    }
  });
});

describe('a file over 4 MB read whole when it is mostly metadata', () => {
  // 2,400 clips with gain: a 5 MB file whose directory and mini stream are most of it.
  const clips = Array.from({ length: 2400 }, (_, k) => ({ position: k * 30, length: 25, media: 0, gain: { db: -3 } }));
  const bytes = writeAaf(basicSpec({ tracks: [{ name: 'Long', clips }] }), { sectorSize: 4096 });

  it('is read in one go; followed by eight times its size in other bytes (as embedded essence would be) it is read by blocks, to the same model', async () => {
    expect(bytes.length).toBeGreaterThan(4 * 1024 * 1024);
    // The same file followed by zeros (45 MB, made here rather than when the file is collected).
    const padded = new Uint8Array(bytes.length * 9);
    padded.set(bytes);
    const whole = new BufferSource(bytes);
    const cf = await CompoundFile.open(whole);
    expect(cf.sectors.inMemory).toBe(true);
    expect(whole.bytesRead).toBe(bytes.length + 512);
    const byBlocks = new BufferSource(padded);
    const cfPadded = await CompoundFile.open(byBlocks);
    expect(cfPadded.sectors.inMemory).toBe(false);
    const a = await readAaf(new BufferSource(bytes));
    const b = await readAaf(byBlocks);
    expect(a.tracks[0].playlists[0].clips).toHaveLength(2400);
    expect(b.tracks).toEqual(a.tracks);
    expect(b.mediaFiles).toEqual(a.mediaFiles);
    // The padding is never read.
    expect(byBlocks.bytesRead).toBeLessThan(bytes.length * 2);
  });

  it('is read by blocks when maxBytesRead is less than the file', async () => {
    const cf = await CompoundFile.open(new BufferSource(bytes), { limits: { maxBytesRead: bytes.length - 1 } });
    expect(cf.sectors.inMemory).toBe(false);
  });

  it('does not keep its buffer for the next file once it is done (a small file\'s buffer is kept)', async () => {
    const bigPath = join(dir, 'metadata-5mb.aaf');
    const smallPath = join(dir, 'metadata-small.aaf');
    writeFileSync(bigPath, bytes);
    writeFileSync(smallPath, writeAaf(basicSpec()));
    /** The buffer a file was read whole into, once the reader has released it. */
    const bufferOf = async (path: string): Promise<ArrayBufferLike> => {
      const src = await FileSource.open(path);
      try {
        const cf = await CompoundFile.open(src);
        expect(cf.sectors.inMemory).toBe(true);
        const buf = (cf.sectors as unknown as { whole: Uint8Array }).whole.buffer;
        cf.release();
        return buf;
      } finally {
        await src.close();
      }
    };
    // A small file's buffer serves the next small file: the check below can see reuse.
    const small = await bufferOf(smallPath);
    expect(await bufferOf(smallPath)).toBe(small);
    const big = await bufferOf(bigPath);
    expect(big.byteLength).toBeGreaterThan(4 * 1024 * 1024);
    expect(await bufferOf(smallPath)).not.toBe(big);
  });
});
