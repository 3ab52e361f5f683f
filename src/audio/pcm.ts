/**
 * PCM decode: interleaved little-endian integer or float samples → planar
 * Float64 in [-1, 1). Integer samples scale by 2^(bits-1) of their container
 * (a 20-bit sample in a 3-byte container is left-justified, so it scales as 24).
 */
import { LITTLE_ENDIAN_HOST } from '../io/host.js';

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

/**
 * One pass over decoded samples x[at .. at+n): the sum of squares (returned)
 * and the largest |x| of every `block` consecutive samples, written to
 * `blockMax` (the last entry may cover fewer samples). Peak, RMS and the
 * true-peak meter's skip decisions all come from this single pass.
 */
export function scanBlocks(x: Float64Array, at: number, n: number, block: number, blockMax: Float64Array): number {
  let sum = 0;
  let j = 0;
  const end = at + n;
  for (let s = at; s < end; s += block) {
    const e = s + block < end ? s + block : end;
    let m = 0;
    for (let i = s; i < e; i++) {
      const v = x[i];
      sum += v * v;
      // Math.abs has no sign branch to mispredict; the comparison keeps a NaN float sample out of the maximum.
      const a = Math.abs(v);
      if (a > m) m = a;
    }
    blockMax[j++] = m;
  }
  return sum;
}

/**
 * `decodeFrames` + `scanBlocks` for one channel of 24-bit PCM in a single
 * loop. Integer samples cannot be NaN, so the maxima use Math.max/Math.abs,
 * which compile without branches: compare-and-branch on real audio
 * mispredicts about half the time and cost 2.5× here. 24-bit is the common
 * deliverable format and the hot path of a long file. Decodes x[at .. at+n),
 * returns the sum of squares and fills `blockMax`.
 */
export function decodeScanS24(
  bytes: Uint8Array, byteOffset: number, stride: number, n: number,
  x: Float64Array, at: number, block: number, blockMax: Float64Array,
): number {
  let sum = 0;
  let j = 0;
  let p = byteOffset;
  const end = at + n;
  for (let s = at; s < end; s += block) {
    const e = s + block < end ? s + block : end;
    let m = 0;
    for (let i = s; i < e; i++, p += stride) {
      const v = (((bytes[p + 2] << 24) | (bytes[p + 1] << 16) | (bytes[p] << 8)) >> 8) * S24;
      x[i] = v;
      sum += v * v;
      m = Math.max(m, Math.abs(v));
    }
    blockMax[j++] = m;
  }
  return sum;
}

/**
 * Mono 24-bit PCM read as 32-bit words: 4 samples from 3 loads instead of 12
 * byte loads (the premix deliverable format; a long premix is the case that
 * must be fast). Needs a 4-byte-aligned start on a little-endian host and
 * `n` a multiple of 4; returns -1 without doing anything otherwise, so the
 * caller falls back to `decodeScanS24`. Same results as `decodeScanS24`.
 */
export function decodeScanS24Mono(
  bytes: Uint8Array, byteOffset: number, n: number,
  x: Float64Array, at: number, block: number, blockMax: Float64Array,
): number {
  const start = bytes.byteOffset + byteOffset;
  if (!LITTLE_ENDIAN_HOST || (start & 3) !== 0 || (n & 3) !== 0 || (block & 3) !== 0 || byteOffset + n * 3 > bytes.length) return -1;
  const w = new Uint32Array(bytes.buffer, start, (n / 4) * 3);
  let sum = 0;
  let j = 0;
  let k = 0;
  const end = at + n;
  for (let s = at; s < end; s += block) {
    const e = s + block < end ? s + block : end;
    let m = 0;
    for (let i = s; i < e; i += 4, k += 3) {
      const w0 = w[k], w1 = w[k + 1], w2 = w[k + 2];
      const v0 = ((w0 << 8) >> 8) * S24;
      const v1 = ((((w0 >>> 24) | (w1 << 8)) << 8) >> 8) * S24;
      const v2 = ((((w1 >>> 16) | (w2 << 16)) << 8) >> 8) * S24;
      const v3 = (w2 >> 8) * S24;
      x[i] = v0; x[i + 1] = v1; x[i + 2] = v2; x[i + 3] = v3;
      sum += v0 * v0;
      sum += v1 * v1;
      sum += v2 * v2;
      sum += v3 * v3;
      m = Math.max(m, Math.abs(v0), Math.abs(v1), Math.abs(v2), Math.abs(v3));
    }
    blockMax[j++] = m;
  }
  return sum;
}

/**
 * Stereo 24-bit PCM read as 32-bit words (3 words = 2 frames = L R L R), the
 * field-recorder layout: both channels decoded and scanned in one loop. Same
 * preconditions and results as `decodeScanS24Mono` per channel; writes the
 * sums of squares to `sums[0]`, `sums[1]` and returns false (having done
 * nothing) when the preconditions do not hold.
 */
export function decodeScanS24Stereo(
  bytes: Uint8Array, byteOffset: number, n: number,
  left: Float64Array, right: Float64Array, at: number, block: number,
  leftMax: Float64Array, rightMax: Float64Array, sums: Float64Array,
): boolean {
  const start = bytes.byteOffset + byteOffset;
  if (!LITTLE_ENDIAN_HOST || (start & 3) !== 0 || (n & 1) !== 0 || (block & 1) !== 0 || byteOffset + n * 6 > bytes.length) return false;
  const w = new Uint32Array(bytes.buffer, start, (n / 2) * 3);
  let sumL = 0;
  let sumR = 0;
  let j = 0;
  let k = 0;
  const end = at + n;
  for (let s = at; s < end; s += block) {
    const e = s + block < end ? s + block : end;
    let ml = 0;
    let mr = 0;
    for (let i = s; i < e; i += 2, k += 3) {
      const w0 = w[k], w1 = w[k + 1], w2 = w[k + 2];
      const l0 = ((w0 << 8) >> 8) * S24;
      const r0 = ((((w0 >>> 24) | (w1 << 8)) << 8) >> 8) * S24;
      const l1 = ((((w1 >>> 16) | (w2 << 16)) << 8) >> 8) * S24;
      const r1 = (w2 >> 8) * S24;
      left[i] = l0; left[i + 1] = l1; right[i] = r0; right[i + 1] = r1;
      sumL += l0 * l0;
      sumL += l1 * l1;
      sumR += r0 * r0;
      sumR += r1 * r1;
      ml = Math.max(ml, Math.abs(l0), Math.abs(l1));
      mr = Math.max(mr, Math.abs(r0), Math.abs(r1));
    }
    leftMax[j] = ml;
    rightMax[j++] = mr;
  }
  sums[0] = sumL;
  sums[1] = sumR;
  return true;
}
