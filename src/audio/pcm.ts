/**
 * PCM decode: interleaved little-endian integer or float samples → planar
 * Float64 in [-1, 1). Integer samples scale by 2^(bits-1) of their container
 * (a 20-bit sample in a 3-byte container is left-justified, so it scales as 24).
 */

/** u8 is offset binary (WAV 8-bit); the others are two's complement or IEEE float. */
export type SampleEncoding = 'u8' | 's16' | 's24' | 's32' | 'f32' | 'f64';

/** Bytes one sample of this encoding occupies. */
export function bytesPerSample(enc: SampleEncoding): number {
  switch (enc) {
    case 'u8': return 1;
    case 's16': return 2;
    case 's24': return 3;
    case 's32': case 'f32': return 4;
    case 'f64': return 8;
  }
}

const S16 = 1 / 32768;
const S24 = 1 / 8388608;
const S32 = 1 / 2147483648;

/**
 * Decode `frames` frames starting at `bytes[byteOffset]` (frame stride
 * `blockAlign`) into `out[ch][outOffset ..]`. The caller guarantees the bytes
 * are there; one loop per channel keeps each loop monomorphic and tight.
 */
export function decodeFrames(
  bytes: Uint8Array, byteOffset: number, enc: SampleEncoding, blockAlign: number,
  frames: number, out: Float64Array[], outOffset: number,
): void {
  const width = bytesPerSample(enc);
  const view = enc === 'f32' || enc === 'f64' ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
  for (let ch = 0; ch < out.length; ch++) {
    const o = out[ch];
    let p = byteOffset + ch * width;
    const end = outOffset + frames;
    switch (enc) {
      case 'u8':
        for (let i = outOffset; i < end; i++, p += blockAlign) o[i] = (bytes[p] - 128) / 128;
        break;
      case 's16':
        for (let i = outOffset; i < end; i++, p += blockAlign) o[i] = (((bytes[p + 1] << 24) | (bytes[p] << 16)) >> 16) * S16;
        break;
      case 's24':
        for (let i = outOffset; i < end; i++, p += blockAlign) {
          o[i] = (((bytes[p + 2] << 24) | (bytes[p + 1] << 16) | (bytes[p] << 8)) >> 8) * S24;
        }
        break;
      case 's32':
        for (let i = outOffset; i < end; i++, p += blockAlign) {
          o[i] = ((bytes[p + 3] << 24) | (bytes[p + 2] << 16) | (bytes[p + 1] << 8) | bytes[p]) * S32;
        }
        break;
      case 'f32':
        for (let i = outOffset; i < end; i++, p += blockAlign) o[i] = view!.getFloat32(p, true);
        break;
      case 'f64':
        for (let i = outOffset; i < end; i++, p += blockAlign) o[i] = view!.getFloat64(p, true);
        break;
    }
  }
}
