import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'track/no-vca',
  description: 'No VCA tracks and no VCA assignment.',
  spec: [edit('VCAs - The recording session should not have any type of track that controls other tracks.')],
  severity: 'error',
  // A VCA track needs only the track kinds; assignments need `vcas` (checked inside).
  requires: ['trackKinds'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['No track of kind vca and no track with a VCA assignment.'],
    fails: ['A VCA master track.', 'A track assigned to a VCA.'],
    unverified: ['Track kinds are not decoded; or no VCA track was found and VCA assignments are not decoded (Pro Tools 10+ sessions, AAF).'],
  },
  check(ctx) {
    let found = 0;
    const assignments = ctx.session.coverage.vcas === 'decoded';
    for (const t of ctx.session.tracks) {
      if (t.kind === 'vca') {
        found++;
        ctx.fail({ subject: { track: t.name }, message: `Track ${t.name} is a VCA`, measured: 'vca', expected: 'no VCA', fix: 'Delete the VCA track.' });
      } else if (assignments && t.vca != null) {
        found++;
        ctx.fail({ subject: { track: t.name }, message: `Track ${t.name} is assigned to VCA ${t.vca}`, measured: t.vca, expected: 'no VCA', fix: 'Remove the VCA assignment.' });
      }
    }
    if (found) return;
    if (assignments) ctx.pass({ message: 'No VCA tracks or assignments' });
    else ctx.unverified({ message: `No VCA tracks; VCA assignments are ${ctx.session.coverage.vcas ?? 'unsupported'} in this input`, missing: ['vcas'] });
  },
});
