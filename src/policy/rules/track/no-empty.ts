import { defineRule } from '../../rule.js';
import { contentClips } from '../../model-helpers.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'track/no-empty',
  description: 'No track without audio clips (no dividers, no empty tracks) and no unused (inactive) tracks.',
  spec: [edit('Unused, empty or visual divider tracks of any kind. Remove all tracks that do not contain audio.')],
  severity: 'error',
  requires: ['playlists'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['Every track has at least one content clip on its active playlist.'],
    fails: [
      'A track whose active playlist has no clips, or only rendered fade clips (dividers, folders, MIDI and empty tracks included).',
      'An inactive track (it does not play: an unused track), whatever it holds.',
    ],
    unverified: ['Playlists are not decoded.'],
    notes: ['Master, aux and VCA tracks are left to track/no-master, track/no-aux and track/no-vca, so one problem is reported once.'],
  },
  check(ctx) {
    for (const t of ctx.session.tracks) {
      if (t.kind === 'master' || t.kind === 'aux' || t.kind === 'vca') continue;
      const n = contentClips(t).length;
      if (t.active === false) {
        ctx.fail({
          subject: { track: t.name }, message: `Track ${t.name} is inactive (an unused track)`, measured: 'inactive', expected: 'active',
          fix: 'Make the track active if it is part of the delivery, or delete it.',
        });
      } else if (n === 0) {
        ctx.fail({
          subject: { track: t.name }, message: `Track ${t.name} has no audio clips`, measured: 0, expected: '≥ 1', unit: 'clips',
          fix: 'Delete the empty track.',
        });
      } else {
        ctx.pass({ subject: { track: t.name }, message: `Track ${t.name} has ${n} clip${n === 1 ? '' : 's'}`, measured: n, unit: 'clips' });
      }
    }
  },
});
