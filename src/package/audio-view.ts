/**
 * Audio files of a package are read for their header only (format, rate,
 * bits, channels, length). A WAV reader reads through windows that also
 * cover samples; over thousands of takes that is most of what a package
 * inspection would read. The view below finds the `data` chunk with a few
 * small reads and serves its payload as zeros without reading it, which a
 * header read (`measureAudio: false`) never looks at.
 */
import { SliceSource, type ByteSource } from '../io/byte-source.js';

/** Chunk headers walked before giving up on finding `data` (headers come first in every writer seen). */
const MAX_CHUNKS = 64;
const RF64_PLACEHOLDER = 0xffffffff;

function ascii4(b: Uint8Array, at = 0): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}

/**
 * A source whose bytes in [maskStart, maskEnd) read as zeros, without reading
 * them; reads within `head` (the file's first bytes, already read) are served from it.
 */
export class MaskedSource implements ByteSource {
  bytesRead = 0;
  readonly size: number;
  readonly name: string;
  constructor(
    private readonly inner: ByteSource,
    private readonly maskStart: number,
    private readonly maskEnd: number,
    private readonly head: Uint8Array = new Uint8Array(0),
  ) {
    this.size = inner.size;
    this.name = inner.name;
  }
  private async readReal(from: number, to: number): Promise<Uint8Array> {
    if (to <= this.head.length) return this.head.subarray(from, to);
    return this.inner.read(from, to - from);
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const from = Math.max(0, Math.min(offset, this.size));
    const to = Math.max(from, Math.min(from + Math.max(0, length), this.size));
    const out = new Uint8Array(to - from);
    const before = Math.min(to, this.maskStart);
    if (from < before) out.set(await this.readReal(from, before), 0);
    const after = Math.max(from, this.maskEnd);
    if (after < to) out.set(await this.readReal(after, to), after - from);
    this.bytesRead += out.length;
    return out;
  }
}

type DataChunk = { start: number; end: number };

/** Bytes read at once from the start of an audio file: the chunks before `data` fit in it for common writers. */
const HEAD_BYTES = 4096;

/** Reads chunk headers from the already-read head, and from the source past it. */
async function bytesAt(src: ByteSource, head: Uint8Array, offset: number, length: number): Promise<Uint8Array> {
  if (offset + length <= head.length) return head.subarray(offset, offset + length);
  return src.read(offset, length);
}

/** Payload range of the first `data` chunk, found by walking chunk headers; null when not a RIFF/RF64/BW64 WAVE. */
async function findDataChunk(src: ByteSource, head: Uint8Array): Promise<DataChunk | null> {
  if (head.length < 12 || !['RIFF', 'RF64', 'BW64'].includes(ascii4(head)) || ascii4(head, 8) !== 'WAVE') return null;
  let pos = 12;
  let ds64DataSize: number | null = null;
  for (let i = 0; i < MAX_CHUNKS && pos + 8 <= src.size; i++) {
    const h = await bytesAt(src, head, pos, 8);
    if (h.length < 8) return null;
    const size = new DataView(h.buffer, h.byteOffset, 8).getUint32(4, true);
    const id = ascii4(h);
    if (id === 'ds64' && size >= 16) {
      // EBU Tech 3306: riffSize then dataSize, 64-bit little-endian.
      const d = await bytesAt(src, head, pos + 8, 16);
      if (d.length === 16) {
        const v = new DataView(d.buffer, d.byteOffset, 16);
        ds64DataSize = v.getUint32(8, true) + v.getUint32(12, true) * 2 ** 32;
      }
    }
    if (id === 'data') {
      const start = pos + 8;
      const real = size === RF64_PLACEHOLDER ? ds64DataSize ?? src.size - start : size;
      return { start, end: Math.min(src.size, start + real) };
    }
    pos += 8 + size + (size & 1);
  }
  return null;
}

/**
 * The view of an audio file to read its header from: the `data` payload
 * masked; for compressed entries also cut after the `data` chunk, since
 * reaching a chunk written after the audio would inflate all of it.
 */
export async function audioHeaderView(src: ByteSource, compressed: boolean): Promise<ByteSource> {
  const head = await src.read(0, Math.min(src.size, HEAD_BYTES));
  const data = await findDataChunk(src, head);
  if (!data) return src;
  const masked = new MaskedSource(src, data.start, data.end, head);
  return compressed && data.end < src.size ? new SliceSource(masked, 0, data.end, src.name) : masked;
}
