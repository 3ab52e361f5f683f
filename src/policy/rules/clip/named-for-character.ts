import { defineRule } from '../../rule.js';
import { contentClips, isAudioLike, isOptional } from '../../model-helpers.js';
import { nameTokens, trackNameParts } from '../../names.js';
import { edit } from '../spec.js';

/** Whether `tokens` appear as consecutive tokens of `haystack` (case-insensitive). */
export function hasConsecutiveTokens(haystack: string[], tokens: string[]): boolean {
  if (!tokens.length) return false;
  const h = haystack.map((t) => t.toUpperCase());
  const n = tokens.map((t) => t.toUpperCase());
  outer: for (let i = 0; i + n.length <= h.length; i++) {
    for (let k = 0; k < n.length; k++) if (h[i + k] !== n[k]) continue outer;
    return true;
  }
  return false;
}

export default defineRule({
  id: 'clip/named-for-character',
  description: "Clip names carry the track's character name.",
  spec: [edit('Clips on tracks (recordings) will have the character name(s).')],
  severity: 'error',
  requires: ['playlists'],
  scope: 'session',
  options: {},
  docs: {
    passes: ["es-ES_MARIA_01 on track es-ES_MARIA; the character's '_'-separated tokens appear as consecutive tokens of the clip name, case-insensitively (maria-03 passes)."],
    fails: ['Audio 1_02 on track es-ES_MARIA; es-ES_MARIANA_01 on es-ES_MARIA (MARIANA is another token).'],
    unverified: ['Playlists are not decoded.'],
    notes: ['Rendered fade clips are not looked at, nor are the one-frame "Sample accurate edit" clips of Pro Tools AAF exports (the exporter names them); optional tracks carry stems, not recordings, and are exempt; clip names are split on anything but letters, digits and &.'],
  },
  check(ctx) {
    for (const t of ctx.session.tracks.filter(isAudioLike)) {
      if (isOptional(t)) continue;
      const p = trackNameParts(t.name);
      if (!p) continue;
      let bad = 0;
      for (const c of contentClips(t)) {
        if (hasConsecutiveTokens(nameTokens(c.name), p.characterTokens)) continue;
        bad++;
        ctx.fail({
          subject: { track: t.name, clip: c.name }, position: c.position, end: c.position + c.length,
          message: `Clip '${c.name}' on ${t.name} does not carry the character name ${p.character}`,
          measured: c.name, expected: `a name containing ${p.character}`, fix: `Rename the clip after the track (e.g. ${t.name}_01).`,
        });
      }
      if (!bad) ctx.pass({ subject: { track: t.name }, message: `Clips on ${t.name} carry ${p.character}` });
    }
  },
});
