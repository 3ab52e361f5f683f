/** Specs for the AAF writer shared by the unit tests. */
import type { AafSpec } from '../../support/aaf-writer/index.js';

/** One track, three clips (gain, fades, mute, multichannel), a marker, external and embedded media. */
export function basicSpec(over: Partial<AafSpec> = {}): AafSpec {
  return {
    name: 'Basic',
    editRate: [25, 1],
    timecode: { start: 90000, fps: 25 },
    media: [
      { name: 'dialog.wav', length: 480000, url: 'file:///c%3a/Audio%20Files/dialog%20one.wav' },
      { name: 'embedded', length: 48000, embedded: {} },
    ],
    tracks: [{
      name: 'Dialog', trackFormat: 1, mute: false, solo: true, volume: [1, 0.5],
      clips: [
        { position: 25, length: 50, media: 0, gain: { db: -6 }, fadeIn: 5, fadeOut: 5 },
        { position: 100, length: 25, media: 1, gain: { envelope: [[0, 1], [1, 0.5]] }, muted: true },
        { position: 200, length: 25, sourceOffset: 10, media: 0, channels: 2 },
      ],
    }],
    markers: [{ name: 'M1', position: 50 }],
    ...over,
  };
}
