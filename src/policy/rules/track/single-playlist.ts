import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'track/single-playlist',
  description: 'Each track has one playlist and nothing hidden.',
  spec: [edit('Alternate Playlists - Tracks shall contain one playlist and nothing hidden.')],
  severity: 'error',
  requires: ['playlists'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['Every track has exactly one playlist and is not hidden.'],
    fails: ['A track with alternate playlists.', 'A hidden track.'],
    unverified: ['Playlists are not decoded.'],
  },
  check(ctx) {
    for (const t of ctx.session.tracks) {
      let bad = false;
      if (t.playlists.length > 1) {
        bad = true;
        const alts = t.playlists.slice(1).map((p) => p.name);
        ctx.fail({
          subject: { track: t.name },
          message: `Track ${t.name} has ${t.playlists.length} playlists (alternates: ${alts.join(', ')})`,
          measured: t.playlists.length, expected: 1, unit: 'playlists', fix: 'Delete the alternate playlists (Playlist menu > Delete Unused).',
        });
      }
      if (t.hidden === true) {
        bad = true;
        ctx.fail({
          subject: { track: t.name }, message: `Track ${t.name} is hidden`, measured: 'hidden', expected: 'shown',
          fix: 'Show the track, or delete it if it is not part of the delivery.',
        });
      }
      if (!bad) ctx.pass({ subject: { track: t.name }, message: `Track ${t.name} has one playlist` });
    }
  },
});
