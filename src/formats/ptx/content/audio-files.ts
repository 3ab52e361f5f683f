/** Audio File List (0x1004) → path entries (0x103a) and per-file info (0x1003 → 0x1001). */
import type { MediaFile } from '../../../model/session.js';
import { checkLimit } from '../../../io/limits.js';
import type { Block, PtxBytes } from '../blocks.js';

export type PathEntry = { kind: number; parent: number; name: string; type: string };

export type AudioFile = MediaFile & { entryIndex: number };

const FILE_TYPES: Record<string, string> = { WAVE: 'wav', EVAW: 'wav', AIFF: 'aiff', FFIA: 'aiff', 'AIFC': 'aiff', CFIA: 'aiff' };

/**
 * 0x103a: u32 entry count, then per entry u8 kind (0 volume, 1 folder, 2 file),
 * u32 parent entry (−1 for a volume), name, 4-byte type (file type, volume id, or zeros).
 */
export function readPathEntries(f: PtxBytes, b: Block): PathEntry[] {
  const n = f.u32(b.payload, b.end, 'path entry count');
  checkLimit(f.limits, 'maxEntries', n, f.format, b.payload, 'path entries');
  const out: PathEntry[] = [];
  let p = b.payload + 4;
  for (let i = 0; i < n; i++) {
    const kind = f.u8(p, b.end, 'path entry kind');
    const parent = f.u32(p + 1, b.end, 'path entry parent') | 0;
    const name = f.str(p + 5, b.end, 'path entry name');
    f.need(name.next, 4, b.end, 'path entry type');
    const t = f.bytes.subarray(name.next, name.next + 4);
    const type = t.every((c) => c >= 0x20 && c < 0x7f) ? String.fromCharCode(...t) : '';
    out.push({ kind, parent, name: name.value, type });
    p = name.next + 4;
  }
  return out;
}

/** Folder path of an entry (volume and folders joined by '/'), guarding against parent cycles. */
export function pathOf(entries: PathEntry[], index: number): string {
  const parts: string[] = [];
  let i = index;
  for (let guard = 0; i >= 0 && i < entries.length && guard < 256; guard++) {
    parts.unshift(entries[i].name);
    i = entries[i].parent;
  }
  return parts.join('/');
}

/**
 * 0x1004: u32 file count, then 0x103a, then one 0x1003 per file: u32 path entry
 * index, then 0x1001: u32 sample rate, u8, u8 bit depth, u64 length in samples.
 */
export function readAudioFiles(f: PtxBytes, list: Block): AudioFile[] {
  const count = f.u32(list.payload, list.end, 'audio file count');
  checkLimit(f.limits, 'maxEntries', count, f.format, list.payload, 'audio files');
  const kids = f.childrenFrom(list, list.payload + 4);
  const names = kids.find((k) => k.contentType === 0x103a);
  const entries = names ? readPathEntries(f, names) : [];
  const out: AudioFile[] = [];
  for (const k of kids) {
    if (k.contentType !== 0x1003) continue;
    const entryIndex = f.u32(k.payload, k.end, 'audio file entry index');
    const info = f.childrenFrom(k, k.payload + 4).find((c) => c.contentType === 0x1001);
    const entry = entries[entryIndex];
    const name = entry ? entry.name : `file ${out.length}`;
    let sampleRate: number | null = null;
    let bitDepth: number | null = null;
    let length: number | null = null;
    if (info) {
      sampleRate = f.u32(info.payload, info.end, 'file sample rate');
      bitDepth = f.u8(info.payload + 5, info.end, 'file bit depth');
      const stored = f.u64(info.payload + 6, info.end, 'file length');
      // A damaged length past 2^53 samples is unknown, not a number no rule could compute with.
      length = Number.isSafeInteger(stored) ? stored : null;
    }
    out.push({
      id: `m${out.length}`,
      entryIndex,
      name,
      path: entry ? pathOf(entries, entryIndex) : null,
      embedded: false,
      online: null,
      channels: 1,
      sampleRate,
      bitDepth,
      length,
      format: entry ? (FILE_TYPES[entry.type] ?? extensionFormat(name)) : null,
    });
  }
  if (out.length !== count) {
    throw f.error('TRUNCATED', list.offset, `audio file list at 0x${list.offset.toString(16)} declares ${count} files but holds ${out.length}`);
  }
  return out;
}

function extensionFormat(name: string): string | null {
  const m = /\.(wav|aif|aiff|bwf|mp3|sd2)$/i.exec(name);
  if (!m) return null;
  const e = m[1].toLowerCase();
  return e === 'aif' ? 'aiff' : e;
}
