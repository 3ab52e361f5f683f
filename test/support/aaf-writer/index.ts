/**
 * A small AAF writer for tests and benchmarks: a composition with a
 * timecode track, audio slots of clips (gain, envelopes, fades, mutes,
 * multichannel combiners, effects of an operation readers do not know),
 * track volume automation, markers, and media that
 * is external (NetworkLocator file:// URL) or embedded (EssenceData, sparse
 * for giant sizes). It writes the Header, Dictionary (data, operation,
 * parameter and interpolation definitions), the `referenced properties`
 * table and a MetaDictionary declaring the dynamic properties it uses, so
 * other AAF readers can read the files too.
 */
import { open } from 'node:fs/promises';
import { DATA_DEF, OP_DEF, PARAM_DEF, PID, TYPE_DEF } from '../../../src/formats/aaf/ids.js';
import { cfbBytes, layoutCfb, type CfbLayout, type CfbStorage, type CfbWriteOptions } from './cfb-writer.js';
import {
  auidBytes, concat, i64, indirect, objectStorage, rational, referencedProperties, storageName, u16, u32, u8, utf16z,
  type WObject, type WProp,
} from './objects.js';

export { layoutCfb, cfbBytes } from './cfb-writer.js';
export type { CfbLayout, CfbStorage, CfbWriteOptions } from './cfb-writer.js';
export { objectStorage, auidBytes, utf16z } from './objects.js';

export type WriterClip = {
  name?: string;
  /** Edit units of the composition's edit rate. */
  position: number;
  length: number;
  sourceOffset?: number;
  /** Index into `media`. */
  media: number;
  gain?: { db?: number; envelope?: Array<[number, number]> };
  fadeIn?: number;
  fadeOut?: number;
  muted?: boolean;
  /** > 1: an AudioChannelCombiner of this many inputs. */
  channels?: number;
  /**
   * With `channels`: each input of the combiner is a NestedScope around its SourceClip, after a
   * Filler slot (`'nested'`), or one whose output is a ScopeReference to the SourceClip's slot
   * (`'referenced'`).
   */
  channelInputs?: 'nested' | 'referenced';
  /**
   * Refer to the spec's extra composition instead of `media`'s master mob;
   * `'subClip'`: to a sub-clip composition whose one clip plays all of it
   * (written when a clip asks for it).
   */
  composition?: boolean | 'subClip';
  /** Put this clip and the next (which must start where this one ends, without fades between) in a Sequence of their own. */
  sequenceWithNext?: boolean;
  /** With `sequenceWithNext`: a gain group around that Sequence. */
  sequenceGain?: { db?: number; envelope?: Array<[number, number]> };
  /** An operation group readers do not know around the clip (inside its gain), e.g. a plug-in. */
  effect?: WriterEffect;
};
/**
 * An operation group of operation `op` (declared in the Dictionary under
 * `name` unless the writer declares it anyway) with one parameter, `param`
 * (default EFFECT_PARAM, a definition no reader knows): a ConstantValue for
 * one value, a VaryingValue of these values spread evenly over the group for
 * several. With a baseline `op` and `param` (MonoAudioPan and Pan, say) it is
 * that operation as a vendor writes it.
 */
export type WriterEffect = { op: string; name?: string; param?: string; values: number[] };
/** The parameter definition of writer effects (not a baseline AUID). */
const EFFECT_PARAM = '5e1f0a00-7c2b-4d5e-9a1b-0c0d0e0f1011';
/** The operations (AUID, name, number of inputs) and parameters every writer Dictionary declares. */
const BASE_OPS: ReadonlyArray<readonly [string, string, number]> = [
  [OP_DEF.MonoAudioGain, 'Mono Audio Gain', 1], [OP_DEF.MonoAudioDissolve, 'Mono Audio Dissolve', 2], [OP_DEF.AudioChannelCombiner, 'Audio Channel Combiner', 1],
];
const BASE_PARAMS: ReadonlyArray<readonly [string, string]> = [[PARAM_DEF.Amplitude, 'Amplitude'], [PARAM_DEF.Level, 'Level'], [PARAM_DEF.AvidControlClipRatio, 'AvidControlClipRatio']];
const DECLARED_OPS: ReadonlySet<string> = new Set(BASE_OPS.map(([id]) => id));
const DECLARED_PARAMS: ReadonlySet<string> = new Set(BASE_PARAMS.map(([id]) => id));
/** The name of a baseline definition in its table (PARAM_DEF.Pan → "Pan"). */
function baselineName(table: Record<string, string>, id: string): string | undefined {
  return Object.keys(table).find((k) => table[k] === id);
}
/** Operation AUIDs that no baseline or vendor list names (plug-ins, say), for writer effects. */
export const UNKNOWN_OPS = ['3c2b1a00-1111-4222-8333-444455556666', '3c2b1a00-1111-4222-8333-444455556667'] as const;
export type WriterTrack = {
  name: string;
  clips: WriterClip[];
  /** _TRACK_FORMAT tagged value: 1 mono, 2 stereo, 3 5.1, 4 7.1. */
  trackFormat?: number;
  /** Track volume automation values (amplitude factors), as a gain group around the whole slot. */
  volume?: number[];
  mute?: boolean;
  solo?: boolean;
  /**
   * Wrap the slot's sequence in a NestedScope (Avid nested tracks). `true`: a Filler slot comes before
   * it. A WriterScopeReference: the sequence is the scope's first slot, and the last one (the output)
   * plays it through a ScopeReference.
   */
  nested?: boolean | WriterScopeReference;
  /** Append a Pulldown segment, which readers do not interpret. */
  pulldown?: boolean;
  /** An operation group readers do not know around the whole slot, outside the volume automation. */
  effect?: WriterEffect;
};
/**
 * A NestedScope's output slot that refers to the slot before it: RelativeScope and RelativeSlot as
 * given (default 0 and 1, that slot), over the whole length or over `window` (edit units: start,
 * length) between Fillers, in a gain group of `gainDb` when given. `wrapped`: the output is a
 * NestedScope of its own whose last slot holds the reference, after a Filler slot (RelativeScope 1
 * then reaches the outer scope's slot). `chain` (the other fields then unused): `slots` slots follow
 * the sequence, each a Sequence of `refs` ScopeReferences to the slot before it, of equal spans
 * (the last one shorter), and the last of them is the output.
 */
export type WriterScopeReference = {
  relativeScope?: number; relativeSlot?: number; window?: [number, number]; gainDb?: number; wrapped?: boolean;
  chain?: { slots: number; refs: number };
};
export type WriterMedia = {
  name: string;
  channels?: number;
  sampleRate?: number;
  bitDepth?: number;
  length: number;
  url?: string;
  /** Embedded essence: `size` bytes of data stream (sparse beyond the WAV header). */
  embedded?: { size?: number };
  format?: 'wav' | 'aiff';
  /** Where the MasterMob's clip starts in the file, in samples (its SourceClip StartTime; usually 0). */
  masterStart?: number;
};
export type WriterMarker = { name: string; position: number; length?: number; comment?: string };
export type AafSpec = {
  name?: string;
  editRate?: [number, number];
  /**
   * The timecode slot. `pulldown`: the Timecode is the input of a Pulldown
   * (2:3, tape to film speed), as film projects write a 30 fps timecode in a
   * 24000/1001 composition; its Start then counts the timecode's own frames.
   */
  timecode?: { start: number; fps: number; drop?: boolean; pulldown?: boolean } | null;
  tracks: WriterTrack[];
  media: WriterMedia[];
  markers?: WriterMarker[];
  identification?: { company: string; product: string; version: string };
  /** Leave the UsageCode off the composition (older writers). */
  noUsageCode?: boolean;
  /**
   * Add another CompositionMob, first in the Mobs set: a sub-composition
   * ("Other sequence"), also marked TopLevel with `topLevel`, or a sub-clip
   * with `subClip`; clips with `composition: true` refer to its slot 1.
   * Without `clips` it has no slots; with them, slot 1 is a Sequence of
   * those clips (positions, sources, gain; gaps filled), or the one clip
   * alone with `bare`; `volume` wraps it in volume automation as a track's.
   */
  extraComposition?: boolean | { topLevel?: boolean; subClip?: boolean; clips?: WriterClip[]; bare?: boolean; volume?: number[] };
  /** Local ids for the dynamic properties (they differ from file to file in real exports). */
  dynamicPids?: { componentAttributes?: number; timelineAttributes?: number };
};

const CLS = (code: number) => `0d010101-0101-${code.toString(16).padStart(2, '0')}00-060e-2b3402060101`;
const C = {
  Sequence: CLS(0x0f), SourceClip: CLS(0x11), Filler: CLS(0x09), OperationGroup: CLS(0x0a), Selector: CLS(0x0e),
  Timecode: CLS(0x14), Transition: CLS(0x17), ContentStorage: CLS(0x18), ControlPoint: CLS(0x19),
  DataDefinition: CLS(0x1b), OperationDefinition: CLS(0x1c), ParameterDefinition: CLS(0x1d), InterpolationDefinition: CLS(0x21),
  Dictionary: CLS(0x22), EssenceData: CLS(0x23), AIFCDescriptor: CLS(0x26), WAVEDescriptor: CLS(0x2c), Header: CLS(0x2f),
  Identification: CLS(0x30), NetworkLocator: CLS(0x32), CompositionMob: CLS(0x35), MasterMob: CLS(0x36), SourceMob: CLS(0x37),
  EventMobSlot: CLS(0x39), TimelineMobSlot: CLS(0x3b), ConstantValue: CLS(0x3d), VaryingValue: CLS(0x3e), TaggedValue: CLS(0x3f),
  DescriptiveMarker: CLS(0x41),
  ClassDefinition: '0d010101-0201-0000-060e-2b3402060101', PropertyDefinition: '0d010101-0202-0000-060e-2b3402060101',
  MetaDictionary: '0d010101-0225-0000-060e-2b3402060101',
};
const ROOT_CLSID = 'b3b398a5-1c90-11d4-8053-080036210804';
const USAGE_TOP_LEVEL = '0d010102-0101-0700-060e-2b3404010101';
const USAGE_SUB_CLIP = '0d010102-0101-0500-060e-2b3404010101';
const INTERP_LINEAR = '5b6c85a4-0ede-11d3-80a9-006008143e6f';
const COMPONENT_ATTRS_DEFAULT = { pid: 0xffc9, auid: '60958184-47b1-11d4-a01c-0004ac969f50', name: 'ComponentAttributeList' };
const TIMELINE_ATTRS_DEFAULT = { pid: 0xfff2, auid: '107f8331-1914-4234-b2c4-5a3eb755b7ca', name: 'TimelineMobAttributeList' };
const TAGGED_VECTOR_TYPE = '05060800-0000-0000-060e-2b3401040101';

type BaselineProperty = { auid: string; name: string; type: string; optional: boolean; pid: number };
type BaselineClass = { id: string; name: string; parent: string; concrete: boolean; properties: BaselineProperty[] };
/** A property row: AUID, name, type code (the first 8 hex digits of the type's AUID), optional, pid. */
type PropertyRow = [auid: string, name: string, type: string, optional: boolean, pid: number];
const TYPE = (code: string) => `${code}-0000-0000-060e-2b3401040101`;
function baselineClass(code: number, name: string, parent: number, concrete: boolean, rows: PropertyRow[]): BaselineClass {
  return { id: CLS(code), name, parent: CLS(parent), concrete, properties: rows.map(([auid, n, type, optional, pid]) => ({ auid, name: n, type: TYPE(type), optional, pid })) };
}
/**
 * The classes whose definitions the writer may carry, with their baseline
 * properties as the corpus exports (Pro Tools, Media Composer) declare them:
 * property AUIDs, types, optionality and pids.
 */
const CLASS_INTERCHANGE_OBJECT = baselineClass(0x01, 'InterchangeObject', 0x01, false, [
  ['06010104-0101-0000-060e-2b3401010102', 'ObjClass', '05010100', false, 0x0101],
  ['05200701-0800-0000-060e-2b3401010102', 'Generation', '01030100', true, 0x0102],
]);
const CLASS_COMPONENT = baselineClass(0x02, 'Component', 0x01, false, [
  ['04070100-0000-0000-060e-2b3401010102', 'DataDefinition', '05010300', false, 0x0201],
  ['07020201-0103-0000-060e-2b3401010102', 'Length', '01012002', true, 0x0202],
  ['03010210-0400-0000-060e-2b3401010102', 'KLVData', '05060900', true, 0x0203],
  ['03020102-1600-0000-060e-2b3401010107', 'UserComments', '05060800', true, 0x0204],
  ['03010210-0800-0000-060e-2b3401010107', 'Attributes', '05060800', true, 0x0205],
]);
const CLASS_MOB_SLOT = baselineClass(0x38, 'MobSlot', 0x01, false, [
  ['01070101-0000-0000-060e-2b3401010102', 'SlotID', '01010300', false, 0x4801],
  ['01070102-0100-0000-060e-2b3401010102', 'SlotName', '01100200', true, 0x4802],
  ['06010104-0204-0000-060e-2b3401010102', 'Segment', '05020600', false, 0x4803],
  ['01040103-0000-0000-060e-2b3401010102', 'PhysicalTrackNumber', '01010300', true, 0x4804],
]);
const CLASS_TIMELINE_MOB_SLOT = baselineClass(0x3b, 'TimelineMobSlot', 0x38, true, [
  ['05300405-0000-0000-060e-2b3401010102', 'EditRate', '03010100', false, 0x4b01],
  ['07020103-0103-0000-060e-2b3401010102', 'Origin', '01012001', false, 0x4b02],
  ['07020103-010c-0000-060e-2b3401010107', 'MarkIn', '01012001', true, 0x4b03],
  ['07020103-0203-0000-060e-2b3401010107', 'MarkOut', '01012001', true, 0x4b04],
  ['07020103-010d-0000-060e-2b3401010107', 'UserPos', '01012001', true, 0x4b05],
]);
const BASELINE_CLASSES = [CLASS_INTERCHANGE_OBJECT, CLASS_COMPONENT, CLASS_MOB_SLOT, CLASS_TIMELINE_MOB_SLOT];
const REF_DATA_DEFS = 0;
const REF_OP_DEFS = 1;
const REF_INTERP_DEFS = 3;
const REF_CLASS_DEFS = 4;
const REF_TYPE_DEFS = 5;
/** Baseline type of the amplitude parameters (Rational), as real exports declare it. */
const TYPE_RATIONAL = '03010100-0000-0000-060e-2b3401040101';
/** Container definitions every SDK-written file carries (External, OMF, AAF). */
const CONTAINER_DEFS: Array<[string, string]> = [
  ['4313b572-d8ba-11d2-809b-006008143e6f', 'External'],
  ['4313b571-d8ba-11d2-809b-006008143e6f', 'OMF'],
  ['4b1c1a46-03f2-11d4-80fb-006008143e6f', 'AAF'],
];
/** ProductVersion / ToolkitVersion records: major, minor, tertiary, patch level (UInt16 each), release type (UInt8). */
const versionRecord = (major: number, minor: number, tertiary: number, patch: number, type: number): Uint8Array =>
  concat(u16(major), u16(minor), u16(tertiary), u16(patch), u8(type));

const data = (pid: number, bytes: Uint8Array): WProp => ({ pid, kind: 'data', bytes });
const str = (pid: number, s: string): WProp => data(pid, utf16z(s));
const weak = (pid: number, table: number, keyPid: number, id: string): WProp => ({ pid, kind: 'weak', table, keyPid, key: auidBytes(id) });
const dataDef = (id: string): WProp => weak(PID.Component_DataDefinition, REF_DATA_DEFS, PID.DefinitionObject_Identification, id);
const vector = (pid: number, name: string, objs: WObject[]): WProp => ({ pid, kind: 'vector', name: storageName(name, pid), objs });
const strong = (pid: number, name: string, obj: WObject): WProp => ({ pid, kind: 'strong', name: storageName(name, pid), obj });

/** TimeStamp (year u16, month, day, hour, minute, second, 1/100 s): Mob LastModified and CreationTime are required properties. */
const TIMESTAMP = new Uint8Array([0xea, 0x07, 1, 1, 0, 0, 0, 0]);
function mobTimes(): WProp[] {
  return [data(PID.Mob_LastModified, TIMESTAMP), data(0x4405, TIMESTAMP)];
}

let umidCounter = 0;
function newMobId(): Uint8Array {
  umidCounter++;
  const b = new Uint8Array(32);
  b.set([0x06, 0x0a, 0x2b, 0x34, 0x01, 0x01, 0x01, 0x05, 0x01, 0x01, 0x0f, 0x10, 0x13, 0x00, 0x00, 0x00]);
  new DataView(b.buffer).setUint32(16, umidCounter, true);
  new DataView(b.buffer).setUint32(20, 0x5e55104e, true);
  return b;
}

/** A RIFF/WAVE header (fmt + data chunk header) as WAVEDescriptor.Summary and essence head. */
export function wavHeader(channels: number, rate: number, bits: number, frames: number): Uint8Array {
  const block = channels * Math.ceil(bits / 8);
  const dataSize = Math.min(frames * block, 0xffffffff - 44);
  const b = new Uint8Array(44);
  const v = new DataView(b.buffer);
  b.set([0x52, 0x49, 0x46, 0x46]);
  v.setUint32(4, 36 + dataSize, true);
  b.set([0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20], 8);
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * block, true);
  v.setUint16(32, block, true);
  v.setUint16(34, bits, true);
  b.set([0x64, 0x61, 0x74, 0x61], 36);
  v.setUint32(40, dataSize, true);
  return b;
}

function aiffHeader(channels: number, rate: number, bits: number, frames: number): Uint8Array {
  const b = new Uint8Array(12 + 26);
  const v = new DataView(b.buffer);
  b.set([0x46, 0x4f, 0x52, 0x4d]);
  v.setUint32(4, 30, false);
  b.set([0x41, 0x49, 0x46, 0x46, 0x43, 0x4f, 0x4d, 0x4d], 8);
  v.setUint32(16, 18, false);
  v.setUint16(20, channels, false);
  v.setUint32(22, frames, false);
  v.setUint16(26, bits, false);
  // 80-bit extended sample rate
  const exp = Math.floor(Math.log2(rate));
  v.setUint16(28, 16383 + exp, false);
  const mant = BigInt(Math.round(rate * 2 ** (63 - exp)));
  v.setBigUint64(30, mant, false);
  return b;
}

function tagged(name: string, value: number | string): WObject {
  const v = typeof value === 'number' ? indirect(TYPE_DEF.Int32, (() => { const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, value, true); return b; })()) : indirect(TYPE_DEF.String, utf16z(value));
  return { classId: C.TaggedValue, props: [str(PID.TaggedValue_Name, name), data(PID.TaggedValue_Value, v)] };
}

function ratio(x: number): Uint8Array {
  const den = 1 << 29;
  return indirect(TYPE_DEF.Rational, rational(Math.round(x * den), den));
}

function sourceClip(mobId: Uint8Array, slotId: number, length: number, start: number): WObject {
  return {
    classId: C.SourceClip,
    props: [dataDef(DATA_DEF.Sound), data(PID.Component_Length, i64(length)), data(PID.SourceReference_SourceID, mobId),
      data(PID.SourceReference_SourceMobSlotID, u32(slotId)), data(PID.SourceClip_StartTime, i64(start))],
  };
}

function filler(length: number, def: string = DATA_DEF.Sound): WObject {
  return { classId: C.Filler, props: [dataDef(def), data(PID.Component_Length, i64(length))] };
}

/** A Sound Sequence of `components`, `length` edit units long. */
function soundSequence(length: number, components: WObject[]): WObject {
  return { classId: C.Sequence, props: [dataDef(DATA_DEF.Sound), data(PID.Component_Length, i64(length)), vector(PID.Sequence_Components, 'Components', components)] };
}

/** A Sound NestedScope of `length` edit units over `slots` (the last is its output). */
function nestedScope(length: number, slots: WObject[]): WObject {
  return { classId: CLS(0x0b), props: [dataDef(DATA_DEF.Sound), data(PID.Component_Length, i64(length)), vector(PID.NestedScope_Slots, 'Slots', slots)] };
}

/** A ScopeReference of `length` edit units to the slot `relativeSlot` back, `relativeScope` scopes out. */
function scopeReference(length: number, relativeScope: number, relativeSlot: number): WObject {
  return { classId: CLS(0x0d), props: [dataDef(DATA_DEF.Sound), data(PID.Component_Length, i64(length)), data(0x0e01, u32(relativeScope)), data(0x0e02, u32(relativeSlot))] };
}

/** The output slot of a NestedScope `length` units long that plays an earlier slot through a ScopeReference (see WriterScopeReference). */
function scopeOutput(r: WriterScopeReference, length: number): WObject {
  const [start, span] = r.window ?? [0, length];
  let ref = scopeReference(span, r.relativeScope ?? 0, r.relativeSlot ?? 1);
  if (r.gainDb !== undefined) ref = gainGroup(ref, span, { db: r.gainDb });
  const parts = [...(start > 0 ? [filler(start)] : []), ref, ...(start + span < length ? [filler(length - start - span)] : [])];
  const out = parts.length === 1 ? ref : soundSequence(length, parts);
  if (!r.wrapped) return out;
  return nestedScope(length, [filler(length), out]);
}

/** `slots` Sequences of `length` units, each of `refs` ScopeReferences of equal spans (ceil(length / refs)) to the slot before it. */
function scopeChain(length: number, slots: number, refs: number): WObject[] {
  const step = Math.ceil(length / refs);
  return Array.from({ length: slots }, () => {
    const parts: WObject[] = [];
    for (let at = 0; at < length; at += step) parts.push(scopeReference(Math.min(step, length - at), 0, 1));
    return soundSequence(length, parts);
  });
}

/** A Pulldown of `kind` (0 2:3, 1 PAL) and `direction` (0 tape to film speed) over `input`, `length` units of the slot. */
function pulldown(def: string, length: number, input: WObject, kind: number, direction: number): WObject {
  return {
    classId: CLS(0x0c),
    props: [dataDef(def), data(PID.Component_Length, i64(length)), strong(PID.Pulldown_InputSegment, 'InputSegment', input),
      data(0x0d02, u8(kind)), data(0x0d03, u8(direction)), data(0x0d04, u32(0))],
  };
}

function paramSet(params: WObject[]): WProp {
  return { pid: PID.OperationGroup_Parameters, kind: 'set', name: storageName('Parameters', PID.OperationGroup_Parameters), objs: params, keyPid: PID.Parameter_Definition, key: (o) => (o.props.find((p) => p.pid === PID.Parameter_Definition) as { bytes: Uint8Array }).bytes };
}

function varying(def: string, points: Array<[number, number]>): WObject {
  return {
    classId: C.VaryingValue,
    props: [data(PID.Parameter_Definition, auidBytes(def)), weak(PID.VaryingValue_Interpolation, REF_INTERP_DEFS, PID.DefinitionObject_Identification, INTERP_LINEAR),
      vector(PID.VaryingValue_PointList, 'PointList', points.map(([t, v]) => ({
        classId: C.ControlPoint,
        props: [data(PID.ControlPoint_Time, rational(Math.round(t * 1000), 1000)), data(PID.ControlPoint_Value, ratio(v))],
      })))],
  };
}

/** A sound OperationGroup of operation `op` over `inputs`, with its parameters (none: no Parameters property, as combiners are written). */
function operationGroup(op: string, inputs: WObject[], length: number, params: WObject[] | null): WObject {
  const props: WProp[] = [dataDef(DATA_DEF.Sound), data(PID.Component_Length, i64(length)), weak(PID.OperationGroup_Operation, REF_OP_DEFS, PID.DefinitionObject_Identification, op),
    vector(PID.OperationGroup_InputSegments, 'InputSegments', inputs)];
  if (params) props.push(paramSet(params));
  return { classId: C.OperationGroup, props };
}

function constantValue(def: string, value: number): WObject {
  return { classId: C.ConstantValue, props: [data(PID.Parameter_Definition, auidBytes(def)), data(PID.ConstantValue_Value, ratio(value))] };
}

function gainGroup(input: WObject, length: number, gain: { db?: number; envelope?: Array<[number, number]> }): WObject {
  const params: WObject[] = [];
  if (gain.db !== undefined) params.push(constantValue(PARAM_DEF.Amplitude, 10 ** (gain.db / 20)));
  if (gain.envelope) params.push(varying(PARAM_DEF.AvidControlClipRatio, gain.envelope));
  return operationGroup(OP_DEF.MonoAudioGain, [input], length, params);
}

/** Volume automation around a slot's whole content: Amplitude values spread evenly over it. */
function volumeGroup(input: WObject, length: number, values: number[]): WObject {
  return operationGroup(OP_DEF.MonoAudioGain, [input], length, [varying(PARAM_DEF.Amplitude, values.map((v, i) => [values.length > 1 ? i / (values.length - 1) : 0, v]))]);
}

function effectGroup(input: WObject, length: number, e: WriterEffect): WObject {
  const def = e.param ?? EFFECT_PARAM;
  const param = e.values.length === 1 ? constantValue(def, e.values[0]) : varying(def, e.values.map((v, i) => [i / (e.values.length - 1), v]));
  return operationGroup(e.op, [input], length, [param]);
}

function transition(length: number): WObject {
  return {
    classId: C.Transition,
    props: [dataDef(DATA_DEF.Sound), data(PID.Component_Length, i64(length)), data(PID.Transition_CutPoint, i64(0)),
      strong(PID.Transition_OperationGroup, 'OperationGroup', {
        classId: C.OperationGroup,
        props: [dataDef(DATA_DEF.Sound), data(PID.Component_Length, i64(length)), weak(PID.OperationGroup_Operation, REF_OP_DEFS, PID.DefinitionObject_Identification, OP_DEF.MonoAudioDissolve),
          paramSet([varying(PARAM_DEF.Level, [[0, 0], [1, 1]])])],
      })],
  };
}

type Built = { root: CfbStorage; mediaMobIds: Uint8Array[] };

/** The object tree of an AAF for `spec` (a CFB storage tree). */
export function buildAafTree(spec: AafSpec): Built {
  const [ern, erd] = spec.editRate ?? [25, 1];
  const COMPONENT_ATTRS = { ...COMPONENT_ATTRS_DEFAULT, pid: spec.dynamicPids?.componentAttributes ?? COMPONENT_ATTRS_DEFAULT.pid };
  const TIMELINE_ATTRS = { ...TIMELINE_ATTRS_DEFAULT, pid: spec.dynamicPids?.timelineAttributes ?? TIMELINE_ATTRS_DEFAULT.pid };
  const masterIds: Uint8Array[] = [];
  const extraId = newMobId();
  /** The sub-clip of the extra composition, made when a clip plays it (`composition: 'subClip'`). */
  let subClipId: Uint8Array | null = null;
  const subClipOfExtra = (): Uint8Array => (subClipId ??= newMobId());
  /** Slot 1 of a composition the session's clips play (the extra composition, its sub-clip). */
  const audioSlot = (segment: WObject): WObject => ({
    classId: C.TimelineMobSlot,
    props: [data(PID.MobSlot_SlotID, u32(1)), str(PID.MobSlot_SlotName, 'A1'), data(PID.MobSlot_PhysicalTrackNumber, u32(1)),
      data(PID.TimelineMobSlot_EditRate, rational(ern, erd)), data(PID.TimelineMobSlot_Origin, i64(0)), strong(PID.MobSlot_Segment, 'Segment', segment)],
  });
  const mobs: WObject[] = [];
  const essence: WObject[] = [];
  const usesComponentAttrs = spec.tracks.some((t) => t.clips.some((c) => c.muted));
  // The operations and parameters of the spec's effects, by AUID, for the Dictionary (beside those it always declares).
  const effects = new Map<string, string>();
  const effectParams = new Map<string, string>();
  for (const e of spec.tracks.flatMap((t) => [t.effect, ...t.clips.map((c) => c.effect)])) {
    if (!e) continue;
    if (!DECLARED_OPS.has(e.op)) effects.set(e.op, e.name ?? 'Effect');
    const param = e.param ?? EFFECT_PARAM;
    if (!DECLARED_PARAMS.has(param)) effectParams.set(param, param === EFFECT_PARAM ? 'Effect parameter' : baselineName(PARAM_DEF, param) ?? 'Parameter');
  }
  const usesTimelineAttrs = spec.tracks.some((t) => t.trackFormat !== undefined || t.mute !== undefined || t.solo !== undefined);
  for (const m of spec.media) {
    const rate = m.sampleRate ?? 48000;
    const ch = m.channels ?? 1;
    const bits = m.bitDepth ?? 24;
    const srcId = newMobId();
    const masterId = newMobId();
    masterIds.push(masterId);
    const summary = m.format === 'aiff' ? aiffHeader(ch, rate, bits, m.length) : wavHeader(ch, rate, bits, m.length);
    const descProps: WProp[] = [
      data(m.format === 'aiff' ? PID.AIFCDescriptor_Summary : PID.WAVEDescriptor_Summary, summary),
      data(PID.FileDescriptor_SampleRate, rational(rate, 1)),
      data(PID.FileDescriptor_Length, i64(m.length)),
    ];
    if (m.url) descProps.push(vector(PID.EssenceDescriptor_Locator, 'Locator', [{ classId: C.NetworkLocator, props: [str(PID.NetworkLocator_URLString, m.url)] }]));
    const slot = (segment: WObject): WObject => ({
      classId: C.TimelineMobSlot,
      props: [data(PID.MobSlot_SlotID, u32(1)), data(PID.TimelineMobSlot_EditRate, rational(rate, 1)), data(PID.TimelineMobSlot_Origin, i64(0)), strong(PID.MobSlot_Segment, 'Segment', segment)],
    });
    mobs.push({
      classId: C.SourceMob,
      props: [data(PID.Mob_MobID, srcId), str(PID.Mob_Name, m.name), ...mobTimes(),
        strong(PID.SourceMob_EssenceDescription, 'EssenceDescription', { classId: m.format === 'aiff' ? C.AIFCDescriptor : C.WAVEDescriptor, props: descProps }),
        vector(PID.Mob_Slots, 'Slots', [slot(sourceClip(new Uint8Array(32), 0, m.length, 0))])],
    });
    mobs.push({
      classId: C.MasterMob,
      props: [data(PID.Mob_MobID, masterId), str(PID.Mob_Name, m.name), ...mobTimes(), vector(PID.Mob_Slots, 'Slots', [slot(sourceClip(srcId, 1, m.length - (m.masterStart ?? 0), m.masterStart ?? 0))])],
    });
    if (m.embedded) {
      const size = m.embedded.size ?? 44 + m.length * ch * Math.ceil(bits / 8);
      essence.push({
        classId: C.EssenceData,
        props: [data(PID.EssenceData_MobID, srcId), { pid: PID.EssenceData_Data, kind: 'stream', name: 'Data-2702', stream: size < 1 << 20 ? { bytes: concat(summary, new Uint8Array(Math.max(0, size - summary.length))) } : { size, head: summary } }],
      });
    }
  }
  const slots: WObject[] = [];
  let slotId = 1;
  // Every slot is as long as the composition: the sum of its components' lengths (a trailing Filler pads it).
  const compLength = Math.max(1, ...spec.tracks.flatMap((t) => t.clips.map((c) => c.position + c.length + (t.pulldown ? 1 : 0))));
  if (spec.timecode) {
    const tc = spec.timecode;
    // Behind a Pulldown the Timecode runs at its own rate: its length is the slot's, in its frames.
    const tcLength = tc.pulldown ? Math.ceil((compLength * tc.fps * erd) / ern) : compLength;
    let segment: WObject = {
      classId: C.Timecode,
      props: [dataDef(DATA_DEF.Timecode), data(PID.Component_Length, i64(tcLength)), data(PID.Timecode_Start, i64(tc.start)),
        data(PID.Timecode_FPS, u16(tc.fps)), data(PID.Timecode_Drop, u8(tc.drop ? 1 : 0))],
    };
    if (tc.pulldown) segment = pulldown(DATA_DEF.Timecode, compLength, segment, 0, 0);
    slots.push({
      classId: C.TimelineMobSlot,
      props: [data(PID.MobSlot_SlotID, u32(slotId++)), str(PID.MobSlot_SlotName, 'TC1'), data(PID.TimelineMobSlot_EditRate, rational(ern, erd)), data(PID.TimelineMobSlot_Origin, i64(0)),
        strong(PID.MobSlot_Segment, 'Segment', segment)],
    });
  }
  for (const [ti, t] of spec.tracks.entries()) {
    const comps: WObject[] = [];
    let cursor = 0;
    const clips = t.clips.slice().sort((a, b) => a.position - b.position);
    let held: { seg: WObject; length: number; gain?: WriterClip['sequenceGain'] } | null = null;
    for (const c of clips) {
      const gap = c.position - cursor;
      const fin = c.fadeIn ?? 0;
      if (gap + fin > 0) comps.push(filler(gap + fin));
      if (fin) comps.push(transition(fin));
      const target = c.composition === 'subClip' ? subClipOfExtra() : c.composition ? extraId : masterIds[c.media];
      if (!target) throw new Error(`clip refers to media ${c.media}, but the spec has ${masterIds.length}`);
      let seg: WObject = sourceClip(target, 1, c.length, c.sourceOffset ?? 0);
      if (c.channels && c.channels > 1) {
        const input = (): WObject => {
          const clip = sourceClip(target, 1, c.length, c.sourceOffset ?? 0);
          if (!c.channelInputs) return clip;
          const slots = c.channelInputs === 'nested' ? [filler(c.length), clip] : [clip, scopeReference(c.length, 0, 1)];
          return nestedScope(c.length, slots);
        };
        seg = operationGroup(OP_DEF.AudioChannelCombiner, Array.from({ length: c.channels }, input), c.length, null);
      }
      if (c.effect) seg = effectGroup(seg, c.length, c.effect);
      if (c.gain) seg = gainGroup(seg, c.length, c.gain);
      if (c.muted) {
        seg = {
          classId: C.Selector,
          props: [dataDef(DATA_DEF.Sound), data(PID.Component_Length, i64(c.length)), strong(PID.Selector_Selected, 'Selected', filler(c.length)),
            vector(PID.Selector_Alternates, 'Alternates', [seg]),
            { pid: COMPONENT_ATTRS.pid, kind: 'vector', name: storageName(COMPONENT_ATTRS.name, COMPONENT_ATTRS.pid), objs: [tagged('_DISABLE_CLIP_FLAG', 1)] }],
        };
      }
      cursor = c.position + c.length;
      if (c.sequenceWithNext) {
        held = { seg, length: c.length, gain: c.sequenceGain };
        continue;
      }
      if (held) {
        const length = held.length + c.length;
        seg = soundSequence(length, [held.seg, seg]);
        if (held.gain) seg = gainGroup(seg, length, held.gain);
        held = null;
      }
      comps.push(seg);
      if (c.fadeOut) {
        comps.push(transition(c.fadeOut));
        comps.push(filler(c.fadeOut));
      }
    }
    const tail = compLength - cursor - (t.pulldown ? 1 : 0);
    if (tail > 0) comps.push(filler(tail));
    if (t.pulldown) {
      comps.push(pulldown(DATA_DEF.Sound, 1, filler(1), 1, 0));
    }
    let segment: WObject = soundSequence(compLength, comps);
    if (t.nested) {
      const slots = t.nested === true ? [filler(compLength), segment]
        : t.nested.chain ? [segment, ...scopeChain(compLength, t.nested.chain.slots, t.nested.chain.refs)]
        : [segment, scopeOutput(t.nested, compLength)];
      segment = nestedScope(compLength, slots);
    }
    if (t.volume) {
      segment = volumeGroup(segment, compLength, t.volume);
    }
    if (t.effect) segment = effectGroup(segment, compLength, t.effect);
    const attrs: WObject[] = [];
    if (t.trackFormat !== undefined) attrs.push(tagged('_TRACK_FORMAT', t.trackFormat));
    if (t.mute !== undefined) attrs.push(tagged('AudioMixerCompMute', t.mute ? 1 : 0));
    if (t.solo !== undefined) attrs.push(tagged('AudioMixerCompSolo', t.solo ? 1 : 0));
    const props: WProp[] = [data(PID.MobSlot_SlotID, u32(slotId++)), str(PID.MobSlot_SlotName, t.name), data(PID.MobSlot_PhysicalTrackNumber, u32(ti + 1)),
      data(PID.TimelineMobSlot_EditRate, rational(ern, erd)), data(PID.TimelineMobSlot_Origin, i64(0)), strong(PID.MobSlot_Segment, 'Segment', segment)];
    if (attrs.length) props.push({ pid: TIMELINE_ATTRS.pid, kind: 'vector', name: storageName(TIMELINE_ATTRS.name, TIMELINE_ATTRS.pid), objs: attrs });
    slots.push({ classId: C.TimelineMobSlot, props });
  }
  if (spec.markers?.length) {
    slots.push({
      classId: C.EventMobSlot,
      props: [data(PID.MobSlot_SlotID, u32(slotId++)), data(PID.EventMobSlot_EditRate, rational(ern, erd)),
        strong(PID.MobSlot_Segment, 'Segment', {
          classId: C.Sequence,
          props: [dataDef(DATA_DEF.DescriptiveMetadata), vector(PID.Sequence_Components, 'Components', spec.markers.map((m) => ({
            classId: C.DescriptiveMarker,
            props: [dataDef(DATA_DEF.DescriptiveMetadata), data(PID.Event_Position, i64(m.position)), str(PID.Event_Comment, m.comment ?? m.name),
              ...(m.length ? [data(PID.Component_Length, i64(m.length))] : [])],
          })))],
        })],
    });
  }
  const compProps: WProp[] = [data(PID.Mob_MobID, newMobId()), str(PID.Mob_Name, spec.name ?? 'Session'), ...mobTimes(), vector(PID.Mob_Slots, 'Slots', slots)];
  if (!spec.noUsageCode) compProps.push(data(PID.Mob_UsageCode, auidBytes(USAGE_TOP_LEVEL)));
  mobs.push({ classId: C.CompositionMob, props: compProps });
  let extraLength = 0;
  if (spec.extraComposition) {
    // A second composition, first in the set: the reader must still pick the session's own.
    const extra = typeof spec.extraComposition === 'object' ? spec.extraComposition : {};
    const extraSlots: WObject[] = [];
    if (extra.clips?.length) {
      const inner: WObject[] = [];
      let at = 0;
      for (const c of extra.clips.slice().sort((a, b) => a.position - b.position)) {
        if (c.position > at) inner.push(filler(c.position - at));
        // A clip with `composition` plays this composition itself (a loop, as a damaged file may hold).
        const target = c.composition ? extraId : masterIds[c.media];
        if (!target) throw new Error(`extra composition clip refers to media ${c.media}, but the spec has ${masterIds.length}`);
        const seg = sourceClip(target, 1, c.length, c.sourceOffset ?? 0);
        inner.push(c.gain ? gainGroup(seg, c.length, c.gain) : seg);
        at = c.position + c.length;
      }
      let segment = extra.bare && inner.length === 1 ? inner[0] : soundSequence(at, inner);
      if (extra.volume) segment = volumeGroup(segment, at, extra.volume);
      extraSlots.push(audioSlot(segment));
      extraLength = at;
    }
    const extraProps = [data(PID.Mob_MobID, extraId), str(PID.Mob_Name, 'Other sequence'), ...mobTimes(), vector(PID.Mob_Slots, 'Slots', extraSlots)];
    if (extra.topLevel) extraProps.push(data(PID.Mob_UsageCode, auidBytes(USAGE_TOP_LEVEL)));
    else if (extra.subClip) extraProps.push(data(PID.Mob_UsageCode, auidBytes(USAGE_SUB_CLIP)));
    mobs.unshift({ classId: C.CompositionMob, props: extraProps });
  }
  if (subClipId) {
    if (!spec.extraComposition) throw new Error("a clip plays the extra composition's sub-clip, but the spec has no extra composition");
    mobs.unshift({
      classId: C.CompositionMob,
      props: [data(PID.Mob_MobID, subClipId), str(PID.Mob_Name, 'Sub-clip of other sequence'), ...mobTimes(),
        vector(PID.Mob_Slots, 'Slots', [audioSlot(sourceClip(extraId, 1, extraLength, 0))]), data(PID.Mob_UsageCode, auidBytes(USAGE_SUB_CLIP))],
    });
  }

  const def = (cls: string, id: string, name: string, extra: WProp[] = []): WObject => ({
    classId: cls,
    props: [data(PID.DefinitionObject_Identification, auidBytes(id)), str(PID.DefinitionObject_Name, name), str(PID.DefinitionObject_Description, ''), ...extra],
  });
  const opDef = (id: string, name: string, inputs: number): WObject =>
    def(C.OperationDefinition, id, name, [weak(0x1e01, REF_DATA_DEFS, PID.DefinitionObject_Identification, DATA_DEF.Sound), data(0x1e07, u32(inputs))]);
  const paramDef = (id: string, name: string): WObject => def(C.ParameterDefinition, id, name, [weak(0x1f01, REF_TYPE_DEFS, PID.MetaDefinition_Identification, TYPE_RATIONAL)]);
  const defSet = (pid: number, name: string, objs: WObject[]): WProp => ({ pid, kind: 'set', name: storageName(name, pid), objs, keyPid: PID.DefinitionObject_Identification, key: (o) => (o.props[0] as { bytes: Uint8Array }).bytes });
  const dictionary: WObject = {
    classId: C.Dictionary,
    props: [
      defSet(PID.Dictionary_DataDefinitions, 'DataDefinitions', [def(C.DataDefinition, DATA_DEF.Sound, 'Sound'), def(C.DataDefinition, DATA_DEF.Timecode, 'Timecode'), def(C.DataDefinition, DATA_DEF.DescriptiveMetadata, 'DescriptiveMetadata')]),
      defSet(PID.Dictionary_OperationDefinitions, 'OperationDefinitions', [
        ...BASE_OPS.map(([id, name, inputs]) => opDef(id, name, inputs)),
        ...[...effects].map(([id, name]) => opDef(id, name, 1)),
      ]),
      defSet(PID.Dictionary_ParameterDefinitions, 'ParameterDefinitions', [
        ...BASE_PARAMS.map(([id, name]) => paramDef(id, name)),
        ...[...effectParams].map(([id, name]) => paramDef(id, name)),
      ]),
      defSet(0x2608, 'ContainerDefinitions', CONTAINER_DEFS.map(([id, name]) => def(CLS(0x20), id, name))),
      defSet(0x2609, 'InterpolationDefinitions', [def(C.InterpolationDefinition, INTERP_LINEAR, 'LinearInterp')]),
    ],
  };
  const ident = spec.identification ?? { company: 'session-inspector', product: 'aaf-writer (tests)', version: '1.0' };
  const header: WObject = {
    classId: C.Header,
    props: [
      data(PID.Header_ByteOrder, u16(0x4949)),
      data(PID.Header_LastModified, new Uint8Array([0xea, 0x07, 1, 1, 0, 0, 0, 0])),
      data(PID.Header_Version, Uint8Array.of(1, 1)),
      data(PID.Header_ObjectModelVersion, u32(1)),
      strong(PID.Header_Content, 'Content', {
        classId: C.ContentStorage,
        props: [
          { pid: PID.ContentStorage_Mobs, kind: 'set', name: storageName('Mobs', PID.ContentStorage_Mobs), objs: mobs, keyPid: PID.Mob_MobID, key: (o) => (o.props[0] as { bytes: Uint8Array }).bytes },
          ...(essence.length ? [{ pid: PID.ContentStorage_EssenceData, kind: 'set', name: storageName('EssenceData', PID.ContentStorage_EssenceData), objs: essence, keyPid: PID.EssenceData_MobID, key: (o: WObject) => (o.props[0] as { bytes: Uint8Array }).bytes } as WProp] : []),
        ],
      }),
      strong(PID.Header_Dictionary, 'Dictionary', dictionary),
      vector(PID.Header_IdentificationList, 'IdentificationList', [{
        classId: C.Identification,
        props: [str(PID.Identification_CompanyName, ident.company), str(PID.Identification_ProductName, ident.product), str(PID.Identification_ProductVersionString, ident.version),
          data(PID.Identification_ProductID, auidBytes('5e55104e-0000-4000-8000-00000000aaf1')), data(PID.Identification_Date, new Uint8Array([0xea, 0x07, 1, 1, 0, 0, 0, 0])),
          data(0x3c09, auidBytes('5e55104e-0000-4000-8000-00000000aaf2')),
          data(PID.Identification_ProductVersion, versionRecord(1, 0, 0, 0, 1)), data(PID.Identification_ToolkitVersion, versionRecord(1, 1, 6, 0, 1)),
          str(PID.Identification_Platform, 'session-inspector test writer')],
      }]),
    ],
  };
  // The MetaDictionary declares the dynamic (per-file) properties the writer used, in the classes
  // that declare them in real exports. A class definition a file carries stands for the whole class
  // (readers such as pyaaf2 take its property list instead of their own), so each one lists every
  // baseline property of the class, and its parent classes are declared too, up to InterchangeObject.
  const propertyDef = (p: BaselineProperty): WObject => ({
    classId: C.PropertyDefinition,
    props: [data(PID.MetaDefinition_Identification, auidBytes(p.auid)), str(PID.MetaDefinition_Name, p.name), data(PID.PropertyDefinition_Type, auidBytes(p.type)),
      data(PID.PropertyDefinition_IsOptional, u8(p.optional ? 1 : 0)), data(PID.PropertyDefinition_LocalIdentification, u16(p.pid))],
  });
  const classDef = (c: BaselineClass, extra: BaselineProperty[]): WObject => ({
    classId: C.ClassDefinition,
    props: [data(PID.MetaDefinition_Identification, auidBytes(c.id)), str(PID.MetaDefinition_Name, c.name),
      weak(PID.ClassDefinition_ParentClass, REF_CLASS_DEFS, PID.MetaDefinition_Identification, c.parent), data(PID.ClassDefinition_IsConcrete, u8(c.concrete ? 1 : 0)),
      {
        pid: PID.ClassDefinition_Properties, kind: 'set', name: storageName('Properties', 9), keyPid: PID.MetaDefinition_Identification, key: (o) => (o.props[0] as { bytes: Uint8Array }).bytes,
        objs: [...c.properties, ...extra].map(propertyDef),
      }],
  });
  const attributeList = (a: { pid: number; auid: string; name: string }): BaselineProperty => ({ ...a, type: TAGGED_VECTOR_TYPE, optional: true });
  const declared = new Map<BaselineClass, BaselineProperty[]>();
  const declare = (c: BaselineClass, extra: BaselineProperty[] = []): void => {
    declared.set(c, [...(declared.get(c) ?? []), ...extra]);
    const parent = BASELINE_CLASSES.find((p) => p.id === c.parent);
    if (parent && parent !== c && !declared.has(parent)) declare(parent);
  };
  if (usesComponentAttrs) declare(CLASS_COMPONENT, [attributeList(COMPONENT_ATTRS)]);
  if (usesTimelineAttrs) declare(CLASS_TIMELINE_MOB_SLOT, [attributeList(TIMELINE_ATTRS)]);
  const classDefs: WObject[] = [...declared].map(([c, extra]) => classDef(c, extra));
  const metaDictionary: WObject = {
    classId: C.MetaDictionary,
    // Both sets are always there, as in every real export (the baseline type definitions are not repeated: readers know them).
    props: [
      { pid: PID.MetaDictionary_ClassDefinitions, kind: 'set', name: storageName('ClassDefinitions', 3), objs: classDefs, keyPid: PID.MetaDefinition_Identification, key: (o) => (o.props[0] as { bytes: Uint8Array }).bytes },
      { pid: PID.MetaDictionary_TypeDefinitions, kind: 'set', name: storageName('TypeDefinitions', 4), objs: [], keyPid: PID.MetaDefinition_Identification, key: (o) => (o.props[0] as { bytes: Uint8Array }).bytes },
    ],
  };
  const rootObj: WObject = { classId: ROOT_CLSID, props: [strong(PID.Root_MetaDictionary, 'MetaDictionary', metaDictionary), strong(PID.Root_Header, 'Header', header)] };
  const root = objectStorage('Root Entry', rootObj);
  root.children.push({
    kind: 'stream', name: 'referenced properties',
    bytes: referencedProperties([[2, 0x3b04, 0x2605], [2, 0x3b04, 0x2603], [2, 0x3b04, 0x2604], [2, 0x3b04, 0x2609], [1, 0x0003], [1, 0x0004]]),
  });
  return { root, mediaMobIds: masterIds };
}

/** An AAF file in memory. */
export function writeAaf(spec: AafSpec, cfb: CfbWriteOptions = {}): Uint8Array {
  return cfbBytes(layoutCfb(buildAafTree(spec).root, cfb));
}

/** An AAF written to disk; sparse streams are left as holes (the file is truncated to its size, never filled). */
export async function writeAafFile(path: string, spec: AafSpec, cfb: CfbWriteOptions = {}): Promise<CfbLayout> {
  const layout = layoutCfb(buildAafTree(spec).root, cfb);
  const fh = await open(path, 'w');
  try {
    await fh.truncate(layout.size);
    for (const c of layout.chunks) await fh.write(c.bytes, 0, c.bytes.length, c.offset);
  } finally {
    await fh.close();
  }
  return layout;
}
