/**
 * Media Composer keeps the audio mixer's track mute and solo in each slot's
 * TimelineMobAttributeList as `AudioMixerCompMute` / `AudioMixerCompSolo`.
 */

/** Track mute/solo from a slot's tagged values (null when the slot does not say). */
export function mixerMuteSolo(tags: Map<string, unknown>): { muted: boolean | null; solo: boolean | null } {
  const m = tags.get('AudioMixerCompMute');
  const s = tags.get('AudioMixerCompSolo');
  return {
    muted: typeof m === 'number' ? m !== 0 : null,
    solo: typeof s === 'number' ? s !== 0 : null,
  };
}
