import { defineRule } from '../../rule.js';
import { contentClips } from '../../model-helpers.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'clip/no-time-stretch',
  description: 'No clips marked as time-compressed or time-expanded.',
  spec: [edit('If time expanding or contracting a clip, monitor extremely closely for artifacts. Clips will be rejected if induced artifacts from time stretching are detected.')],
  severity: 'warning',
  requires: ['playlists'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['No clip has timeStretched true (where the format does not record it, the field is absent and the rule passes).'],
    fails: ['A clip marked as time-stretched (Elastic Audio, Audio Warp): listen to it for artifacts.'],
    unverified: ['Playlists are not decoded.'],
  },
  check(ctx) {
    let bad = 0;
    for (const t of ctx.session.tracks) {
      for (const c of contentClips(t)) {
        if (c.timeStretched !== true) continue;
        bad++;
        ctx.fail({
          subject: { track: t.name, clip: c.name }, position: c.position, end: c.position + c.length,
          message: `Clip '${c.name}' on ${t.name} is time-stretched`, measured: 'time-stretched', expected: 'original speed',
          fix: 'Check the clip closely for artifacts, or replace it with an unstretched take.',
        });
      }
    }
    if (!bad) ctx.pass({ message: 'No time-stretched clips' });
  },
});
