/** Little-endian reads from a byte array (the formats here store their numbers little-endian). */

/** Unsigned 32-bit little-endian at `at`. */
export function u32At(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}
