/**
 * A small Compound File ([MS-CFB]) writer for tests and benchmarks: storages
 * and streams in a tree, 512- or 4096-byte sectors, a mini stream for small
 * streams, a red-black (all black) directory tree in CFB name order, DIFAT
 * sectors when the FAT needs more than 109 sectors, and "sparse" streams
 * whose bytes are never materialised (a 4 GB essence costs nothing).
 * Options reproduce the quirks real writers produce, and `layout` returns
 * the offsets tests need to corrupt a file on purpose.
 */

export type CfbNode = CfbStorage | CfbStreamNode;
export type CfbStorage = { kind: 'storage'; name: string; clsid?: Uint8Array; children: CfbNode[] };
/** A stream: bytes, or `size` with only its first bytes given (`head`) and the rest left as zeros (sparse). */
export type CfbStreamNode = { kind: 'stream'; name: string; bytes?: Uint8Array; size?: number; head?: Uint8Array };

export type CfbWriteOptions = {
  sectorSize?: 512 | 4096;
  /** Quirk: csectDir set with 512-byte sectors (pyaaf2 does). */
  csectDirWith512?: boolean;
  /** Quirk: end the DIFAT chain with FREESECT instead of ENDOFCHAIN, and leave unused header slots as zeros. */
  difatEndsInFreesect?: boolean;
  unusedDifatAsZero?: boolean;
  /** Quirk: allocate regular stream chains and the MiniFAT back to front (sector 0 then sits at the end of a chain), and list the FAT sectors in the DIFAT in reverse file order. */
  reverseChains?: boolean;
  /** Quirk: build sibling trees in insertion order instead of CFB name order (lookups must fall back to a full walk). */
  unsortedTrees?: boolean;
  /** Force this many DIFAT-listed FAT sectors beyond the header (tests DIFAT chains in small files). */
  minFatSectors?: number;
  /** Where to put large sparse streams: after everything else (default) so metadata stays at the start. */
};

export type CfbLayout = {
  size: number;
  sectorSize: number;
  /** Chunks to write: absolute offset and bytes; everything else is zero. */
  chunks: Array<{ offset: number; bytes: Uint8Array }>;
  /** File offset of the FAT entry for a sector (for corruption tests). */
  fatEntryOffset(sector: number): number;
  /** Start sector of a stream or storage by path ("Header-2/properties"). */
  startSector(path: string): number;
  /** Directory entry offset by path. */
  entryOffset(path: string): number;
  directoryStart: number;
};

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const DIFSECT = 0xfffffffc;
const NOSTREAM = 0xffffffff;
const MINI_CUTOFF = 4096;

function upper(c: number): number {
  if (c >= 0x61 && c <= 0x7a) return c - 32;
  if (c < 0x80) return c;
  return String.fromCharCode(c).toUpperCase().charCodeAt(0);
}
function cfbCompare(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const d = upper(a.charCodeAt(i)) - upper(b.charCodeAt(i));
    if (d) return d;
  }
  return 0;
}

type Flat = {
  node: CfbNode | { kind: 'root'; name: string; clsid?: Uint8Array; children: CfbNode[] };
  path: string;
  index: number;
  red: boolean;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
};

function streamSize(s: CfbStreamNode): number {
  return s.bytes ? s.bytes.length : s.size ?? 0;
}

/** Lay out a compound file. */
export function layoutCfb(root: CfbStorage, opts: CfbWriteOptions = {}): CfbLayout {
  const ss = opts.sectorSize ?? 512;
  const per = ss / 4;
  // 1. Flatten the tree into directory entries with a balanced tree per storage.
  const flats: Flat[] = [];
  const add = (node: Flat['node'], path: string): Flat => {
    const f: Flat = { node, path, index: flats.length, red: false, left: NOSTREAM, right: NOSTREAM, child: NOSTREAM, start: ENDOFCHAIN, size: 0 };
    flats.push(f);
    return f;
  };
  const rootFlat = add({ kind: 'root', name: 'Root Entry', clsid: root.clsid, children: root.children }, '');
  const build = (parent: Flat, children: CfbNode[]): void => {
    const sorted = opts.unsortedTrees ? children.slice().reverse() : children.slice().sort((a, b) => cfbCompare(a.name, b.name));
    const entries = sorted.map((c) => add(c, parent.path ? `${parent.path}/${c.name}` : c.name));
    const depth = new Map<Flat, number>();
    const tree = (lo: number, hi: number, d: number): number => {
      if (lo > hi) return NOSTREAM;
      const mid = (lo + hi) >> 1;
      depth.set(entries[mid], d);
      entries[mid].left = tree(lo, mid - 1, d + 1);
      entries[mid].right = tree(mid + 1, hi, d + 1);
      return entries[mid].index;
    };
    parent.child = tree(0, entries.length - 1, 0);
    // A mid-split tree has leaves on two levels: colouring the deepest level red keeps every path's black count equal.
    const deepest = Math.max(0, ...depth.values());
    if (deepest > 0) for (const [e, d] of depth) if (d === deepest) e.red = true;
    for (let i = 0; i < sorted.length; i++) {
      const c = sorted[i];
      if (c.kind === 'storage') build(entries[i], c.children);
    }
  };
  build(rootFlat, root.children);

  // 2. Mini stream: streams below the cutoff, 64-byte units.
  const miniParts: Array<{ at: number; bytes: Uint8Array }> = [];
  const miniFat: number[] = [];
  let miniSize = 0;
  const regular: Flat[] = [];
  for (const f of flats) {
    if (f.node.kind !== 'stream') continue;
    const size = streamSize(f.node);
    f.size = size;
    if (size === 0) continue;
    if (size < MINI_CUTOFF) {
      const units = Math.ceil(size / 64);
      f.start = miniFat.length;
      for (let u = 0; u < units; u++) miniFat.push(u === units - 1 ? ENDOFCHAIN : miniFat.length + 1);
      miniParts.push({ at: f.start * 64, bytes: f.node.bytes ?? new Uint8Array(size) });
      miniSize = miniFat.length * 64;
    } else regular.push(f);
  }
  // Sparse (large) streams go last so that the metadata sits at the start of the file.
  regular.sort((a, b) => Number(!!(a.node as CfbStreamNode).size && !(a.node as CfbStreamNode).bytes) - Number(!!(b.node as CfbStreamNode).size && !(b.node as CfbStreamNode).bytes));

  // 3. Sector allocation: directory, MiniFAT, mini stream, regular streams, then FAT and DIFAT.
  const fat: number[] = [];
  const chunks: CfbLayout['chunks'] = [];
  const alloc = (n: number, reverse = false): number[] => {
    const ids = Array.from({ length: n }, (_, i) => fat.length + i);
    for (let i = 0; i < n; i++) fat.push(FREESECT);
    const chain = reverse ? ids.slice().reverse() : ids;
    for (let i = 0; i < chain.length; i++) fat[chain[i]] = i === chain.length - 1 ? ENDOFCHAIN : chain[i + 1];
    return chain;
  };
  const off = (s: number): number => (s + 1) * ss;
  const writeChain = (chain: number[], bytes: Uint8Array): void => {
    for (let i = 0; i < chain.length; i++) {
      const part = bytes.subarray(i * ss, Math.min(bytes.length, (i + 1) * ss));
      if (part.length) chunks.push({ offset: off(chain[i]), bytes: part });
    }
  };
  const dirBytes = new Uint8Array(Math.ceil((flats.length * 128) / ss) * ss);
  const dirChain = alloc(dirBytes.length / ss, opts.reverseChains);
  const miniFatBytes = new Uint8Array(Math.ceil((miniFat.length * 4) / ss) * ss);
  const miniFatChain = miniFat.length ? alloc(miniFatBytes.length / ss, opts.reverseChains) : [];
  new DataView(miniFatBytes.buffer).setUint32(0, 0, true);
  for (let i = 0; i < miniFatBytes.length / 4; i++) new DataView(miniFatBytes.buffer).setUint32(i * 4, i < miniFat.length ? miniFat[i] : FREESECT, true);
  const miniStream = new Uint8Array(Math.ceil(miniSize / ss) * ss);
  for (const p of miniParts) miniStream.set(p.bytes, p.at);
  const miniChain = miniSize ? alloc(miniStream.length / ss, opts.reverseChains) : [];
  rootFlat.start = miniChain.length ? miniChain[0] : ENDOFCHAIN;
  rootFlat.size = miniSize;
  for (const f of regular) {
    const node = f.node as CfbStreamNode;
    const chain = alloc(Math.ceil(f.size / ss), opts.reverseChains);
    f.start = chain[0];
    if (node.bytes) writeChain(chain, node.bytes);
    else if (node.head) writeChain(chain.slice(0, Math.ceil(node.head.length / ss)), node.head);
  }
  writeChain(miniChain, miniStream);
  if (miniFatChain.length) writeChain(miniFatChain, miniFatBytes);

  // FAT sectors cover every sector including themselves and the DIFAT sectors.
  let fatCount = Math.max(opts.minFatSectors ?? 1, 1);
  let difCount = 0;
  for (;;) {
    const total = fat.length + fatCount + difCount;
    const needFat = Math.ceil(total / per);
    const needDif = Math.max(0, Math.ceil((Math.max(needFat, fatCount) - 109) / (per - 1)));
    if (needFat <= fatCount && needDif <= difCount) break;
    fatCount = Math.max(fatCount, needFat);
    difCount = Math.max(difCount, needDif);
  }
  const fatSectors = Array.from({ length: fatCount }, (_, i) => fat.length + (opts.reverseChains ? fatCount - 1 - i : i));
  for (let i = 0; i < fatCount; i++) fat.push(FATSECT);
  const difSectors = Array.from({ length: difCount }, (_, i) => fat.length + i);
  for (let i = 0; i < difCount; i++) fat.push(DIFSECT);
  const fatBytes = new Uint8Array(fatCount * ss);
  const fv = new DataView(fatBytes.buffer);
  for (let i = 0; i < fatCount * per; i++) fv.setUint32(i * 4, i < fat.length ? fat[i] : FREESECT, true);
  for (let i = 0; i < fatCount; i++) chunks.push({ offset: off(fatSectors[i]), bytes: fatBytes.subarray(i * ss, (i + 1) * ss) });
  const difBytes = new Uint8Array(difCount * ss);
  const dv = new DataView(difBytes.buffer);
  for (let d = 0; d < difCount; d++) {
    for (let k = 0; k < per - 1; k++) {
      const idx = 109 + d * (per - 1) + k;
      dv.setUint32(d * ss + k * 4, idx < fatCount ? fatSectors[idx] : opts.unusedDifatAsZero ? 0 : FREESECT, true);
    }
    const next = d + 1 < difCount ? difSectors[d + 1] : opts.difatEndsInFreesect ? FREESECT : ENDOFCHAIN;
    dv.setUint32(d * ss + (per - 1) * 4, next, true);
    chunks.push({ offset: off(difSectors[d]), bytes: difBytes.subarray(d * ss, (d + 1) * ss) });
  }

  // 4. Directory entries.
  const dirView = new DataView(dirBytes.buffer);
  for (const f of flats) {
    const at = f.index * 128;
    const name = f.node.name;
    for (let i = 0; i < Math.min(31, name.length); i++) dirView.setUint16(at + i * 2, name.charCodeAt(i), true);
    dirView.setUint16(at + 64, (Math.min(31, name.length) + 1) * 2, true);
    dirBytes[at + 66] = f.node.kind === 'root' ? 5 : f.node.kind === 'storage' ? 1 : 2;
    dirBytes[at + 67] = f.red ? 0 : 1;
    dirView.setUint32(at + 68, f.left, true);
    dirView.setUint32(at + 72, f.right, true);
    dirView.setUint32(at + 76, f.child, true);
    const clsid = f.node.kind !== 'stream' ? f.node.clsid : undefined;
    if (clsid) dirBytes.set(clsid.subarray(0, 16), at + 80);
    dirView.setUint32(at + 116, f.node.kind === 'storage' ? 0 : f.start, true);
    dirView.setUint32(at + 120, f.size % 2 ** 32, true);
    dirView.setUint32(at + 124, ss === 4096 ? Math.floor(f.size / 2 ** 32) : 0, true);
  }
  for (let i = flats.length; i < dirBytes.length / 128; i++) {
    dirView.setUint32(i * 128 + 68, NOSTREAM, true);
    dirView.setUint32(i * 128 + 72, NOSTREAM, true);
    dirView.setUint32(i * 128 + 76, NOSTREAM, true);
  }
  writeChain(dirChain, dirBytes);

  // 5. Header.
  const h = new Uint8Array(ss === 4096 ? 4096 : 512);
  const hv = new DataView(h.buffer);
  h.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  hv.setUint16(24, 0x3e, true);
  hv.setUint16(26, ss === 4096 ? 4 : 3, true);
  hv.setUint16(28, 0xfffe, true);
  hv.setUint16(30, ss === 4096 ? 12 : 9, true);
  hv.setUint16(32, 6, true);
  hv.setUint32(40, ss === 4096 || opts.csectDirWith512 ? dirChain.length : 0, true);
  hv.setUint32(44, fatCount, true);
  hv.setUint32(48, dirChain[0], true);
  hv.setUint32(56, MINI_CUTOFF, true);
  hv.setUint32(60, miniFatChain.length ? miniFatChain[0] : ENDOFCHAIN, true);
  hv.setUint32(64, miniFatChain.length, true);
  hv.setUint32(68, difCount ? difSectors[0] : ENDOFCHAIN, true);
  hv.setUint32(72, difCount, true);
  for (let i = 0; i < 109; i++) hv.setUint32(76 + i * 4, i < fatCount ? fatSectors[i] : opts.unusedDifatAsZero ? 0 : FREESECT, true);
  chunks.unshift({ offset: 0, bytes: h });

  const size = off(fat.length - 1) + ss;
  const byPath = new Map(flats.map((f) => [f.path, f]));
  return {
    size,
    sectorSize: ss,
    chunks,
    directoryStart: dirChain[0],
    fatEntryOffset: (sector: number) => off(fatSectors[Math.floor(sector / per)]) + (sector % per) * 4,
    startSector: (path: string) => byPath.get(path)?.start ?? -1,
    entryOffset: (path: string) => {
      const f = byPath.get(path);
      if (!f) return -1;
      const i = f.index * 128;
      return off(dirChain[Math.floor(i / ss)]) + (i % ss);
    },
  };
}

/** The whole file in memory (for files that are not sparse giants). */
export function cfbBytes(layout: CfbLayout): Uint8Array {
  const out = new Uint8Array(layout.size);
  for (const c of layout.chunks) out.set(c.bytes.subarray(0, Math.max(0, Math.min(c.bytes.length, layout.size - c.offset))), c.offset);
  return out;
}
