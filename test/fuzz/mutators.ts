/**
 * Structure-aware mutations: each takes a seed (bytes + its scanned
 * structure), a seeded random source and the other seeds of the format (for
 * splicing), and returns new bytes and a short description of what it did,
 * so a finding says how its input was made.
 */
import { CFB_END_OF_CHAIN, deobfuscated, scanStructure, streamOffset, type Field, type FuzzFormat, type PropertiesStream, type Structure } from './structure.js';
import { applyXorInPlace } from '../../src/formats/ptx/unxor.js';
import { concat } from '../support/bytes.js';

export type Rand = () => number;
export type Seed = { name: string; format: FuzzFormat; bytes: Uint8Array; structure: Structure };
export type Mutant = { bytes: Uint8Array; ops: string[] };
type Op = (b: Uint8Array, s: Structure, r: Rand, others: Seed[]) => { bytes: Uint8Array; op: string } | null;

export function makeSeed(name: string, format: FuzzFormat, bytes: Uint8Array): Seed {
  return { name, format, bytes, structure: scanStructure(format, bytes) };
}

const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

function copy(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
}

function writeField(b: Uint8Array, f: Field, value: bigint): void {
  if (f.offset + f.width > b.length) return;
  for (let i = 0; i < f.width; i++) {
    const byte = Number((value >> BigInt(8 * i)) & 0xffn);
    b[f.le ? f.offset + i : f.offset + f.width - 1 - i] = byte;
  }
}

function readField(b: Uint8Array, f: Field): bigint {
  let v = 0n;
  for (let i = 0; i < f.width; i++) {
    const at = f.le ? f.offset + i : f.offset + f.width - 1 - i;
    if (at < b.length) v |= BigInt(b[at]) << BigInt(8 * i);
  }
  return v;
}

/** The values a hostile size/count/offset field takes. */
function hostileValue(r: Rand, f: Field, current: bigint, fileSize: number): { value: bigint; label: string } {
  const max = (1n << BigInt(8 * f.width)) - 1n;
  const choices: Array<[bigint, string]> = [
    [0n, '0'], [max, 'max'], [max >> 1n, 'max/2'], [current | 1n, 'odd'], [current + 1n, '+1'], [current > 0n ? current - 1n : max, '-1'],
    [current * 2n + 7n, 'x2+7'], [BigInt(fileSize), 'file size'], [BigInt(fileSize) + 1n, 'past end'],
    [BigInt(int(r, 0x10000)), 'small random'], [1n << BigInt(int(r, 8 * f.width)), 'power of 2'],
  ];
  const [value, label] = pick(r, choices);
  return { value: value & max, label };
}

// ---------------------------------------------------------------- generic byte mutations

const truncateAtBoundary: Op = (b, s, r) => {
  const cuts = s.cuts.filter((c) => c > 0 && c < b.length);
  const at = cuts.length && r() < 0.8 ? pick(r, cuts) + pick(r, [0, 0, 0, -1, 1, -4, 4, -8]) : int(r, b.length);
  const n = Math.max(0, Math.min(b.length, at));
  return { bytes: b.slice(0, n), op: `truncate@${n}` };
};

const bitFlips: Op = (b, s, r) => {
  const out = copy(b);
  const n = 1 + int(r, 8);
  // Most flips land in the structure (headers, fields), not in audio data.
  const near = s.fields.length ? s.fields : null;
  for (let i = 0; i < n && out.length; i++) {
    const at = near && r() < 0.7 ? Math.min(out.length - 1, pick(r, near).offset + int(r, 8)) : int(r, out.length);
    out[at] ^= 1 << int(r, 8);
  }
  return { bytes: out, op: `flip x${n}` };
};

const byteRun: Op = (b, s, r) => {
  if (!b.length) return null;
  const out = copy(b);
  const starts = [...s.cuts, ...s.fields.map((f) => f.offset)].filter((c) => c < b.length);
  const at = starts.length && r() < 0.7 ? pick(r, starts) : int(r, b.length);
  const len = Math.min(b.length - at, 1 + int(r, r() < 0.8 ? 16 : 512));
  const fill = pick(r, [0x00, 0xff, 0x5a, 0x7f, 0x80, -1]);
  for (let i = 0; i < len; i++) out[at + i] = fill < 0 ? int(r, 256) : fill;
  return { bytes: out, op: `run ${fill < 0 ? 'random' : `0x${fill.toString(16)}`} x${len}@${at}` };
};

const sizeField: Op = (b, s, r) => {
  if (!s.fields.length || s.ptx) return null;
  const out = copy(b);
  const f = pick(r, s.fields);
  const { value, label } = hostileValue(r, f, readField(b, f), b.length);
  writeField(out, f, value);
  return { bytes: out, op: `${f.what}=${label}` };
};

const insertBytes: Op = (b, s, r) => {
  const at = s.cuts.length && r() < 0.7 ? Math.min(b.length, pick(r, s.cuts)) : int(r, b.length + 1);
  const len = 1 + int(r, 64);
  const ins = new Uint8Array(len);
  for (let i = 0; i < len; i++) ins[i] = int(r, 256);
  return { bytes: concat(b.subarray(0, at), ins, b.subarray(at)), op: `insert x${len}@${at}` };
};

const splice: Op = (b, s, r, others) => {
  if (!others.length) return null;
  const other = pick(r, others);
  const cutsA = s.cuts.filter((c) => c > 0 && c <= b.length);
  const cutsB = other.structure.cuts.filter((c) => c >= 0 && c < other.bytes.length);
  const a = cutsA.length ? pick(r, cutsA) : int(r, b.length + 1);
  const c = cutsB.length ? pick(r, cutsB) : int(r, other.bytes.length);
  return { bytes: concat(b.subarray(0, a), other.bytes.subarray(c)), op: `splice @${a} + ${other.name}@${c}` };
};

// ---------------------------------------------------------------- region mutations (chunks, blocks, entries, lines)

const duplicateRegion: Op = (b, s, r) => {
  const regions = s.regions.filter((x) => x.end > x.start && x.end <= b.length && x.end - x.start <= 1 << 20);
  if (!regions.length) return null;
  const x = pick(r, regions);
  const times = r() < 0.9 ? 1 : 2 + int(r, 30);
  const parts = [b.subarray(0, x.end)];
  for (let i = 0; i < times; i++) parts.push(b.subarray(x.start, x.end));
  parts.push(b.subarray(x.end));
  return { bytes: concat(...parts), op: `duplicate ${x.what}@${x.start} x${times}` };
};

const dropRegion: Op = (b, s, r) => {
  const regions = s.regions.filter((x) => x.end > x.start && x.end <= b.length);
  if (!regions.length) return null;
  const x = pick(r, regions);
  return { bytes: concat(b.subarray(0, x.start), b.subarray(x.end)), op: `drop ${x.what}@${x.start}` };
};

const swapRegions: Op = (b, s, r) => {
  const regions = s.regions.filter((x) => x.end > x.start && x.end <= b.length);
  if (regions.length < 2) return null;
  let x = pick(r, regions);
  let y = pick(r, regions);
  if (x.start > y.start) [x, y] = [y, x];
  if (x.end > y.start) return null;
  return {
    bytes: concat(b.subarray(0, x.start), b.subarray(y.start, y.end), b.subarray(x.end, y.start), b.subarray(x.start, x.end), b.subarray(y.end)),
    op: `swap ${x.what}@${x.start} ${y.what}@${y.start}`,
  };
};

/** A region's size field pointing past its parent (or the file). */
const sizePastParent: Op = (b, s, r) => {
  const regions = s.regions.filter((x) => x.sizeField && x.sizeField.offset + x.sizeField.width <= b.length);
  if (!regions.length || s.ptx) return null;
  const x = pick(r, regions);
  const out = copy(b);
  const f = x.sizeField!;
  const past = BigInt((x.parentEnd ?? b.length) - x.start + 1 + int(r, 64));
  writeField(out, f, past);
  return { bytes: out, op: `${x.what}@${x.start} size past parent` };
};

// ---------------------------------------------------------------- CFB: chains

/** A sector chain made cyclic (its last link back to its start, or a self-loop). */
const cyclicChain: Op = (b, s, r) => {
  const m = s.cfb;
  if (!m || !m.chains.length) return null;
  const chain = pick(r, m.chains);
  const out = copy(b);
  const from = r() < 0.5 ? chain[chain.length - 1] : pick(r, chain);
  const to = r() < 0.3 ? from : chain[int(r, chain.indexOf(from) + 1)];
  const at = m.fatEntryOffset(from);
  if (at === null) return null;
  writeField(out, { offset: at, width: 4, le: true, what: 'FAT' }, BigInt(to));
  return { bytes: out, op: `FAT[${from}]=${to} (cycle)` };
};

const fatEntry: Op = (b, s, r) => {
  const m = s.cfb;
  if (!m || !m.chains.length) return null;
  const chain = pick(r, m.chains);
  const sector = pick(r, chain);
  const at = m.fatEntryOffset(sector);
  if (at === null) return null;
  const out = copy(b);
  const values: Array<[number, string]> = [[CFB_END_OF_CHAIN, 'END'], [0xffffffff, 'FREE'], [0xfffffffd, 'FATSECT'], [0xfffffffc, 'DIFSECT'], [0xfffffffb, 'reserved'], [Math.floor(b.length / m.sectorSize) + 5, 'past end'], [int(r, 64), 'random']];
  const [v, label] = pick(r, values);
  writeField(out, { offset: at, width: 4, le: true, what: 'FAT' }, BigInt(v >>> 0));
  return { bytes: out, op: `FAT[${sector}]=${label}` };
};

/** Directory red-black tree links made cyclic or pointing at themselves. */
const cyclicDirectory: Op = (b, s, r) => {
  const m = s.cfb;
  if (!m || m.dirEntries.length < 2) return null;
  const out = copy(b);
  const i = int(r, m.dirEntries.length);
  const at = m.dirEntries[i];
  const link = pick(r, [0x44, 0x48, 0x4c]);
  const target = r() < 0.5 ? i : int(r, Math.max(1, i));
  writeField(out, { offset: at + link, width: 4, le: true, what: 'dir link' }, BigInt(target));
  return { bytes: out, op: `dir[${i}].${link === 0x4c ? 'child' : 'sibling'}=${target}` };
};

/** The header entries of an AAF properties stream read in place: pid, stored form, value length and value position. */
export function propertyEntries(b: Uint8Array, p: PropertiesStream): Array<{ index: number; pid: number; form: number; length: number; value: number }> | null {
  const u16 = (pos: number): number | null => {
    const lo = streamOffset(p, pos, b.length);
    const hi = streamOffset(p, pos + 1, b.length);
    return lo === null || hi === null ? null : b[lo] | (b[hi] << 8);
  };
  const count = u16(2);
  if (count === null || 4 + 6 * count > p.size) return null;
  const out = [];
  for (let i = 0, value = 4 + 6 * count; i < count; i++) {
    const pid = u16(4 + 6 * i);
    const form = u16(6 + 6 * i);
    const length = u16(8 + 6 * i);
    if (pid === null || form === null || length === null) return null;
    out.push({ index: i, pid, form, length, value });
    value += length;
  }
  return out;
}

/** Another stored form for a property (data ↔ strong ref ↔ strong ref vector, weak ↔ data, set ↔ vector). */
const OTHER_FORM: Record<number, number> = { 0x82: 0x22, 0x22: 0x32, 0x32: 0x82, 0x3a: 0x22, 0x02: 0x82, 0x03: 0x82, 0x12: 0x13, 0x13: 0x12, 0x42: 0x82 };

export type PropertyDamage = 'drop' | 'zero' | 'ones' | 'half' | 'form';
export const PROPERTY_DAMAGE: readonly PropertyDamage[] = ['drop', 'zero', 'ones', 'half', 'form'];

/**
 * Damages property `pid` in place: in entry `index` of stream `only`, or in
 * every properties stream that has it (`only` null). Returns the new bytes
 * and the number of objects changed.
 */
export function damageProperty(b: Uint8Array, streams: readonly PropertiesStream[], pid: number, kind: PropertyDamage, only: { stream: PropertiesStream; index: number } | null = null): { bytes: Uint8Array; sites: number } {
  const out = copy(b);
  const put = (q: PropertiesStream, pos: number, byte: number) => {
    const at = streamOffset(q, pos, out.length);
    if (at !== null) out[at] = byte;
  };
  let sites = 0;
  for (const q of only ? [only.stream] : streams) {
    for (const e of propertyEntries(b, q) ?? []) {
      if (e.pid !== pid || (only && e.index !== only.index)) continue;
      sites++;
      const head = 4 + 6 * e.index;
      if (kind === 'drop') { put(q, head, 0xfe); put(q, head + 1, 0x7f); }
      else if (kind === 'form') { const f = OTHER_FORM[e.form] ?? 0x82; put(q, head + 2, f & 0xff); put(q, head + 3, f >> 8); }
      else for (let k = kind === 'half' ? e.length >> 1 : 0; k < e.length; k++) put(q, e.value + k, kind === 'ones' ? 0xff : 0);
    }
  }
  return { bytes: out, sites };
}

/**
 * The AAF object model under a valid Compound File: a property of one object,
 * or of every object that has it (an exporter's systematic slip), is dropped
 * (its pid made unknown), zeroed, filled with 0xff (-1 as an integer), half
 * zeroed, or given another stored form. The streams keep their size, so the
 * CFB layer reads them and the damage reaches the object model and the
 * session mapping.
 */
export const propertyEntry: Op = (b, s, r) => {
  const streams = s.cfb?.properties ?? [];
  if (!streams.length) return null;
  const stream = pick(r, streams);
  const entries = propertyEntries(b, stream);
  if (!entries?.length) return null;
  const target = pick(r, entries);
  const kind = pick(r, PROPERTY_DAMAGE);
  const { bytes, sites } = damageProperty(b, streams, target.pid, kind, r() < 0.3 ? null : { stream, index: target.index });
  return { bytes, op: `property 0x${target.pid.toString(16)} ${kind} (${sites} object${sites === 1 ? '' : 's'})` };
};

// ---------------------------------------------------------------- PTX: plain-byte mutations

/** Runs a mutation on the de-obfuscated bytes and obfuscates the result again. */
function onPlain(inner: Op): Op {
  return (b, s, r, others) => {
    if (!s.ptx) return inner(b, s, r, others);
    const plain = deobfuscated(b, s.ptx);
    const res = inner(plain, { ...s, ptx: undefined }, r, others);
    if (!res) return null;
    const out = res.bytes;
    if (out.length > 0x14 && (s.ptx.xorType === 1 || s.ptx.xorType === 5)) {
      // XOR is its own inverse: the same routine obfuscates the mutated plain bytes.
      applyXorInPlace(out, s.ptx.xorType, s.ptx.xorValue);
    }
    return { bytes: out, op: `plain ${res.op}` };
  };
}

const blockContentType: Op = (b, s, r) => {
  const cts = s.fields.filter((f) => f.what === 'content type');
  if (!cts.length) return null;
  const out = copy(b);
  const f = pick(r, cts);
  const donor = pick(r, cts);
  out[f.offset] = b[donor.offset];
  out[f.offset + 1] = b[donor.offset + 1];
  return { bytes: out, op: `content type@${f.offset} from @${donor.offset}` };
};

// ---------------------------------------------------------------- text and JSON

const te = new TextEncoder();
const td = new TextDecoder('utf-8');

const textEdit: Op = (b, s, r) => {
  const text = td.decode(b);
  const lines = text.split(/(?<=\n)/);
  if (!lines.length) return null;
  const i = int(r, lines.length);
  const line = lines[i];
  const kind = int(r, 9);
  let op: string;
  switch (kind) {
    case 0: lines[i] = line.replace(/\d+/g, () => pick(r, ['0', '-1', '99999999999999999999', '4294967296', 'NaN', '1e309', '00:00:00:99', '-00:00:01:00'])); op = 'numbers'; break;
    case 1: lines[i] = line.replace(/\t/g, ''); op = 'tabs removed'; break;
    case 2: lines[i] = line.replace(/\t/, '\t\t\t\t'); op = 'tabs added'; break;
    case 3: lines[i] = 'x'.repeat(1 + int(r, 100_000)) + line; op = 'long line'; break;
    case 4: lines[i] = line.replace(/\n$/, pick(r, ['\r', '\r\n', '', '\n\n'])); op = 'line end'; break;
    case 5: lines[i] = line.toLowerCase(); op = 'case'; break;
    case 6: lines[i] = line.replace(/:/g, pick(r, [';', '::', ''])); op = 'colons'; break;
    case 7: {
      // At most ~4 MiB more: a longer text is a test of memory, not of the reader (and may pass V8's string limit).
      const times = Math.min(1 + int(r, 2000), Math.floor((4 * 2 ** 20) / (line.length + 1)));
      for (let k = 0; k < times; k++) lines.splice(i, 0, line);
      op = 'line repeated';
      break;
    }
    default: lines[i] = line.replace(/[A-Za-z]/g, (c) => (r() < 0.1 ? String.fromCharCode(0xd800 + int(r, 64)) : c)); op = 'lone surrogates';
  }
  return { bytes: te.encode(lines.join('')), op: `line ${i}: ${op}` };
};

const jsonNumber: Op = (b, s, r) => {
  const nums = s.regions.filter((x) => x.what === 'number' && x.end <= b.length);
  if (!nums.length) return null;
  const x = pick(r, nums);
  const v = pick(r, ['-1', '0', '0.5', '1e308', '-1e308', '9007199254740993', '1e-320', '"1"', 'null', 'true', '[]', '{}', '-0']);
  return { bytes: concat(b.subarray(0, x.start), te.encode(v), b.subarray(x.end)), op: `number@${x.start}=${v}` };
};

/** Edits of the parsed model: drop keys, change types, nest deeply, repeat arrays. */
const jsonTree: Op = (b, s, r) => {
  let value: unknown;
  try {
    value = JSON.parse(td.decode(b));
  } catch {
    return null;
  }
  const nodes: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 12 || nodes.length > 20_000 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) v.forEach((x, i) => { nodes.push({ parent: v, key: i }); walk(x, depth + 1); });
    else for (const k of Object.keys(v)) { nodes.push({ parent: v as Record<string, unknown>, key: k }); walk((v as Record<string, unknown>)[k], depth + 1); }
  };
  walk(value, 0);
  if (!nodes.length) return null;
  const n = pick(r, nodes);
  const cur = (n.parent as Record<string | number, unknown>)[n.key];
  const kind = int(r, 7);
  let op: string;
  const set = (v: unknown) => { (n.parent as Record<string | number, unknown>)[n.key] = v; };
  switch (kind) {
    case 0:
      if (Array.isArray(n.parent)) n.parent.splice(n.key as number, 1);
      else delete n.parent[n.key as string];
      op = 'delete';
      break;
    case 1: set(pick(r, [null, -1, 1.5, 1e308, '', 'x'.repeat(70_000), [], {}, true, -0, 2 ** 53 + 2])); op = 'retype'; break;
    case 2: {
      let v: unknown = cur;
      const depth = pick(r, [10, 100, 1000, 5000]);
      for (let i = 0; i < depth; i++) v = [v];
      set(v);
      op = `nest x${depth}`;
      break;
    }
    case 3: if (Array.isArray(cur)) set(Array(pick(r, [2, 10, 1000])).fill(cur).flat()); else set([cur, cur]); op = 'repeat'; break;
    case 4: if (cur && typeof cur === 'object' && !Array.isArray(cur)) (cur as Record<string, unknown>)['__proto__x'] = cur; set(typeof cur === 'string' ? cur + '\u0000\ud800' : cur); op = 'odd string/key'; break;
    case 5: {
      const donor = pick(r, nodes);
      set((donor.parent as Record<string | number, unknown>)[donor.key]);
      op = 'graft';
      break;
    }
    default: set(typeof cur === 'number' ? -cur - 1 : typeof cur === 'string' ? Number(cur.length) : cur); op = 'negate';
  }
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    return null;
  }
  if (text === undefined) return null;
  return { bytes: te.encode(text), op: `json ${op} @${String(n.key)}` };
};

// ---------------------------------------------------------------- the menu per format

type Weighted = Array<[number, Op]>;

const GENERIC: Weighted = [[3, truncateAtBoundary], [3, bitFlips], [2, byteRun], [1, insertBytes], [1, splice]];
const STRUCTURAL: Weighted = [[4, sizeField], [2, sizePastParent], [1, duplicateRegion], [1, dropRegion], [1, swapRegions]];

const MENU: Record<FuzzFormat, Weighted> = {
  wav: [...GENERIC, ...STRUCTURAL],
  zip: [...GENERIC, ...STRUCTURAL],
  aaf: [...GENERIC, [4, sizeField], [3, cyclicChain], [3, fatEntry], [2, cyclicDirectory], [4, propertyEntry]],
  ptx: [
    [3, truncateAtBoundary], [3, bitFlips], [1, byteRun], [1, splice],
    [3, onPlain(plainSizeField)], [3, onPlain(plainSizePastParent)], [1, onPlain(duplicateRegion)], [1, onPlain(dropRegion)],
    [1, onPlain(swapRegions)], [2, onPlain(blockContentType)], [1, onPlain(byteRun)],
  ],
  'session-text': [[2, truncateAtBoundary], [1, bitFlips], [1, byteRun], [1, splice], [2, duplicateRegion], [2, dropRegion], [1, swapRegions], [6, textEdit]],
  model: [[2, truncateAtBoundary], [1, bitFlips], [1, byteRun], [1, splice], [3, jsonNumber], [8, jsonTree]],
};

function plainSizeField(b: Uint8Array, s: Structure, r: Rand, o: Seed[]) {
  return sizeField(b, { ...s, ptx: undefined }, r, o);
}
function plainSizePastParent(b: Uint8Array, s: Structure, r: Rand, o: Seed[]) {
  return sizePastParent(b, { ...s, ptx: undefined }, r, o);
}

function chooseOp(r: Rand, menu: Weighted): Op {
  const total = menu.reduce((n, [w]) => n + w, 0);
  let x = r() * total;
  for (const [w, op] of menu) {
    if ((x -= w) < 0) return op;
  }
  return menu[menu.length - 1][1];
}

/**
 * One fuzz input from a seed: 1–3 stacked mutations (the first on the seed's
 * own structure, later ones on the structure of what the earlier made).
 */
export function mutate(seed: Seed, others: Seed[], r: Rand): Mutant {
  const menu = MENU[seed.format];
  const count = r() < 0.6 ? 1 : r() < 0.75 ? 2 : 3;
  let bytes = seed.bytes;
  let structure = seed.structure;
  const ops: string[] = [];
  // Inputs stay near their seed's size: a reproducer must fit in the repository, and size alone is not the point.
  const maxBytes = Math.max(4 * seed.bytes.length, 4 * 2 ** 20);
  for (let i = 0, tries = 0; i < count && tries < 20; tries++) {
    const res = chooseOp(r, menu)(bytes, structure, r, others);
    if (!res || res.bytes.length > maxBytes) continue;
    bytes = res.bytes;
    ops.push(res.op);
    i++;
    if (i < count) structure = scanStructure(seed.format, bytes);
  }
  if (bytes === seed.bytes) bytes = copy(bytes);
  return { bytes, ops };
}
