import { mkdtempSync, openSync, closeSync, writeSync, ftruncateSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/io/byte-source.js';
import { FormatError } from '../../../src/io/errors.js';
import { dumpZip, openZip, crc32, decodeCp437 } from '../../../src/formats/zip/index.js';
import { FileSource } from '../../../src/node/file-source.js';
import { layoutZip, wavHeader, writeZip, crc32AppendZeros, type ZipWriterEntry } from '../../support/zip-writer.js';
import { formatErrorOf } from '../../support/errors.js';

const te = new TextEncoder();
const td = new TextDecoder();

function src(bytes: Uint8Array, name = 'test.zip'): BufferSource {
  return new BufferSource(bytes, name);
}

/** Deterministic bytes that deflate barely compresses. */
function noise(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

async function readAll(zip: Awaited<ReturnType<typeof openZip>>, name: string): Promise<Uint8Array> {
  const e = zip.entry(name);
  if (!e) throw new Error(`no entry ${name}`);
  const s = zip.openEntry(e);
  return s.read(0, s.size);
}


describe('zip central directory', () => {
  it('lists stored, deflated and folder entries with sizes and methods', async () => {
    const text = te.encode('SESSION NAME:\tShow\n'.repeat(50));
    const zip = await openZip(src(writeZip([
      { name: 'Show.txt', data: text, method: 'deflated' },
      { name: 'Audio Files/', directory: true },
      { name: 'Audio Files/a.wav', data: noise(300) },
    ])));
    expect(zip.entries.map((e) => e.name)).toEqual(['Show.txt', 'Audio Files/', 'Audio Files/a.wav']);
    const [t, d, w] = zip.entries;
    expect([t.method, t.size, t.compressedSize < text.length]).toEqual([8, text.length, true]);
    expect(d.isDirectory).toBe(true);
    expect([w.method, w.size, w.compressedSize, w.crc32]).toEqual([0, 300, 300, crc32(noise(300))]);
    expect(zip.zip64).toBe(false);
    expect(td.decode(await readAll(zip, 'Show.txt'))).toBe(td.decode(text));
    expect(await readAll(zip, 'Audio Files/a.wav')).toEqual(noise(300));
  });

  it('decodes UTF-8 names (flag bit 11), CP437 names and the Unicode Path extra field', async () => {
    const zip = await openZip(src(writeZip([
      { name: 'Audio Files/es-ES_MARÍA_01.wav', data: te.encode('a') },
      { name: 'Audio Files/Ç½.wav', utf8: false, data: te.encode('b') },
      { name: 'plain.txt', rawName: new Uint8Array([0x80, 0x2e, 0x74]), utf8: false, unicodePath: 'Señal.t', data: te.encode('c') },
    ])));
    expect(zip.entries[0]).toMatchObject({ name: 'Audio Files/es-ES_MARÍA_01.wav', utf8: true });
    expect(zip.entries[1]).toMatchObject({ name: 'Audio Files/Ç½.wav', utf8: false });
    expect(zip.entries[2]).toMatchObject({ name: 'Señal.t', utf8: true });
    expect(decodeCp437(new Uint8Array([0x80, 0x81, 0xe1, 0xff]))).toBe('Çüß\u00a0');
  });

  it('reads UTF-8 names written without flag bit 11 (macOS Archive Utility) as UTF-8, and says so', async () => {
    const nfd = 'Audio Files/es-ES_MARÍA_01.wav'.normalize('NFD');
    const zip = await openZip(src(writeZip([
      { name: 'x', rawName: te.encode(nfd), utf8: false, data: te.encode('a') },
      { name: 'y', rawName: new Uint8Array([0x41, 0xd6, 0x42]), utf8: false, data: te.encode('b') },
    ])));
    expect(zip.entries.map((e) => [e.name, e.utf8, e.unflaggedUtf8])).toEqual([[nfd, true, true], ['A╓B', false, false]]);
    expect(zip.diagnostics.map((d) => d.code)).toContain('zip/unflagged-utf8');
  });

  it('reads entries written with data descriptors (sizes only in the directory)', async () => {
    const body = noise(5000, 7);
    const zip = await openZip(src(writeZip([
      { name: 'a.bin', data: body, method: 'deflated', dataDescriptor: true },
      { name: 'b.bin', data: te.encode('stored'), dataDescriptor: true },
    ])));
    expect(zip.entries.every((e) => e.hasDataDescriptor)).toBe(true);
    expect(await readAll(zip, 'a.bin')).toEqual(body);
    expect(td.decode(await readAll(zip, 'b.bin'))).toBe('stored');
  });

  it('reads ZIP64 end records and extra fields', async () => {
    const zip = await openZip(src(writeZip([
      { name: 'x.bin', data: te.encode('zip64 stored'), zip64: true },
      { name: 'y.bin', data: te.encode('zip64 deflated '.repeat(20)), method: 'deflated', zip64: true, dataDescriptor: true },
    ], { zip64: true })));
    expect(zip.zip64).toBe(true);
    expect(zip.entries.map((e) => e.zip64)).toEqual([true, true]);
    expect(td.decode(await readAll(zip, 'x.bin'))).toBe('zip64 stored');
    expect(td.decode(await readAll(zip, 'y.bin'))).toBe('zip64 deflated '.repeat(20));
  });

  it('reads more than 65,535 entries through the ZIP64 end record', async () => {
    const entries: ZipWriterEntry[] = Array.from({ length: 70_000 }, (_, i) => ({ name: `f${i}` }));
    const zip = await openZip(src(writeZip(entries)));
    expect(zip.zip64).toBe(true);
    expect(zip.entries.length).toBe(70_000);
    expect(zip.entries[69_999].name).toBe('f69999');
  });

  it('reads a sparse 5 GB ZIP64 archive on disk, touching only its headers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip64-'));
    const file = join(dir, 'big.zip');
    try {
      const head = wavHeader({ frames: 1000 });
      const layout = layoutZip([
        { name: 'Audio Files/one.wav', data: head, sparseSize: 4_500_000_000 },
        { name: 'Audio Files/two.wav', data: head, sparseSize: 600_000_000 },
      ]);
      const fd = openSync(file, 'w');
      for (const p of layout.pieces) writeSync(fd, p.bytes, 0, p.bytes.length, p.offset);
      ftruncateSync(fd, layout.size);
      closeSync(fd);
      const fs = await FileSource.open(file);
      try {
        const zip = await openZip(fs);
        expect(zip.zip64).toBe(true);
        const two = zip.entry('Audio Files/two.wav')!;
        expect(two.localHeaderOffset).toBeGreaterThan(4_500_000_000);
        expect([zip.entries[0].size, two.size]).toEqual([4_500_000_000, 600_000_000]);
        const s = zip.openEntry(two);
        expect(await s.read(0, head.length)).toEqual(head);
        expect(fs.bytesRead).toBeLessThan(200_000);
      } finally {
        await fs.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the archive behind a prepended stub and reads a trailing comment', async () => {
    const zip = await openZip(src(writeZip([{ name: 'a.txt', data: te.encode('after stub') }], {
      prefix: te.encode('#!/bin/sh\nexit 0\n'), comment: 'delivery v1',
    })));
    expect(zip.comment).toBe('delivery v1');
    expect(zip.diagnostics.map((d) => d.code)).toContain('zip/prefixed');
    expect(td.decode(await readAll(zip, 'a.txt'))).toBe('after stub');
  });

  it('lists entries in dumpZip', async () => {
    const out = await dumpZip(src(writeZip([
      { name: 'Show.ptx', data: te.encode('x'.repeat(100)), method: 'deflated' },
      { name: 'Audio Files/', directory: true },
    ]), 'pkg.zip'));
    expect(out).toMatch(/^zip pkg\.zip: \d+ bytes, 2 entries/);
    expect(out).toMatch(/deflated .*Show\.ptx/);
    expect(out).toMatch(/folder .*Audio Files\//);
  });
});

describe('zip entry sources', () => {
  it('inflates only as far as it is read', async () => {
    const body = noise(4 * 1024 * 1024, 3);
    const bytes = writeZip([{ name: 'big.bin', data: body, method: 'deflated' }]);
    const archive = src(bytes);
    const zip = await openZip(archive);
    const before = archive.bytesRead;
    const s = zip.openEntry(zip.entries[0]);
    expect(await s.read(0, 64)).toEqual(body.subarray(0, 64));
    expect(archive.bytesRead - before).toBeLessThan(64 * 1024);
    expect(zip.bytesInflated).toBeLessThan(256 * 1024);
    // Forward, then backward (restarts inside the kept window or from the start).
    expect(await s.read(3_000_000, 10)).toEqual(body.subarray(3_000_000, 3_000_010));
    expect(await s.read(100, 10)).toEqual(body.subarray(100, 110));
    const [a, b] = await Promise.all([s.read(10, 5), s.read(4_000_000, 5)]);
    expect([a, b]).toEqual([body.subarray(10, 15), body.subarray(4_000_000, 4_000_005)]);
    expect(await s.read(body.length - 3, 100)).toEqual(body.subarray(body.length - 3));
  });

  it('keeps every byte of a read larger than its inflate window, and restarts for reads behind it', async () => {
    const body = noise(2 * 1024 * 1024, 5);
    const zip = await openZip(src(writeZip([{ name: 'a.bin', data: body, method: 'deflated' }])), { inflateWindow: 256 * 1024 });
    const s = zip.openEntry(zip.entries[0]);
    expect(Buffer.compare(await s.read(0, body.length), body)).toBe(0);
    expect(await s.read(body.length - 10, 10)).toEqual(body.subarray(body.length - 10));
    const before = zip.bytesInflated;
    expect(await s.read(5, 5)).toEqual(body.subarray(5, 10));
    expect(zip.bytesInflated).toBeGreaterThan(before);
  });

  it('reads a small archive once: later reads are served from its tail', async () => {
    const bytes = writeZip([{ name: 'a.txt', data: te.encode('a'.repeat(300)), method: 'deflated' }, { name: 'b.txt', data: te.encode('bb') }]);
    const archive = src(bytes);
    const zip = await openZip(archive);
    expect(td.decode(await readAll(zip, 'a.txt'))).toBe('a'.repeat(300));
    expect(td.decode(await readAll(zip, 'b.txt'))).toBe('bb');
    expect(archive.bytesRead).toBe(bytes.length);
  });

  it('reads stored entries as windows of the archive', async () => {
    const body = noise(100_000, 9);
    const archive = src(writeZip([{ name: 'a' }, { name: 'data.wav', data: body }]));
    const zip = await openZip(archive);
    const s = zip.openEntry(zip.entry('data.wav')!);
    expect(s.name).toBe('test.zip!data.wav');
    expect(await s.read(50_000, 16)).toEqual(body.subarray(50_000, 50_016));
    expect(s.bytesRead).toBe(16);
  });

  it('reports encrypted entries and refuses to read them', async () => {
    const zip = await openZip(src(writeZip([{ name: 'secret.wav', data: te.encode('xxxxxxxxxxxxxxxx'), encrypted: true }])));
    expect(zip.entries[0].encrypted).toBe(true);
    const e = await formatErrorOf(() => zip.openEntry(zip.entries[0]));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.path).toBe('test.zip!secret.wav');
  });

  it('detects a CRC-32 mismatch when an entry is read to its end', async () => {
    const zip = await openZip(src(writeZip([{ name: 'a.txt', data: te.encode('hello hello hello'), method: 'deflated', crc: 1234 }])));
    const e = await formatErrorOf(readAll(zip, 'a.txt'));
    expect(e.code).toBe('BAD_MAGIC');
    expect(e.message).toMatch(/CRC-32/);
  });

  it('turns invalid deflate data into a FormatError with the offset', async () => {
    const bytes = writeZip([{ name: 'a.txt', data: te.encode('some text to deflate, some text to deflate'), method: 'deflated' }]);
    const zip0 = await openZip(src(bytes));
    const dataAt = zip0.entries[0].localHeaderOffset + 30 + 5;
    bytes[dataAt] = 0xff; // block type 3 (reserved)
    const zip = await openZip(src(bytes));
    const e = await formatErrorOf(readAll(zip, 'a.txt'));
    expect(e.code).toBe('BAD_MAGIC');
    expect(e.offset).toBe(dataAt);
  });

  it('checks the local header signature', async () => {
    const bytes = writeZip([{ name: 'a.txt', data: te.encode('x') }]);
    bytes[0] = 0x51;
    const zip = await openZip(src(bytes));
    const e = await formatErrorOf(readAll(zip, 'a.txt'));
    expect([e.code, e.offset]).toEqual(['BAD_MAGIC', 0]);
  });
});

describe('hostile zips', () => {
  const zeros = new Uint8Array(40 * 1024 * 1024);

  it('stops a highly compressed entry at maxInflateRatio', async () => {
    const zip = await openZip(src(writeZip([{ name: 'Show.ptx', data: zeros, method: 'deflated' }])));
    expect(zip.entries[0].size / zip.entries[0].compressedSize).toBeGreaterThan(1000);
    const e = await formatErrorOf(readAll(zip, 'Show.ptx'));
    expect([e.code, e.limit]).toEqual(['LIMIT', 'maxInflateRatio']);
  });

  it('stops inflating at maxInflatedBytes', async () => {
    const zip = await openZip(src(writeZip([{ name: 'Show.ptx', data: zeros, method: 'deflated' }])), {
      limits: { maxInflatedBytes: 1024 * 1024, maxInflateRatio: 1e9 },
    });
    const e = await formatErrorOf(readAll(zip, 'Show.ptx'));
    expect([e.code, e.limit]).toEqual(['LIMIT', 'maxInflatedBytes']);
    expect(zip.bytesInflated).toBeLessThan(32 * 1024 * 1024);
  });

  it('stops an entry that inflates past its declared size', async () => {
    const zip = await openZip(src(writeZip([{ name: 'x.txt', data: noise(200_000), method: 'deflated', declaredSize: 1000 }])));
    const s = zip.openEntry(zip.entries[0]);
    expect(s.size).toBe(1000);
    const e = await formatErrorOf(s.read(0, 1000));
    expect(e.code).toBe('LIMIT');
    expect(e.message).toMatch(/declared size/);
  });

  it('rejects entries that share their data (overlapping-entry bomb)', async () => {
    const payload = deflateSync(new Uint8Array(1000));
    expect(payload.length).toBeGreaterThan(0);
    const bytes = writeZip([
      { name: 'a.wav', data: new Uint8Array(1000), method: 'deflated' },
      { name: 'b.wav', data: new Uint8Array(1000), method: 'deflated', sameDataAs: 0 },
    ]);
    const e = await formatErrorOf(openZip(src(bytes)));
    expect(e.code).toBe('CYCLE');
    expect(e.offset).toBe(0);
    expect(e.message).toMatch(/overlap/);
  });

  it('rejects an entry whose data runs into the next entry', async () => {
    const bytes = writeZip([
      { name: 'a.bin', data: noise(100) },
      { name: 'b.bin', data: noise(100), localOffset: 60 },
    ]);
    const e = await formatErrorOf(openZip(src(bytes)));
    expect([e.code, e.offset]).toEqual(['CYCLE', 60]);
  });

  it('rejects a central directory cut short (with the offset)', async () => {
    const bytes = writeZip([{ name: 'a.txt', data: te.encode('a') }, { name: 'b.txt', data: te.encode('b') }], { truncateCentral: 20 });
    const e = await formatErrorOf(openZip(src(bytes)));
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBeGreaterThan(0);
    expect(e.message).toMatch(/central directory/);
  });

  it('rejects an end record that promises more entries than the directory holds', async () => {
    const bytes = writeZip([{ name: 'a.txt', data: te.encode('a') }], { claimEntries: 3 });
    const e = await formatErrorOf(openZip(src(bytes)));
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toMatch(/ends after 1 entries/);
  });

  it('rejects a file cut before its end record, and non-zips', async () => {
    const bytes = writeZip([{ name: 'a.txt', data: noise(1000) }]);
    const cut = await formatErrorOf(openZip(src(bytes.subarray(0, 600))));
    expect([cut.code, cut.offset]).toEqual(['BAD_MAGIC', 600]);
    const tiny = await formatErrorOf(openZip(src(new Uint8Array(5))));
    expect(tiny.code).toBe('TRUNCATED');
  });

  it('applies maxEntries before reading the directory', async () => {
    const bytes = writeZip([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const e = await formatErrorOf(openZip(src(bytes), { limits: { maxEntries: 2 } }));
    expect([e.code, e.limit]).toEqual(['LIMIT', 'maxEntries']);
  });

  it('keeps traversal and absolute names as listed names (never resolved)', async () => {
    const zip = await openZip(src(writeZip([
      { name: '../../etc/passwd', data: te.encode('x') },
      { name: '/abs.wav', data: te.encode('x') },
      { name: 'C:/win.wav', data: te.encode('x') },
      { name: 'Audio Files\\back.wav', data: te.encode('x') },
    ])));
    expect(zip.entries.map((e) => e.name)).toEqual(['../../etc/passwd', '/abs.wav', 'C:/win.wav', 'Audio Files\\back.wav']);
  });
});

describe('zip writer self-check', () => {
  it('extends CRC-32 over zeros like the byte-wise CRC', () => {
    const head = noise(100);
    const whole = new Uint8Array(100 + 5000);
    whole.set(head);
    expect(crc32AppendZeros(crc32(head), 5000)).toBe(crc32(whole));
  });
});
