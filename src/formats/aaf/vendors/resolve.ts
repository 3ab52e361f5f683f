/**
 * DaVinci Resolve writes AudioChannelCombiner inputs whose lengths are
 * rounded to whole frames, so a combined clip takes the group's length.
 * Resolve also nests a constant gain group inside a varying one.
 */

/** The length a multichannel clip gets: the group's own length when it has one. */
export function combinerLengthFromGroup(groupLength: number | null, inputLength: number | null): number {
  return groupLength ?? inputLength ?? 0;
}
