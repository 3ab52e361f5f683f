/**
 * The object tree of an AAF file as text, for people who debug exports:
 * class, then each property with its stored form and decoded value; strong
 * references are followed, weak references print their key, data streams
 * (essence) print their size only.
 */
import { PID, TYPE_DEF } from './ids.js';
import { decodeIndirect } from './values.js';
import type { AafFile, AafObject } from './object-model.js';
import { SF, STORED_FORM_NAMES, auidAt, hexOf, i32At, i64At, u16At, u32At, utf16z } from './storage.js';

type Hint = 'rational' | 'i64' | 'u32' | 'u16' | 'bool' | 'indirect' | 'auid' | 'string' | 'u8' | 'i32';

const HINTS = new Map<number, Hint>([
  [PID.TimelineMobSlot_EditRate, 'rational'], [PID.EventMobSlot_EditRate, 'rational'],
  [PID.FileDescriptor_SampleRate, 'rational'], [PID.SoundDescriptor_AudioSamplingRate, 'rational'],
  [PID.ControlPoint_Time, 'rational'],
  [PID.Component_Length, 'i64'], [PID.SourceClip_StartTime, 'i64'], [PID.TimelineMobSlot_Origin, 'i64'],
  [PID.Timecode_Start, 'i64'], [PID.Event_Position, 'i64'], [PID.Transition_CutPoint, 'i64'],
  [PID.FileDescriptor_Length, 'i64'], [PID.SourceClip_FadeInLength, 'i64'], [PID.SourceClip_FadeOutLength, 'i64'],
  [PID.MobSlot_SlotID, 'u32'], [PID.MobSlot_PhysicalTrackNumber, 'u32'], [PID.SoundDescriptor_Channels, 'u32'],
  [PID.SoundDescriptor_QuantizationBits, 'u32'], [PID.SourceReference_SourceMobSlotID, 'u32'],
  [PID.Timecode_FPS, 'u16'], [PID.PropertyDefinition_LocalIdentification, 'u16'], [PID.Header_ByteOrder, 'u16'],
  [PID.PCMDescriptor_BlockAlign, 'u32'], [PID.Selector_Selected, 'u32'],
  [PID.Timecode_Drop, 'bool'], [PID.ClassDefinition_IsConcrete, 'bool'], [PID.PropertyDefinition_IsOptional, 'bool'],
  [PID.ConstantValue_Value, 'indirect'], [PID.ControlPoint_Value, 'indirect'], [PID.TaggedValue_Value, 'indirect'],
  [PID.MetaDefinition_Identification, 'auid'], [PID.DefinitionObject_Identification, 'auid'],
  [PID.Parameter_Definition, 'auid'], [PID.Mob_UsageCode, 'auid'], [PID.Identification_ProductID, 'auid'],
]);

function looksUtf16(b: Uint8Array): boolean {
  if (b.length < 2 || b.length % 2 || b[b.length - 1] !== 0 || b[b.length - 2] !== 0) return false;
  for (let i = 0; i + 1 < b.length - 2; i += 2) {
    const c = b[i] | (b[i + 1] << 8);
    if (c === 0 || (c < 0x20 && c !== 9 && c !== 10 && c !== 13)) return false;
  }
  return true;
}

function hexShort(b: Uint8Array): string {
  return b.length > 48 ? `${hexOf(b.subarray(0, 48))}… (${b.length} bytes)` : hexOf(b);
}

/** Value of a data property as text. */
export function formatData(pid: number, b: Uint8Array): string {
  switch (HINTS.get(pid)) {
    case 'rational': return b.length >= 8 ? `${i32At(b, 0)}/${i32At(b, 4)}` : hexShort(b);
    case 'i64': return b.length >= 8 ? i64At(b, 0).toString() : hexShort(b);
    case 'u32': return b.length >= 4 ? String(u32At(b, 0)) : hexShort(b);
    case 'u16': return b.length >= 2 ? String(u16At(b, 0)) : hexShort(b);
    case 'bool': return b.length >= 1 ? String(b[0] !== 0) : '';
    case 'auid': return b.length >= 16 ? auidAt(b, 0) : hexShort(b);
    case 'indirect': {
      const v = decodeIndirect(b);
      return v ? `${typeName(v.typeId)} ${JSON.stringify(v.value)}` : hexShort(b);
    }
    default:
      if (looksUtf16(b)) return JSON.stringify(utf16z(b));
      if (b.length === 16) return auidAt(b, 0);
      if (b.length === 8) return `${i64At(b, 0)} (0x${hexOf(b)})`;
      if (b.length === 4) return String(u32At(b, 0));
      if (b.length === 2) return String(u16At(b, 0));
      if (b.length === 1) return String(b[0]);
      return hexShort(b);
  }
}

function typeName(id: string): string {
  for (const [k, v] of Object.entries(TYPE_DEF)) if (v === id) return k;
  return id;
}

/** The whole object tree from the root storage. */
export async function dumpTree(file: AafFile, maxDepth = 64): Promise<string> {
  const lines: string[] = [];
  await dumpObject(file, file.root, 0, 'Root', lines, maxDepth);
  return lines.join('\n') + '\n';
}

async function dumpObject(file: AafFile, o: AafObject, depth: number, label: string, lines: string[], maxDepth: number): Promise<void> {
  const pad = '  '.repeat(depth);
  lines.push(`${pad}${label}: ${file.className(o.classId)}${o.className !== file.className(o.classId) ? ` (${o.className})` : ''} [${o.entry.name}]`);
  if (depth >= maxDepth) return;
  for (const p of o.props.values()) {
    const name = file.propertyName(p.pid);
    const head = `${pad}  ${name} (0x${p.pid.toString(16).padStart(4, '0')}, ${STORED_FORM_NAMES[p.form] ?? `form 0x${p.form.toString(16)}`})`;
    switch (p.form) {
      case SF.DATA:
        lines.push(`${head}: ${formatData(p.pid, p.value)}`);
        break;
      case SF.DATA_STREAM: {
        const sname = utf16z(p.value.subarray(1));
        const e = file.cf.child(o.entry, sname);
        lines.push(`${head}: stream "${sname}", ${e ? e.size : 'missing'} bytes (not read)`);
        break;
      }
      case SF.WEAK_REF:
        lines.push(`${head}: → ${o.weakKey(p.pid)}`);
        break;
      case SF.WEAK_REF_VECTOR:
      case SF.WEAK_REF_SET:
        lines.push(`${head}: → [${(await o.weakKeys(p.pid)).join(', ')}]`);
        break;
      case SF.STRONG_REF: {
        const c = await o.ref(p.pid);
        if (c) await dumpObject(file, c, depth + 1, name, lines, maxDepth);
        else lines.push(`${head}: (missing)`);
        break;
      }
      case SF.STRONG_REF_VECTOR:
      case SF.STRONG_REF_SET: {
        const items = await o.refs(p.pid);
        lines.push(`${head}: ${items.length} element(s)`);
        for (let i = 0; i < items.length; i++) await dumpObject(file, items[i], depth + 2, `[${i}]`, lines, maxDepth);
        break;
      }
      default:
        lines.push(`${head}: ${hexShort(p.value)}`);
    }
  }
}
