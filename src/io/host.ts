/** True when this machine stores a typed array's multi-byte elements little-endian (as the formats read here do): a Uint32Array or Uint16Array view then reads stored words directly. */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
