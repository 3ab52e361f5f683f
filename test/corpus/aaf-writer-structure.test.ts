/**
 * The test writer's files are built like real exports: every (class,
 * property, stored form) that a writer file uses occurs in the 65 corpus
 * files written by Pro Tools, Media Composer, Resolve and Premiere, and a
 * property whose values in those files all have one size (a fixed-size
 * type) has that size in the writer's files too. Other AAF readers decode
 * a property by its class and pid as the real files do, so a writer file
 * that keeps to these shapes reads in them as the real files do. (The
 * Compound File layer is checked separately against olefile.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { AafFile, type AafObject } from '../../src/formats/aaf/object-model.js';
import { SF, STORED_FORM_NAMES } from '../../src/formats/aaf/storage.js';
import { OP_DEF, PARAM_DEF, PID } from '../../src/formats/aaf/ids.js';
import { UNKNOWN_OPS, writeAaf, type AafSpec } from '../support/aaf-writer/index.js';
import { basicSpec } from '../formats/aaf/fixtures.js';
import { HAVE_CORPUS, corpusFiles, corpusPath } from '../support/corpus.js';

type Shapes = Map<string, Set<number>>;
/** Per class: objects seen, and per property how many of them have it. */
type Presence = Map<string, { objects: number; props: Map<string, number> }>;

/** "class|property|form" → the value sizes seen (data forms), for every object reachable from the root. */
async function shapesOf(bytes: Uint8Array, name: string, presence: Presence = new Map()): Promise<Shapes> {
  const file = await AafFile.open(new BufferSource(bytes, name), { path: name, properties: 'all' });
  const out: Shapes = new Map();
  const dyn = new Map(file.dynamicProperties().map((d) => [d.pid, d.auid.toLowerCase()]));
  const visit = (o: AafObject, depth: number): void => {
    if (depth > 64) return;
    let seen = presence.get(o.classId);
    if (!seen) presence.set(o.classId, (seen = { objects: 0, props: new Map() }));
    seen.objects++;
    for (let i = 0; i < o.props.size; i++) {
      const pid = o.props.pidAt(i);
      const form = o.props.formAt(i);
      const prop = pid >= 0x8000 ? `dynamic ${dyn.get(pid) ?? `unknown ${o.file.propertyName(pid)}`}` : `0x${pid.toString(16).padStart(4, '0')}`;
      const key = `${o.classId}|${prop}|${STORED_FORM_NAMES[form] ?? form}`;
      seen.props.set(prop, (seen.props.get(prop) ?? 0) + 1);
      let sizes = out.get(key);
      if (!sizes) out.set(key, (sizes = new Set()));
      if (form === SF.DATA) {
        const v = o.props.valueAt(i);
        // Text values (UTF-16 with a terminator) vary in size; a -1 in the set marks them.
        sizes.add(isText(v) ? -1 : v.length);
      }
      if (form === SF.STRONG_REF) {
        const r = o.ref(pid);
        if (r) visit(r, depth + 1);
      } else if (form === SF.STRONG_REF_VECTOR || form === SF.STRONG_REF_SET) {
        for (const r of o.refs(pid)) visit(r, depth + 1);
      }
    }
  };
  visit(file.root, 0);
  return out;
}

function isText(v: Uint8Array): boolean {
  if (v.length < 2 || v.length % 2 || v[v.length - 1] !== 0 || v[v.length - 2] !== 0) return false;
  for (let i = 0; i + 2 < v.length; i += 2) if ((v[i] | (v[i + 1] << 8)) < 0x20) return false;
  return true;
}

/** Writer files covering what it can write: gain, envelopes, fades, mute, multichannel, automation, markers, embedded and AIFF media, nesting, effects. */
function writerSpecs(): Array<[string, AafSpec, string[]]> {
  return [
    ['basic', basicSpec(), []],
    ['aiff, nested, pulldown, 23.976, no usage code', basicSpec({
      editRate: [24000, 1001], timecode: { start: 86400, fps: 24, drop: false }, noUsageCode: true, extraComposition: true,
      media: [{ name: 'a.aif', length: 48000, format: 'aiff', url: 'file:///Volumes/A/a.aif' }, { name: 'st', channels: 2, length: 96000, url: 'file:///b.wav' }],
      tracks: [
        { name: 'A1', trackFormat: 2, nested: true, pulldown: true, clips: [{ position: 0, length: 24, media: 1, channels: 2 }] },
        { name: 'A2', mute: true, clips: [{ position: 10, length: 24, media: 0, fadeIn: 3 }] },
      ],
      markers: [{ name: 'Spot', position: 12, length: 5, comment: 'check' }],
    }), ['0x4408'] /* UsageCode left off on purpose (older writers) */],
    ['sub-clip composition', (() => {
      const spec = basicSpec({ extraComposition: { subClip: true, clips: [{ position: 0, length: 60, media: 0, sourceOffset: 30, gain: { db: -7 } }] } });
      spec.tracks[0].clips.push({ position: 300, length: 25, media: 0, composition: true });
      return spec;
    })(), []],
    ['effects around a clip and a slot', (() => {
      const spec = basicSpec();
      spec.tracks[0].effect = { op: UNKNOWN_OPS[0], name: 'Slot effect', values: [1] };
      spec.tracks[0].clips[0].effect = { op: UNKNOWN_OPS[1], name: 'Clip effect', values: [0.2, 0.9] };
      return spec;
    })(), []],
    ['pan around a clip and a slot', (() => {
      const spec = basicSpec();
      spec.tracks[0].effect = { op: OP_DEF.MonoAudioPan, name: 'Mono Audio Pan', param: PARAM_DEF.Pan, values: [0.25] };
      spec.tracks[0].clips[2].effect = { op: OP_DEF.MonoAudioPan, name: 'Mono Audio Pan', param: PARAM_DEF.Pan, values: [0.2, 0.8] };
      return spec;
    })(), []],
  ];
}

describe.skipIf(!HAVE_CORPUS)('AAF writer files have the shapes of real exports', async () => {
  const dir = HAVE_CORPUS ? corpusPath('aaf', 'files') : '';
  const real: Shapes = new Map();
  const realPresence: Presence = new Map();
  if (HAVE_CORPUS) {
    for (const n of corpusFiles('aaf', 'aaf', 'files')) {
      for (const [k, sizes] of await shapesOf(new Uint8Array(readFileSync(join(dir, n))), n, realPresence)) {
        let s = real.get(k);
        if (!s) real.set(k, (s = new Set()));
        for (const v of sizes) s.add(v);
      }
    }
  }

  it('the corpus gives a table to compare with', () => {
    expect(real.size).toBeGreaterThan(150);
    // A few shapes every exporter writes.
    expect(real.has('0d010101-0101-2f00-060e-2b3402060101|0x3b03|strong ref')).toBe(true); // Header.Content
    expect(real.has('0d010101-0101-1100-060e-2b3402060101|0x1101|data')).toBe(true); // SourceClip.SourceID
    expect(real.get('0d010101-0101-1100-060e-2b3402060101|0x1101|data')).toEqual(new Set([32])); // a MobID
  });

  it.each(writerSpecs())('%s: every class/property/form occurs in real files, at the sizes they use', async (_, spec, leftOff) => {
    const presence: Presence = new Map();
    const mine = await shapesOf(writeAaf(spec), 'writer.aaf', presence);
    expect(mine.size).toBeGreaterThan(40);
    const unknown: string[] = [];
    const badSize: string[] = [];
    for (const [k, sizes] of mine) {
      const r = real.get(k);
      if (!r) {
        unknown.push(k);
        continue;
      }
      // Fixed-size values (one size throughout the corpus) must have that size.
      if (r.size === 1 && !r.has(-1)) for (const v of sizes) if (!r.has(v)) badSize.push(`${k}: ${v === -1 ? 'text' : `${v} bytes`}, real files ${[...r][0]} bytes`);
    }
    // Properties that every real object of a class carries (classes seen at least 5 times) are in the writer's objects of that class;
    // vendors' own (dynamic) properties are not the format's.
    const missing: string[] = [];
    for (const [cls, mineSeen] of presence) {
      const r = realPresence.get(cls);
      if (!r || r.objects < 5) continue;
      for (const [prop, n] of r.props) {
        if (prop.startsWith('dynamic') || leftOff.includes(prop)) continue;
        if (n === r.objects && (mineSeen.props.get(prop) ?? 0) < mineSeen.objects) missing.push(`${cls} ${prop}: in ${mineSeen.props.get(prop) ?? 0} of ${mineSeen.objects}`);
      }
    }
    expect(unknown).toEqual([]);
    expect(badSize).toEqual([]);
    expect(missing).toEqual([]);
  });

  it.each(writerSpecs())('%s: each class definition lists what real files declare for that class, and its parents are declared', async (_, spec) => {
    const mine = await classDefinitions(writeAaf(spec), 'writer.aaf');
    expect(mine.size).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const [id, def] of mine) {
      const r = realClasses.get(id);
      if (!r) {
        problems.push(`${def.name}: no real file declares it`);
        continue;
      }
      // A reader takes a file's class definition for the whole class (pyaaf2 does): baseline properties left out are lost to it.
      for (const [auid, name] of r.baseline) if (!def.properties.has(auid)) problems.push(`${def.name}: ${name} (${auid}) not listed`);
      if (def.concrete !== r.concrete) problems.push(`${def.name}: IsConcrete ${def.concrete}, real files ${r.concrete}`);
      if (def.parent !== r.parent) problems.push(`${def.name}: parent ${def.parent}, real files ${r.parent}`);
      // The parent chain resolves in the file itself, up to InterchangeObject (its own parent).
      if (!mine.has(def.parent)) problems.push(`${def.name}: parent ${def.parent} is not declared`);
    }
    expect(problems).toEqual([]);
  });
});

type ClassDef = { name: string; parent: string; concrete: number | null; properties: Map<string, string> };

/** The class definitions of a file's MetaDictionary by class AUID, with their properties (AUID → name). */
async function classDefinitions(bytes: Uint8Array, name: string): Promise<Map<string, ClassDef>> {
  const file = await AafFile.open(new BufferSource(bytes, name), { path: name, properties: 'all' });
  const out = new Map<string, ClassDef>();
  const md = file.root.ref(PID.Root_MetaDictionary);
  for (const cd of md?.refs(PID.MetaDictionary_ClassDefinitions) ?? []) {
    const properties = new Map<string, string>();
    for (const p of cd.refs(PID.ClassDefinition_Properties)) properties.set(p.auid(PID.MetaDefinition_Identification) ?? '', p.str(PID.MetaDefinition_Name) ?? '');
    out.set(cd.auid(PID.MetaDefinition_Identification) ?? '', { name: cd.str(PID.MetaDefinition_Name) ?? '', parent: cd.weakKey(PID.ClassDefinition_ParentClass) ?? '', concrete: cd.u8(PID.ClassDefinition_IsConcrete), properties });
  }
  return out;
}

/** What the corpus's files declare per class: parent, IsConcrete, and the baseline (SMPTE-registered, 060e2b34) properties all of them list. */
const realClasses = new Map<string, { parent: string; concrete: number | null; baseline: Map<string, string> }>();
beforeAll(async () => {
  if (!HAVE_CORPUS) return;
  const dir = corpusPath('aaf', 'files');
  for (const n of corpusFiles('aaf', 'aaf', 'files')) {
    for (const [id, def] of await classDefinitions(new Uint8Array(readFileSync(join(dir, n))), n)) {
      const baseline = new Map([...def.properties].filter(([auid]) => auid.endsWith('060e-2b3401010102') || auid.endsWith('060e-2b3401010107')));
      const r = realClasses.get(id);
      if (!r) realClasses.set(id, { parent: def.parent, concrete: def.concrete, baseline });
      else for (const auid of [...r.baseline.keys()]) if (!baseline.has(auid)) r.baseline.delete(auid);
    }
  }
});
