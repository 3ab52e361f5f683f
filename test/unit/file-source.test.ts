import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSource, relativeOpener } from '../../src/node/file-source.js';

const dir = mkdtempSync(join(tmpdir(), 'file-source-'));
const path = join(dir, 'bytes.bin');
const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 31 + 7) & 0xff);
writeFileSync(path, bytes);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['positional synchronous reads (default)', {}],
  ['thread-pool reads ({ async: true })', { async: true }],
])('FileSource with %s', (_, opts) => {
  it('reads ranges, clips at the end of the file and counts what it handed out', async () => {
    const src = await FileSource.open(path, opts);
    expect(src.size).toBe(10_000);
    expect(await src.read(100, 50)).toEqual(bytes.subarray(100, 150));
    expect(await src.read(9_990, 100)).toEqual(bytes.subarray(9_990));
    expect((await src.read(20_000, 10)).length).toBe(0);
    const target = new Uint8Array(64).fill(0xee);
    expect(await src.readInto(9_980, target)).toBe(20);
    expect(target.subarray(0, 20)).toEqual(bytes.subarray(9_980));
    expect(target[20]).toBe(0xee);
    expect(src.bytesRead).toBe(50 + 10 + 20);
    await src.close();
    await src.close(); // a second close is harmless
  });

  it('reads large ranges whole, placed off the source\'s place in a page', async () => {
    const big = join(dir, 'big.bin');
    const content = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 13 + (i >> 9)) & 0xff);
    writeFileSync(big, content);
    const src = await FileSource.open(big, opts);
    for (const [at, n] of [[0, 200_000], [4097, 100_000], [234_464, 65_536]]) {
      const got = await src.read(at, n);
      expect(got.length).toBe(n);
      // Buffer.compare, not toEqual: vitest takes seconds to compare 200,000 elements.
      expect(Buffer.compare(got, content.subarray(at, at + n)), `bytes read at ${at} differ from the file's`).toBe(0);
      expect((((got.byteOffset - at) % 4096) + 4096) % 4096).toBeGreaterThanOrEqual(57);
    }
    await src.close();
  });

  it('reads a range of 8 MiB and more in parts at once, whole and in order', async () => {
    const big = join(dir, 'large.bin');
    const n = 9 * 1024 * 1024 + 12_345;
    const content = new Uint8Array(n);
    for (let i = 0; i < n; i++) content[i] = (i * 7 + (i >> 16)) & 0xff;
    writeFileSync(big, content);
    const src = await FileSource.open(big, opts);
    const got = await src.read(100, n - 100);
    expect(got.length).toBe(n - 100);
    expect(Buffer.compare(got, content.subarray(100)), 'bytes read differ from the file\'s').toBe(0);
    const target = new Uint8Array(n);
    expect(await src.readInto(0, target)).toBe(n);
    expect(Buffer.compare(target, content)).toBe(0);
    expect(src.bytesRead).toBe(2 * n - 100);
    await src.close();
  });

  it('hands back what a file that shrank after it was opened still holds, in parts or not', async () => {
    const big = join(dir, 'shrinks.bin');
    const n = 9 * 1024 * 1024;
    const content = new Uint8Array(n);
    for (let i = 0; i < n; i++) content[i] = (i * 11 + (i >> 12)) & 0xff;
    writeFileSync(big, content);
    const src = await FileSource.open(big, opts);
    const left = 5 * 1024 * 1024 + 3;
    truncateSync(big, left);
    const got = await src.read(0, n);
    expect(got.length).toBe(left);
    expect(Buffer.compare(got, content.subarray(0, left))).toBe(0);
    expect(src.bytesRead).toBe(left);
    await src.close();
  });

  it('gives each read its own buffer (callers may keep it)', async () => {
    const src = await FileSource.open(path, opts);
    const a = await src.read(0, 16);
    const b = await src.read(16, 16);
    expect(a).toEqual(bytes.subarray(0, 16));
    expect(b).toEqual(bytes.subarray(16, 32));
    await src.close();
  });

  it('rejects a missing file', async () => {
    await expect(FileSource.open(join(dir, 'absent.bin'), opts)).rejects.toThrow(/ENOENT/);
  });
});

describe('relativeOpener', () => {
  it('opens a file relative to the session folder, and gives null for a missing path or a folder', async () => {
    mkdirSync(join(dir, 'Audio Files'), { recursive: true });
    writeFileSync(join(dir, 'Audio Files', 'a.wav'), bytes.subarray(0, 100));
    const open = relativeOpener(join(dir, 'session.aaf'));
    const src = await open('Audio Files/a.wav');
    expect(src?.size).toBe(100);
    expect(await src?.read(0, 4)).toEqual(bytes.subarray(0, 4));
    await src?.close();
    expect(await open('Audio Files/absent.wav')).toBeNull();
    expect(await open('absent folder/a.wav')).toBeNull();
    // A folder of the media's name is not the media (an open of it would succeed on Linux).
    expect(await open('Audio Files')).toBeNull();
  });

  it('finds a missing folder once per opener: a new opener sees a folder made since', async () => {
    const session = join(dir, 'later', 'session.aaf');
    mkdirSync(join(dir, 'later'), { recursive: true });
    const first = relativeOpener(session);
    expect(await first('Media/b.wav')).toBeNull();
    mkdirSync(join(dir, 'later', 'Media'));
    writeFileSync(join(dir, 'later', 'Media', 'b.wav'), bytes.subarray(0, 10));
    // The first opener keeps what it found (one opener serves one read)...
    expect(await first('Media/b.wav')).toBeNull();
    // ...and the next read's opener finds the file.
    const src = await relativeOpener(session)('Media/b.wav');
    expect(src?.size).toBe(10);
    await src?.close();
  });
});
