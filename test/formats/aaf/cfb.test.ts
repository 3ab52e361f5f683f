/**
 * The Compound File layer over files the test writer makes: both sector
 * sizes, the quirks real writers produce, and every error a damaged or
 * foreign file must give (a FormatError with an offset, never a crash).
 */
import { describe, expect, it, vi } from 'vitest';
import { BufferSource } from '../../../src/io/byte-source.js';
import { FormatError } from '../../../src/io/errors.js';
import { CompoundFile, type DirEntry } from '../../../src/formats/aaf/cfb/index.js';
import { compareCfbNames } from '../../../src/formats/aaf/cfb/directory.js';
import { readAaf } from '../../../src/formats/aaf/index.js';
import { buildAafTree, cfbBytes, layoutCfb } from '../../support/aaf-writer/index.js';
import { basicSpec } from './fixtures.js';
import { formatErrorOf } from '../../support/errors.js';

function file(opts: Parameters<typeof layoutCfb>[1] = {}) {
  const layout = layoutCfb(buildAafTree(basicSpec()).root, opts);
  return { layout, bytes: cfbBytes(layout) };
}

const failure = formatErrorOf;

function setU32(b: Uint8Array, at: number, v: number): void {
  new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);
}

/**
 * The same file padded past 4 MB: it is then not read whole but in blocks and runs, so its directory
 * is in several buffers when its chain is broken and its FAT is read sector by sector.
 */
function notReadWhole(bytes: Uint8Array): Uint8Array {
  const big = new Uint8Array(bytes.length + 8 * 1024 * 1024);
  big.set(bytes);
  return big;
}

describe('CFB header and sectors', () => {
  it('reads 512- and 4096-byte sector files to the same session', async () => {
    const a = await readAaf(new BufferSource(file({ sectorSize: 512 }).bytes));
    const b = await readAaf(new BufferSource(file({ sectorSize: 4096 }).bytes));
    expect(a.tracks[0].playlists[0].clips.length).toBe(3);
    expect(b.tracks).toEqual(a.tracks);
    expect(b.mediaFiles).toEqual(a.mediaFiles);
  });

  it('ignores csectDir set with 512-byte sectors', async () => {
    const { bytes } = file({ csectDirWith512: true });
    expect(new DataView(bytes.buffer).getUint32(40, true)).toBeGreaterThan(0);
    const s = await readAaf(new BufferSource(bytes));
    expect(s.tracks.length).toBe(1);
  });

  it('follows a DIFAT chain, ending in ENDOFCHAIN or FREESECT, with unused slots as FREESECT or zeros', async () => {
    for (const opts of [{}, { difatEndsInFreesect: true }, { unusedDifatAsZero: true, difatEndsInFreesect: true }]) {
      const { bytes } = file({ minFatSectors: 140, ...opts });
      const h = new DataView(bytes.buffer);
      expect(h.getUint32(72, true)).toBeGreaterThan(0); // DIFAT sectors present
      const s = await readAaf(new BufferSource(bytes));
      expect(s.tracks[0].playlists[0].clips.length).toBe(3);
    }
  });

  it('accepts sector 0 inside a chain', async () => {
    const { layout, bytes } = file({ reverseChains: true });
    expect(layout.directoryStart).not.toBe(0);
    const cf = await CompoundFile.open(new BufferSource(bytes));
    expect(cf.children(cf.root()).map((e) => e.name)).toContain('Header-2');
    expect((await readAaf(new BufferSource(bytes))).tracks.length).toBe(1);
  });

  it('reads small streams that lie in more than one run of the file as they read in one', async () => {
    // Reversed chains put the mini stream's sectors back to front: every small stream that crosses a
    // sector boundary is then in two runs of the file and is copied, not viewed in place.
    const plain = await readAaf(new BufferSource(file().bytes));
    const { bytes } = file({ reverseChains: true });
    const cf = await CompoundFile.open(new BufferSource(bytes));
    const m = await cf.mini();
    expect(m.miniStreamSectors.length).toBeGreaterThan(2);
    expect(m.miniStreamSectors[1]).toBe(m.miniStreamSectors[0] - 1);
    const reversed = await readAaf(new BufferSource(bytes));
    expect(reversed.tracks).toEqual(plain.tracks);
    expect(reversed.mediaFiles).toEqual(plain.mediaFiles);
    expect(reversed.markers).toEqual(plain.markers);
  });

  it('finds children in trees a writer did not keep in CFB name order', async () => {
    const s = await readAaf(new BufferSource(file({ unsortedTrees: true }).bytes));
    expect(s.tracks[0].playlists[0].clips.length).toBe(3);
    expect(s.mediaFiles.length).toBe(2);
  });

  it('finds a child by its exact name when another differs from it only in case', async () => {
    // The tree is ordered case-insensitively, so the descent meets "Properties" where "properties" is
    // looked for: only the exact name may answer, found by the walk that follows.
    const stream = (name: string, byte: number) => ({ kind: 'stream' as const, name, bytes: new Uint8Array([byte]) });
    for (const order of [['Properties', 'properties'], ['properties', 'Properties']]) {
      const root = { kind: 'storage' as const, name: 'Root Entry', children: [{ kind: 'storage' as const, name: 'obj', children: [...order.map((n, i) => stream(n, i + 1)), stream('x', 9)] }] };
      const cf = await CompoundFile.open(new BufferSource(cfbBytes(layoutCfb(root, { unsortedTrees: true }))));
      const obj = cf.child(cf.root(), 'obj')!;
      for (const name of order) expect(cf.child(obj, name)?.name).toBe(name);
      expect(cf.child(obj, 'PROPERTIES')).toBeUndefined();
    }
    const only = { kind: 'storage' as const, name: 'Root Entry', children: [stream('Properties', 1)] };
    const cf = await CompoundFile.open(new BufferSource(cfbBytes(layoutCfb(only))));
    expect(cf.child(cf.root(), 'Properties')?.name).toBe('Properties');
    expect(cf.child(cf.root(), 'properties')).toBeUndefined();
  });

  it('finds every child the same whether names are compared by words or by code units', async () => {
    // Read whole, the directory is one buffer and names compare a word at a time; a file over 4 MB whose
    // directory chain runs backwards is read in several pieces and compares them a code unit at a time.
    const { bytes } = file({ sectorSize: 512, reverseChains: true });
    const big = notReadWhole(bytes);
    const byWords = await CompoundFile.open(new BufferSource(bytes));
    const byUnits = await CompoundFile.open(new BufferSource(big));
    expect((byWords.directory as unknown as { words: unknown }).words).not.toBeNull();
    expect((byUnits.directory as unknown as { words: unknown }).words).toBeNull();
    let found = 0;
    const visit = (a: DirEntry, b: DirEntry): void => {
      const kids = byWords.children(a);
      for (const k of kids) {
        expect(byWords.child(a, k.name)?.index).toBe(k.index);
        expect(byUnits.child(b, k.name)?.index).toBe(k.index);
        found++;
        // Same length, one code unit off (odd and even lengths): absent in both.
        const other = k.name.slice(0, -1) + (k.name.endsWith('~') ? '!' : '~');
        expect(byWords.child(a, other)).toBeUndefined();
        expect(byUnits.child(b, other)).toBeUndefined();
        if (k.type === 'storage') visit(k, byUnits.directory.entry(k.index));
      }
    };
    visit(byWords.root(), byUnits.root());
    expect(found).toBeGreaterThan(20);
  });

  it('descends trees of same-length names (ASCII, case, non-ASCII) to the right child by words and by code units', async () => {
    const stream = (name: string) => ({ kind: 'stream' as const, name, bytes: new Uint8Array([1]) });
    // Names of one length that differ early, late, in case only (one of each pair), and beyond ASCII.
    const names = ['properties', 'Slots-4403', 'Slots-4404', 'Slots-4413', 'slotz-4403', 'Abcdefghij', 'abcdefghiJ', 'Zzzzzzzzzz', '0123456789', 'Éléments-1', 'Ωmega-abcd', 'a~bcdefghi', 'a_bcdefghi', 'odd-len-9'];
    const root = { kind: 'storage' as const, name: 'Root Entry', children: [{ kind: 'storage' as const, name: 'obj', children: names.map(stream) }] };
    const bytes = cfbBytes(layoutCfb(root, { sectorSize: 512, reverseChains: true }));
    const big = notReadWhole(bytes);
    for (const src of [bytes, big]) {
      const cf = await CompoundFile.open(new BufferSource(src));
      const obj = cf.child(cf.root(), 'obj')!;
      // Each name is found by the descent alone (the walk over all children is for trees out of order),
      // except the two that are equal but for case: the descent may meet either first.
      const walk = vi.spyOn(cf.directory as unknown as { childBySlowWalk: () => number }, 'childBySlowWalk');
      for (const n of names) {
        expect(cf.child(obj, n)?.name).toBe(n);
        if (!/^abcdefghij$/i.test(n)) expect(walk).not.toHaveBeenCalled();
        walk.mockClear();
      }
      walk.mockRestore();
      for (const absent of ['Slots-4405', 'Slots-440', 'PROPERTIES', 'abcdefghij', 'Ωmega-abce', 'a^bcdefghi', 'odd-len-8']) expect(cf.child(obj, absent)).toBeUndefined();
    }
  });

  it('lists a collection\'s elements by key, by words or by bytes alike', async () => {
    const stream = (name: string) => ({ kind: 'stream' as const, name, bytes: new Uint8Array([1]) });
    for (const collection of ['Slots-4403', 'Components-1001']) {
      const keys = [0, 1, 9, 0xa, 0x1f, 0x3e7, 0xabcdef];
      const decoys = [`${collection}x{2}`, `${collection.slice(0, -1)}2{3}`, `${collection.toLowerCase()}{4}`, `${collection}{zz}`, `${collection}{}`, `${collection} index`, 'properties'];
      const kids = [...keys.map((k) => stream(`${collection}{${k.toString(16)}}`)), ...decoys.map(stream)];
      const root = { kind: 'storage' as const, name: 'Root Entry', children: [{ kind: 'storage' as const, name: 'obj', children: kids }] };
      const bytes = cfbBytes(layoutCfb(root, { sectorSize: 512, reverseChains: true }));
      const big = notReadWhole(bytes);
      for (const src of [bytes, big]) {
        const cf = await CompoundFile.open(new BufferSource(src));
        const obj = cf.child(cf.root(), 'obj')!;
        const got = cf.elementsByKey(obj, collection);
        expect([...got.keys()].sort((a, b) => a - b)).toEqual(keys);
        for (const k of keys) expect(cf.directory.entry(got.get(k)!).name).toBe(`${collection}{${k.toString(16)}}`);
      }
    }
  });

  it('orders names the CFB way (length first, then upper case)', () => {
    expect(compareCfbNames('Zz', 'aaa')).toBeLessThan(0);
    expect(compareCfbNames('abc', 'ABD')).toBeLessThan(0);
    expect(compareCfbNames('properties', 'PROPERTIES')).toBe(0);
  });

  it('walks FAT chains the same from the in-memory table as sector by sector', async () => {
    for (const reverseChains of [false, true]) {
      const { bytes } = file({ sectorSize: 512, reverseChains });
      // Over 4 MB the file is not read whole, so its chains are walked through the FAT sectors.
      const big = notReadWhole(bytes);
      const small = await CompoundFile.open(new BufferSource(bytes));
      const large = await CompoundFile.open(new BufferSource(big));
      expect(small.sectors.inMemory).toBe(true);
      expect(large.sectors.inMemory).toBe(false);
      let multi = 0;
      for (let i = 0; i < small.directory.count; i++) {
        const e = small.directory.entry(i);
        if ((e.type !== 'stream' && e.type !== 'root') || e.size < small.miniStreamCutoff) continue;
        const a = await small.fat.chain(e.startSector, undefined, e.name, e.offset);
        expect(await large.fat.chain(e.startSector, undefined, e.name, e.offset)).toEqual(a);
        expect(a.length).toBe(Math.ceil(e.size / 512));
        if (a.length > 1) multi++;
      }
      expect(multi).toBeGreaterThan(0);
    }
  });

  it('reads the FAT and the MiniFAT in place when their sectors follow each other, and copied when they do not', async () => {
    // 300 clips: a FAT and a MiniFAT of several 512-byte sectors each.
    const clips = Array.from({ length: 300 }, (_, k) => ({ position: k * 30, length: 25, media: 0, gain: { db: -3 } }));
    const tree = buildAafTree(basicSpec({ tracks: [{ name: 'Long', clips }] })).root;
    const read: Array<{ streams: Uint8Array[]; session: unknown }> = [];
    for (const reverseChains of [false, true]) {
      const bytes = cfbBytes(layoutCfb(tree, { sectorSize: 512, reverseChains }));
      const cf = await CompoundFile.open(new BufferSource(bytes));
      const mini = await cf.mini();
      expect(cf.header.fatSectorCount).toBeGreaterThan(1);
      expect(mini.miniFat.count).toBeGreaterThan(128);
      // In place: views of the buffer the file was read into; reversed: copies of their sectors.
      const whole = (cf.sectors as unknown as { whole: Uint8Array }).whole.buffer;
      const fatTable = (cf.fat as unknown as { table(): Uint32Array }).table();
      expect(fatTable.buffer === whole).toBe(!reverseChains);
      expect(mini.miniFat.words!.buffer === whole).toBe(!reverseChains);
      const streams: Uint8Array[] = [];
      for (let i = 0; i < cf.directory.count; i++) {
        const e = cf.directory.entry(i);
        // Kept as read (views and copies): a later copy must not overwrite an earlier one.
        if (e.type === 'stream') streams.push(await cf.readStream(e));
      }
      read.push({ streams, session: await readAaf(new BufferSource(bytes)) });
    }
    expect(read[0].streams.length).toBeGreaterThan(900);
    expect(read[1].streams).toEqual(read[0].streams);
    expect(read[1].session).toEqual(read[0].session);
  });

  it('gives each directory entry its offset in the file', async () => {
    for (const sectorSize of [512, 4096] as const) {
      const { bytes } = file({ sectorSize, reverseChains: true });
      const cf = await CompoundFile.open(new BufferSource(bytes));
      for (let i = 0; i < cf.directory.count; i++) {
        const e = cf.directory.entry(i);
        expect(bytes.subarray(e.offset, e.offset + 128)).toEqual(e.raw.subarray(e.at, e.at + 128));
      }
    }
  });

  it('tells a small stream, its size and start sector from any other entry, by words and by bytes alike', async () => {
    for (const sectorSize of [512, 4096] as const) {
      const { bytes } = file({ sectorSize, reverseChains: true });
      for (const src of [bytes, notReadWhole(bytes)]) {
        const cf = await CompoundFile.open(new BufferSource(src));
        const d = cf.directory;
        // Read whole: one buffer, words; over 4 MB with its chain backwards: several buffers, bytes.
        expect((d as unknown as { words: unknown }).words === null).toBe(src !== bytes);
        let small = 0;
        let other = 0;
        for (let i = 0; i < d.count; i++) {
          const e = d.entry(i);
          // A cutoff that splits the file's streams both ways, and the real one.
          for (const cutoff of [100, 4096]) {
            const size = d.smallStreamSize(i, cutoff);
            if (e.type === 'stream' && e.size < cutoff) {
              expect(size).toBe(e.size);
              expect(d.smallStart).toBe(e.startSector);
              small++;
            } else {
              expect(size).toBe(-1);
              other++;
            }
          }
        }
        expect(small).toBeGreaterThan(10);
        expect(other).toBeGreaterThan(10);
      }
    }
  });

  it('reads streams lazily: a stream read touches only its sectors', async () => {
    const { bytes } = file({ sectorSize: 512 });
    const big = notReadWhole(bytes);
    const src = new BufferSource(big);
    const cf = await CompoundFile.open(src);
    const before = src.bytesRead;
    const hdr = cf.child(cf.root(), 'Header-2')!;
    const props = cf.child(hdr, 'properties')!;
    const b = await cf.readStream(props);
    expect(b[0]).toBe(0x4c);
    expect(src.bytesRead - before).toBeLessThan(256 * 1024);
  });
});

describe('CFB errors', () => {
  it('names a WAV file that is not an AAF', async () => {
    const wav = new Uint8Array(600);
    wav.set([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x41, 0x56, 0x45]);
    const e = await failure(readAaf(new BufferSource(wav, 'x.aaf')));
    expect(e.code).toBe('BAD_MAGIC');
    expect(e.offset).toBe(0);
    expect(e.message).toMatch(/WAV/);
  });

  it('says KLV-encoded AAF is not structured storage', async () => {
    const klv = new Uint8Array(600);
    klv.set([0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01]);
    const e = await failure(readAaf(new BufferSource(klv)));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.message).toMatch(/KLV/);
  });

  it('rejects a file shorter than the header', async () => {
    const e = await failure(readAaf(new BufferSource(file().bytes.subarray(0, 100))));
    expect(e.code).toBe('TRUNCATED');
  });

  it('rejects an unknown sector shift', async () => {
    const { bytes } = file();
    new DataView(bytes.buffer).setUint16(30, 10, true);
    const e = await failure(readAaf(new BufferSource(bytes)));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.offset).toBe(30);
  });

  it('rejects a bad byte-order mark', async () => {
    const { bytes } = file();
    new DataView(bytes.buffer).setUint16(28, 0xfeff, true);
    expect((await failure(readAaf(new BufferSource(bytes)))).code).toBe('BAD_MAGIC');
  });

  it('detects a FAT cycle with the offset of the FAT entry', async () => {
    const { layout, bytes } = file({ sectorSize: 512 });
    const dirStart = layout.directoryStart;
    // The directory's second sector points back to the first.
    const next = new DataView(bytes.buffer).getUint32(layout.fatEntryOffset(dirStart), true);
    setU32(bytes, layout.fatEntryOffset(next), dirStart);
    const e = await failure(readAaf(new BufferSource(bytes)));
    expect(e.code).toBe('CYCLE');
    expect(e.offset).toBe(layout.fatEntryOffset(next));
  });

  it('detects a sector beyond the end of the file', async () => {
    const { layout, bytes } = file({ sectorSize: 512 });
    setU32(bytes, layout.fatEntryOffset(layout.directoryStart), 0x00fffff0);
    const e = await failure(readAaf(new BufferSource(bytes)));
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBe(layout.fatEntryOffset(layout.directoryStart));
    expect(e.message).toMatch(/beyond the end/);
  });

  it('detects a chain that ends on a free sector', async () => {
    const { layout, bytes } = file({ sectorSize: 512 });
    setU32(bytes, layout.fatEntryOffset(layout.directoryStart), 0xffffffff);
    expect((await failure(readAaf(new BufferSource(bytes)))).code).toBe('TRUNCATED');
  });

  it('detects a DIFAT cycle', async () => {
    const { bytes } = file({ minFatSectors: 140 });
    const h = new DataView(bytes.buffer);
    const dif = h.getUint32(68, true);
    const at = (dif + 1) * 512 + 127 * 4;
    h.setUint32(at, dif, true);
    h.setUint32(44, 400, true); // claims more FAT sectors than the DIFAT lists, so the walk follows the loop
    expect((await failure(readAaf(new BufferSource(bytes)))).code).toBe('CYCLE');
  });

  it('detects a loop in a storage tree', async () => {
    const { layout, bytes } = file({ sectorSize: 512 });
    const at = layout.entryOffset('Header-2');
    // Make the Header storage's entry its own left sibling.
    const idx = findIndex(bytes, at, layout);
    setU32(bytes, at + 68, idx);
    const cf = await CompoundFile.open(new BufferSource(bytes));
    expect(() => cf.children(cf.root())).toThrow(FormatError);
  });

  it('turns every truncation of a file into a FormatError or a model', async () => {
    const { bytes } = file({ sectorSize: 512 });
    for (let n = 0; n < bytes.length; n += 509) {
      try {
        await readAaf(new BufferSource(bytes.slice(0, n)));
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    }
  });

  it('turns flipped bytes into a FormatError or a model', async () => {
    const { bytes } = file({ sectorSize: 512 });
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let k = 0; k < 150; k++) {
      const b = bytes.slice();
      for (let j = 0; j < 8; j++) b[Math.floor(rnd() * b.length)] ^= 1 << Math.floor(rnd() * 8);
      try {
        await readAaf(new BufferSource(b));
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    }
  });
});

/** Directory index of the entry at file offset `at` (entries are 128 bytes in directory sectors). */
function findIndex(bytes: Uint8Array, at: number, layout: { directoryStart: number; sectorSize: number; fatEntryOffset(s: number): number }): number {
  const ss = layout.sectorSize;
  const v = new DataView(bytes.buffer);
  let s = layout.directoryStart;
  for (let k = 0; k < 10000; k++) {
    const start = (s + 1) * ss;
    if (at >= start && at < start + ss) return k * (ss / 128) + (at - start) / 128;
    s = v.getUint32(layout.fatEntryOffset(s), true);
  }
  throw new Error('entry not in the directory chain');
}

