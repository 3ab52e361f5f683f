/** Character names as the KNP list, the line counts and the track names spell them. */
import type { Track } from '../../../model/session.js';
import { isAudioLike, isOptional, isWalla } from '../../model-helpers.js';
import { trackNameParts } from '../../names.js';

/** Upper case, accents dropped, anything but letters and digits as '_' ("Mr. Smith" → "MR_SMITH"). */
export function normalizeCharacter(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Split a track's character part into known names: the whole part if it is a
 * name, else consecutive runs of its '_' tokens that are names (a group
 * recording "MARIA_JUAN"). Null when no split exists.
 */
export function splitCharacters(character: string, known: Set<string>): string[] | null {
  const whole = normalizeCharacter(character);
  if (known.has(whole)) return [whole];
  const tokens = whole.split('_').filter(Boolean);
  const best: Array<string[] | null> = new Array(tokens.length + 1).fill(null);
  best[0] = [];
  for (let end = 1; end <= tokens.length; end++) {
    for (let start = end - 1; start >= 0; start--) {
      const prev = best[start];
      if (!prev) continue;
      const cand = tokens.slice(start, end).join('_');
      if (known.has(cand)) {
        best[end] = [...prev, cand];
        break;
      }
    }
  }
  return best[tokens.length];
}

/** Tracks that carry a character (audio tracks with a parsable name, not walla or optional). */
export function characterTracks(tracks: Track[]): Array<{ track: Track; character: string }> {
  const out: Array<{ track: Track; character: string }> = [];
  for (const t of tracks) {
    if (!isAudioLike(t) || isWalla(t) || isOptional(t)) continue;
    const p = trackNameParts(t.name);
    if (p) out.push({ track: t, character: p.character });
  }
  return out;
}
