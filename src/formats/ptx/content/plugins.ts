/**
 * Plug-In Types (0x1018 → 0x1017): the plug-ins known to the session, not what is
 * inserted where. 0x1017: u8 category, name, three FourCCs stored byte-reversed
 * (manufacturer, product, type), u16 in/out format, u16 flags.
 */
import type { Block, PtxBytes } from '../blocks.js';

export type PluginType = {
  name: string;
  manufacturerCode: string;
  productCode: string;
  typeCode: string;
  manufacturer: string;
  /** The 12 FourCC bytes as plug-in instances (0x1030) store them. */
  instanceSignature: Uint8Array;
};

const MANUFACTURERS: Record<string, string> = { Digi: 'Digidesign', ksWV: 'Waves', AVID: 'Avid', Avid: 'Avid' };

export function readPluginTypes(f: PtxBytes, list: Block): PluginType[] {
  const out: PluginType[] = [];
  for (const e of f.scanChildren(list)) {
    if (e.contentType !== 0x1017) continue;
    const name = f.str(e.payload + 1, e.end, 'plug-in name');
    f.need(name.next, 12, e.end, 'plug-in codes');
    const raw = f.bytes.subarray(name.next, name.next + 12);
    const sig = new Uint8Array(12);
    for (let k = 0; k < 3; k++) for (let j = 0; j < 4; j++) sig[k * 4 + j] = raw[k * 4 + 3 - j];
    const code = (k: number) => String.fromCharCode(...sig.subarray(k * 4, k * 4 + 4));
    const manufacturerCode = code(0);
    out.push({
      name: name.value,
      manufacturerCode,
      productCode: code(1),
      typeCode: code(2),
      manufacturer: MANUFACTURERS[manufacturerCode] ?? manufacturerCode,
      instanceSignature: sig,
    });
  }
  return out;
}
