/**
 * Media references resolved against the package's `Audio Files/` folder by
 * file name: sessions and AAFs carry absolute paths from the machine that made
 * them (`file:///c%3a/…/Audio Files/x.wav`), which is expected.
 */
import type { Diagnostic, MediaFile, PackageEntry } from '../model/session.js';
import { baseName, isInAudioFiles } from './layout.js';

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The file name a media reference points at, from a path, a Windows path or a file URL. */
export function referencedFileName(ref: string): string {
  let s = ref.trim();
  if (/^file:/i.test(s)) s = percentDecode(s.replace(/^file:(\/\/[^/]*)?/i, ''));
  const segs = s.split(/[\\/]/).filter(Boolean);
  // Classic Mac OS paths use ':' (Pro Tools 5/6 on Mac: "Macintosh HD:Audio Files:x.wav").
  const last = segs[segs.length - 1] ?? '';
  const colon = last.lastIndexOf(':');
  const name = colon >= 0 && !/^[A-Za-z]:$/.test(last) ? last.slice(colon + 1) : last;
  return name.normalize('NFC');
}

type Index = { exact: Map<string, PackageEntry>; folded: Map<string, PackageEntry> };

function indexByName(entries: PackageEntry[]): Index {
  const exact = new Map<string, PackageEntry>();
  const folded = new Map<string, PackageEntry>();
  for (const e of entries) {
    // macOS zips may store names decomposed (NFD); sessions store them composed.
    const name = baseName(e.path).normalize('NFC');
    if (!exact.has(name)) exact.set(name, e);
    const f = name.toLowerCase();
    if (!folded.has(f)) folded.set(f, e);
  }
  return { exact, folded };
}

function lookup(index: Index, names: string[]): PackageEntry | undefined {
  for (const n of names) {
    const hit = index.exact.get(n);
    if (hit) return hit;
  }
  // Pro Tools on macOS and Windows runs on case-insensitive file systems.
  for (const n of names) {
    const hit = index.folded.get(n.toLowerCase());
    if (hit) return hit;
  }
  return undefined;
}

function candidateNames(mf: MediaFile): string[] {
  const names: string[] = [];
  if (mf.path) names.push(referencedFileName(mf.path));
  if (mf.name) names.push(referencedFileName(mf.name));
  return [...new Set(names.filter(Boolean))];
}

function fillFromHeader(mf: MediaFile, entry: PackageEntry, diagnostics: Diagnostic[]): void {
  const a = entry.audio;
  if (!a) return;
  const fields = ['channels', 'sampleRate', 'bitDepth', 'length'] as const;
  for (const f of fields) {
    const fromHeader = a[f];
    if (fromHeader == null) continue;
    if (mf[f] != null && mf[f] !== fromHeader) {
      diagnostics.push({
        code: 'package/media-header-differs',
        message: `${mf.name}: the session says ${f} ${mf[f]}, the file's header says ${fromHeader} (the header is used)`,
        source: entry.path, severity: 'warning',
      });
    }
    mf[f] = fromHeader;
  }
  if (a.format) mf.format = a.format;
}

/**
 * Mark each media file online when a file of its name is in `Audio Files/`
 * (its `path` becomes that entry's stored path) and offline otherwise; fill
 * channels, rate, bit depth and length from the file's header when read.
 */
export function resolveMediaFiles(
  mediaFiles: MediaFile[], entries: PackageEntry[], diagnostics: Diagnostic[],
): void {
  const files = entries.filter((e) => !e.isDirectory && !e.unsafe && e.role !== 'system');
  const inAudio = indexByName(files.filter((e) => isInAudioFiles(e.path)));
  const elsewhere = indexByName(files.filter((e) => !isInAudioFiles(e.path)));
  for (const mf of mediaFiles) {
    if (mf.embedded) continue;
    const names = candidateNames(mf);
    const entry = lookup(inAudio, names);
    if (entry) {
      mf.online = true;
      mf.path = entry.path;
      entry.referenced = true;
      fillFromHeader(mf, entry, diagnostics);
      continue;
    }
    mf.online = false;
    const stray = lookup(elsewhere, names);
    diagnostics.push(stray
      ? {
        code: 'package/media-outside-audio-files',
        message: `${mf.name} is referenced and found at '${stray.path}', outside the root Audio Files/`,
        source: stray.path, severity: 'error',
      }
      : {
        code: 'package/media-missing',
        message: `${mf.name} is referenced (${mf.path ?? 'no path'}) but not in the root Audio Files/`,
        severity: 'error',
      });
  }
}
