import { defineRule } from '../../rule.js';
import { premix } from '../spec.js';

export default defineRule({
  id: 'wav/true-peak',
  description: 'True peak at or below -6 dBTP (ITU-R BS.1770 true peak).',
  spec: [premix('Please insert a -6db true peak limiter on all dialog tracks or on bounce bus to control peaks.')],
  severity: 'error',
  requires: [],
  scope: 'wav',
  options: { limit: { type: 'number', default: -6.0, description: 'Highest allowed true peak, dBTP.' } },
  docs: {
    passes: ['The highest true peak over all channels is at or below the limit (the sample peak does not matter).'],
    fails: ['A true peak above the limit, e.g. -5.3 dBTP.'],
    unverified: ['The audio was not measured.'],
  },
  appliesTo: ({ session }) => session.audio != null,
  check(ctx) {
    const limit = Number(ctx.options.limit ?? -6);
    const chans = ctx.session.audio?.channels ?? [];
    const peaks = chans.map((c) => c.truePeakDbtp);
    if (!peaks.length || peaks.some((p) => p == null)) {
      ctx.unverified({ message: 'The audio was not measured (no true-peak reading)', expected: `≤ ${limit.toFixed(1)} dBTP` });
      return;
    }
    const max = Math.max(...(peaks as number[]));
    const ch = peaks.indexOf(max) + 1;
    const shown = Number.isFinite(max) ? `${max.toFixed(2)} dBTP` : 'silence';
    if (max <= limit) {
      // measured and expected as in a fail: a number and a bound, the unit beside them (null for silence).
      ctx.pass({ message: `True peak ${shown} (limit ${limit.toFixed(1)} dBTP)`, measured: Number.isFinite(max) ? Number(max.toFixed(2)) : null, expected: `≤ ${limit.toFixed(1)}`, unit: 'dBTP' });
    } else {
      ctx.fail({
        subject: { chunk: `channel ${ch}` },
        message: `True peak ${shown} on channel ${ch} is above ${limit.toFixed(1)} dBTP`,
        measured: Number(max.toFixed(2)), expected: `≤ ${limit.toFixed(1)}`, unit: 'dBTP',
        fix: `Insert a ${limit} dB true-peak limiter on the dialogue tracks or the bounce bus and bounce again.`,
      });
    }
  },
});
