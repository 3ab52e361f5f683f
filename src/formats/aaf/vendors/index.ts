/**
 * Which application wrote the file, from the Header's IdentificationList,
 * and the few encodings that differ between the four vendors.
 */
export type Vendor = 'protools' | 'media-composer' | 'resolve' | 'premiere' | 'unknown';

export type IdentificationInfo = { company: string | null; product: string | null; version: string | null; platform: string | null };

export function vendorOf(ids: IdentificationInfo[]): Vendor {
  // The last Identification is the application that saved the file last.
  for (let i = ids.length - 1; i >= 0; i--) {
    const s = `${ids[i].company ?? ''} ${ids[i].product ?? ''}`.toLowerCase();
    if (s.includes('digidesign') || s.includes('pro tools') || s.includes('protools')) return 'protools';
    if (s.includes('blackmagic') || s.includes('resolve')) return 'resolve';
    if (s.includes('adobe') || s.includes('premiere')) return 'premiere';
    if (s.includes('avid') || s.includes('media composer')) return 'media-composer';
  }
  return 'unknown';
}

export { attachRenderedFades, isProToolsFadeRenderName, joinMultiMonoTracks, PRO_TOOLS_TIMECODE_SLOT } from './protools.js';
export { mixerMuteSolo } from './media-composer.js';
export { combinerLengthFromGroup } from './resolve.js';
export { premiereNote } from './premiere.js';
