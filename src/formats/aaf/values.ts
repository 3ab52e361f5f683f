/**
 * Decoding of indirect values (TaggedValue, ConstantValue, ControlPoint):
 * byte order, type AUID, then the value in that type's representation.
 */
import { TYPE_DEF } from './ids.js';
import { auidAt, i32At, i64At, u16At, u32At, utf16z } from './storage.js';

export type IndirectValue = {
  typeId: string;
  /** number for integers and rationals (num/den as a float), string for strings, bigint-safe numbers as numbers. */
  value: number | string | { num: number; den: number } | boolean | null;
};

/** Decode an indirect value; unknown types keep a hex rendering. */
export function decodeIndirect(b: Uint8Array): IndirectValue | null {
  if (b.length < 17) return null;
  const typeId = auidAt(b, 1);
  const v = b.subarray(17);
  switch (typeId) {
    case TYPE_DEF.Rational:
      return { typeId, value: v.length >= 8 ? { num: i32At(v, 0), den: i32At(v, 4) } : null };
    case TYPE_DEF.Int32: return { typeId, value: v.length >= 4 ? i32At(v, 0) : null };
    case TYPE_DEF.UInt32: return { typeId, value: v.length >= 4 ? u32At(v, 0) : null };
    case TYPE_DEF.Int16: return { typeId, value: v.length >= 2 ? (u16At(v, 0) << 16) >> 16 : null };
    case TYPE_DEF.UInt16: return { typeId, value: v.length >= 2 ? u16At(v, 0) : null };
    case TYPE_DEF.Int8: return { typeId, value: v.length >= 1 ? (v[0] << 24) >> 24 : null };
    case TYPE_DEF.UInt8: return { typeId, value: v.length >= 1 ? v[0] : null };
    case TYPE_DEF.Boolean: return { typeId, value: v.length >= 1 ? v[0] !== 0 : null };
    case TYPE_DEF.Int64:
    case TYPE_DEF.UInt64: return { typeId, value: v.length >= 8 ? Number(i64At(v, 0)) : null };
    case TYPE_DEF.String: return { typeId, value: utf16z(v) };
    default: {
      // Extension types: integers by size, else UTF-16 if it looks like text.
      if (v.length >= 2 && v.length % 2 === 0 && v[v.length - 1] === 0 && v[v.length - 2] === 0) return { typeId, value: utf16z(v) };
      if (v.length === 4) return { typeId, value: i32At(v, 0) };
      if (v.length === 8) return { typeId, value: { num: i32At(v, 0), den: i32At(v, 4) } };
      return { typeId, value: null };
    }
  }
}

/** A numeric view of an indirect value (rationals divided), or null. */
export function numericValue(v: IndirectValue | null): number | null {
  if (!v || v.value === null) return null;
  if (typeof v.value === 'number') return v.value;
  if (typeof v.value === 'boolean') return v.value ? 1 : 0;
  if (typeof v.value === 'object') return v.value.den === 0 ? null : v.value.num / v.value.den;
  const n = Number(v.value);
  return Number.isFinite(n) ? n : null;
}

/**
 * numericValue(decodeIndirect(...)) of the indirect value of `length` bytes
 * at `at` in `b`, without making views or objects for the common numeric
 * types (a gain parameter per clip, at 16,000 clips).
 */
export function indirectNumber(b: Uint8Array, at: number, length: number): number | null {
  if (length < 17) return null;
  const n = length - 17;
  const v = at + 17;
  switch (auidAt(b, at + 1)) {
    case TYPE_DEF.Rational: {
      if (n < 8) return null;
      const den = i32At(b, v + 4);
      return den === 0 ? null : i32At(b, v) / den;
    }
    case TYPE_DEF.Int32: return n >= 4 ? i32At(b, v) : null;
    case TYPE_DEF.UInt32: return n >= 4 ? u32At(b, v) : null;
    case TYPE_DEF.Int16: return n >= 2 ? (u16At(b, v) << 16) >> 16 : null;
    case TYPE_DEF.UInt16: return n >= 2 ? u16At(b, v) : null;
    default: return numericValue(decodeIndirect(b.subarray(at, at + length)));
  }
}
