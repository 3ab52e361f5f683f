/**
 * Synchronous, bounds-checked reading over bytes that know their absolute
 * offset in the input, so every error names the real place.
 */
import { FormatError, type FormatName } from './errors.js';
import { SAFE_INTEGER_LIMIT } from './limits.js';

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');
const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');

export class Cursor {
  pos = 0;
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    /** Absolute offset of bytes[0] in the input. */
    readonly base: number,
    readonly format: FormatName,
    public littleEndian = true,
    readonly path: string | null = null,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  /** Absolute offset of the current position. */
  get offset(): number {
    return this.base + this.pos;
  }

  error(message: string, at = this.pos, code: FormatError['code'] = 'TRUNCATED'): FormatError {
    return new FormatError({ code, format: this.format, offset: this.base + at, path: this.path, message });
  }

  need(n: number, what = 'value'): void {
    if (n < 0 || this.pos + n > this.bytes.length) {
      throw this.error(`${what} needs ${n} bytes but only ${Math.max(0, this.remaining)} remain`);
    }
  }
  seek(pos: number): this {
    if (pos < 0 || pos > this.bytes.length) throw this.error(`seek to ${pos} outside 0..${this.bytes.length}`, this.pos);
    this.pos = pos;
    return this;
  }
  skip(n: number): this {
    this.need(n, 'skip');
    this.pos += n;
    return this;
  }

  u8(): number {
    this.need(1, 'u8');
    return this.bytes[this.pos++];
  }
  i8(): number {
    this.need(1, 'i8');
    return this.view.getInt8(this.pos++);
  }
  u16(le = this.littleEndian): number {
    this.need(2, 'u16');
    const v = this.view.getUint16(this.pos, le);
    this.pos += 2;
    return v;
  }
  i16(le = this.littleEndian): number {
    this.need(2, 'i16');
    const v = this.view.getInt16(this.pos, le);
    this.pos += 2;
    return v;
  }
  u32(le = this.littleEndian): number {
    this.need(4, 'u32');
    const v = this.view.getUint32(this.pos, le);
    this.pos += 4;
    return v;
  }
  i32(le = this.littleEndian): number {
    this.need(4, 'i32');
    const v = this.view.getInt32(this.pos, le);
    this.pos += 4;
    return v;
  }
  /** Unsigned 64-bit as a number; throws when above 2^53 (not a real size or position). */
  u64(le = this.littleEndian): number {
    const v = this.u64big(le);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new FormatError({ code: 'LIMIT', format: this.format, offset: this.base + this.pos - 8, path: this.path, limit: SAFE_INTEGER_LIMIT, message: `64-bit value ${v} is too large` });
    }
    return Number(v);
  }
  u64big(le = this.littleEndian): bigint {
    this.need(8, 'u64');
    const v = this.view.getBigUint64(this.pos, le);
    this.pos += 8;
    return v;
  }
  i64(le = this.littleEndian): number {
    this.need(8, 'i64');
    const v = this.view.getBigInt64(this.pos, le);
    this.pos += 8;
    return Number(v);
  }
  f32(le = this.littleEndian): number {
    this.need(4, 'f32');
    const v = this.view.getFloat32(this.pos, le);
    this.pos += 4;
    return v;
  }
  f64(le = this.littleEndian): number {
    this.need(8, 'f64');
    const v = this.view.getFloat64(this.pos, le);
    this.pos += 8;
    return v;
  }
  take(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    const b = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  /** A sub-cursor over the next n bytes (advances this one). */
  sub(n: number, what = 'sub-structure'): Cursor {
    const at = this.pos;
    const b = this.take(n, what);
    return new Cursor(b, this.base + at, this.format, this.littleEndian, this.path);
  }
  latin1(n: number): string {
    return latin1.decode(this.take(n, 'string'));
  }
  utf8(n: number): string {
    return utf8.decode(this.take(n, 'string'));
  }
  utf16(n: number, le = this.littleEndian): string {
    return (le ? utf16le : utf16be).decode(this.take(n, 'string'));
  }
  /** Fixed-width ASCII/Latin-1 field, cut at the first NUL. */
  fixedString(n: number): string {
    const b = this.take(n, 'string');
    let end = b.indexOf(0);
    if (end < 0) end = b.length;
    return latin1.decode(b.subarray(0, end));
  }
}

export function decodeLatin1(b: Uint8Array): string {
  return latin1.decode(b);
}
export function decodeUtf8(b: Uint8Array): string {
  return utf8.decode(b);
}
export function decodeUtf16(b: Uint8Array, le = true): string {
  return (le ? utf16le : utf16be).decode(b);
}
