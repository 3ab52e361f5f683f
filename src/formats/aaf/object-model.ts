/**
 * The AAF object model over a Compound File: objects are storages with a
 * `properties` stream; strong references name child storages, weak
 * references carry the key of their target. Dynamic property ids (>= 0x8000)
 * are per file and resolved through the MetaDictionary by AUID; extension
 * classes are resolved through their ParentClass chain to a baseline class.
 */
import type { ByteSource } from '../../io/byte-source.js';
import { FormatError } from '../../io/errors.js';
import { checkLimit, type Limits } from '../../io/limits.js';
import { CompoundFile, type DirEntry } from './cfb/index.js';
import { CLASS_PARENT, KNOWN_CLASSES, PID } from './ids.js';
import {
  SF, auidAt, elementName, hexOf, i32At, i64At, parseIndirect, parseProperties, parseSetIndex,
  parseVectorIndex, parseWeakIndex, parseWeakRef, u16At, u32At, utf16z, type RawProperty, type WeakRef,
} from './storage.js';

export type Rational = { num: number; den: number };
export type DynamicProperty = { pid: number; auid: string; name: string };
type ClassDef = { auid: string; name: string; parent: string | null };

export class AafObject {
  private knownClass: string | undefined;
  constructor(
    readonly file: AafFile,
    readonly entry: DirEntry,
    /** AUID of the object's class (the storage CLSID). */
    readonly classId: string,
    readonly props: Map<number, RawProperty>,
  ) {}

  /** The nearest baseline class name (extension classes resolved through their parents). */
  get className(): string {
    if (this.knownClass === undefined) this.knownClass = this.file.baselineClassOf(this.classId);
    return this.knownClass;
  }

  /** Whether the object's class is `name` or derives from it. */
  isA(name: string): boolean {
    let c: string | null | undefined = this.className;
    let guard = 0;
    while (c && guard++ < 32) {
      if (c === name) return true;
      c = CLASS_PARENT.get(c);
    }
    return false;
  }

  has(pid: number | undefined): boolean {
    return pid !== undefined && this.props.has(pid);
  }
  raw(pid: number | undefined): RawProperty | undefined {
    return pid === undefined ? undefined : this.props.get(pid);
  }
  private data(pid: number, min: number): Uint8Array | undefined {
    const p = this.props.get(pid);
    if (!p || p.form !== SF.DATA || p.value.length < min) return undefined;
    return p.value;
  }
  str(pid: number | undefined): string | null {
    if (pid === undefined) return null;
    const v = this.data(pid, 0);
    return v ? utf16z(v) : null;
  }
  u8(pid: number): number | null {
    const v = this.data(pid, 1);
    return v ? v[0] : null;
  }
  u16(pid: number): number | null {
    const v = this.data(pid, 2);
    return v ? u16At(v, 0) : null;
  }
  u32(pid: number): number | null {
    const v = this.data(pid, 4);
    return v ? u32At(v, 0) : null;
  }
  i32(pid: number): number | null {
    const v = this.data(pid, 4);
    return v ? i32At(v, 0) : null;
  }
  /** 64-bit signed (positions, lengths) as bigint. */
  i64(pid: number): bigint | null {
    const v = this.data(pid, 8);
    return v ? i64At(v, 0) : null;
  }
  bool(pid: number): boolean | null {
    const v = this.data(pid, 1);
    return v ? v[0] !== 0 : null;
  }
  rational(pid: number): Rational | null {
    const v = this.data(pid, 8);
    return v ? { num: i32At(v, 0), den: i32At(v, 4) } : null;
  }
  auid(pid: number): string | null {
    const v = this.data(pid, 16);
    return v ? auidAt(v, 0) : null;
  }
  bytes(pid: number): Uint8Array | null {
    return this.data(pid, 0) ?? null;
  }
  /** Key of a weak reference: an AUID string for 16-byte keys, hex otherwise. */
  weakKey(pid: number): string | null {
    const p = this.props.get(pid);
    if (!p) return null;
    if (p.form === SF.DATA && p.value.length === 16) return auidAt(p.value, 0); // some writers store the AUID itself
    if (p.form !== SF.WEAK_REF) return null;
    const w = parseWeakRef(p.value);
    return w ? keyString(w) : null;
  }
  /** Keys of a weak reference vector/set. */
  async weakKeys(pid: number): Promise<string[]> {
    const p = this.props.get(pid);
    if (!p || (p.form !== SF.WEAK_REF_VECTOR && p.form !== SF.WEAK_REF_SET)) return [];
    const name = utf16z(p.value);
    const idx = this.file.cf.child(this.entry, `${name} index`);
    if (!idx) return [];
    const b = await this.file.cf.readStream(idx);
    return parseWeakIndex(b, `${this.entry.name}/${name} index`, this.file.path).map(keyString);
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
  async ref(pid: number | undefined): Promise<AafObject | null> {
    const p = this.raw(pid);
    if (!p || p.form !== SF.STRONG_REF) return null;
    const name = utf16z(p.value);
    const e = this.file.cf.child(this.entry, name);
    if (!e) {
      this.file.missing(`${this.entry.name}: strong reference "${name}" has no storage`, this.entry.offset);
      return null;
    }
    return this.file.load(e);
  }

  /** Elements of a strong reference vector (in order) or set (in index order). */
  async refs(pid: number | undefined): Promise<AafObject[]> {
    const names = this.elementNames(pid);
    if (!names) return [];
    const out: AafObject[] = [];
    for (const n of await names) {
      const e = this.file.cf.child(this.entry, n);
      if (!e) {
        this.file.missing(`${this.entry.name}: collection element "${n}" has no storage`, this.entry.offset);
        continue;
      }
      out.push(await this.file.load(e));
    }
    return out;
  }

  /** Storage names of the elements of a strong reference collection. */
  private elementNames(pid: number | undefined): Promise<string[]> | null {
    const p = this.raw(pid);
    if (!p || (p.form !== SF.STRONG_REF_VECTOR && p.form !== SF.STRONG_REF_SET)) return null;
    return this.collectionIndex(p).then((ix) => ix.map((x) => elementName(x.collection, x.localKey)));
  }

  /** Local keys (and set keys) of a strong reference collection. */
  async collectionIndex(p: RawProperty): Promise<Array<{ collection: string; localKey: number; key: Uint8Array | null }>> {
    const collection = utf16z(p.value);
    const idx = this.file.cf.child(this.entry, `${collection} index`);
    if (!idx) {
      this.file.missing(`${this.entry.name}: "${collection} index" is missing`, this.entry.offset);
      return [];
    }
    const b = await this.file.cf.readStream(idx);
    const where = `${this.entry.name}/${collection} index`;
    if (p.form === SF.STRONG_REF_VECTOR) {
      const keys = parseVectorIndex(b, where, this.file.path);
      checkLimit(this.file.limits, 'maxEntries', keys.length, 'aaf', idx.offset, where);
      return keys.map((k) => ({ collection, localKey: k, key: null }));
    }
    const set = parseSetIndex(b, where, this.file.path);
    checkLimit(this.file.limits, 'maxEntries', set.entries.length, 'aaf', idx.offset, where);
    return set.entries.map((x) => ({ collection, localKey: x.localKey, key: x.key }));
  }

  /** Elements of a strong reference set by key (hex), loaded on demand. */
  async keyedSet(pid: number): Promise<KeyedSet> {
    const p = this.raw(pid);
    const byKey = new Map<string, string>();
    if (p && (p.form === SF.STRONG_REF_SET || p.form === SF.STRONG_REF_VECTOR)) {
      for (const x of await this.collectionIndex(p)) byKey.set(x.key ? hexOf(x.key) : String(x.localKey), elementName(x.collection, x.localKey));
    }
    return new KeyedSet(this, byKey);
  }
}

/** A strong reference set whose elements load when asked for by key. */
export class KeyedSet {
  private readonly cache = new Map<string, AafObject | null>();
  constructor(private readonly owner: AafObject, readonly names: Map<string, string>) {}
  get size(): number {
    return this.names.size;
  }
  keys(): string[] {
    return [...this.names.keys()];
  }
  /** Key and storage entry of every element, without loading the objects (the class is in the CLSID). */
  entries(): Array<{ key: string; entry: DirEntry; classId: string }> {
    const out: Array<{ key: string; entry: DirEntry; classId: string }> = [];
    for (const [key, n] of this.names) {
      const e = this.owner.file.cf.child(this.owner.entry, n);
      if (e) out.push({ key, entry: e, classId: auidAt(e.clsid, 0) });
    }
    return out;
  }
  async get(keyHex: string): Promise<AafObject | null> {
    if (this.cache.has(keyHex)) return this.cache.get(keyHex)!;
    const n = this.names.get(keyHex);
    const e = n ? this.owner.file.cf.child(this.owner.entry, n) : undefined;
    const o = e ? await this.owner.file.load(e) : null;
    this.cache.set(keyHex, o);
    return o;
  }
}

function keyString(w: WeakRef): string {
  return w.key.length === 16 ? auidAt(w.key, 0) : hexOf(w.key);
}

function classIdOf(e: DirEntry): string {
  return auidAt(e.clsid, 0);
}

/** An open AAF file: the object cache and the MetaDictionary resolution. */
export class AafFile {
  private readonly objects = new Map<number, AafObject>();
  private dynamicByKey = new Map<string, number>();
  private dynamicList: DynamicProperty[] = [];
  private classDefs = new Map<string, ClassDef>();
  /** Structural problems that did not stop reading (missing storages). */
  readonly problems: Array<{ message: string; offset: number | null }> = [];
  root!: AafObject;

  private constructor(readonly cf: CompoundFile, readonly limits: Limits) {}

  get path(): string | null {
    return this.cf.path;
  }

  static async open(src: ByteSource, opts: { path?: string | null; limits?: Partial<Limits> } = {}): Promise<AafFile> {
    const cf = await CompoundFile.open(src, opts);
    const f = new AafFile(cf, cf.limits);
    f.root = await f.load(cf.root());
    await f.loadMetaDictionary();
    return f;
  }

  missing(message: string, offset: number | null): void {
    if (this.problems.length < 100) this.problems.push({ message, offset });
  }

  /** The object stored in a storage entry (cached). */
  async load(e: DirEntry): Promise<AafObject> {
    const have = this.objects.get(e.index);
    if (have) return have;
    if (e.type !== 'storage' && e.type !== 'root') {
      throw new FormatError({ code: 'BAD_MAGIC', format: 'aaf', offset: e.offset, path: this.path, message: `"${e.name}" is a ${e.type}, expected an object storage` });
    }
    if (this.objects.size >= this.limits.maxEntries) checkLimit(this.limits, 'maxEntries', this.objects.size + 1, 'aaf', e.offset, 'objects');
    const ps = this.cf.child(e, 'properties');
    let props = new Map<number, RawProperty>();
    if (ps) {
      const b = await this.cf.readStream(ps);
      props = parseProperties(b, `"${e.name}" properties`, this.path, ps.offset);
    } else if (e.type !== 'root') {
      this.missing(`"${e.name}" has no properties stream`, e.offset);
    }
    const o = new AafObject(this, e, classIdOf(e), props);
    this.objects.set(e.index, o);
    return o;
  }

  async header(): Promise<AafObject> {
    const h = await this.root.ref(PID.Root_Header);
    if (!h) {
      throw new FormatError({ code: 'BAD_MAGIC', format: 'aaf', offset: this.cf.root().offset, path: this.path, message: 'the root storage has no Header (pid 2): a Compound File but not an AAF' });
    }
    return h;
  }

  /** Dynamic properties declared in the MetaDictionary. */
  dynamicProperties(): DynamicProperty[] {
    return this.dynamicList;
  }

  /** Local pid of a property by AUID or name (any of several names). */
  dynamicPid(auidOrNames: string | readonly string[]): number | undefined {
    const list = typeof auidOrNames === 'string' ? [auidOrNames] : auidOrNames;
    for (const k of list) {
      const p = this.dynamicByKey.get(k.toLowerCase());
      if (p !== undefined) return p;
    }
    return undefined;
  }

  /** Name of a property pid: static table, else the MetaDictionary. */
  propertyName(pid: number): string {
    return STATIC_NAMES.get(pid) ?? this.dynamicNames.get(pid) ?? `0x${pid.toString(16).padStart(4, '0')}`;
  }
  private dynamicNames = new Map<number, string>();

  /** Name of the class as declared (extension classes by their MetaDictionary name). */
  className(classId: string): string {
    return KNOWN_CLASSES.get(classId)?.name ?? this.classDefs.get(classId)?.name ?? classId;
  }

  /** The nearest baseline class of a class AUID. */
  baselineClassOf(classId: string): string {
    let id: string | null = classId;
    for (let guard = 0; id && guard < 32; guard++) {
      const k = KNOWN_CLASSES.get(id);
      if (k) return k.name;
      const d = this.classDefs.get(id);
      if (!d) break;
      id = d.parent;
    }
    return this.classDefs.get(classId)?.name ?? classId;
  }

  private async loadMetaDictionary(): Promise<void> {
    const md = await this.root.ref(PID.Root_MetaDictionary);
    if (!md) return;
    for (const cd of await md.refs(PID.MetaDictionary_ClassDefinitions)) {
      const auid = cd.auid(PID.MetaDefinition_Identification);
      if (!auid) continue;
      const parent = cd.weakKey(PID.ClassDefinition_ParentClass);
      this.classDefs.set(auid, { auid, name: cd.str(PID.MetaDefinition_Name) ?? auid, parent: parent && parent !== auid ? parent : null });
      for (const pd of await cd.refs(PID.ClassDefinition_Properties)) {
        const pid = pd.u16(PID.PropertyDefinition_LocalIdentification);
        const pauid = pd.auid(PID.MetaDefinition_Identification);
        const name = pd.str(PID.MetaDefinition_Name) ?? '';
        if (pid === null) continue;
        if (pid >= 0x8000) {
          this.dynamicList.push({ pid, auid: pauid ?? '', name });
          if (pauid) this.dynamicByKey.set(pauid.toLowerCase(), pid);
          if (name) this.dynamicByKey.set(name.toLowerCase(), pid);
        }
        if (name && !this.dynamicNames.has(pid)) this.dynamicNames.set(pid, name);
      }
    }
  }
}

const STATIC_NAMES = new Map<number, string>(Object.entries(PID).map(([k, v]) => [v, k.split('_')[1]]));

export { hexOf, utf16z, auidAt };
