/**
 * Where things sit in a delivery package: its root (the archive root, or one
 * folder wrapping everything, as Finder's "Compress" makes), the session views
 * at that root, the `Audio Files/` folder, and names that must never be followed.
 */
import { extensionOf } from '../detect.js';
import type { PackageEntryRole } from '../model/session.js';

/** One file or folder of a package, as a container (zip or folder) lists it. */
export type PackageItem = {
  /** '/'-separated path as stored. */
  path: string;
  size: number;
  compressedSize: number | null;
  isDirectory: boolean;
  encrypted: boolean;
  /** A symbolic link (never followed). */
  symlink?: boolean;
};

export const AUDIO_FILES = 'Audio Files';
const BACKUPS = 'Session File Backups';

const SESSION_EXTENSIONS = new Set(['ptx', 'ptf', 'pts']);
const AUDIO_EXTENSIONS = new Set(['wav', 'wave', 'bwf', 'rf64', 'w64', 'aif', 'aiff', 'aifc', 'mp3', 'flac', 'ogg', 'm4a', 'aac', 'caf', 'sd2']);
/** Audio files whose header the WAV reader can read. */
const RIFF_EXTENSIONS = new Set(['wav', 'wave', 'bwf', 'rf64']);
const VIDEO_EXTENSIONS = new Set(['mov', 'mp4', 'm4v', 'avi', 'mxf', 'mkv', 'webm', 'mpg', 'mpeg', 'wmv', 'r3d', 'braw']);

/** Why a stored name is unsafe, or null: names are reported, never followed. */
export function unsafeReason(path: string, symlink = false): string | null {
  if (symlink) return 'symbolic link';
  if (path.includes('\\')) return 'backslash in name';
  if (path.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(path)) return 'drive letter';
  if (path.split('/').some((s) => s === '..')) return "'..' segment";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(path)) return 'control character in name';
  return null;
}

function isSystemPath(path: string): boolean {
  const segs = path.split('/').filter(Boolean);
  const base = segs[segs.length - 1] ?? '';
  return segs[0] === '__MACOSX' || base === '.DS_Store' || base.startsWith('._') || base === 'Thumbs.db' || base === 'desktop.ini';
}

/** File name (last segment) of a stored path. */
export function baseName(path: string): string {
  const segs = path.split('/').filter(Boolean);
  return segs[segs.length - 1] ?? '';
}

/** The single folder wrapping every entry ('' when the archive root is the package root). */
export function packageRoot(items: PackageItem[]): string {
  let top: string | null = null;
  for (const it of items) {
    if (isSystemPath(it.path) || unsafeReason(it.path) !== null) continue;
    const segs = it.path.split('/').filter(Boolean);
    if (segs.length === 0) continue;
    // A file at the top level means the archive root is the package root.
    if (segs.length === 1 && !it.isDirectory) return '';
    if (top === null) top = segs[0];
    else if (top !== segs[0]) return '';
  }
  if (top === null || top === AUDIO_FILES || top === BACKUPS) return '';
  return `${top}/`;
}

/** The role of an item relative to the package root. */
export function roleOf(item: PackageItem, root: string): PackageEntryRole {
  if (item.isDirectory) return 'folder';
  if (isSystemPath(item.path)) return 'system';
  const rel = item.path.startsWith(root) ? item.path.slice(root.length) : item.path;
  if (rel.split('/').includes(BACKUPS)) return 'backup';
  const ext = extensionOf(item.path);
  if (SESSION_EXTENSIONS.has(ext)) return 'session';
  if (ext === 'aaf') return 'aaf';
  if (item.path.toLowerCase().endsWith('.session.json')) return 'model';
  if (AUDIO_EXTENSIONS.has(ext)) return 'audio';
  if (VIDEO_EXTENSIONS.has(ext)) return 'video';
  if (ext === 'txt') return 'session-text';
  return 'other';
}

/** Whether the WAV reader can read this audio file's header. */
export function hasRiffExtension(path: string): boolean {
  return RIFF_EXTENSIONS.has(extensionOf(path));
}

/** Path relative to the package root. */
export function relativeToRoot(path: string, root: string): string {
  return path.startsWith(root) ? path.slice(root.length) : path;
}

/** Depth below the package root (0 = at the root). */
export function depthBelowRoot(path: string, root: string): number {
  return relativeToRoot(path, root).split('/').filter(Boolean).length - 1;
}

/** Whether a stored path is inside the root's `Audio Files/` folder. */
export function isInAudioFiles(path: string, root: string): boolean {
  return relativeToRoot(path, root).startsWith(`${AUDIO_FILES}/`);
}
