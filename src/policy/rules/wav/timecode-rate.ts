import { defineRule } from '../../rule.js';
import { frameRate } from '../../../model/timecode.js';
import { animation } from '../spec.js';

export default defineRule({
  id: 'wav/timecode-rate',
  description: 'True 24 fps timecode where the file states a rate.',
  spec: [animation('True 24 fps timecode')],
  severity: 'error',
  requires: [],
  scope: 'wav',
  options: { expected: { type: 'string', default: '24', description: 'Required timecode rate.' } },
  docs: {
    passes: ['iXML TIMECODE_RATE 24/1 with TIMECODE_FLAG NDF.', 'A file that states no timecode rate (nothing to check; the result says so).'],
    fails: ['TIMECODE_RATE 24000/1001 (23.976), 25/1, 30000/1001, or a drop-frame flag.'],
    unverified: ['Never.'],
  },
  appliesTo: ({ session }) => session.audio != null,
  check(ctx) {
    const expected = frameRate(String(ctx.options.expected ?? '24'))!;
    const ixml = ctx.session.audio?.ixml;
    const stated = ixml?.timecodeRate ?? null;
    const flag = ixml?.timecodeFlag ?? null;
    const rate = stated ? frameRate(stated, /^DF$/i.test(flag ?? '')) : ctx.session.frameRate;
    const statedLabel = stated ? `${stated}${flag ? ` ${flag}` : ''}` : rate ? `${rate.label}${rate.dropFrame ? ' DF' : ''}` : null;
    if (!statedLabel) {
      ctx.pass({ message: 'The file states no timecode rate (nothing to check)' });
      return;
    }
    const dropFlag = /^DF$/i.test(flag ?? '') || rate?.dropFrame === true;
    if (rate && rate.label === expected.label && !dropFlag) {
      ctx.pass({ subject: { chunk: 'iXML' }, message: `Timecode rate ${statedLabel}`, measured: statedLabel, expected: `${expected.label} NDF` });
    } else {
      ctx.fail({
        subject: { chunk: 'iXML' },
        message: `Timecode rate is ${statedLabel}${rate ? ` (${rate.label} fps)` : ''}, not true ${expected.label} fps non-drop`,
        measured: statedLabel, expected: `${expected.label}/1 NDF`, unit: 'fps',
        fix: 'Set the recorder / session timecode to true 24 fps (not 23.976) and record again or re-stamp.',
      });
    }
  },
});
