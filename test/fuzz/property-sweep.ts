/**
 * A deterministic sweep of the AAF object model: for every seed, every
 * property id it holds is damaged in every object that has it, each way
 * (dropped, zeroed, 0xFF, half zeroed, another stored form), and each input
 * is run through the harness. Random mutations reach a given property of a
 * given class rarely; the sweep reaches each one (`npm run fuzz -- --format
 * aaf --property-sweep`, and over the writer seeds in `npm test`).
 */
import { inputOptions } from './campaign.js';
import { runInput, type Outcome } from './harness.js';
import { damageProperty, propertyEntries, PROPERTY_DAMAGE, type PropertyDamage, type Seed } from './mutators.js';

export type SweepInput = { seed: Seed; pid: number; kind: PropertyDamage; objects: number; outcome: Outcome };

/** The property ids in a seed's properties streams, in order. */
function pidsOf(seed: Seed): number[] {
  const pids = new Set<number>();
  for (const q of seed.structure.cfb?.properties ?? []) for (const e of propertyEntries(seed.bytes, q) ?? []) pids.add(e.pid);
  return [...pids].sort((a, b) => a - b);
}

export async function* propertySweep(seeds: readonly Seed[]): AsyncGenerator<SweepInput> {
  let i = 0;
  for (const seed of seeds) {
    const streams = seed.structure.cfb?.properties ?? [];
    for (const pid of pidsOf(seed)) {
      for (const kind of PROPERTY_DAMAGE) {
        const { bytes, sites } = damageProperty(seed.bytes, streams, pid, kind);
        yield { seed, pid, kind, objects: sites, outcome: await runInput(bytes, inputOptions('aaf', seed.name, bytes, i++)) };
      }
    }
  }
}
