/** Views of the session model that several rules share. */
import type { Clip, MediaFile, Session, Track } from '../model/session.js';
import { isSampleAccurateEditName } from '../model/pro-tools.js';
import { isOptionalName, isWallaName, trackNameParts, baseName } from './names.js';

/** The active playlist's clips (playlists[0]). */
export function activeClips(t: Track): Clip[] {
  return t.playlists[0]?.clips ?? [];
}

/**
 * Clips that are content: not Pro Tools rendered fades, nor the one-frame
 * "Sample accurate edit" clips of its AAF exports (a piece of the clip
 * beside them, named by the exporter, see model/pro-tools.ts).
 */
export function contentClips(t: Track): Clip[] {
  return activeClips(t).filter((c) => !c.isFadeRender && !isSampleAccurateEditName(c.name));
}

export function isAudioLike(t: Track): boolean {
  return t.kind === 'audio' || t.kind === 'unknown';
}

export function isWalla(t: Track): boolean {
  return isWallaName(t.name);
}

export function isOptional(t: Track): boolean {
  return isOptionalName(t.name);
}

/** Character part of a track name (after the `PU_` prefix and the language tag). */
export function characterOf(t: Track): string | null {
  return trackNameParts(t.name)?.character ?? null;
}

/** The zip package name a session came from: `package.name`, or a `.zip` segment of `source.path`. */
export function packageNameOf(s: Session): string | null {
  if (s.package) return s.package.kind === 'zip' ? baseName(s.package.name) : null;
  const paths = [s.source.path, ...(s.sources ?? []).map((x) => x.path)];
  for (const p of paths) {
    const segs = p.split(/[\\/!]/);
    const zip = segs.find((seg) => /\.zip$/i.test(seg));
    if (zip) return zip;
    if (/\.zip$/i.test(p)) return baseName(p);
  }
  return null;
}

/** Whether the session is a delivery folder (no package name is checked for folders). */
export function isFolderPackage(s: Session): boolean {
  return s.package?.kind === 'folder' || s.source.format === 'folder';
}

export function mediaById(s: Session): Map<string, MediaFile> {
  return new Map(s.mediaFiles.map((m) => [m.id, m]));
}

/** File name of a media path or URL (percent-decoded). */
export function mediaFileName(m: MediaFile): string {
  const raw = m.path ?? m.name;
  let name = baseName(raw);
  try {
    if (/%[0-9a-f]{2}/i.test(name)) name = decodeURIComponent(name);
  } catch {
    /* keep the raw name */
  }
  return name || m.name;
}

/** The file subject for findings about the session as a whole. */
export function sessionFile(s: Session): string {
  return s.source.path;
}

/** Length of a WAV input's audio in samples. */
export function wavSampleCount(s: Session): number | null {
  if (s.audio?.sampleCount != null) return s.audio.sampleCount;
  const m = s.mediaFiles[0];
  if (m?.length != null) return m.length;
  const c = s.tracks[0]?.playlists[0]?.clips[0];
  return c ? c.length : null;
}

/** Channel count of a WAV input. */
export function wavChannels(s: Session): number | null {
  return s.mediaFiles[0]?.channels ?? s.tracks[0]?.channels ?? (s.audio?.channels.length || null);
}
