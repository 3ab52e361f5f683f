/**
 * Pro Tools AAF exports: rendered fades are written as audio clips whose
 * master mob is named "Fade " in the session language; the one-frame
 * "Sample accurate edit" clips hold real audio and stay ordinary clips
 * (see model/pro-tools.ts). The timecode track is slot 1002 at 30/1.
 */
import { channelFormatFor, type Clip, type Track } from '../../../model/session.js';
import { isSampleAccurateEditName } from '../../../model/pro-tools.js';

/** Localised names Pro Tools gives to rendered fade clips (trimmed, lower-cased). */
const FADE_RENDER_NAMES = new Set([
  'fade', // en, de, ja exports keep the English word
  'fondu', // fr
  'fundido', // es
  '淡變', // zh-TW
  '淡变', // zh-CN
  '페이드', // ko
  'dissolvenza', // it
  'fade-in', 'fade-out', 'crossfade',
]);

export const PRO_TOOLS_TIMECODE_SLOT = 1002;

/** True when a master mob name is one of Pro Tools' rendered-fade names. */
export function isProToolsFadeRenderName(name: string | null | undefined): boolean {
  if (!name) return false;
  return FADE_RENDER_NAMES.has(name.trim().toLowerCase());
}

/**
 * Gives the clips beside Pro Tools' rendered fades their fades. A run of
 * rendered fade clips and "Sample accurate edit" clips that follow each
 * other without a gap, holding at least one fade, is where the session had
 * a fade: the clip that ends where the run starts is faded out, the one that
 * starts where it ends is faded in (both, for a crossfade), by the length of
 * the run's rendered fade clips. `clips` are one track's, in position order.
 */
export function attachRenderedFades(clips: Clip[]): void {
  const inRun = (c: Clip) => c.isFadeRender || isSampleAccurateEditName(c.name);
  for (let i = 0; i < clips.length;) {
    if (!inRun(clips[i])) {
      i++;
      continue;
    }
    let j = i + 1;
    let fade = clips[i].isFadeRender ? clips[i].length : 0;
    while (j < clips.length && inRun(clips[j]) && clips[j].position === end(clips[j - 1])) {
      if (clips[j].isFadeRender) fade += clips[j].length;
      j++;
    }
    if (fade > 0) {
      // The run is as long as it goes, so a clip that touches it is content.
      const before = clips[i - 1];
      const after = clips[j];
      if (before && end(before) === clips[i].position) before.fadeOut ??= { length: fade, shape: null };
      if (after && after.position === end(clips[j - 1])) after.fadeIn ??= { length: fade, shape: null };
    }
    i = j;
  }
}

/**
 * Pro Tools track names are unique in a session, so mono slots side by side
 * under one name are one track of as many channels, exported one slot a
 * channel (without "export as multichannel"): each gets that track's channel
 * count. Returns the tracks so joined, by name and channel count.
 */
export function joinMultiMonoTracks(tracks: Track[]): Array<{ name: string; channels: number }> {
  const joined: Array<{ name: string; channels: number }> = [];
  for (let i = 0; i < tracks.length;) {
    const name = tracks[i].name;
    let j = i + 1;
    while (j < tracks.length && tracks[j].name === name) j++;
    const group = tracks.slice(i, j);
    if (group.length > 1 && group.every((t) => t.channels === 1 || t.channels === null)) {
      for (const t of group) {
        t.channels = group.length;
        t.channelFormat = channelFormatFor(group.length);
      }
      joined.push({ name, channels: group.length });
    }
    i = j;
  }
  return joined;
}

function end(c: Clip): number {
  return c.position + c.length;
}
