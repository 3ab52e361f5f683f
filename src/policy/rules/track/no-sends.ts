import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'track/no-sends',
  description: 'No sends.',
  spec: [edit('Sends - The recording session should nott contain any internal signal flow other than direct monitoring paths of the tracks.')],
  severity: 'error',
  requires: ['sends'],
  scope: 'session',
  options: {},
  docs: { passes: ['No track has a send.'], fails: ['Any send, active or not.'], unverified: ['Sends are not decoded (Pro Tools 10+ sessions, AAF, Session Info as Text).'] },
  check(ctx) {
    for (const t of ctx.session.tracks) {
      if (!t.sends.length) {
        ctx.pass({ subject: { track: t.name }, message: `Track ${t.name} has no sends` });
        continue;
      }
      for (const snd of t.sends) {
        ctx.fail({
          subject: { track: t.name },
          message: `Track ${t.name} has send ${snd.slot}${snd.destination ? ` to ${snd.destination}` : ''}${snd.active === false ? ' (inactive)' : ''}`,
          measured: snd.destination, expected: 'no sends', fix: 'Remove the send.',
        });
      }
    }
  },
});
