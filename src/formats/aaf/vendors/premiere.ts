/**
 * Premiere Pro may write several top-level CompositionMobs (one per
 * sequence in the project): the reader takes the first that no other
 * composition uses (a nested sequence may be marked TopLevel too) and says so.
 * Its track attributes are named TimelineMobSlotAttributes (same AUID as
 * TimelineMobAttributeList), which the reader resolves by AUID.
 */

export function premiereNote(count: number, chosen: string, first = true): string {
  return `${count} top-level compositions; reading "${chosen}" (${first ? 'the first' : 'the first that no other composition uses'})`;
}
