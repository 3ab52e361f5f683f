import { describe, expect, it } from 'vitest';
import {
  frameRate, framesToTimecode, samplesToTimecode, timecodeToFrames, timecodeToSamples,
} from '../../src/model/timecode.js';

const fr = (l: string, df = false) => frameRate(l, df)!;

describe('timecode', () => {
  it('01:00:00:00 at 48 kHz is 172,800,000 at 24 and 172,972,800 at 23.976', () => {
    expect(timecodeToSamples('01:00:00:00', fr('24'), 48000)).toBe(172_800_000);
    expect(timecodeToSamples('01:00:00:00', fr('23.976'), 48000)).toBe(172_972_800);
    expect(timecodeToSamples('00:59:50:00', fr('24'), 48000)).toBe(172_320_000);
  });

  it('accepts name tokens and labels', () => {
    expect(frameRate('23976')?.label).toBe('23.976');
    expect(frameRate('2997')?.label).toBe('29.97');
    expect(frameRate(24000 / 1001)?.label).toBe('23.976');
    expect(frameRate('24/1')?.label).toBe('24');
    expect(frameRate('2398')?.label).toBe('23.976');
    expect(frameRate('31')).toBeNull();
  });

  it('drop-frame 29.97 skips frames 0 and 1 except every tenth minute', () => {
    const df = fr('29.97', true);
    expect(timecodeToFrames('00:01:00;02', df)).toBe(1800);
    expect(framesToTimecode(1800, df)).toBe('00:01:00;02');
    expect(framesToTimecode(1799, df)).toBe('00:00:59;29');
    expect(timecodeToFrames('00:10:00;00', df)).toBe(17982);
    expect(framesToTimecode(17982, df)).toBe('00:10:00;00');
    expect(timecodeToFrames('01:00:00;00', df)).toBe(107892);
    for (const f of [0, 1, 2, 1798, 1799, 1800, 1801, 3597, 3598, 17981, 17982, 17983, 107891, 107892, 2589407]) {
      expect(timecodeToFrames(framesToTimecode(f, df), df)).toBe(f);
    }
  });

  it('round-trips every frame of an hour at every NDF rate', () => {
    for (const label of ['23.976', '24', '25', '29.97', '30', '50', '59.94', '60']) {
      const r = fr(label);
      for (let f = 0; f < 3600 * 60; f += 997) {
        expect(timecodeToFrames(framesToTimecode(f, r), r)).toBe(f);
      }
    }
  });

  it('samples to timecode floors to the frame', () => {
    expect(samplesToTimecode(172_800_000 + 1999, fr('24'), 48000)).toBe('01:00:00:00');
    expect(samplesToTimecode(172_800_000 + 2000, fr('24'), 48000)).toBe('01:00:00:01');
    expect(samplesToTimecode(172_972_800, fr('23.976'), 48000)).toBe('01:00:00:00');
  });

  it('rejects frames beyond the rate', () => {
    expect(() => timecodeToFrames('00:00:00:24', fr('24'))).toThrow(RangeError);
  });
});
