/**
 * The corpus files are all under 1 MB, so the reader reads each of them
 * whole. Real exports with embedded audio are far larger, and those are read
 * through the block cache instead (64 KiB blocks, metadata streams
 * prefetched, chains checked as they are walked). Here every corpus file is
 * padded with zeros past the whole-file threshold, which a Compound File
 * allows (sectors no chain names), and must give exactly the model it gives
 * when read whole, while reading far less than the padded size.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAaf } from '../../src/formats/aaf/index.js';
import { fromBytes, type ByteSource } from '../../src/io/byte-source.js';
import type { Session } from '../../src/model/session.js';
import { CORPUS, HAVE_CORPUS, corpusFiles, corpusPath } from '../support/corpus.js';

const FILES_DIR = corpusPath('aaf', 'files');
const files = corpusFiles('aaf', 'aaf', 'files');
/** Past the size up to which a file is read in one go (4 MiB in src/formats/aaf/cfb/sectors.ts). */
const PADDED = 5 * 1024 * 1024;

/** A ByteSource over `src` that notes the furthest byte asked for (`src` counts the bytes). */
function watched(src: ByteSource): { src: ByteSource; end: () => number } {
  let end = 0;
  const wrapped: ByteSource = {
    name: src.name,
    size: src.size,
    get bytesRead() {
      return src.bytesRead;
    },
    read: async (offset, length) => {
      const b = await src.read(offset, length);
      end = Math.max(end, offset + b.length);
      return b;
    },
  };
  return { src: wrapped, end: () => end };
}

/** The model without what depends on the bytes' container (size), as JSON for a deep comparison. */
function comparable(s: Session): unknown {
  return JSON.parse(JSON.stringify({ ...s, source: { ...s.source, size: null } }));
}

describe.skipIf(!HAVE_CORPUS)(`AAF corpus through the block cache (${CORPUS})`, () => {
  for (const name of files) {
    it(`${name}: padded to ${PADDED} bytes, the same model`, async () => {
      const path = resolve(FILES_DIR, name);
      const bytes = new Uint8Array(readFileSync(path));
      const whole = await readAaf(fromBytes(bytes, name), { path });
      const padded = new Uint8Array(PADDED);
      padded.set(bytes);
      const inner = fromBytes(padded, name);
      const { src, end } = watched(inner);
      const blocks = await readAaf(src, { path });
      expect(comparable(blocks)).toEqual(comparable(whole));
      expect(whole.source.format).toBe('aaf');
      // Never the padding beyond the 64 KiB block that holds the file's last byte, and each block at
      // most once. The directory and the mini stream are read as runs of sectors apart from the block
      // cache (the header too), so their bytes may be read a second time: at most the file's size more.
      const blocksEnd = Math.ceil(bytes.length / 65536) * 65536;
      expect(end()).toBeLessThanOrEqual(blocksEnd);
      expect(inner.bytesRead).toBeLessThanOrEqual(blocksEnd + bytes.length + 512);
    });
  }
});
