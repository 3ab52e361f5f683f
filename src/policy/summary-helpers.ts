import type { Session } from '../model/session.js';

export function countClips(s: Session): number {
  let n = 0;
  for (const t of s.tracks) n += t.playlists[0]?.clips.length ?? 0;
  return n;
}
