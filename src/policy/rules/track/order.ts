import { defineRule } from '../../rule.js';
import { contentClips } from '../../model-helpers.js';
import { edit } from '../spec.js';
import { characterTracks, normalizeCharacter, splitCharacters } from './characters.js';

type Ranked = { name: string; count: number };

/** Indexes of a longest non-increasing subsequence (the tracks that can stay where they are). */
function keepers(counts: number[]): Set<number> {
  const n = counts.length;
  const len = new Array(n).fill(1);
  const prev = new Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (counts[j] >= counts[i] && len[j] + 1 > len[i]) {
        len[i] = len[j] + 1;
        prev[i] = j;
      }
    }
  }
  let end = 0;
  for (let i = 1; i < n; i++) if (len[i] > len[end]) end = i;
  const keep = new Set<number>();
  for (let i = n ? end : -1; i >= 0; i = prev[i]) keep.add(i);
  return keep;
}

export default defineRule({
  id: 'track/order',
  description: 'Tracks are ordered by dubbing-script line count, highest first.',
  spec: [edit('According to the supplied dubbing script, the characters with the most lines will appear on separate tracks in hierarchical order. Highest line count tracks to lowest in descending order.')],
  severity: 'error',
  requires: ['playlists'],
  scope: 'session',
  options: {
    lines: { type: 'Record<string, number> | null', default: null, description: 'Line counts per character (also --lines FILE).' },
  },
  docs: {
    passes: ['Character tracks, top to bottom, have non-increasing line counts (ties in either order).'],
    fails: ['A character with more lines below one with fewer (the tracks to move are reported: those outside the longest correctly ordered run).'],
    unverified: ['With --lines: a character track whose character has no line count (reported per track).', 'Without --lines: playlists not decoded.'],
    notes: [
      'Without --lines the line counts are estimated from the number of content clips per track (not rendered fades, nor the one-frame "Sample accurate edit" clips of Pro Tools AAF exports) and the rule reports at most a warning.',
      'Walla/group and optional tracks are exempt; a pickup track counts with its character; a group track with several characters counts with the highest of their counts.',
    ],
  },
  requiresFor: ({ inputs, options }) => (inputs.lines ?? options.lines ? ['tracks'] : ['playlists']),
  check(ctx) {
    const lines = ctx.inputs.lines ?? (ctx.options.lines as Record<string, number> | null | undefined) ?? null;
    const tracks = characterTracks(ctx.session.tracks);
    const ranked: Ranked[] = [];
    if (lines) {
      const table = new Map<string, number>();
      for (const [k, v] of Object.entries(lines)) table.set(normalizeCharacter(k), Number(v));
      const known = new Set(table.keys());
      tracks.forEach(({ track, character }) => {
        const split = splitCharacters(character, known);
        if (!split) {
          ctx.unverified({ subject: { track: track.name }, message: `No line count for character '${character}' of track ${track.name}` });
          return;
        }
        ranked.push({ name: track.name, count: Math.max(...split.map((c) => table.get(c) ?? 0)) });
      });
    } else {
      tracks.forEach(({ track }) => ranked.push({ name: track.name, count: contentClips(track).length }));
    }
    const unit = lines ? 'lines' : 'clips (estimated lines)';
    const maxSeverity = lines ? undefined : ('warning' as const);
    const keep = keepers(ranked.map((r) => r.count));
    ranked.forEach((r, i) => {
      if (keep.has(i)) {
        ctx.pass({ subject: { track: r.name }, message: `Track ${r.name} (${r.count} ${unit}) is in order`, measured: r.count, unit });
        return;
      }
      const above = ranked.slice(0, i).find((o) => o.count < r.count);
      const below = ranked.slice(i + 1).find((o) => o.count > r.count);
      const reason = above
        ? `is below ${above.name} (${above.count} ${unit})`
        : `is above ${below!.name} (${below!.count} ${unit})`;
      ctx.fail({
        subject: { track: r.name },
        message: `Track ${r.name} (${r.count} ${unit}) ${reason}${lines ? '' : ' — estimated from clip counts; give --lines for the script counts'}`,
        measured: r.count, expected: above ? `above ${above.name}` : `below ${below!.name}`, unit,
        fix: 'Order the tracks by the dubbing script\'s line counts, highest first.', maxSeverity,
      });
    });
    if (!ranked.length && !tracks.length) ctx.pass({ message: 'No character tracks to order' });
  },
});
