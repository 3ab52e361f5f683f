import { defineRule } from '../../rule.js';
import { contentClips } from '../../model-helpers.js';
import { sequenceOf } from '../../names.js';
import { animation } from '../spec.js';

export default defineRule({
  id: 'track/no-overlap-at-breaks',
  description: 'No overlapping regions at sequence breaks.',
  spec: [animation('No overlapping timecode at sequence breaks')],
  severity: 'warning',
  requires: ['playlists'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['Clips of different sequences (names starting P or S plus digits) on one track do not overlap; touching clips pass.'],
    fails: ['A clip of one sequence overlapping a clip of another sequence on the same track.'],
    unverified: ['Playlists are not decoded.'],
    notes: ['Clips of the same sequence, and clips without a sequence prefix, are not compared.'],
  },
  check(ctx) {
    for (const t of ctx.session.tracks) {
      const clips = contentClips(t).map((c) => ({ c, seq: sequenceOf(c.name) })).filter((x) => x.seq).sort((a, b) => a.c.position - b.c.position);
      let bad = false;
      for (let i = 0; i < clips.length; i++) {
        const a = clips[i];
        const aEnd = a.c.position + a.c.length;
        for (let j = i + 1; j < clips.length && clips[j].c.position < aEnd; j++) {
          const b = clips[j];
          if (b.seq === a.seq) continue;
          bad = true;
          const overlap = Math.min(aEnd, b.c.position + b.c.length) - b.c.position;
          ctx.fail({
            subject: { track: t.name, clip: b.c.name }, position: b.c.position, end: Math.min(aEnd, b.c.position + b.c.length),
            message: `Clip ${b.c.name} (${b.seq}) overlaps ${a.c.name} (${a.seq}) by ${overlap} samples on ${t.name}`,
            measured: overlap, expected: 0, unit: 'samples', fix: 'Trim the clips so sequences do not overlap at the break.',
          });
        }
      }
      if (!bad) ctx.pass({ subject: { track: t.name }, message: `No overlaps at sequence breaks on ${t.name}` });
    }
  },
});
