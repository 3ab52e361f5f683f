import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'track/no-vca',
  description: 'No VCA tracks and no VCA assignment.',
  spec: [edit('VCAs - The recording session should not have any type of track that controls other tracks.')],
  severity: 'error',
  requires: ['trackKinds', 'vcas'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['No track of kind vca and no track with a VCA assignment.'],
    fails: ['A VCA master track.', 'A track assigned to a VCA.'],
    unverified: ['Track kinds or VCA assignments are not decoded (Pro Tools 10+ sessions, AAF).'],
  },
  check(ctx) {
    let found = 0;
    for (const t of ctx.session.tracks) {
      if (t.kind === 'vca') {
        found++;
        ctx.fail({ subject: { track: t.name }, message: `Track ${t.name} is a VCA`, measured: 'vca', expected: 'no VCA', fix: 'Delete the VCA track.' });
      } else if (t.vca != null) {
        found++;
        ctx.fail({ subject: { track: t.name }, message: `Track ${t.name} is assigned to VCA ${t.vca}`, measured: t.vca, expected: 'no VCA', fix: 'Remove the VCA assignment.' });
      }
    }
    if (!found) ctx.pass({ message: 'No VCA tracks or assignments' });
  },
});
