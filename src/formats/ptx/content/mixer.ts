/**
 * Mixer-side track records.
 * PT5–8: 0x2009 "Tracks" (u32 count) holds 0x101d audio, 0x101e master fader and
 *   0x200f MIDI records. Audio/master: 0x101c → 0x102d → 0x101b (channel name,
 *   8-byte id in 0x2102); 0x101c also holds 0x101a "Inserts" (u32 slot count, then
 *   0x1030 plug-in instance or 0x1036 "No Insert" per slot) and 0x1023 automation
 *   (0x1025 lists: u32 point count first; 0x1026 holds more 0x1025).
 * PT10+: 0x2624 (u32 count) holds 0x261c audio and 0x2620 MIDI records;
 *   0x261c → 0x261b → 0x102d → 0x2619 (track name), 0x2627 (insert slots, not
 *   decoded), 0x260d → 0x260e (output assignment), 0x260a automation lists
 *   (01 46 01 00, u32, u16 time base, u32 point count …), 0x260c → 0x260a (pan).
 */
import type { Automation, AutomationParameter, Insert } from '../../../model/session.js';
import type { Block, PtxBytes } from '../blocks.js';
import { hex } from './playlists.js';
import type { PluginType } from './plugins.js';

export type MixerKind = 'audio' | 'master' | 'midi' | 'unknown';

export type MixerTrack = {
  kind: MixerKind;
  /** Channel name (PT5–8: the name the channel was created with; PT10+: the track name). */
  name: string;
  /** First 4 bytes of the 8-byte id, shared with the playlist set of the same track. */
  idPrefix: string | null;
  inserts: Insert[] | null;
  automation: Automation[];
  output: string | null;
  offset: number;
  /** Content type of the record (for diagnostics about unknown kinds). */
  contentType: number;
};

const KIND_PT5: Record<number, MixerKind> = { 0x101d: 'audio', 0x101e: 'master', 0x200f: 'midi' };

/** Depth-first search for the first block of a content type under `b` (scanning payloads). */
export function findDescendant(f: PtxBytes, b: Block, ct: number, depth = 0): Block | null {
  if (depth > f.limits.maxDepth) return null;
  for (const c of f.scanChildren(b)) {
    if (c.contentType === ct) return c;
    const d = findDescendant(f, c, ct, depth + 1);
    if (d) return d;
  }
  return null;
}

/** All blocks of a content type under `b`. */
export function findAll(f: PtxBytes, b: Block, ct: number, out: Block[] = [], depth = 0): Block[] {
  if (depth > f.limits.maxDepth) return out;
  for (const c of f.scanChildren(b)) {
    if (c.contentType === ct) out.push(c);
    else findAll(f, c, ct, out, depth + 1);
  }
  return out;
}

function idAfter(f: PtxBytes, from: number, end: number): string | null {
  for (let p = from; p + 12 <= end && p < from + 48; p++) {
    if (f.u32(p, end) === 0x2a && p + 12 <= end) return hex(f.bytes.subarray(p + 4, p + 8));
  }
  return null;
}

/** PT5–8 0x2009 "Tracks". */
export function readTracksPt5(f: PtxBytes, tracks: Block, plugins: PluginType[]): MixerTrack[] {
  const out: MixerTrack[] = [];
  for (const rec of f.childrenFrom(tracks, tracks.payload + 4)) {
    // Records of other content types (aux inputs, VCAs … in sessions not sampled) are kept as 'unknown'.
    const kind = KIND_PT5[rec.contentType] ?? 'unknown';
    const named = findDescendant(f, rec, 0x101b);
    let name = '';
    let idPrefix: string | null = null;
    if (named) {
      const s = f.str(named.payload, named.end, 'channel name');
      name = s.value;
      const idBlock = f.scanChildren(named, s.next).find((c) => c.contentType === 0x2102);
      if (idBlock) idPrefix = idAfter(f, idBlock.payload, idBlock.end);
    }
    const strip = kind === 'midi' ? null : f.scanChildren(rec).find((c) => c.contentType === 0x101c) ?? null;
    const stripKids = strip ? f.scanChildren(strip) : [];
    const insertsBlock = stripKids.find((c) => c.contentType === 0x101a);
    const inserts = insertsBlock ? readInsertsPt5(f, insertsBlock, plugins) : null;
    const autoBlock = stripKids.find((c) => c.contentType === 0x1023);
    const automation = autoBlock ? readAutomationPt5(f, autoBlock) : [];
    out.push({ kind, name, idPrefix, inserts, automation, output: null, offset: rec.offset, contentType: rec.contentType });
  }
  return out;
}

/** 0x101a: u32 slot count, then 0x1030 (plug-in instance) or 0x1036 (no insert) per slot. */
export function readInsertsPt5(f: PtxBytes, b: Block, plugins: PluginType[]): Insert[] {
  const slots = f.childrenFrom(b, b.payload + 4);
  const out: Insert[] = [];
  slots.forEach((s, i) => {
    if (s.contentType !== 0x1030) return;
    const p = pluginIn(f, s, plugins);
    out.push({ slot: i + 1, name: p ? p.name : 'unknown plug-in', manufacturer: p ? p.manufacturer : null, active: null });
  });
  return out;
}

/** The registry entry whose FourCCs (stored reversed in the registry) appear in the instance block. */
function pluginIn(f: PtxBytes, s: Block, plugins: PluginType[]): PluginType | null {
  const b = f.bytes;
  for (const p of plugins) {
    const sig = p.instanceSignature;
    outer: for (let i = s.payload; i + sig.length <= s.end && i < s.payload + 512; i++) {
      for (let j = 0; j < sig.length; j++) if (b[i + j] !== sig[j]) continue outer;
      return p;
    }
  }
  return null;
}

/** Every 0x1025 list under 0x1023; u32 point count first. Empty lists are not automation. */
export function readAutomationPt5(f: PtxBytes, b: Block): Automation[] {
  const lists = findAll(f, b, 0x1025);
  const out: Automation[] = [];
  for (const l of lists) {
    if (l.end - l.payload < 4) continue;
    const points = f.u32(l.payload, l.end, 'automation point count');
    if (points === 0) continue;
    out.push({ parameter: 'other', points, isDefault: points === 1 });
  }
  return out;
}

/** PT10+ 0x2624. */
export function readTracksPt10(f: PtxBytes, container: Block): MixerTrack[] {
  const out: MixerTrack[] = [];
  for (const rec of f.childrenFrom(container, container.payload + 4)) {
    // 0x261c audio, 0x2620 MIDI; other records (aux, master, VCA, folder: not in any sample) are 'unknown'.
    const kind: MixerKind = rec.contentType === 0x261c ? 'audio' : rec.contentType === 0x2620 ? 'midi' : 'unknown';
    const nameBlock = findDescendant(f, rec, 0x2619);
    let name = '';
    let idPrefix: string | null = null;
    if (nameBlock) {
      const s = f.str(nameBlock.payload, nameBlock.end, 'track name');
      name = s.value;
      idPrefix = idAfter(f, s.next, nameBlock.end);
    }
    let output: string | null = null;
    const automation: Automation[] = [];
    const autoContainer = findDescendant(f, rec, 0x260d);
    if (autoContainer) {
      for (const c of f.scanChildren(autoContainer)) {
        if (c.contentType === 0x260e) output = outputName(f, c);
        else if (c.contentType === 0x260a) pushList(f, c, 'other', automation);
        else if (c.contentType === 0x260c) for (const l of f.scanChildren(c)) if (l.contentType === 0x260a) pushList(f, l, 'pan', automation);
      }
    }
    out.push({ kind, name, idPrefix, inserts: null, automation, output, offset: rec.offset, contentType: rec.contentType });
  }
  return out;
}

function pushList(f: PtxBytes, l: Block, parameter: AutomationParameter, out: Automation[]): void {
  if (l.end - l.payload < 14) return;
  const points = f.u32(l.payload + 10, l.end, 'automation point count');
  out.push({ parameter, points, isDefault: points <= 1 });
}

/** 0x260e: two ids, then the output path name as a length-prefixed string. */
function outputName(f: PtxBytes, b: Block): string | null {
  for (let p = b.payload; p + 4 < b.end; p++) {
    const len = f.view.getUint32(p, f.le);
    if (len < 1 || len > 255 || p + 4 + len > b.end) continue;
    let ok = true;
    for (let i = 0; i < len && ok; i++) {
      const c = f.bytes[p + 4 + i];
      ok = c >= 0x20 && c !== 0x7f;
    }
    if (ok && len >= 2) return f.str(p, b.end).value;
  }
  return null;
}
