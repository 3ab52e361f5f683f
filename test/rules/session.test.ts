import { baseSession, BASE_INPUTS, clone, START_TC } from '../support/model.js';
import { ruleTable } from '../support/rule-tester.js';
import { frameRate } from '../../src/model/timecode.js';

const EDIT = 'netflix-localized-edit';

ruleTable('session/sample-rate', EDIT, {
  pass: [{ name: '48 kHz session and media', session: baseSession() }],
  fail: [
    { name: '44.1 kHz session', session: baseSession({ sampleRate: 44100 }), message: '44100 Hz' },
    {
      name: 'one 96 kHz media file',
      session: (() => { const s = baseSession(); s.mediaFiles[2].sampleRate = 96000; return s; })(),
      fails: 1, message: '96000 Hz',
    },
  ],
});

ruleTable('session/frame-rate', EDIT, {
  pass: [
    { name: 'package token 24 matches a 24 fps session', session: baseSession() },
    { name: '--frame-rate wins over the package token', session: baseSession({ frameRate: frameRate('25') }), inputs: { frameRate: frameRate('25') } },
  ],
  fail: [
    { name: '23.976 session in a _24_ package', session: baseSession({ frameRate: frameRate('23.976') }), message: '23.976' },
    { name: '--frame-rate 25 against a 24 session', session: baseSession(), inputs: { frameRate: frameRate('25') } },
  ],
  unverified: [
    { name: 'no package name and no --frame-rate', session: baseSession({ source: { path: 'Show.ptx', format: 'ptx', formatVersion: null, application: null } }) },
    { name: 'timecode not decoded', session: (() => { const s = baseSession(); s.coverage.timecode = 'partial'; return s; })() },
  ],
});

ruleTable('session/start', EDIT, {
  pass: [{ name: 'start equals the picture start', session: baseSession(), options: { start: START_TC } }],
  fail: [{ name: 'session at 00:00:00:00', session: baseSession({ start: 0, startTimecode: '00:00:00:00' }), options: { start: START_TC } }],
  unverified: [{ name: 'no picture start given', session: baseSession(), inputs: BASE_INPUTS }],
});

ruleTable('session/start-timecode', 'netflix-animation-dialogue', {
  pass: [
    { name: '00:59:50:00 at 24', session: baseSession() },
    {
      name: '00:59:50:00 read at 23.976',
      session: baseSession({ frameRate: frameRate('23.976'), start: 86160 * 2002, startTimecode: '00:59:50:00' }),
    },
  ],
  fail: [{ name: 'starts at 01:00:00:00', session: clone(baseSession({ start: 172_800_000, startTimecode: '01:00:00:00' })) }],
});
