/**
 * The AAF object model over a Compound File: objects are storages with a
 * `properties` stream; strong references name child storages, weak
 * references carry the key of their target. Dynamic property ids (>= 0x8000)
 * are per file and resolved through the MetaDictionary by AUID; extension
 * classes are resolved through their ParentClass chain to a baseline class.
 */
import type { ByteSource } from '../../io/byte-source.js';
import { FormatError } from '../../io/errors.js';
import { Deadline, checkLimit, type Limits } from '../../io/limits.js';
import { CompoundFile, type DirEntry } from './cfb/index.js';
import { CLASS_PARENT, KNOWN_CLASSES, PID } from './ids.js';
import { indirectNumber } from './values.js';
import {
  PropertyTable, SF, auidAt, auidBytes, elementName, indexName, hexOf, keyHex, keyOf, i32At, i64At, nameAt, parseIndirect, checkProperties, propertyCount, propertiesError, parseSetIndex,
  parseSetHeader, parseVectorCount, parseVectorIndex, parseWeakIndex, u16At, u32At, utf16z, type RawProperty, type WeakRef,
} from './storage.js';

export type Rational = { num: number; den: number };
export type DynamicProperty = { pid: number; auid: string; name: string };
type ClassDef = { auid: string; name: string; parent: string | null };
const EMPTY_BYTES = new Uint8Array(0);

/**
 * An AAF object: its storage, its class and its properties (the object is
 * its own property table: one allocation per object, not two).
 */
export class AafObject extends PropertyTable {
  // Declared and set in the constructor (see PropertyTable): one object per object read.
  declare readonly file: AafFile;
  declare readonly entry: DirEntry;
  /** AUID of the object's class (the storage CLSID). */
  declare readonly classId: string;
  private declare knownClass: string | undefined;

  /** `buf`, `base`, `count`: the properties stream (see PropertyTable), its buffer, where it starts there, and its property count. */
  constructor(file: AafFile, entry: DirEntry, classId: string, buf: Uint8Array, base: number, count: number) {
    super(buf, base, count);
    this.file = file;
    this.entry = entry;
    this.classId = classId;
    this.knownClass = undefined;
  }

  /** The object's property table (the object itself). */
  get props(): PropertyTable {
    return this;
  }

  /** The nearest baseline class name (extension classes resolved through their parents). */
  get className(): string {
    if (this.knownClass === undefined) this.knownClass = this.file.baselineClassOf(this.classId);
    return this.knownClass;
  }

  /** Whether the object's class is `name` or derives from it. */
  isA(name: string): boolean {
    return baselineIsA(this.className, name);
  }

  /** Whether the object has property `pid` (undefined: a dynamic property the file does not declare). */
  override has(pid: number | undefined): boolean {
    return pid !== undefined && this.locate(pid) >= 0;
  }
  raw(pid: number | undefined): RawProperty | undefined {
    return pid === undefined ? undefined : this.get(pid);
  }
  /** Offset of a data property's value of at least `min` bytes in the properties bytes, or -1. */
  private at(pid: number, min: number): number {
    const o = this.locate(pid);
    return o < 0 || this.form !== SF.DATA || this.length < min ? -1 : o;
  }
  private data(pid: number, min: number): Uint8Array | undefined {
    const o = this.locate(pid);
    return o < 0 || this.form !== SF.DATA || this.length < min ? undefined : this.buf.subarray(o, o + this.length);
  }
  str(pid: number | undefined): string | null {
    if (pid === undefined) return null;
    const v = this.data(pid, 0);
    return v ? utf16z(v) : null;
  }
  u8(pid: number): number | null {
    const o = this.at(pid, 1);
    return o < 0 ? null : this.buf[o];
  }
  u16(pid: number): number | null {
    const o = this.at(pid, 2);
    return o < 0 ? null : u16At(this.buf, o);
  }
  u32(pid: number): number | null {
    const o = this.at(pid, 4);
    return o < 0 ? null : u32At(this.buf, o);
  }
  i32(pid: number): number | null {
    const o = this.at(pid, 4);
    return o < 0 ? null : i32At(this.buf, o);
  }
  /** 64-bit signed (positions, lengths) as bigint. */
  i64(pid: number): bigint | null {
    const o = this.at(pid, 8);
    return o < 0 ? null : i64At(this.buf, o);
  }
  /** 64-bit signed as a double: exact up to 2^53 (positions and lengths in the session walk, which checks it). */
  num64(pid: number): number | null {
    const o = this.at(pid, 8);
    return o < 0 ? null : i32At(this.buf, o + 4) * 4294967296 + u32At(this.buf, o);
  }
  bool(pid: number): boolean | null {
    const o = this.at(pid, 1);
    return o < 0 ? null : this.buf[o] !== 0;
  }
  rational(pid: number): Rational | null {
    const o = this.at(pid, 8);
    return o < 0 ? null : { num: i32At(this.buf, o), den: i32At(this.buf, o + 4) };
  }
  auid(pid: number): string | null {
    const o = this.at(pid, 16);
    return o < 0 ? null : auidAt(this.buf, o);
  }
  bytes(pid: number): Uint8Array | null {
    return this.data(pid, 0) ?? null;
  }
  /** Key of a weak reference: an AUID string for 16-byte keys, hex otherwise. */
  weakKey(pid: number): string | null {
    const o = this.locate(pid);
    if (o < 0) return null;
    const { form, length: len, buf: b } = this;
    if (form === SF.DATA && len === 16) return auidAt(b, o); // some writers store the AUID itself
    if (form !== SF.WEAK_REF || len < 5) return null;
    const keySize = b[o + 4];
    if (5 + keySize > len) return null;
    return keySize === 16 ? auidAt(b, o + 5) : hexOf(b.subarray(o + 5, o + 5 + keySize));
  }
  /** Keys of a weak reference vector/set. */
  weakKeys(pid: number): string[] {
    const p = this.get(pid);
    if (!p || (p.form !== SF.WEAK_REF_VECTOR && p.form !== SF.WEAK_REF_SET)) return [];
    const name = utf16z(p.value);
    const idx = this.file.cf.child(this.entry, indexName(name));
    if (!idx) return [];
    const b = this.file.streamNow(idx);
    return parseWeakIndex(b, () => `${this.entry.name}/${name} index`, this.file.path, idx.offset).map(keyString);
  }
  /** A data property holding an indirect value, as a number (see indirectNumber); null when absent or not numeric. */
  indirectNumber(pid: number): number | null {
    const o = this.locate(pid);
    return o < 0 || this.form !== SF.DATA ? null : indirectNumber(this.buf, o, this.length);
  }

  /** The first element of a strong reference vector or set, loaded; null when it has none. */
  firstRef(pid: number | undefined): AafObject | null {
    const e = this.refEntries(pid, 1)[0];
    return e ? this.file.loadNow(e) : null;
  }

  /** An indirect value's type AUID and bytes. */
  indirect(pid: number): { typeId: string; value: Uint8Array } | null {
    const v = this.data(pid, 17);
    return v ? parseIndirect(v) : null;
  }

  /** Local pid of a dynamic (or static) property known by AUID or name in this file. */
  pidOf(auidOrName: string | readonly string[]): number | undefined {
    return this.file.dynamicPid(auidOrName);
  }

  /** Target of a strong reference, or null when absent. */
  ref(pid: number | undefined): AafObject | null {
    const e = this.refEntry(pid);
    return e ? this.file.loadNow(e) : null;
  }

  /** The storage a strong reference points at, not loaded (its class is in the CLSID: see AafFile.storageClass); null when absent. */
  refEntry(pid: number | undefined): DirEntry | null {
    if (pid === undefined) return null;
    const o = this.locate(pid);
    if (o < 0 || this.form !== SF.STRONG_REF) return null;
    const name = nameAt(this.buf, o, this.length);
    const e = this.file.cf.child(this.entry, name);
    if (!e) {
      this.file.missing(`${this.entry.name}: strong reference "${name}" has no storage`, this.entry.offset);
      return null;
    }
    return e;
  }

  /** Elements of a strong reference vector (in order) or set (in index order). */
  refs(pid: number | undefined): AafObject[] {
    return this.refEntries(pid).map((e) => this.file.loadNow(e));
  }

  /** The storages of a strong reference collection's elements (the first `max` found), not loaded. */
  refEntries(pid: number | undefined, max = Infinity): DirEntry[] {
    if (pid === undefined) return [];
    const o = this.locate(pid);
    if (o < 0) return [];
    const form = this.form;
    if (form !== SF.STRONG_REF_VECTOR && form !== SF.STRONG_REF_SET) return [];
    const collection = nameAt(this.buf, o, this.length);
    const cf = this.file.cf;
    const d = cf.directory;
    const ii = d.childIndex(this.entry, indexName(collection));
    if (ii < 0) {
      this.file.missing(`${this.entry.name}: "${collection} index" is missing`, this.entry.offset);
      return [];
    }
    // The index is read in place (a small one without a DirEntry), and elements are found straight from its local keys.
    let b: Uint8Array;
    let base: number;
    let size = cf.miniSpanAt(ii);
    if (size >= 0) {
      ({ bytes: b, at: base } = cf.span);
    } else {
      const idx = d.entryAt(ii);
      ({ bytes: b, at: base } = this.file.spanNow(idx));
      size = idx.size;
    }
    let count = size >= 12 ? u32At(b, base) : 0;
    let first: number;
    let stride: number;
    if (form === SF.STRONG_REF_VECTOR) {
      first = base + 12;
      stride = 4;
      // A short or overlong index is reported by the checking parser.
      if (size < 12 || 12 + count * 4 > size) count = parseVectorCount(b.subarray(base, base + size), () => `${this.entry.name}/${collection} index`, this.file.path, d.entryOffset(ii));
    } else {
      const keySize = size >= 15 ? b[base + 14] : 0;
      first = base + 15;
      stride = 8 + keySize;
      if (size < 15 || 15 + count * stride > size) count = parseSetHeader(b.subarray(base, base + size), () => `${this.entry.name}/${collection} index`, this.file.path, d.entryOffset(ii)).count;
    }
    if (count > this.file.limits.maxEntries) checkLimit(this.file.limits, 'maxEntries', count, 'aaf', d.entryOffset(ii), `${this.entry.name}/${collection} index`);
    // An array of the right size (most collections hold one element; a growing array starts at 17 slots).
    const out: DirEntry[] = new Array(Math.min(count, max));
    let found = 0;
    const byKey = this.elementIndex(collection, out.length);
    for (let k = 0; k < count && found < max; k++) {
      const e = this.elementStorage(collection, u32At(b, first + k * stride), byKey);
      if (e) out[found++] = e;
    }
    if (found < out.length) out.length = found;
    return out;
  }

  /** For a lookup of `n` elements of a collection: many are found by one walk of this storage's tree (see elementStorage), a few by name. */
  elementIndex(collection: string, n: number): Map<number, number> | null {
    return n > 16 ? this.file.cf.elementsByKey(this.entry, collection) : null;
  }

  /** The storage of the collection element with local key `key` (from `byKey` when given, else by name); noted as missing when absent. */
  elementStorage(collection: string, key: number, byKey: Map<number, number> | null): DirEntry | undefined {
    const cf = this.file.cf;
    let e: DirEntry | undefined;
    if (byKey) {
      const i = byKey.get(key);
      e = i === undefined ? undefined : cf.directory.entryAt(i);
    } else {
      e = cf.child(this.entry, elementName(collection, key));
    }
    if (!e) this.file.missing(`${this.entry.name}: collection element "${elementName(collection, key)}" has no storage`, this.entry.offset);
    return e;
  }

  /**
   * The index stream of a strong reference collection, from the property's
   * value (the collection's name); null, noted as missing, when absent.
   */
  indexStream(collectionName: Uint8Array): { collection: string; idx: DirEntry; b: Uint8Array } | null {
    const collection = nameAt(collectionName, 0, collectionName.length);
    const idx = this.file.cf.child(this.entry, indexName(collection));
    if (!idx) {
      this.file.missing(`${this.entry.name}: "${collection} index" is missing`, this.entry.offset);
      return null;
    }
    return { collection, idx, b: this.file.streamNow(idx) };
  }

  /** Local keys (and set keys) of a strong reference collection. */
  collectionIndex(p: RawProperty): Array<{ collection: string; localKey: number; key: Uint8Array | null }> {
    const found = this.indexStream(p.value);
    if (!found) return [];
    const { collection, idx, b } = found;
    const where = () => `${this.entry.name}/${collection} index`;
    if (p.form === SF.STRONG_REF_VECTOR) {
      const keys = parseVectorIndex(b, where, this.file.path, idx.offset);
      if (keys.length > this.file.limits.maxEntries) checkLimit(this.file.limits, 'maxEntries', keys.length, 'aaf', idx.offset, where());
      return keys.map((k) => ({ collection, localKey: k, key: null }));
    }
    const set = parseSetIndex(b, where, this.file.path, idx.offset);
    if (set.entries.length > this.file.limits.maxEntries) checkLimit(this.file.limits, 'maxEntries', set.entries.length, 'aaf', idx.offset, where());
    return set.entries.map((x) => ({ collection, localKey: x.localKey, key: x.key }));
  }

  /** Elements of a strong reference set by key (see keyOf), loaded on demand. */
  keyedSet(pid: number): KeyedSet {
    const p = this.raw(pid);
    const keys: string[] = [];
    const localKeys: number[] = [];
    let collection = '';
    if (p && (p.form === SF.STRONG_REF_SET || p.form === SF.STRONG_REF_VECTOR)) {
      for (const x of this.collectionIndex(p)) {
        keys.push(x.key ? keyOf(x.key) : String(x.localKey));
        localKeys.push(x.localKey);
        collection = x.collection;
      }
    }
    return new KeyedSet(this, keys, localKeys, collection);
  }
}

/** A strong reference set whose elements load when asked for by key. */
export class KeyedSet {
  private readonly cache = new Map<string, AafObject | null>();
  private located: Map<string, DirEntry> | null = null;
  private listed: Array<{ key: string; entry: DirEntry; classId: string }> | null = null;
  constructor(
    private readonly owner: AafObject,
    /** The elements' keys (keyOf of their key bytes, or local keys as decimal strings) and their local keys, in index order. */
    private readonly keyList: readonly string[],
    private readonly localKeys: readonly number[],
    private readonly collection: string,
  ) {}
  /** The number of distinct keys in the set's index (whether or not each element's storage is there). */
  get size(): number {
    return new Set(this.keyList).size;
  }
  keys(): string[] {
    return [...new Set(this.keyList)];
  }
  /** The storage of every element, found once (see AafObject.elementStorage); a key listed twice keeps its last element. */
  private storages(): Map<string, DirEntry> {
    if (this.located) return this.located;
    const out = new Map<string, DirEntry>();
    const byKey = this.owner.elementIndex(this.collection, this.keyList.length);
    for (let i = 0; i < this.keyList.length; i++) {
      const e = this.owner.elementStorage(this.collection, this.localKeys[i], byKey);
      if (e) out.set(this.keyList[i], e);
    }
    return (this.located = out);
  }
  /** Key and storage entry of every element, without loading the objects (the class is in the CLSID). */
  entries(): Array<{ key: string; entry: DirEntry; classId: string }> {
    if (!this.listed) {
      this.listed = [];
      for (const [key, entry] of this.storages()) this.listed.push({ key, entry, classId: classIdOf(entry) });
    }
    return this.listed;
  }
  get(key: string): AafObject | null {
    if (this.cache.has(key)) return this.cache.get(key)!;
    const e = this.storages().get(key);
    const o = e ? this.owner.file.loadNow(e) : null;
    this.cache.set(key, o);
    return o;
  }
}

function keyString(w: WeakRef): string {
  return w.key.length === 16 ? auidAt(w.key, 0) : hexOf(w.key);
}

/** The class AUID of a storage (its CLSID; auidAt keeps the few dozen a file uses). */
function classIdOf(e: DirEntry): string {
  return auidAt(e.raw, e.at + 80);
}

/** Whether baseline class `c` is `name` or derives from it. */
export function baselineIsA(c: string | null | undefined, name: string): boolean {
  let guard = 0;
  while (c && guard++ < 32) {
    if (c === name) return true;
    c = CLASS_PARENT.get(c);
  }
  return false;
}

/** An open AAF file: the object cache and the MetaDictionary resolution. */
export class AafFile {
  private dynamicByKey = new Map<string, number>();
  private dynamicList: DynamicProperty[] = [];
  private classDefs = new Map<string, ClassDef>();
  /** Structural problems that did not stop reading (missing storages). */
  readonly problems: Array<{ message: string; offset: number | null }> = [];
  root!: AafObject;

  /** The file's path (for messages). */
  readonly path: string | null;

  private constructor(readonly cf: CompoundFile, readonly limits: Limits) {
    this.path = cf.path;
  }

  /**
   * Open an AAF. `properties` says which dynamic properties to resolve
   * (AUIDs): by default those the session mapping uses; 'all' reads every
   * PropertyDefinition (for the dump), which costs hundreds of object loads.
   */
  static async open(src: ByteSource, opts: { path?: string | null; limits?: Partial<Limits>; properties?: readonly string[] | 'all'; signal?: AbortSignal } = {}): Promise<AafFile> {
    const cf = await CompoundFile.open(src, opts);
    const f = new AafFile(cf, cf.limits);
    f.deadline = new Deadline(cf.limits, 'aaf');
    f.signal = opts.signal;
    // All metadata is brought into the cache here; from then on objects are read synchronously.
    await cf.mini();
    await cf.prefetchMetadata();
    f.root = f.loadNow(cf.root());
    // The MetaDictionary is read when first needed: a file whose objects carry no dynamic properties never reads it.
    f.wantedProperties = opts.properties ?? MAPPED_DYNAMIC_PROPERTIES;
    if (f.wantedProperties === 'all') f.metaDictionary();
    return f;
  }

  private wantedProperties: readonly string[] | 'all' = MAPPED_DYNAMIC_PROPERTIES;
  private metaDictionaryRead = false;

  /** Reads the MetaDictionary's class and (wanted) property definitions, once. */
  private metaDictionary(): void {
    if (this.metaDictionaryRead) return;
    this.metaDictionaryRead = true;
    this.loadMetaDictionary(this.wantedProperties);
  }

  missing(message: string, offset: number | null): void {
    if (this.problems.length < 100) this.problems.push({ message, offset });
  }

  /** A metadata stream (cached when the file was opened). */
  streamNow(e: DirEntry): Uint8Array {
    const { bytes, at } = this.spanNow(e);
    return at === 0 && bytes.length === e.size ? bytes : bytes.subarray(at, at + e.size);
  }

  /** Where a metadata stream's bytes lie (CompoundFile.span, read in place: use its fields at once). */
  spanNow(e: DirEntry): { bytes: Uint8Array; at: number } {
    if (e.size > this.limits.maxStructureBytes) checkLimit(this.limits, 'maxStructureBytes', e.size, 'aaf', e.offset, `stream "${e.name}"`);
    if (!this.cf.streamSpanSync(e)) {
      throw new FormatError({ code: 'TRUNCATED', format: 'aaf', offset: e.offset, path: this.path, message: `stream "${e.name}" (${e.size} bytes) cannot be read: its sectors lie outside the file or its chain is broken` });
    }
    return this.cf.span;
  }

  /** The object stored in a storage entry. Objects are not cached: a walk visits each once. */
  loadNow(e: DirEntry): AafObject {
    const pi = this.checkStorage(e);
    if (pi < 0) return new AafObject(this, e, classIdOf(e), EMPTY_BYTES, 0, 0);
    // The usual case, a small properties stream in one run of the mini stream, is read in place without a DirEntry for it.
    const cf = this.cf;
    const size = cf.miniSpanAt(pi);
    if (size >= 0) {
      const { bytes, at } = cf.span;
      const count = propertyCount(bytes, at, size);
      // The stream's offset is worked out for the message only.
      if (count < 0) throw propertiesError(bytes, e, this.path, cf.directory.entryOffset(pi), at, size);
      return new AafObject(this, e, classIdOf(e), bytes, at, count);
    }
    const ps = cf.directory.entry(pi, e.offset);
    const span = this.spanNow(ps);
    const { bytes, at } = span;
    return new AafObject(this, e, classIdOf(e), bytes, at, checkProperties(bytes, e, this.path, ps.offset, at, ps.size));
  }

  /** The object stored in a storage entry (kept for callers that await). */
  async load(e: DirEntry): Promise<AafObject> {
    return this.loadNow(e);
  }

  /** The directory index of an object storage's `properties` stream, or -1 (checks the entry kind and the object count). */
  private checkStorage(e: DirEntry): number {
    const t = e.raw[e.at + 66];
    // 1: a storage, 5: the root storage ([MS-CFB] 2.6.1).
    if (t !== 1 && t !== 5) {
      throw new FormatError({ code: 'BAD_MAGIC', format: 'aaf', offset: e.offset, path: this.path, message: `"${e.name}" is a ${e.type}, expected an object storage` });
    }
    if (++this.loads > this.limits.maxEntries) checkLimit(this.limits, 'maxEntries', this.loads, 'aaf', e.offset, 'objects loaded');
    // Hostile or huge files meet the time limit (maxMillis) and the caller's abort signal, checked every 1024 objects.
    if ((this.loads & 1023) === 0) {
      this.deadline?.check(e.offset);
      this.signal?.throwIfAborted();
    }
    const ps = this.cf.directory.childIndex(e, 'properties');
    if (ps < 0 && t !== 5) this.missing(`"${e.name}" has no properties stream`, e.offset);
    return ps;
  }
  private loads = 0;
  private deadline: Deadline | null = null;
  private signal: AbortSignal | undefined;

  async header(): Promise<AafObject> {
    return this.headerNow();
  }

  headerNow(): AafObject {
    const h = this.root.ref(PID.Root_Header);
    if (!h) {
      throw new FormatError({ code: 'BAD_MAGIC', format: 'aaf', offset: this.cf.root().offset, path: this.path, message: 'the root storage has no Header (pid 2): a Compound File but not an AAF' });
    }
    return h;
  }

  /** Dynamic properties declared in the MetaDictionary. */
  dynamicProperties(): DynamicProperty[] {
    this.metaDictionary();
    return this.dynamicList;
  }

  /** Local pid of a property by AUID or name (any of several names). */
  dynamicPid(auidOrNames: string | readonly string[]): number | undefined {
    const list = typeof auidOrNames === 'string' ? [auidOrNames] : auidOrNames;
    // A property the mapping reads is looked for first in the class that defines it: a few lookups instead of the whole MetaDictionary.
    if (!this.metaDictionaryRead) {
      for (const k of list) {
        const pid = this.conventionalPid(k.toLowerCase());
        if (pid !== undefined) return pid;
      }
    }
    this.metaDictionary();
    for (const k of list) {
      const p = this.dynamicByKey.get(k.toLowerCase());
      if (p !== undefined) return p;
    }
    return undefined;
  }

  /** Name of a property pid: static table, else the MetaDictionary. */
  propertyName(pid: number): string {
    if (!STATIC_NAMES.has(pid)) this.metaDictionary();
    return STATIC_NAMES.get(pid) ?? this.dynamicNames.get(pid) ?? `0x${pid.toString(16).padStart(4, '0')}`;
  }
  private dynamicNames = new Map<number, string>();

  /** Name of the class as declared (extension classes by their MetaDictionary name). */
  className(classId: string): string {
    const known = KNOWN_CLASSES.get(classId);
    if (known) return known.name;
    return this.declaredClass(classId)?.name ?? classId;
  }

  /** The nearest baseline class of the object stored in `e`, read from the storage's CLSID without loading it (test it with baselineIsA). */
  storageClass(e: DirEntry): string {
    return this.baselineClassOf(classIdOf(e));
  }

  /** The nearest baseline class of a class AUID. */
  baselineClassOf(classId: string): string {
    const known = KNOWN_CLASSES.get(classId);
    if (known) return known.name;
    let id: string | null = classId;
    for (let guard = 0; id && guard < 32; guard++) {
      const k = KNOWN_CLASSES.get(id);
      if (k) return k.name;
      const d = this.declaredClass(id);
      if (!d) break;
      id = d.parent;
    }
    return this.declaredClass(classId)?.name ?? classId;
  }

  /** An extension class's declaration: found by its key in the ClassDefinitions set, else in the whole list. */
  private declaredClass(classId: string): ClassDef | undefined {
    const d = this.classDefs.get(classId);
    if (d || this.classDefsRead) return d;
    const cd = this.classDefinition(classId);
    if (cd) {
      const def = classDefOf(cd, classId);
      this.classDefs.set(classId, def);
      return def;
    }
    return this.declaredClasses().get(classId);
  }

  /** The MetaDictionary object, or null when the file has none. */
  private metaDictionaryObject(): AafObject | null {
    if (this.md === undefined) this.md = this.root.ref(PID.Root_MetaDictionary);
    return this.md;
  }
  private md: AafObject | null | undefined;

  /** The ClassDefinition of a class AUID, found from the ClassDefinitions set's index without loading the others; null when not found that way. */
  private classDefinition(classId: string): AafObject | null {
    const md = this.metaDictionaryObject();
    const e = md && this.elementByAuid(md, PID.MetaDictionary_ClassDefinitions, auidWords(classId));
    return e ? this.loadNow(e) : null;
  }

  /**
   * The local pid of a property the mapping reads, from the class that
   * defines it in the corpus writers' files (DEFINING_CLASS); undefined
   * when it is not there, and the whole MetaDictionary is then read.
   */
  private conventionalPid(auid: string): number | undefined {
    const owner = DEFINING_CLASS.get(auid);
    const cd = owner === undefined ? null : this.classDefinition(owner);
    const e = cd && this.elementByAuid(cd, PID.ClassDefinition_Properties, auidWords(auid));
    if (!e) return undefined;
    const pid = this.loadNow(e).u16(PID.PropertyDefinition_LocalIdentification);
    return pid !== null && pid >= 0x8000 ? pid : undefined;
  }

  /**
   * The storage of the element of `owner`'s strong reference set `pid` whose
   * 16-byte key is `key` (an AUID as four stored words), from the set's index
   * read in place. undefined when absent, or when the set is not an
   * AUID-keyed set with a well-formed index (the long way reports those).
   */
  private elementByAuid(owner: AafObject, pid: number, key: Uint32Array): DirEntry | undefined {
    const o = owner.locate(pid);
    if (o < 0 || owner.form !== SF.STRONG_REF_SET) return undefined;
    const collection = nameAt(owner.buf, o, owner.length);
    const idx = this.cf.child(owner.entry, indexName(collection));
    if (!idx) return undefined;
    const { bytes: b, at: base } = this.spanNow(idx);
    const count = auidSetCount(b, base, idx.size);
    if (count < 0) return undefined;
    for (let k = 0, at = base + 15; k < count; k++, at += 24) {
      if (wordsHave(key, b, at + 8)) return this.cf.child(owner.entry, elementName(collection, u32At(b, at)));
    }
    return undefined;
  }

  /**
   * The class definitions of the MetaDictionary (name and parent by AUID),
   * read the first time a class outside the baseline is met: most files
   * need none of them, and they are a large part of a small file's objects.
   */
  private declaredClasses(): Map<string, ClassDef> {
    this.metaDictionary();
    if (this.classDefsRead || !this.classDefinitions) return this.classDefs;
    this.classDefsRead = true;
    for (const cd of this.classDefinitions()) {
      const auid = cd.auid(PID.MetaDefinition_Identification);
      if (auid) this.classDefs.set(auid, classDefOf(cd, auid));
    }
    return this.classDefs;
  }
  private classDefsRead = false;
  private classDefinitions: (() => AafObject[]) | null = null;

  /**
   * Resolves the `wanted` dynamic properties (AUIDs) to their local pids.
   * A class definition's only collection is its Properties set, stored (by
   * the AAF SDK and the writers built on it) as "Properties-9": its index is
   * found by that name and scanned in place, without loading the class
   * definition; a file that names it otherwise has its class definition read.
   */
  private loadMetaDictionary(wanted: readonly string[] | 'all'): void {
    const md = this.metaDictionaryObject();
    if (!md) return;
    const entries = md.refEntries(PID.MetaDictionary_ClassDefinitions);
    const loaded: Array<AafObject | undefined> = [];
    const defAt = (i: number): AafObject => (loaded[i] ??= this.loadNow(entries[i]));
    this.classDefinitions = () => entries.map((_, i) => defAt(i));
    if (wanted === 'all') this.declaredClasses();
    // The wanted AUIDs as four u32 words each, as stored: a key is compared word by word.
    const words = wanted === 'all' ? null : wantedWords(wanted);
    for (let i = 0; i < entries.length; i++) {
      const ce = entries[i];
      // The Properties set is keyed by property AUID: its index is scanned in place, and only the wanted definitions are loaded.
      let collection = 'Properties-9';
      let idx = words && ce.type === 'storage' ? this.cf.child(ce, 'Properties-9 index') : undefined;
      let b: Uint8Array | null = null;
      let base = 0;
      if (idx) {
        ({ bytes: b, at: base } = this.spanNow(idx));
        // Anything but a well-formed AUID-keyed set index takes the long way.
        if (auidSetCount(b, base, idx.size) < 0) b = null;
      }
      if (!b) {
        const cd = defAt(i);
        const ps = cd.raw(PID.ClassDefinition_Properties);
        if (!ps || ps.form !== SF.STRONG_REF_SET) {
          if (ps?.form === SF.STRONG_REF_VECTOR && !words) for (const x of cd.collectionIndex(ps)) this.readPropertyDefinition(ce, x.collection, x.localKey);
          continue;
        }
        const found = cd.indexStream(ps.value);
        if (!found) continue;
        ({ collection, idx, b } = found);
        base = 0;
      }
      const index = b.subarray(base, base + idx!.size);
      const { count, keySize } = parseSetHeader(index, () => `${ce.name}/${collection} index`, this.path, idx!.offset);
      if (count > this.limits.maxEntries) checkLimit(this.limits, 'maxEntries', count, 'aaf', idx!.offset, `${ce.name}/${collection} index`);
      for (let k = 0, at = 15; k < count; k++, at += 8 + keySize) {
        if (words && (keySize !== 16 || !wordsHave(words, index, at + 8))) continue;
        this.readPropertyDefinition(ce, collection, u32At(index, at));
      }
    }
  }

  /** Records a PropertyDefinition element of a class definition's Properties (its local pid, AUID and name). */
  private readPropertyDefinition(cd: DirEntry, collection: string, localKey: number): void {
    const e = this.cf.child(cd, elementName(collection, localKey));
    if (!e) return;
    const pd = this.loadNow(e);
    const pid = pd.u16(PID.PropertyDefinition_LocalIdentification);
    const pauid = pd.auid(PID.MetaDefinition_Identification);
    const name = pd.str(PID.MetaDefinition_Name) ?? '';
    if (pid === null) return;
    if (pid >= 0x8000) {
      this.dynamicList.push({ pid, auid: pauid ?? '', name });
      if (pauid) this.dynamicByKey.set(pauid.toLowerCase(), pid);
      if (name) this.dynamicByKey.set(name.toLowerCase(), pid);
    }
    if (name && !this.dynamicNames.has(pid)) this.dynamicNames.set(pid, name);
  }

}

/** AUIDs as stored (GUID byte order), four little-endian u32 words each; cached for the list the mapping passes every time. */
function wantedWords(wanted: readonly string[]): Uint32Array {
  let w = WANTED_WORDS.get(wanted);
  if (!w) {
    w = toWords(wanted);
    WANTED_WORDS.set(wanted, w);
  }
  return w;
}

/** AUIDs as stored, four little-endian u32 words each. */
function toWords(ids: readonly string[]): Uint32Array {
  const w = new Uint32Array(ids.length * 4);
  ids.forEach((id, i) => {
    const b = auidBytes(id.toLowerCase());
    for (let j = 0; j < 4; j++) w[i * 4 + j] = u32At(b, j * 4);
  });
  return w;
}
const WANTED_WORDS = new WeakMap<readonly string[], Uint32Array>();

/**
 * The element count of a set index keyed by AUIDs (u32 count, …, u8 key size
 * 16 at 14, then count × 24 bytes) that lies at `base` in `b`; -1 for any
 * other or a damaged index (the checking parser then reports it).
 */
function auidSetCount(b: Uint8Array, base: number, size: number): number {
  if (size < 15 || b[base + 14] !== 16) return -1;
  const count = u32At(b, base);
  return 15 + count * 24 <= size ? count : -1;
}

/** One AUID as stored, in four words (see wantedWords); cached for the few a file looks up. */
function auidWords(id: string): Uint32Array {
  let w = AUID_WORDS.get(id);
  if (!w) {
    w = toWords([id]);
    if (AUID_WORDS.size < 256) AUID_WORDS.set(id, w);
  }
  return w;
}
const AUID_WORDS = new Map<string, Uint32Array>();

/** A class declaration from its ClassDefinition. */
function classDefOf(cd: AafObject, auid: string): ClassDef {
  const parent = cd.weakKey(PID.ClassDefinition_ParentClass);
  return { auid, name: cd.str(PID.MetaDefinition_Name) ?? auid, parent: parent && parent !== auid ? parent : null };
}

/** True when the 16 bytes at `at` are one of `words`' AUIDs. */
function wordsHave(words: Uint32Array, b: Uint8Array, at: number): boolean {
  const w0 = u32At(b, at);
  for (let j = 0; j < words.length; j += 4) {
    if (words[j] === w0 && words[j + 1] === u32At(b, at + 4) && words[j + 2] === u32At(b, at + 8) && words[j + 3] === u32At(b, at + 12)) return true;
  }
  return false;
}

/** Dynamic properties the session mapping reads (by AUID; names differ between vendors). */
export const MAPPED_DYNAMIC_PROPERTIES: readonly string[] = [
  '60958184-47b1-11d4-a01c-0004ac969f50', // ComponentAttributeList
  '60958183-47b1-11d4-a01c-0004ac969f50', // MobAttributeList
  '107f8331-1914-4234-b2c4-5a3eb755b7ca', // TimelineMobAttributeList / TimelineMobSlotAttributes
  '60958185-47b1-11d4-a01c-0004ac969f50', // TaggedValueAttributeList
  'c4c45d9a-0967-11d4-a08a-006094eb75cb', // CommentMarkerUser
];

/**
 * The class whose ClassDefinition declares each of those properties in the
 * exports of Media Composer, Pro Tools, Resolve and Premiere (all 65 corpus
 * files agree). A file that declares one elsewhere is read the long way.
 */
const DEFINING_CLASS = new Map<string, string>([
  ['60958184-47b1-11d4-a01c-0004ac969f50', '0d010101-0101-0200-060e-2b3402060101'], // Component
  ['60958183-47b1-11d4-a01c-0004ac969f50', '0d010101-0101-3400-060e-2b3402060101'], // Mob
  ['107f8331-1914-4234-b2c4-5a3eb755b7ca', '0d010101-0101-3b00-060e-2b3402060101'], // TimelineMobSlot
  ['60958185-47b1-11d4-a01c-0004ac969f50', '0d010101-0101-3f00-060e-2b3402060101'], // TaggedValue
  ['c4c45d9a-0967-11d4-a08a-006094eb75cb', '0d010101-0101-0800-060e-2b3402060101'], // CommentMarker
]);

const STATIC_NAMES = new Map<number, string>(Object.entries(PID).map(([k, v]) => [v, k.split('_')[1]]));

export { hexOf, keyHex, keyOf, utf16z, auidAt };
