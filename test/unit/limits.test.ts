/**
 * Every reader meets the shared limits of io/limits.ts: a crafted input that
 * meets a limit gives FormatError LIMIT naming it, and the same input reads
 * when the limit is raised through ReadOptions.limits.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { budgetedSource, checkLimit, DEFAULT_LIMITS, resolveLimits, type Limits } from '../../src/io/limits.js';
import { readSession } from '../../src/read.js';
import { readPackage } from '../../src/package/index.js';
import { readFolderPackage } from '../../src/node/folder.js';
import { writePtx } from '../support/ptx-writer/index.js';
import { writeAaf } from '../support/aaf-writer/index.js';
import { buildWav } from '../support/wav-writer.js';
import { wavFile, writeZip } from '../support/zip-writer.js';
import { sessionTextBytes } from '../support/session-text-writer.js';
import { basicSpec } from '../formats/aaf/fixtures.js';

const te = new TextEncoder();
type Reader = (limits: Partial<Limits>) => Promise<unknown>;

const readerOf = (bytes: Uint8Array, name: string): Reader => (limits) =>
  readSession(new BufferSource(bytes, name), { path: name, limits, measureAudio: false });
const packageReaderOf = (bytes: Uint8Array, name: string): Reader => (limits) =>
  readPackage(new BufferSource(bytes, name), { path: name, limits });

/** The input meets `limit` at `low` and reads at `high` (the default when omitted). */
async function meetsLimit(read: Reader, limit: keyof Limits, low: number, high: number = DEFAULT_LIMITS[limit]): Promise<void> {
  await expect(read({ [limit]: low })).rejects.toMatchObject({ name: 'FormatError', code: 'LIMIT', limit });
  await expect(read({ [limit]: high })).resolves.toBeTruthy();
}

describe('limits.ts', () => {
  it('resolveLimits overrides only what is given', () => {
    expect(resolveLimits({ maxDepth: 3 })).toEqual({ ...DEFAULT_LIMITS, maxDepth: 3 });
  });
  it('checkLimit throws LIMIT with the limit name, the offset and the value', () => {
    expect(() => checkLimit(resolveLimits({ maxEntries: 2 }), 'maxEntries', 3, 'zip', 7, 'entries')).toThrow(
      expect.objectContaining({ code: 'LIMIT', limit: 'maxEntries', offset: 7, message: expect.stringContaining('3 exceeds the limit maxEntries=2') }),
    );
    expect(() => checkLimit(resolveLimits({ maxEntries: 3 }), 'maxEntries', 3, 'zip', 7, 'entries')).not.toThrow();
  });
  it('budgetedSource counts the bytes read through it', async () => {
    const src = budgetedSource(new BufferSource(new Uint8Array(100)), resolveLimits({ maxBytesRead: 150 }), 'cfb');
    await src.read(0, 100);
    await expect(src.read(50, 10)).resolves.toHaveLength(10);
    await expect(src.read(0, 100)).rejects.toMatchObject({ code: 'LIMIT', limit: 'maxBytesRead', offset: 0 });
  });
});

describe('PTX', () => {
  const ptx = writePtx({
    version: 12, sampleRate: 48000, files: [{ name: 'a.wav', length: 48000 }],
    tracks: [{ name: 'A', channels: [{ clips: [{ name: 'r1', file: 0, position: 0, length: 10 }, { name: 'r2', file: 0, position: 20, length: 10 }, { name: 'r3', file: 0, position: 40, length: 10 }] }] }],
  });
  const read = readerOf(ptx, 'x.ptx');
  it('maxStructureBytes: the whole session is read into memory', () => meetsLimit(read, 'maxStructureBytes', ptx.length - 1));
  it('maxChainLength: top-level blocks', () => meetsLimit(read, 'maxChainLength', 3));
  it('maxEntries: regions, placements, tracks', () => meetsLimit(read, 'maxEntries', 2));
  it('maxStringBytes: names', () => meetsLimit(read, 'maxStringBytes', 1));
  it('maxMillis', () => meetsLimit(read, 'maxMillis', -1));
});

describe('AAF (compound file)', () => {
  const aaf = writeAaf(basicSpec());
  const read = readerOf(aaf, 'x.aaf');
  it('maxStructureBytes: directory and property streams', () => meetsLimit(read, 'maxStructureBytes', 1000));
  it('maxEntries: objects and sets', () => meetsLimit(read, 'maxEntries', 3));
  it('maxChainLength: sector chains', () => meetsLimit(read, 'maxChainLength', 1));
  it('maxDepth: segment nesting', () => meetsLimit(read, 'maxDepth', 0));
  it('maxBytesRead: bytes read from the file', () => meetsLimit(read, 'maxBytesRead', 4096));
  it('maxMillis', () => meetsLimit(read, 'maxMillis', -1));
});

describe('Session Info as Text', () => {
  const text = sessionTextBytes({
    name: 'S', tracks: [{ name: 'A', clips: [{ name: 'c', start: 0, end: 10 }] }],
  });
  const read = readerOf(text, 'S.txt');
  it('maxStructureBytes: the export is read whole', () => meetsLimit(read, 'maxStructureBytes', text.length - 1));
  it('maxEntries: lines', () => meetsLimit(read, 'maxEntries', 3));
  it('maxMillis', () => meetsLimit(read, 'maxMillis', -1));
});

describe('WAV', () => {
  const wav = buildWav({
    encoding: 's16', channelCount: 1, frames: 10,
    extra: Array.from({ length: 6 }, (_, i) => ({ id: `x${i}  `, data: new Uint8Array(2) })),
  });
  const read = readerOf(wav, 'x.wav');
  it('maxEntries: chunks', () => meetsLimit(read, 'maxEntries', 3));
  it('maxChannels: channels measured (each has its own meters)', async () => {
    const six = buildWav({ encoding: 's16', channelCount: 6, frames: 10 });
    const measure = (limits: Partial<Limits>) => readSession(new BufferSource(six, 'x.wav'), { path: 'x.wav', limits });
    await expect(measure({ maxChannels: 2 })).rejects.toMatchObject({ code: 'LIMIT', limit: 'maxChannels', offset: 12 + 8 + 2 });
    await expect(measure({})).resolves.toMatchObject({ tracks: [{ channels: 6 }] });
  });
  it('maxMillis', () => meetsLimit(read, 'maxMillis', -1));
});

describe('zip package', () => {
  const big = new Uint8Array(400_000); // zeros: deflates about 1000:1
  const zip = writeZip([
    { name: 'Show/Show.txt', data: sessionTextBytes({ name: 'Show', tracks: [] }), method: 'deflated' },
    { name: 'Show/Audio Files/a.wav', data: wavFile({ frames: 100 }) },
    { name: 'Show/notes.bin', data: big, method: 'deflated' },
  ]);
  const read = packageReaderOf(zip, 'Show.zip');
  it('maxEntries: entries in the central directory', () => meetsLimit(read, 'maxEntries', 2));
  it('maxStructureBytes: the central directory', () => meetsLimit(read, 'maxStructureBytes', 50));
  it('maxBytesRead: bytes read from the archive', () => meetsLimit(read, 'maxBytesRead', 200));
  it('maxMillis', () => meetsLimit(read, 'maxMillis', -1));
  it('maxInflatedBytes and maxInflateRatio: an entry read through openEntry', async () => {
    const { openZip } = await import('../../src/formats/zip/index.js');
    const drain = async (limits: Partial<Limits>) => {
      const z = await openZip(new BufferSource(zip, 'Show.zip'), { limits });
      const e = z.entries.find((x) => x.name === 'Show/notes.bin')!;
      const src = z.openEntry(e);
      return src.read(0, src.size);
    };
    await expect(drain({ maxInflatedBytes: 100_000 })).rejects.toMatchObject({ code: 'LIMIT', limit: 'maxInflatedBytes' });
    await expect(drain({})).resolves.toHaveLength(big.length);
  });
  it('maxInflateRatio: past the first 32 MiB, an entry inflating above the ratio is a bomb', async () => {
    const { openZip } = await import('../../src/formats/zip/index.js');
    const bomb = writeZip([{ name: 'bomb.bin', data: new Uint8Array(40 * 2 ** 20), method: 'deflated' }]);
    const drain = async (limits: Partial<Limits>) => {
      const z = await openZip(new BufferSource(bomb, 'bomb.zip'), { limits });
      const src = z.openEntry(z.entries[0]);
      return (await src.read(src.size - 10, 10)).length;
    };
    await expect(drain({})).rejects.toMatchObject({ code: 'LIMIT', limit: 'maxInflateRatio' });
    await expect(drain({ maxInflateRatio: 5000 })).resolves.toBe(10);
  });
});

describe('session model JSON', () => {
  const json = te.encode(JSON.stringify({ schemaVersion: 1, sampleRate: 48000, tracks: [] }));
  it('maxStructureBytes: the model is read whole', () => meetsLimit(readerOf(json, 'x.session.json'), 'maxStructureBytes', 10));
});

describe('folder package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'limits-folder-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'Show', 'Audio Files', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'Show', 'Show.txt'), sessionTextBytes({ name: 'Show', tracks: [] }));
  writeFileSync(join(dir, 'Show', 'Audio Files', 'a.wav'), wavFile({ frames: 10 }));
  const read: Reader = (limits) => readFolderPackage(dir, { limits });
  it('maxDepth: folder nesting', () => meetsLimit(read, 'maxDepth', 1));
  it('maxEntries: files and folders', () => meetsLimit(read, 'maxEntries', 2));
});
