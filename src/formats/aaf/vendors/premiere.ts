/**
 * Premiere Pro may write several top-level CompositionMobs (one per
 * sequence in the project): the reader takes the first and says so.
 * Its track attributes are named TimelineMobSlotAttributes (same AUID as
 * TimelineMobAttributeList), which the reader resolves by AUID.
 */

export function premiereNote(count: number, chosen: string): string {
  return `${count} top-level compositions; reading "${chosen}" (the first)`;
}
