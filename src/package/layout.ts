/**
 * Where things sit in a delivery package: the session views at its root, the
 * root `Audio Files/` folder, and names that must never be followed. The
 * package root is the archive's (or folder's) root (rules.md, reading 3): a
 * zip that wraps everything in one folder has its session below the root.
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
  // WaveCache.wav is Pro Tools' waveform overview cache beside the session, not audio.
  return segs[0] === '__MACOSX' || base === '.DS_Store' || base.startsWith('._') || base === 'Thumbs.db' || base === 'desktop.ini' ||
    base.toLowerCase() === 'wavecache.wav';
}

/** File name (last segment) of a stored path. */
export function baseName(path: string): string {
  const segs = path.split('/').filter(Boolean);
  return segs[segs.length - 1] ?? '';
}

/** The role of an item in the package. */
export function roleOf(item: PackageItem): PackageEntryRole {
  if (item.isDirectory) return 'folder';
  if (isSystemPath(item.path)) return 'system';
  if (item.path.split('/').includes(BACKUPS)) return 'backup';
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

/** Depth below the package root (0 = at the root). */
export function depthOf(path: string): number {
  return path.split('/').filter(Boolean).length - 1;
}

/** Whether a stored path is inside the root `Audio Files/` folder (any case, as file systems ignore it). */
export function isInAudioFiles(path: string): boolean {
  return path.toLowerCase().startsWith(`${AUDIO_FILES.toLowerCase()}/`);
}
