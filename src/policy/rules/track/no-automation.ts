import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'track/no-automation',
  description: 'No automation on any track (volume, pan, mute, plug-in, send); clip gain is allowed.',
  spec: [edit('Automation - All automated functions to control tracks/clips are not to be included. Clip Gain is the only exception.')],
  severity: 'error',
  requires: ['automation'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['Every automation lane is a default (untouched) lane; clip gain, fixed or as an envelope, is not automation.'],
    fails: ['Any lane with isDefault false, whatever its parameter (mute included).'],
    unverified: ['Automation is not decoded (Session Info as Text).'],
  },
  check(ctx) {
    for (const t of ctx.session.tracks) {
      const real = t.automation.filter((a) => !a.isDefault);
      if (!real.length) {
        ctx.pass({ subject: { track: t.name }, message: `Track ${t.name} has no automation` });
        continue;
      }
      for (const a of real) {
        ctx.fail({
          subject: { track: t.name },
          message: `Track ${t.name} has ${a.parameter} automation (${a.points} point${a.points === 1 ? '' : 's'})`,
          measured: `${a.parameter} automation`, expected: 'no automation',
          fix: `Clear the ${a.parameter} automation (keep level changes as clip gain).`,
        });
      }
    }
  },
});
