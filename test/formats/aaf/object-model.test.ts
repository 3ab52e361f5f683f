/**
 * AAF structured storage over hand-built object trees: every stored form,
 * collection indexes, weak references through the referenced-properties
 * table, indirect values, dynamic pids resolved by AUID through the
 * MetaDictionary, extension classes resolved through ParentClass, and the
 * errors of damaged property streams.
 */
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/io/byte-source.js';
import { AafFile, keyHex, keyOf } from '../../../src/formats/aaf/object-model.js';
import { PID, TYPE_DEF } from '../../../src/formats/aaf/ids.js';
import { decodeIndirect } from '../../../src/formats/aaf/values.js';
import { dumpAaf } from '../../../src/formats/aaf/index.js';
import { cfbBytes, layoutCfb, type CfbStorage } from '../../support/aaf-writer/index.js';
import { formatErrorOf } from '../../support/errors.js';
import { auidBytes, concat, i64, indirect, objectStorage, rational, referencedProperties, u16, u32, u8, utf16z, type WObject } from '../../support/aaf-writer/objects.js';

const CLS = (code: number) => `0d010101-0101-${code.toString(16).padStart(2, '0')}00-060e-2b3402060101`;
const EXT_CLASS = '5e55104e-1111-4000-8000-000000000001';
const DYN_AUID = '5e55104e-2222-4000-8000-000000000002';

function mobId(n: number): Uint8Array {
  const b = new Uint8Array(32);
  b[0] = 0x06;
  b[31] = n;
  return b;
}

/** Root → MetaDictionary (one extension class, one dynamic property) and Header → ContentStorage with every stored form. */
function tree(opts: { dynPid?: number; badByteOrder?: boolean; propertiesName?: string; declared?: { classId: string; auid: string; pid: number }; dropLastMob?: boolean } = {}): Uint8Array {
  const dynPid = opts.dynPid ?? 0xffe0;
  // A second class definition declaring one more property (a baseline class, as writers declare their attribute lists).
  const declared: WObject[] = opts.declared ? [{
    classId: '0d010101-0201-0000-060e-2b3402060101',
    props: [
      { pid: PID.MetaDefinition_Identification, kind: 'data', bytes: auidBytes(opts.declared.classId) },
      { pid: PID.MetaDefinition_Name, kind: 'data', bytes: utf16z('Declared') },
      {
        pid: PID.ClassDefinition_Properties, kind: 'set', name: 'Properties-9', keyPid: 5, key: (o) => (o.props[0] as { bytes: Uint8Array }).bytes,
        objs: [{
          classId: '0d010101-0202-0000-060e-2b3402060101',
          props: [
            { pid: PID.MetaDefinition_Identification, kind: 'data', bytes: auidBytes(opts.declared.auid) },
            { pid: PID.MetaDefinition_Name, kind: 'data', bytes: utf16z('AttributeList') },
            { pid: PID.PropertyDefinition_LocalIdentification, kind: 'data', bytes: u16(opts.declared.pid) },
          ],
        }],
      },
    ],
  }] : [];
  const classDef: WObject = {
    classId: '0d010101-0201-0000-060e-2b3402060101',
    props: [
      { pid: PID.MetaDefinition_Identification, kind: 'data', bytes: auidBytes(EXT_CLASS) },
      { pid: PID.MetaDefinition_Name, kind: 'data', bytes: utf16z('VendorClip') },
      { pid: PID.ClassDefinition_ParentClass, kind: 'weak', table: 0, keyPid: PID.MetaDefinition_Identification, key: auidBytes(CLS(0x11)) },
      {
        pid: PID.ClassDefinition_Properties, kind: 'set', name: opts.propertiesName ?? 'Properties-9', keyPid: 5, key: (o) => (o.props[0] as { bytes: Uint8Array }).bytes,
        objs: [{
          classId: '0d010101-0202-0000-060e-2b3402060101',
          props: [
            { pid: PID.MetaDefinition_Identification, kind: 'data', bytes: auidBytes(DYN_AUID) },
            { pid: PID.MetaDefinition_Name, kind: 'data', bytes: utf16z('VendorNote') },
            { pid: PID.PropertyDefinition_LocalIdentification, kind: 'data', bytes: u16(dynPid) },
          ],
        }],
      },
    ],
  };
  const ext: WObject = {
    classId: EXT_CLASS,
    props: [
      { pid: PID.Component_Length, kind: 'data', bytes: i64(1234567890123n) },
      { pid: dynPid, kind: 'data', bytes: utf16z('hello') },
      { pid: PID.SourceReference_SourceID, kind: 'data', bytes: mobId(1) },
    ],
  };
  const tv = (name: string, v: Uint8Array): WObject => ({ classId: CLS(0x3f), props: [{ pid: PID.TaggedValue_Name, kind: 'data', bytes: utf16z(name) }, { pid: PID.TaggedValue_Value, kind: 'data', bytes: v }] });
  const mob = (n: number, name: string): WObject => ({ classId: CLS(0x36), props: [{ pid: PID.Mob_MobID, kind: 'data', bytes: mobId(n) }, { pid: PID.Mob_Name, kind: 'data', bytes: utf16z(name) }] });
  const content: WObject = {
    classId: CLS(0x18),
    props: [
      { pid: PID.ContentStorage_Mobs, kind: 'set', name: 'Mobs-1901', keyPid: PID.Mob_MobID, key: (o) => (o.props[0] as { bytes: Uint8Array }).bytes, objs: [mob(1, 'one'), mob(2, 'two')] },
      { pid: 0x7001, kind: 'strong', name: 'Ext-7001', obj: ext },
      { pid: 0x7002, kind: 'vector', name: 'Tags-7002', objs: [tv('int', indirect(TYPE_DEF.Int32, u32(42))), tv('text', indirect(TYPE_DEF.String, utf16z('x'))), tv('ratio', indirect(TYPE_DEF.Rational, rational(3, 4)))] },
      { pid: 0x7003, kind: 'weak', table: 1, keyPid: PID.Mob_MobID, key: mobId(2) },
      { pid: 0x7004, kind: 'weakVector', name: 'Refs-7004', table: 1, keyPid: PID.Mob_MobID, keys: [mobId(1), mobId(2)] },
      { pid: 0x7005, kind: 'stream', name: 'Data-7005', stream: { bytes: new Uint8Array(5000).fill(7) } },
      { pid: 0x7006, kind: 'data', bytes: rational(30000, 1001) },
      { pid: 0x7007, kind: 'weakVector', name: 'RefSet-7007', table: 1, keyPid: PID.Mob_MobID, keys: [mobId(2)], set: true },
    ],
  };
  const header: WObject = { classId: CLS(0x2f), props: [{ pid: PID.Header_Content, kind: 'strong', name: 'Content-3b03', obj: content }, { pid: PID.Header_Version, kind: 'data', bytes: Uint8Array.of(1, 1) }] };
  const root = objectStorage('Root Entry', {
    classId: 'b3b398a5-1c90-11d4-8053-080036210804',
    props: [
      { pid: 1, kind: 'strong', name: 'MetaDictionary-1', obj: { classId: '0d010101-0225-0000-060e-2b3402060101', props: [{ pid: 3, kind: 'set', name: 'ClassDefinitions-3', keyPid: 5, key: (o) => (o.props[0] as { bytes: Uint8Array }).bytes, objs: [classDef, ...declared] }] } },
      { pid: 2, kind: 'strong', name: 'Header-2', obj: header },
    ],
  }, { badByteOrder: opts.badByteOrder });
  root.children.push({ kind: 'stream', name: 'referenced properties', bytes: referencedProperties([[1, 3], [2, 0x3b03, 0x1901]]) });
  if (opts.dropLastMob) {
    // The set's index still lists the mob; its storage is gone.
    const storage = (parent: CfbStorage, name: string) => parent.children.find((c) => c.name === name) as CfbStorage;
    const cs = storage(storage(root, 'Header-2'), 'Content-3b03');
    const mobs = cs.children.filter((c) => c.name.startsWith('Mobs-1901{'));
    cs.children.splice(cs.children.indexOf(mobs[mobs.length - 1]), 1);
  }
  return cfbBytes(layoutCfb(root));
}

async function open(bytes: Uint8Array, properties: readonly string[] = [DYN_AUID]) {
  const f = await AafFile.open(new BufferSource(bytes, 't.aaf'), { properties });
  const content = (await (await f.header()).ref(PID.Header_Content))!;
  return { f, content };
}

describe('AAF stored forms', () => {
  it('reads data, strong refs, vectors and sets', async () => {
    const { content } = await open(tree());
    const ext = (await content.ref(0x7001))!;
    expect(ext.i64(PID.Component_Length)).toBe(1234567890123n);
    const tags = await content.refs(0x7002);
    expect(tags.map((t) => t.str(PID.TaggedValue_Name))).toEqual(['int', 'text', 'ratio']);
    const mobs = await content.keyedSet(PID.ContentStorage_Mobs);
    expect(mobs.size).toBe(2);
    const two = await mobs.get(keyOf(mobId(2)));
    expect(two?.str(PID.Mob_Name)).toBe('two');
    expect(content.rational(0x7006)).toEqual({ num: 30000, den: 1001 });
  });

  it('notes a set element whose storage is missing, and still reads the others', async () => {
    const { f, content } = await open(tree({ dropLastMob: true }));
    const mobs = content.keyedSet(PID.ContentStorage_Mobs);
    expect(mobs.size).toBe(2);
    expect(mobs.entries().length).toBe(1);
    expect(mobs.get(keyOf(mobId(1)))?.str(PID.Mob_Name)).toBe('one');
    expect(f.problems.map((p) => p.message)).toEqual([expect.stringMatching(/collection element "Mobs-1901\{[0-9a-f]+\}" has no storage/)]);
    expect(content.refs(PID.ContentStorage_Mobs).map((m) => m.str(PID.Mob_Name))).toEqual(['one']);
  });

  it('reads weak references and weak reference vectors and sets by key', async () => {
    const { content } = await open(tree());
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    expect(content.weakKey(0x7003)).toBe(hex(mobId(2)));
    expect(await content.weakKeys(0x7004)).toEqual([hex(mobId(1)), hex(mobId(2))]);
    expect(await content.weakKeys(0x7007)).toEqual([hex(mobId(2))]);
  });

  it('keys set elements by their key bytes, one character per byte, and shows such a key as hex', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const keys = new Set<string>();
    for (let i = 0; i < 256; i++) keys.add(keyOf(all.subarray(i, i + 1)));
    expect(keys.size).toBe(256);
    expect(keyOf(all).length).toBe(256);
    const id = mobId(2);
    expect(keyHex(keyOf(id))).toBe(Array.from(id, (x) => x.toString(16).padStart(2, '0')).join(''));
    expect(keyHex(keyOf(all))).toBe(Array.from(all, (x) => x.toString(16).padStart(2, '0')).join(''));
  });

  it('reads indirect values by type', async () => {
    const { content } = await open(tree());
    const [i, t, r] = await content.refs(0x7002);
    expect(decodeIndirect(i.bytes(PID.TaggedValue_Value)!)?.value).toBe(42);
    expect(decodeIndirect(t.bytes(PID.TaggedValue_Value)!)?.value).toBe('x');
    expect(decodeIndirect(r.bytes(PID.TaggedValue_Value)!)?.value).toEqual({ num: 3, den: 4 });
  });

  it('leaves data streams unread and names them in the dump', async () => {
    const bytes = tree();
    const text = await dumpAaf(new BufferSource(bytes));
    expect(text).toMatch(/stream "Data-7005", 5000 bytes \(not read\)/);
    expect(text).toMatch(/ContentStorage/);
    // Meta classes by name (their AUIDs are 0d010101-02XX-0000-…), whether or not the MetaDictionary declares them.
    expect(text).toMatch(/MetaDictionary: MetaDictionary \[MetaDictionary-1\]/);
    expect(text).toMatch(/\[0\]: ClassDefinition \[ClassDefinitions-3\{0\}\]/);
    expect(text).toMatch(/\[0\]: PropertyDefinition \[Properties-9\{0\}\]/);
  });

  it('resolves a dynamic pid through the MetaDictionary by AUID, whatever its local id and the Properties storage name', async () => {
    // "Properties-9" (the SDK's name) is scanned without loading the class definition; another name is found through it.
    for (const [pid, propertiesName] of [[0xffe0, undefined], [0xfff9, 'Props'], [0x8123, 'Properties-09']] as const) {
      const { f, content } = await open(tree({ dynPid: pid, propertiesName }));
      expect(f.dynamicPid(DYN_AUID)).toBe(pid);
      const ext = (await content.ref(0x7001))!;
      expect(ext.str(f.dynamicPid(DYN_AUID))).toBe('hello');
      expect(f.propertyName(pid)).toBe('VendorNote');
    }
  });

  it('finds a mapped property in the class that declares it by convention, and anywhere else the long way', async () => {
    const list = '60958184-47b1-11d4-a01c-0004ac969f50'; // ComponentAttributeList, declared on Component by every known writer
    for (const classId of [CLS(0x02), CLS(0x03)]) {
      const { f } = await open(tree({ declared: { classId, auid: list, pid: 0xffc9 } }), [DYN_AUID, list]);
      expect(f.dynamicPid([list, 'ComponentAttributeList'])).toBe(0xffc9);
      // The extension class is still found by its own key, and the earlier lookups left the rest readable.
      expect(f.dynamicPid(DYN_AUID)).toBe(0xffe0);
      expect(f.className(EXT_CLASS)).toBe('VendorClip');
    }
    // Not declared at all: undefined after the whole MetaDictionary was looked at.
    const { f } = await open(tree(), [DYN_AUID, list]);
    expect(f.dynamicPid('60958183-47b1-11d4-a01c-0004ac969f50')).toBeUndefined();
    expect(f.dynamicPid(DYN_AUID)).toBe(0xffe0);
  });

  it('reads only the declaring class when a mapped property is found there', async () => {
    const list = '60958184-47b1-11d4-a01c-0004ac969f50';
    const bytes = tree({ declared: { classId: CLS(0x02), auid: list, pid: 0xffc9 } });
    // Damage the other class definition's Properties index: its one entry (key DYN_AUID at 23) now claims 65535.
    const key = auidBytes(DYN_AUID);
    let at = -1;
    for (let i = 23; i + 16 <= bytes.length && at < 0; i++) if (key.every((x, k) => bytes[i + k] === x) && bytes[i - 9] === 16 && bytes[i - 23] === 1) at = i - 23;
    expect(at).toBeGreaterThan(0);
    bytes[at] = 0xff;
    bytes[at + 1] = 0xff;
    const { f } = await open(bytes, [DYN_AUID, list]);
    expect(f.dynamicPid(list)).toBe(0xffc9);
    // The long way meets the damage and says where.
    expect(() => f.dynamicPid(DYN_AUID)).toThrow(/claims 65535 elements/);
  });

  it('resolves an extension class through its ParentClass chain', async () => {
    const { f, content } = await open(tree());
    const ext = (await content.ref(0x7001))!;
    expect(ext.className).toBe('SourceClip');
    expect(ext.isA('SourceReference')).toBe(true);
    expect(f.className(ext.classId)).toBe('VendorClip');
  });

  it('refuses big-endian property streams', async () => {
    expect((await formatErrorOf(open(tree({ badByteOrder: true })))).code).toBe('UNSUPPORTED');
  });

  it('refuses a properties stream whose values run past its end', async () => {
    const bytes = tree();
    // Find the Header's properties stream (it starts 4C 20 02 00 and holds pid 3b03) and make a length huge.
    const needle = concat(Uint8Array.of(0x4c, 0x20), u16(2), u16(PID.Header_Content), u16(0x22));
    let at = -1;
    for (let i = bytes.indexOf(0x4c); i >= 0 && i < bytes.length - needle.length; i = bytes.indexOf(0x4c, i + 1)) if (needle.every((x, k) => bytes[i + k] === x)) { at = i; break; }
    expect(at).toBeGreaterThan(0);
    bytes[at + 8] = 0xff;
    bytes[at + 9] = 0x7f;
    const e = await formatErrorOf(open(bytes));
    expect(e.message).toMatch(/property 0x3b03 value of 32767 bytes runs past the stream end/);
    // The offset is the directory entry of the stream: its name, "properties" in UTF-16LE.
    const off = e.offset!;
    expect(new TextDecoder('utf-16le').decode(bytes.subarray(off, off + 20))).toBe('properties');
  });

  it('says a compound file without a Header is not an AAF', async () => {
    const root = objectStorage('Root Entry', { classId: 'b3b398a5-1c90-11d4-8053-080036210804', props: [{ pid: 9, kind: 'data', bytes: u8(1) }] });
    const f = await AafFile.open(new BufferSource(cfbBytes(layoutCfb(root))));
    await expect(f.header()).rejects.toMatchObject({ code: 'BAD_MAGIC' });
  });
});
