/**
 * Clips Pro Tools adds when it exports an AAF. Where an edit or a fade does
 * not fall on a frame boundary, it renders the audio between the two into a
 * one-frame clip of its own, named "Sample accurate edit" in the session's
 * language. Such a clip holds real audio (a piece of the clip beside it), so
 * readers keep it as an ordinary clip; its name is the exporter's, not the
 * studio's.
 */

/** The clip's name in each language Pro Tools exports in (trimmed, lower-cased). */
const SAMPLE_ACCURATE_EDIT_NAMES: ReadonlySet<string> = new Set([
  'sample accurate edit', // en
  'samplegenaue bearbeitung', // de
  'edición con precisión de muestra', // es
  "modification à l'échantillon près", // fr
  'サンプル精度編集', // ja
  '샘플 단위 정밀 편집', // ko
  '精确采样编辑', // zh-CN
  '精確取樣編輯', // zh-TW
]);

/** True when a clip (or master clip) name is one Pro Tools gives the one-frame clips of an AAF export. */
export function isSampleAccurateEditName(name: string | null | undefined): boolean {
  return !!name && SAMPLE_ACCURATE_EDIT_NAMES.has(name.trim().toLowerCase());
}
