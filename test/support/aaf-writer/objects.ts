/**
 * AAF structured storage for the test writer: objects become storages whose
 * CLSID is the class AUID, with a `properties` stream; strong references,
 * vectors and sets become child storages with index streams; weak
 * references point into the `referenced properties` table; data streams are
 * sibling streams (sparse when only a size is given).
 */
import type { CfbNode, CfbStorage, CfbStreamNode } from './cfb-writer.js';
import { concat } from '../bytes.js';

export type WProp =
  | { pid: number; kind: 'data'; bytes: Uint8Array }
  | { pid: number; kind: 'strong'; name: string; obj: WObject }
  | { pid: number; kind: 'vector'; name: string; objs: WObject[] }
  | { pid: number; kind: 'set'; name: string; objs: WObject[]; keyPid: number; key: (o: WObject) => Uint8Array }
  | { pid: number; kind: 'weak'; table: number; keyPid: number; key: Uint8Array }
  | { pid: number; kind: 'weakVector'; name: string; table: number; keyPid: number; keys: Uint8Array[]; set?: boolean }
  | { pid: number; kind: 'stream'; name: string; stream: Omit<CfbStreamNode, 'kind' | 'name'> }
  | { pid: number; kind: 'raw'; form: number; bytes: Uint8Array };

export type WObject = { classId: string; props: WProp[] };

/** AUID text → the 16 bytes stored (GUID byte order). */
export function auidBytes(id: string): Uint8Array {
  const h = id.replace(/-/g, '');
  const b = new Uint8Array(16);
  const le = (hex: string, at: number, n: number) => {
    for (let i = 0; i < n; i++) b[at + i] = parseInt(hex.slice((n - 1 - i) * 2, (n - i) * 2), 16);
  };
  le(h.slice(0, 8), 0, 4);
  le(h.slice(8, 12), 4, 2);
  le(h.slice(12, 16), 6, 2);
  for (let i = 0; i < 8; i++) b[8 + i] = parseInt(h.slice(16 + i * 2, 18 + i * 2), 16);
  return b;
}

export function utf16z(s: string): Uint8Array {
  const b = new Uint8Array((s.length + 1) * 2);
  for (let i = 0; i < s.length; i++) {
    b[i * 2] = s.charCodeAt(i) & 0xff;
    b[i * 2 + 1] = s.charCodeAt(i) >> 8;
  }
  return b;
}
export function u8(v: number): Uint8Array {
  return Uint8Array.of(v);
}
export function u16(v: number): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, true);
  return b;
}
export function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}
export function i64(v: number | bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, BigInt(v), true);
  return b;
}
export function rational(num: number, den: number): Uint8Array {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setInt32(0, num, true);
  v.setInt32(4, den, true);
  return b;
}
export { concat };
/** Indirect value: 'L', type AUID, value. */
export function indirect(typeId: string, value: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(0x4c), auidBytes(typeId), value);
}

/** CFB names are at most 31 characters; long property names are squeezed as the AAF SDK does. */
export function storageName(propName: string, pid: number): string {
  const full = `${propName}-${pid.toString(16)}`;
  if (full.length <= 22) return full;
  return `${propName.slice(0, 8)}-${propName.slice(-7)}-${pid.toString(16)}`;
}

/** The storage of an object, named `name`. */
export function objectStorage(name: string, o: WObject, opts: { badByteOrder?: boolean } = {}): CfbStorage {
  const children: CfbNode[] = [];
  const index: Uint8Array[] = [];
  const values: Uint8Array[] = [];
  for (const p of o.props) {
    let form = 0x82;
    let value: Uint8Array;
    switch (p.kind) {
      case 'data':
        value = p.bytes;
        break;
      case 'raw':
        form = p.form;
        value = p.bytes;
        break;
      case 'strong':
        form = 0x22;
        value = utf16z(p.name);
        children.push(objectStorage(p.name, p.obj, opts));
        break;
      case 'vector':
      case 'set': {
        form = p.kind === 'vector' ? 0x32 : 0x3a;
        value = utf16z(p.name);
        p.objs.forEach((c, i) => children.push(objectStorage(`${p.name}{${i.toString(16)}}`, c, opts)));
        if (p.kind === 'vector') {
          children.push({ kind: 'stream', name: `${p.name} index`, bytes: concat(u32(p.objs.length), u32(p.objs.length), u32(0xffffffff), ...p.objs.map((_, i) => u32(i))) });
        } else {
          const keys = p.objs.map((c) => p.key(c));
          const keySize = keys[0]?.length ?? 16;
          children.push({
            kind: 'stream', name: `${p.name} index`,
            bytes: concat(u32(p.objs.length), u32(p.objs.length), u32(0xffffffff), u16(p.keyPid), u8(keySize), ...keys.flatMap((k, i) => [u32(i), u32(1), k])),
          });
        }
        break;
      }
      case 'weak':
        form = 0x02;
        value = concat(u16(p.table), u16(p.keyPid), u8(p.key.length), p.key);
        break;
      case 'weakVector':
        form = p.set ? 0x1a : 0x12;
        value = utf16z(p.name);
        children.push({ kind: 'stream', name: `${p.name} index`, bytes: concat(u32(p.keys.length), u16(p.table), u16(p.keyPid), u8(p.keys[0]?.length ?? 16), ...p.keys) });
        break;
      case 'stream':
        form = 0x42;
        value = concat(Uint8Array.of(0x55), utf16z(p.name));
        children.push({ kind: 'stream', name: p.name, ...p.stream });
        break;
    }
    index.push(concat(u16(p.pid), u16(form), u16(value.length)));
    values.push(value);
  }
  const props = concat(Uint8Array.of(opts.badByteOrder ? 0x42 : 0x4c, 0x20), u16(o.props.length), ...index, ...values);
  children.push({ kind: 'stream', name: 'properties', bytes: props });
  return { kind: 'storage', name, clsid: auidBytes(o.classId), children };
}

/** `referenced properties`: 'L', u16 path count, u32 pid count, pids with 0 after each path. */
export function referencedProperties(paths: number[][]): Uint8Array {
  const pids = paths.flatMap((p) => [...p, 0]);
  return concat(Uint8Array.of(0x4c), u16(paths.length), u32(pids.length), ...pids.map((p) => u16(p)));
}
