/**
 * Pro Tools AAF exports: rendered fades are written as audio clips whose
 * master mob is named "Fade " in the session language; the one-frame
 * "Sample accurate edit" clips hold real audio and stay ordinary clips.
 * The timecode track is slot 1002 at 30/1.
 */

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
