/**
 * WAV rules: the premix profile (reading 13) and the animation recording
 * profile (readings 12, 14, 15).
 */
import { describe, expect, it } from 'vitest';
import type { Session } from '../../src/model/session.js';
import { frameRate, framesToSamples, parseTimecode, timecodeToFrames } from '../../src/model/timecode.js';
import { differenceInFrames } from '../../src/policy/rules/wav/picture-length.js';
import { animationSession, baseSession, bext, HOUR, PREMIX_NAME, premixSession, RECORDING_NAME, recordingSession } from '../support/model.js';
import { ruleTable, runOne } from '../support/rule-tester.js';
import { prng } from '../support/prng.js';

const PREMIX = 'netflix-premix-wav';
const ANIMATION = 'netflix-animation-dialogue';

function edit(s: Session, f: (s: Session) => void): Session {
  f(s);
  return s;
}
const premix = (f: (s: Session) => void = () => {}) => edit(premixSession(), f);
const rec = (f: (s: Session) => void = () => {}, name = RECORDING_NAME) => edit(recordingSession(name), f);
const peaks = (...tp: Array<number | null>) => premix((s) => {
  s.audio!.channels = tp.map((t) => ({ samplePeakDbfs: -12, truePeakDbtp: t, rmsDbfs: -30, firstSoundSample: 0 }));
});
const DUAL_PRIMARY = 'P0100_Maddie_IF_Chaz_EB_220123_primary_01.wav';
const DUAL_SECONDARY = 'P0100_Maddie_IF_Chaz_EB_220123_secondary_01.wav';

// ------------------------------------------------------------------ premix

ruleTable('wav/format', PREMIX, {
  pass: [
    { name: 'PCM 48 kHz 24-bit', session: premixSession() },
    { name: 'EXTENSIBLE(PCM) counts as PCM', session: premix((s) => { s.audio!.formatTag = 'EXTENSIBLE(PCM)'; }) },
    { name: 'RF64 container', session: premix((s) => { s.audio!.container = 'RF64'; }) },
    { name: 'no bext needed for the premix', session: premix((s) => { s.audio!.bext = null; }) },
  ],
  fail: [
    { name: 'IEEE float', session: premix((s) => { s.audio!.formatTag = 'IEEE_FLOAT'; s.bitDepth = 32; }), message: 'IEEE_FLOAT, not PCM' },
    { name: 'EXTENSIBLE(IEEE_FLOAT)', session: premix((s) => { s.audio!.formatTag = 'EXTENSIBLE(IEEE_FLOAT)'; }), message: 'not PCM' },
    { name: '16-bit', session: premix((s) => { s.bitDepth = 16; }), message: 'bit depth is 16' },
    { name: '44.1 kHz', session: premix((s) => { s.sampleRate = 44100; }), message: '44100 Hz' },
    { name: 'a session input is not a WAV premix', session: baseSession(), message: 'not a WAV file' },
  ],
});

ruleTable('wav/mono', PREMIX, {
  pass: [{ name: 'one channel', session: premixSession() }],
  fail: [
    { name: 'stereo', session: premixSession(PREMIX_NAME, { channels: 2 }), message: '2 channels, not 1' },
    { name: '5.1', session: premixSession(PREMIX_NAME, { channels: 6 }), message: '6 channels' },
  ],
  none: [{ name: 'a session input gives no wav/mono result', session: baseSession() }],
});

ruleTable('wav/true-peak', PREMIX, {
  pass: [
    { name: '-8.5 dBTP', session: premixSession() },
    { name: 'exactly -6.0 dBTP', session: peaks(-6.0) },
    { name: 'the sample peak does not matter, only the true peak', session: premix((s) => { s.audio!.channels = [{ samplePeakDbfs: -5, truePeakDbtp: -6.0, rmsDbfs: -30, firstSoundSample: 0 }]; }) },
    { name: 'option limit -3', session: peaks(-5.5), options: { limit: -3 } },
  ],
  fail: [
    { name: '-5.99 dBTP', session: peaks(-5.99), message: 'above -6.0 dBTP' },
    { name: 'true peak above the limit while the sample peak is below it', session: premix((s) => { s.audio!.channels = [{ samplePeakDbfs: -6.5, truePeakDbtp: -5.8, rmsDbfs: -30, firstSoundSample: 0 }]; }) },
    { name: 'the maximum over channels, naming the channel', session: peaks(-9, -5.5), message: 'channel 2', fails: 1 },
    { name: '0 dBTP', session: peaks(0.2) },
  ],
  unverified: [
    { name: 'audio not measured (no channels)', session: premix((s) => { s.audio!.channels = []; }) },
    { name: 'one channel without a true-peak reading', session: peaks(-9, null) },
  ],
  none: [{ name: 'a session input gives no wav/true-peak result', session: baseSession() }],
});

ruleTable('wav/picture-length', PREMIX, {
  pass: [
    { name: '240 frames at 24 (name token) = 480000 samples', session: premixSession(), inputs: { pictureLength: 240 } },
    { name: 'frames as digits', session: premixSession(), inputs: { pictureLength: '240' } },
    { name: 'timecode duration 00:00:10:00 at --frame-rate 24', session: premixSession(), inputs: { pictureLength: '00:00:10:00', frameRate: frameRate('24') } },
    { name: '--frame-rate 25 wins over the name token: 250 frames', session: premixSession(), inputs: { pictureLength: 250, frameRate: frameRate('25') } },
    { name: '240 frames at 23.976 = 480480 samples', session: premixSession('PKG123_ShowTitle_23976_Mono_es-ES_PreMixQC_v1.wav', { samples: 480_480 }), inputs: { pictureLength: 240 } },
    {
      name: '00:00:10:00 at --frame-rate 29.97 = 300 frames = 480480 samples',
      session: premixSession('PKG123_ShowTitle_2997_Mono_es-ES_PreMixQC_v1.wav', { samples: 480_480 }), inputs: { pictureLength: '00:00:10:00', frameRate: frameRate('29.97') },
    },
    { name: 'a reference file of equal length', session: premixSession(), inputs: { picture: { samples: 480_000, sampleRate: 48000, path: 'ref.wav' } } },
    { name: 'length and frame rate as rule options', session: premixSession('PKG123_Show.wav'), options: { length: '00:00:10:00', frameRate: '24' } },
  ],
  fail: [
    { name: 'one sample short', session: premixSession(PREMIX_NAME, { samples: 479_999 }), inputs: { pictureLength: 240 }, message: '-1 samples (less than one frame)' },
    { name: 'one frame long', session: premixSession(PREMIX_NAME, { samples: 482_000 }), inputs: { pictureLength: 240 }, message: '+2000 samples (+00:00:00:01)' },
    { name: 'exactly two frames long at 29.97 (3203 samples)', session: premixSession('PKG123_ShowTitle_2997_Mono_es-ES_PreMixQC_v1.wav', { samples: 387_587 }), inputs: { pictureLength: 240, frameRate: frameRate('29.97') }, message: '+3203 samples (+00:00:00:02)' },
    { name: 'exactly one frame long at 29.97 (1601 samples)', session: premixSession('PKG123_ShowTitle_2997_Mono_es-ES_PreMixQC_v1.wav', { samples: 385_985 }), inputs: { pictureLength: 240, frameRate: frameRate('29.97') }, message: '+1601 samples (+00:00:00:01)' },
    { name: 'exactly one frame short at 29.97 (1602 samples)', session: premixSession('PKG123_ShowTitle_2997_Mono_es-ES_PreMixQC_v1.wav', { samples: 382_782 }), inputs: { pictureLength: 240, frameRate: frameRate('29.97') }, message: '-1602 samples (-00:00:00:01)' },
    { name: 'a minute long at 29.97 DF reads as a duration, not a drop-frame position', session: premixSession('PKG123_ShowTitle_2997_Mono_es-ES_PreMixQC_v1.wav', { samples: 384_384 + 2_882_880 + 1 }), inputs: { pictureLength: 240, frameRate: frameRate('29.97', true) }, message: '+2882881 samples (+00:01:00:00 and 1 sample)' },
    { name: 'a frame and 480 samples short', session: premixSession(PREMIX_NAME, { samples: 477_520 }), inputs: { pictureLength: 240 }, message: '-2480 samples (-00:00:00:01 and 480 samples)' },
    { name: '240 frames read at 23.976 is not 480000 samples', session: premixSession('PKG123_ShowTitle_23976_Mono_es-ES_PreMixQC_v1.wav'), inputs: { pictureLength: 240 } },
    { name: 'a shorter reference file', session: premixSession(), inputs: { picture: { samples: 470_000, sampleRate: 48000 } } },
  ],
  unverified: [
    { name: 'no picture length (reading 1)', session: premixSession(), message: 'No picture length' },
    { name: 'a length in frames without any frame rate', session: premixSession('premix.wav'), inputs: { pictureLength: 240 }, message: 'frame rate' },
  ],
  none: [{ name: 'a session input gives no wav/picture-length result', session: baseSession(), inputs: { pictureLength: 240 } }],
});

ruleTable('wav/premix-name', PREMIX, {
  pass: [
    { name: PREMIX_NAME, session: premixSession() },
    { name: 'a show title with underscores', session: premixSession('PKG123_My_Show_2_24_Mono_es-ES_PreMixQC_v1.wav') },
    { name: 'ES-419, 2997, v12', session: premixSession('81234567_Show_2997_Mono_ES-419_PreMixQC_v12.wav') },
    { name: 'token 23976', session: premixSession('PKG123_ShowTitle_23976_Mono_pt-BR_PreMixQC_v2.wav') },
  ],
  fail: [
    { name: "'mono' is not the literal 'Mono'", session: premixSession('PKG123_ShowTitle_24_mono_es-ES_PreMixQC_v1.wav'), message: "'mono' must be the literal 'Mono'" },
    { name: "frame-rate token '2398'", session: premixSession('PKG123_ShowTitle_2398_Mono_es-ES_PreMixQC_v1.wav'), message: "frame-rate token '2398' is not one of" },
    { name: "'PreMixQc' is not the literal", session: premixSession('PKG123_ShowTitle_24_Mono_es-ES_PreMixQc_v1.wav'), message: "'PreMixQc' must be the literal 'PreMixQC'" },
    { name: 'version without v', session: premixSession('PKG123_ShowTitle_24_Mono_es-ES_PreMixQC_1.wav'), message: "version '1'" },
    { name: 'invalid language tag', session: premixSession('PKG123_ShowTitle_24_Mono_xx-YY_PreMixQC_v1.wav'), message: "language code 'xx-YY'" },
    { name: 'not enough parts', session: premixSession('ShowTitle_24_Mono_PreMixQC_v1.wav'), message: "'_'-separated parts" },
    { name: 'a symbol in the title', session: premixSession('PKG123_Show&Tell_24_Mono_es-ES_PreMixQC_v1.wav'), message: 'show title' },
  ],
  none: [{ name: 'a session input gives no wav/premix-name result', session: baseSession() }],
});

// ------------------------------------------------------------------ animation

ruleTable('wav/format', ANIMATION, {
  pass: [
    { name: 'Broadcast WAV PCM 48 kHz 24-bit', session: recordingSession() },
    { name: 'EXTENSIBLE(PCM) with bext', session: rec((s) => { s.audio!.formatTag = 'EXTENSIBLE(PCM)'; }) },
  ],
  fail: [
    { name: 'no bext chunk', session: rec((s) => { s.audio!.bext = null; }), message: 'bext' },
    { name: '16-bit', session: rec((s) => { s.bitDepth = 16; }), message: 'bit depth is 16' },
    { name: '96 kHz', session: rec((s) => { s.sampleRate = 96000; }) },
  ],
  none: [{ name: 'a recording session gives no wav/* result (reading 12)', session: animationSession() }],
});

ruleTable('wav/timecode-rate', ANIMATION, {
  pass: [
    { name: 'iXML 24/1 NDF', session: recordingSession() },
    { name: 'no stated rate (no iXML, no rate)', session: rec((s) => { s.audio!.ixml = null; s.frameRate = null; }) },
    { name: 'iXML without a rate and no rate known', session: rec((s) => { s.audio!.ixml!.timecodeRate = null; s.audio!.ixml!.timecodeFlag = null; }) },
    { name: 'rate known from the file as true 24', session: rec((s) => { s.audio!.ixml = null; s.frameRate = frameRate('24'); }) },
  ],
  fail: [
    { name: '24000/1001 (23.976)', session: rec((s) => { s.audio!.ixml!.timecodeRate = '24000/1001'; }), message: '24000/1001' },
    { name: '25/1', session: rec((s) => { s.audio!.ixml!.timecodeRate = '25/1'; }) },
    { name: '30000/1001 DF', session: rec((s) => { s.audio!.ixml!.timecodeRate = '30000/1001'; s.audio!.ixml!.timecodeFlag = 'DF'; }) },
    { name: '24/1 flagged DF', session: rec((s) => { s.audio!.ixml!.timecodeFlag = 'DF'; }) },
    { name: 'no iXML, file rate 23.976', session: rec((s) => { s.audio!.ixml = null; s.frameRate = frameRate('23.976'); }) },
  ],
  none: [{ name: 'a recording session gives no wav/* result', session: animationSession() }],
});

ruleTable('wav/no-audio-before-hour', ANIMATION, {
  pass: [
    { name: 'stamped 00:59:50:00, first sound at 10 s = exactly 01:00:00:00', session: recordingSession() },
    { name: 'stamped 01:00:00:00, sound from the first sample', session: rec((s) => { s.audio!.bext = bext(HOUR); for (const c of s.audio!.channels) c.firstSoundSample = 0; }) },
    { name: 'a silent file', session: rec((s) => { for (const c of s.audio!.channels) c.firstSoundSample = null; }) },
    { name: 'one silent channel, the other after the hour', session: rec((s) => { s.audio!.channels[1].firstSoundSample = null; }) },
  ],
  fail: [
    { name: 'one sample before the hour', session: rec((s) => { s.audio!.channels[0].firstSoundSample = 479_999; }), message: '1 samples early' },
    { name: 'the earliest channel counts', session: rec((s) => { s.audio!.channels[0].firstSoundSample = 600_000; s.audio!.channels[1].firstSoundSample = 100; }) },
    { name: 'stamped 00:00:00:00', session: rec((s) => { s.audio!.bext = bext(0); }) },
  ],
  unverified: [
    { name: 'no bext chunk (no time reference)', session: rec((s) => { s.audio!.bext = null; }), message: 'bext' },
    { name: 'audio not measured', session: rec((s) => { s.audio!.channels = []; }) },
  ],
  none: [{ name: 'a recording session gives no wav/* result', session: animationSession() }],
});

ruleTable('wav/mic-layout', ANIMATION, {
  pass: [
    { name: 'L − R +6 dB', session: recordingSession() },
    { name: '+3 dB (edge of ±3)', session: rec((s) => { s.audio!.levelOffsetDb = 3; }) },
    { name: '+9 dB (edge of ±3)', session: rec((s) => { s.audio!.levelOffsetDb = 9; }) },
    { name: 'offset from the channel RMS when not given', session: rec((s) => { s.audio!.levelOffsetDb = null; s.audio!.channels[0].rmsDbfs = -20; s.audio!.channels[1].rmsDbfs = -26.5; }) },
    { name: 'dual-actor primary file at equal levels', session: rec((s) => { s.audio!.levelOffsetDb = 0; }, DUAL_PRIMARY) },
    { name: 'dual-actor secondary file, R louder', session: rec((s) => { s.audio!.levelOffsetDb = -4; }, DUAL_SECONDARY) },
    { name: 'option tolerance 5: +10 dB', session: rec((s) => { s.audio!.levelOffsetDb = 10; }), options: { toleranceDb: 5 } },
  ],
  fail: [
    { name: 'mono recording', session: recordingSession(RECORDING_NAME, { channels: 1 }), message: 'expected stereo' },
    { name: 'equal levels (one mic on both sides)', session: rec((s) => { s.audio!.levelOffsetDb = 0; }), message: 'nearly equal' },
    { name: 'R louder than L (swapped)', session: rec((s) => { s.audio!.levelOffsetDb = -6; }), message: 'swapped' },
    { name: '+9.5 dB', session: rec((s) => { s.audio!.levelOffsetDb = 9.5; }) },
    { name: '+2.9 dB', session: rec((s) => { s.audio!.levelOffsetDb = 2.9; }) },
  ],
  unverified: [{ name: 'levels not measured', session: rec((s) => { s.audio!.levelOffsetDb = null; s.audio!.channels = []; }) }],
  none: [{ name: 'a recording session gives no wav/* result', session: animationSession() }],
});

ruleTable('wav/recording-name', ANIMATION, {
  pass: [
    { name: RECORDING_NAME, session: recordingSession() },
    { name: 'scratch S0100', session: recordingSession('S0100_Maddie_IF_220123_01.wav') },
    { name: '4-letter initials and leap day', session: recordingSession('P0100_Maddie_IFAB_240229_12.wav') },
    { name: 'character with digits', session: recordingSession('P0100_Robot2_IF_220123_01.wav') },
    { name: 'a three-digit take', session: recordingSession('S0420_Maddie_IF_220123_101.wav') },
  ],
  fail: [
    { name: 'lowercase prefix p', session: recordingSession('p0100_Maddie_IF_220123_01.wav'), message: "sequence 'p0100' must start with an uppercase 'P' or 'S'" },
    { name: 'prefix X', session: recordingSession('X0100_Maddie_IF_220123_01.wav'), message: "sequence 'X0100'" },
    { name: 'one-letter initials', session: recordingSession('P0100_Maddie_I_220123_01.wav'), message: "initials 'I'" },
    { name: 'five-letter initials', session: recordingSession('P0100_Maddie_IFABC_220123_01.wav'), message: "initials 'IFABC'" },
    { name: 'lowercase initials', session: recordingSession('P0100_Maddie_if_220123_01.wav'), message: "initials 'if'" },
    { name: 'impossible date 220231', session: recordingSession('P0100_Maddie_IF_220231_01.wav'), message: "date '220231'" },
    { name: 'not a leap year 230229', session: recordingSession('P0100_Maddie_IF_230229_01.wav'), message: "date '230229'" },
    { name: 'no take', session: recordingSession('P0100_Maddie_IF_220123.wav'), message: "4 '_'-separated parts" },
    { name: 'take not digits', session: recordingSession('P0100_Maddie_IF_220123_A.wav'), message: "take 'A'" },
    { name: '_Primary_ must be lowercase', session: recordingSession('P0100_Maddie_IF_Chaz_EB_220123_Primary_01.wav') },
    { name: 'dual actor without the mic part', session: recordingSession('P0100_Maddie_IF_Chaz_EB_220123_01.wav') },
    { name: 'character with a hyphen', session: recordingSession('P0100_Mad-die_IF_220123_01.wav'), message: "character 'Mad-die'" },
  ],
  none: [{ name: 'a recording session gives no wav/* result', session: animationSession() }],
});

describe('wav/picture-length: the difference in frames', () => {
  // Fixed seed: picture lengths in whole frames and WAV lengths around them, at every rate and three sample rates.
  const next = prng(20261121);
  const rand = (n: number) => Math.floor(next() * n);
  for (const label of ['23.976', '24', '25', '29.97', '30', '59.94']) {
    for (const sampleRate of [44100, 48000, 96000]) {
      it(`names whole frames on the picture's grid and the samples left over (${label} fps, ${sampleRate} Hz)`, () => {
        const fr = frameRate(label)!;
        const at = (k: number) => framesToSamples(k, fr, sampleRate);
        for (let i = 0; i < 400; i++) {
          const fe = 1 + rand(200_000);
          const expected = at(fe);
          const actual = Math.max(0, expected + rand(40 * sampleRate) - 20 * sampleRate);
          if (actual === expected) continue;
          const text = differenceInFrames(actual, expected, fr, sampleRate);
          const m = /^([+-])(\d\d:\d\d:\d\d:\d\d)(?: and (\d+) samples?)?$/.exec(text);
          if (!m) {
            // Under one frame: the WAV ends inside the frame next to the picture's end.
            expect(text).toBe('less than one frame');
            expect(actual > expected ? actual < at(fe + 1) : actual > at(fe - 1)).toBe(true);
            continue;
          }
          const frames = timecodeToFrames(parseTimecode(m[2])!, { ...fr, dropFrame: false });
          const rest = Number(m[3] ?? 0);
          expect(m[1]).toBe(actual > expected ? '+' : '-');
          expect(frames).toBeGreaterThan(0);
          if (actual > expected) {
            // fe + frames whole frames, then fewer samples than the next frame has.
            expect(at(fe + frames) + rest).toBe(actual);
            expect(rest).toBeLessThan(at(fe + frames + 1) - at(fe + frames));
          } else {
            expect(at(fe - frames) - rest).toBe(actual);
            expect(rest).toBeLessThan(at(fe - frames) - at(fe - frames - 1));
          }
        }
      });
    }
  }
});

describe('wav/true-peak: measured and expected', () => {
  it('are a number and a bound with the unit beside them, in a pass as in a fail', () => {
    const [pass] = runOne('wav/true-peak', PREMIX, peaks(-8.4));
    const [fail] = runOne('wav/true-peak', PREMIX, peaks(-4.39));
    expect([pass.outcome, fail.outcome]).toEqual(['pass', 'fail']);
    expect(pass).toMatchObject({ measured: -8.4, expected: '≤ -6.0', unit: 'dBTP' });
    expect(fail).toMatchObject({ measured: -4.39, expected: '≤ -6.0', unit: 'dBTP' });
  });
});
