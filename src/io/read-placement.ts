/**
 * Where to put bytes read from a file, so that the kernel's copy out of the
 * page cache runs at full speed.
 *
 * A read from a file is a copy from page-cache pages, which start on a page
 * (4 KiB), to the caller's buffer; a large buffer starts on a page too. On
 * AMD EPYC hosts, where the kernel copies with `rep movsb`, that copy ran
 * three to five times slower when the destination lay 0 to 15 bytes past
 * the source's place in its page: 4 MiB reads of a 29 MB file from the page
 * cache took 19–30 ms with both on a page, 6–8 ms with the destination 16,
 * 64 or more bytes further on (or 1–2 bytes out of step); the 65 corpus AAF
 * files took 11–17 ms to read into a reused buffer at its start and 3–3.7 ms
 * at 16 to 4032 bytes in. A view placed about 64 bytes past the source's
 * place avoids that on such hosts and costs nothing elsewhere.
 */
const PAGE = 4096;
const AHEAD = 64;

/** Bytes to allocate for a buffer that readView places up to `n` bytes in. */
export function readCapacity(n: number): number {
  return n + PAGE + AHEAD;
}

/**
 * A view of `n` bytes of `buf` (of readCapacity(n) bytes or more, its memory
 * starting on a page as a large buffer's does) to read the bytes at file
 * offset `offset` into: it starts 57 to 64 bytes past their place in a
 * page, on an 8-byte boundary (for 32-bit views of what is read).
 */
export function readView(buf: Uint8Array, offset: number, n: number): Uint8Array {
  const start = ((((offset % PAGE) + AHEAD - (buf.byteOffset % PAGE)) % PAGE) + PAGE) % PAGE & ~7;
  return buf.subarray(start, start + n);
}
