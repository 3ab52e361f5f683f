import { defineRule } from '../../rule.js';
import type { ChannelFormat, MediaFile, Track } from '../../../model/session.js';
import { activeClips, isAudioLike, isOptional, mediaById } from '../../model-helpers.js';
import { edit } from '../spec.js';

const OPTIONAL_CHANNELS = new Set([1, 3, 5, 6]);
const OPTIONAL_FORMATS = new Set<ChannelFormat>(['mono', 'lcr', '5.0', '5.1']);

/** The track's channel count: its own, else the widest media file its clips use. */
function channelsOf(t: Track, media: Map<string, MediaFile>): number | null {
  if (t.channels != null) return t.channels;
  if (t.channelFormat) return { mono: 1, stereo: 2, lcr: 3, '5.0': 5, '5.1': 6, '7.1': 8 }[t.channelFormat];
  let max: number | null = null;
  for (const c of activeClips(t)) {
    const ch = c.mediaFileId ? media.get(c.mediaFileId)?.channels : null;
    if (ch != null) max = Math.max(max ?? 0, ch);
  }
  return max;
}

export default defineRule({
  id: 'track/mono-dialogue',
  description: 'Dialogue tracks are mono; optional tracks may keep 5.1, 5.0, LCR or mono.',
  spec: [
    edit('Mono tracks for dialogue recordings.'),
    edit('If working with optional tracks, keep tracks in original configuration (5.1, 5.0, LCR, Mono) and deliver with recorded raw tracks.'),
  ],
  severity: 'error',
  requires: ['tracks'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['Every audio track is mono, or is an optional (a name token OPT, OPTS, OPTIONAL or OPTIONALS) in mono, LCR, 5.0 or 5.1.'],
    fails: ['A stereo (or wider) dialogue track.', 'A stereo or 7.1 optional track.', 'A dialogue clip whose audio file has more than one channel.'],
    unverified: ['A track whose channel count is not known (reported per track).'],
    notes: ['Only audio tracks are looked at; master, aux and VCA tracks have their own rules.'],
  },
  check(ctx) {
    const s = ctx.session;
    const media = mediaById(s);
    for (const t of s.tracks.filter(isAudioLike)) {
      const optional = isOptional(t);
      const ch = channelsOf(t, media);
      if (ch == null) {
        ctx.unverified({ subject: { track: t.name }, message: `The channel count of track ${t.name} is not known` });
        continue;
      }
      const ok = optional ? OPTIONAL_CHANNELS.has(ch) && (t.channelFormat == null || OPTIONAL_FORMATS.has(t.channelFormat)) : ch === 1;
      const label = t.channelFormat ?? `${ch} channels`;
      if (!ok) {
        ctx.fail({
          subject: { track: t.name },
          message: optional
            ? `Optional track ${t.name} is ${label}; optionals keep 5.1, 5.0, LCR or mono`
            : `Dialogue track ${t.name} is ${label}, not mono`,
          measured: label, expected: optional ? '5.1, 5.0, LCR or mono' : 'mono',
          fix: optional ? 'Keep the optional in its original configuration.' : 'Split the track into mono tracks (one per character/mic).',
        });
        continue;
      }
      let clipBad = false;
      if (!optional) {
        for (const c of activeClips(t)) {
          const m = c.mediaFileId ? media.get(c.mediaFileId) : undefined;
          if (m?.channels != null && m.channels > 1) {
            clipBad = true;
            ctx.fail({
              subject: { track: t.name, clip: c.name, file: m.path ?? m.name }, position: c.position, end: c.position + c.length,
              message: `Clip ${c.name} on ${t.name} uses ${m.name}, a ${m.channels}-channel file`,
              measured: m.channels, expected: 1, unit: 'channels', fix: 'Use mono recordings for dialogue.',
            });
          }
        }
      }
      if (!clipBad) ctx.pass({ subject: { track: t.name }, message: `Track ${t.name} is ${label}`, measured: label });
    }
  },
});
