/** The package's root `Audio Files/` folder, as the package rules see it. */
import type { MediaFile, Session } from '../../../model/session.js';
import { baseName } from '../../names.js';

export const AUDIO_EXTENSIONS = new Set(['wav', 'bwf', 'aif', 'aiff', 'aifc', 'mp3', 'flac', 'rf64', 'w64', 'caf', 'sd2', 'm4a', 'ogg']);

/** Whether a package entry path lies in the root Audio Files folder. */
export function inRootAudioFiles(entryPath: string): boolean {
  return /^Audio Files\//i.test(entryPath.replace(/^\.\//, ''));
}

/** File names (lowercased) present under the root Audio Files folder, or null without a package listing. */
export function audioFilesListing(s: Session): Map<string, string> | null {
  if (!s.package?.entries?.length) return null;
  const out = new Map<string, string>();
  for (const e of s.package.entries) {
    if (e.isDirectory || e.role === 'system') continue;
    if (inRootAudioFiles(e.path)) out.set(baseName(e.path).toLowerCase(), e.path);
  }
  return out;
}

/** Whether a media file's path places it in an "Audio Files" folder (relative or absolute/URL). */
export function pathInAudioFiles(m: MediaFile): boolean | null {
  if (!m.path) return null;
  let p = m.path;
  try {
    if (/%[0-9a-f]{2}/i.test(p)) p = decodeURIComponent(p);
  } catch {
    /* raw */
  }
  p = p.replace(/\\/g, '/').replace(/^file:\/\/(localhost)?/i, '');
  const segs = p.split('/').filter(Boolean);
  if (segs.length === 0) return null;
  if (segs.length === 1) return null;
  if (segs.some((x) => x === '..')) return false;
  // the file's own folder, or any folder above it, is named Audio Files
  return segs.slice(0, -1).some((x) => x.toLowerCase() === 'audio files');
}

/** Whether a media path is relative (inside the package) rather than absolute or a URL. */
export function isRelativePath(p: string): boolean {
  return !/^([a-z][a-z0-9+.-]*:|\/|\\|[A-Za-z]:)/i.test(p);
}

