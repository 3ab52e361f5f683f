import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'track/no-inserts',
  description: 'No plug-in inserts on any track.',
  spec: [edit('Inserts - Any plug-in on any track is to be removed.')],
  severity: 'error',
  requires: ['inserts'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['No track has an insert.'],
    fails: ['Any plug-in on any track, active or bypassed/inactive.'],
    unverified: ['Inserts are not decoded: Pro Tools 10+ sessions and AAF do not reveal them; add the Session Info as Text export.'],
  },
  check(ctx) {
    for (const t of ctx.session.tracks) {
      if (!t.inserts.length) {
        ctx.pass({ subject: { track: t.name }, message: `Track ${t.name} has no inserts` });
        continue;
      }
      for (const i of t.inserts) {
        ctx.fail({
          subject: { track: t.name },
          message: `Track ${t.name} has plug-in ${i.name} on insert ${i.slot}${i.active === false ? ' (inactive)' : ''}`,
          measured: i.name, expected: 'no inserts', fix: 'Remove the plug-in from the track.',
        });
      }
    }
  },
});
