import { defineRule } from '../../rule.js';
import { contentClips, isAudioLike, isOptional } from '../../model-helpers.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'clip/faded',
  description: 'Each dialogue clip has a fade in and a fade out.',
  spec: [edit('All clips are to be edited and faded in and out to remove extraneous noise possibly captured during recording.')],
  severity: 'warning',
  requires: ['fades'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['Every content clip on a dialogue track has a fade in and a fade out (readers record a crossfade as the fade out of one clip and the fade in of the next).'],
    fails: ['A clip without a fade in, or without a fade out.'],
    unverified: ['Fades are not decoded.'],
    notes: ['Rendered fade clips are not clips to fade, nor are the one-frame "Sample accurate edit" clips of Pro Tools AAF exports (pieces of the clips beside them); the clips beside rendered fades carry those fades; optional tracks are not dialogue and are exempt.'],
  },
  check(ctx) {
    for (const t of ctx.session.tracks.filter(isAudioLike)) {
      if (isOptional(t)) continue;
      let bad = 0;
      for (const c of contentClips(t)) {
        const missing = [!(c.fadeIn && c.fadeIn.length > 0) && 'fade in', !(c.fadeOut && c.fadeOut.length > 0) && 'fade out'].filter(Boolean);
        if (!missing.length) continue;
        bad++;
        ctx.fail({
          subject: { track: t.name, clip: c.name }, position: c.position, end: c.position + c.length,
          message: `Clip '${c.name}' on ${t.name} has no ${missing.join(' and no ')}`,
          measured: `no ${missing.join(', no ')}`, expected: 'fade in and fade out', fix: 'Add short fades at both ends of the clip.',
        });
      }
      if (!bad) ctx.pass({ subject: { track: t.name }, message: `Every clip on ${t.name} is faded in and out` });
    }
  },
});
