/** Byte helpers shared by the test writers, the fuzzer's mutators and tests. */

/** The parts one after the other in a new array. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatAll(parts);
}

/** concat over an array of parts (no argument-count limit for long lists). */
export function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
