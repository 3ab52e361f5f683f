/**
 * The test writer's files hold together as AAF, so other readers add them
 * up as ours does: every Sequence is as long as its components (a
 * Transition overlaps its neighbours and counts negative), for every shape
 * the writer makes.
 */
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/io/byte-source.js';
import { AafFile, type AafObject } from '../../../src/formats/aaf/object-model.js';
import { PID } from '../../../src/formats/aaf/ids.js';
import { writeAaf, type AafSpec } from '../../support/aaf-writer/index.js';
import { basicSpec } from './fixtures.js';

/** "path: Sequence length L, components add up to S" for every Sequence whose components do not add up to its Length. */
async function sequenceMismatches(bytes: Uint8Array): Promise<string[]> {
  const f = await AafFile.open(new BufferSource(bytes, 'w.aaf'));
  const content = f.headerNow().ref(PID.Header_Content)!;
  const out: string[] = [];
  let sequences = 0;
  const visit = (o: AafObject | null, path: string): void => {
    if (!o) return;
    if (o.className === 'Sequence') {
      sequences++;
      let sum = 0;
      for (const c of o.refs(PID.Sequence_Components)) {
        const len = c.num64(PID.Component_Length) ?? 0;
        sum += c.className === 'Transition' ? -len : len;
        visit(c, `${path}/${c.className}`);
      }
      const len = o.num64(PID.Component_Length);
      if (len !== null && len !== sum) out.push(`${path}: Sequence length ${len}, components add up to ${sum}`);
      return;
    }
    for (const pid of [PID.OperationGroup_InputSegments, PID.NestedScope_Slots, PID.Selector_Alternates]) for (const c of o.refs(pid)) visit(c, `${path}/${c.className}`);
    visit(o.ref(PID.Selector_Selected), `${path}/selected`);
  };
  for (const mob of content.refs(PID.ContentStorage_Mobs)) {
    for (const slot of mob.refs(PID.Mob_Slots)) visit(slot.ref(PID.MobSlot_Segment), `${mob.str(PID.Mob_Name)}/${slot.str(PID.MobSlot_SlotName) ?? slot.u32(PID.MobSlot_SlotID)}`);
  }
  expect(sequences).toBeGreaterThan(0);
  return out;
}

const specs: Array<[string, AafSpec]> = [
  ['basic (gain, fades, mute, combiner, volume, marker)', basicSpec()],
  ['tracks of different lengths, nested, pulldown', basicSpec({
    tracks: [
      { name: 'Stereo', trackFormat: 2, clips: [{ position: 0, length: 50, media: 0, channels: 2 }] },
      { name: '5.1', trackFormat: 3, nested: true, pulldown: true, clips: [{ position: 10, length: 50, media: 0, channels: 6, fadeOut: 4 }] },
      { name: 'Late', clips: [{ position: 70, length: 5, media: 1, fadeIn: 2 }] },
    ],
  })],
];

describe('AAF writer files', () => {
  it.each(specs)('%s: every Sequence is as long as its components', async (_, spec) => {
    for (const sectorSize of [512, 4096] as const) expect(await sequenceMismatches(writeAaf(spec, { sectorSize }))).toEqual([]);
  });
});
