import { defineRule } from '../../rule.js';
import { isAudioLike, isWalla } from '../../model-helpers.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'track/walla-limit',
  description: 'At most 8 walla/group tracks.',
  spec: [edit('For Walla or Group recordings (background incidental voices and callouts), up to 8 tracks can be incorporated.')],
  severity: 'error',
  requires: ['tracks'],
  scope: 'session',
  options: { max: { type: 'number', default: 8, description: 'Most walla/group tracks allowed.' } },
  docs: {
    passes: ['Up to 8 tracks whose character part starts with the token WALLA or GROUP.'],
    fails: ['9 or more walla/group tracks.'],
    unverified: ['Never for decoded tracks.'],
  },
  check(ctx) {
    const max = Number(ctx.options.max ?? 8);
    const walla = ctx.session.tracks.filter((t) => isAudioLike(t) && isWalla(t));
    if (walla.length > max) {
      ctx.fail({
        message: `${walla.length} walla/group tracks, more than ${max}: ${walla.map((t) => t.name).join(', ')}`,
        measured: walla.length, expected: `≤ ${max}`, unit: 'tracks', fix: `Combine walla onto at most ${max} tracks.`,
      });
    } else {
      ctx.pass({ message: `${walla.length} walla/group track${walla.length === 1 ? '' : 's'} (at most ${max})`, measured: walla.length, expected: `≤ ${max}`, unit: 'tracks' });
    }
  },
});
