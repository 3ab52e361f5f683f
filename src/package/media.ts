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

type Index = { exact: Map<string, PackageEntry>; folded: Map<string, PackageEntry>; loose: Map<string, PackageEntry[]> };

/**
 * The name with every non-ASCII character as '?': Windows Explorer stores
 * names in the OEM code page (CP850 in western Europe) without saying so, so
 * 'MARÍA' comes back from CP437 as 'MAR╓A'; one character either way.
 */
function looseKey(name: string): string {
  return name.toLowerCase().replace(/[^\x00-\x7f]/g, '?');
}

function indexByName(entries: PackageEntry[]): Index {
  const exact = new Map<string, PackageEntry>();
  const folded = new Map<string, PackageEntry>();
  const loose = new Map<string, PackageEntry[]>();
  for (const e of entries) {
    // macOS zips may store names decomposed (NFD); sessions store them composed.
    const name = baseName(e.path).normalize('NFC');
    if (!exact.has(name)) exact.set(name, e);
    const f = name.toLowerCase();
    if (!folded.has(f)) folded.set(f, e);
    const k = looseKey(name);
    loose.set(k, [...(loose.get(k) ?? []), e]);
  }
  return { exact, folded, loose };
}

type Hit = { entry: PackageEntry; loose: boolean };

function lookup(index: Index, names: string[]): Hit | undefined {
  for (const n of names) {
    const hit = index.exact.get(n);
    if (hit) return { entry: hit, loose: false };
  }
  // Pro Tools on macOS and Windows runs on case-insensitive file systems.
  for (const n of names) {
    const hit = index.folded.get(n.toLowerCase());
    if (hit) return { entry: hit, loose: false };
  }
  for (const n of names) {
    if (/^[\x00-\x7f]*$/.test(n)) continue;
    const hits = index.loose.get(looseKey(n));
    if (hits?.length === 1) return { entry: hits[0], loose: true };
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
        code: 'package/media-header-differs', offset: null,
        message: `${mf.name}: the session says ${f} ${mf[f]}, the file's header says ${fromHeader} (the header is used)`,
        source: entry.path, severity: 'warning',
      });
    }
    mf[f] = fromHeader;
  }
  if (a.format) mf.format = a.format;
}

/**
 * Loose (code-page) matches that are unambiguous: the entry is matched by no
 * reference exactly and by references of one name only.
 */
function oneToOneLooseHits(mediaFiles: MediaFile[], hits: Array<Hit | undefined>): Set<number> {
  const exact = new Set<PackageEntry>();
  const looseNames = new Map<PackageEntry, Set<string>>();
  hits.forEach((h, i) => {
    if (!h) return;
    if (!h.loose) exact.add(h.entry);
    else looseNames.set(h.entry, (looseNames.get(h.entry) ?? new Set()).add(candidateNames(mediaFiles[i]).join('|')));
  });
  const ok = new Set<number>();
  hits.forEach((h, i) => {
    if (h?.loose && !exact.has(h.entry) && looseNames.get(h.entry)?.size === 1) ok.add(i);
  });
  return ok;
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
  const hits = mediaFiles.map((mf) => (mf.embedded ? undefined : lookup(inAudio, candidateNames(mf))));
  const looseOk = oneToOneLooseHits(mediaFiles, hits);
  mediaFiles.forEach((mf, i) => {
    if (mf.embedded) return;
    const names = candidateNames(mf);
    const hit = hits[i]?.loose && !looseOk.has(i) ? undefined : hits[i];
    if (hit) {
      const entry = hit.entry;
      if (hit.loose) {
        diagnostics.push({
          code: 'package/media-name-encoding', offset: null,
          message: `${mf.name} matched '${entry.path}' ignoring its non-ASCII characters: the zip stores names in a legacy code page without saying which`,
          source: entry.path, severity: 'warning',
        });
      }
      mf.online = true;
      mf.path = entry.path;
      entry.referenced = true;
      fillFromHeader(mf, entry, diagnostics);
      return;
    }
    mf.online = false;
    const stray = lookup(elsewhere, names)?.entry;
    diagnostics.push(stray
      ? {
        code: 'package/media-outside-audio-files', offset: null,
        message: `${mf.name} is referenced and found at '${stray.path}', outside the root Audio Files/`,
        source: stray.path, severity: 'error',
      }
      : {
        code: 'package/media-missing', offset: null,
        message: `${mf.name} is referenced (${mf.path ?? 'no path'}) but not in the root Audio Files/`,
        severity: 'error',
      });
  });
}
