/**
 * Compare a session model with LibAAF's aaftool output parsed as JSON
 * (shared/corpus/aaf/expected-json): audio tracks (name, format), clips
 * (start, length, source offset within ±1 sample, gain and volume-automation
 * presence, fades), media essences (rate, bits, channels, length, locator),
 * markers and the composition start. Returns one line per difference.
 */
import type { Session } from '../../src/model/session.js';

type Item = Record<string, unknown> & { type: string };
type LibTrack = { kind: string; Name?: string; Format?: string; items: Item[]; Solo?: string; Mute?: string };
type LibEssence = { kind: string; Format?: string; _flags?: string[]; Length: string; Name: string; file: string };
export type LibAafJson = {
  header: Record<string, string>;
  essences: LibEssence[];
  tracks: LibTrack[];
  markers: Array<{ start: string; length: string; label: string; comment: string }>;
};

const FORMAT: Record<string, string> = { MONO: 'mono', STEREO: 'stereo', '5.1': '5.1', '7.1': '7.1' };
/** LibAAF's curve names and the model's fade shapes. */
const CURVE: Record<string, string> = { CURV_LIN: 'linear', CURV_PWR: 'power', CURV_LOG: 'log' };

function num(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function decodeUrl(u: string): string {
  let s = u.replace(/^file:\/\/(localhost)?/i, '');
  try {
    s = decodeURIComponent(s);
  } catch {
    /* keep */
  }
  return s.replace(/^\/([a-z]:)/i, '$1');
}

export function compareWithLibAaf(s: Session, lib: LibAafJson, opts: { clips: boolean } = { clips: true }): string[] {
  const d: string[] = [];
  const tol = 1;
  const rate = num(lib.header['Dominant Sample Rate']);
  if (rate && rate !== s.sampleRate) d.push(`sample rate ${s.sampleRate} ≠ ${rate}`);
  const start = num(lib.header['Composition Start (samples)']);
  if (rate && start !== null && s.start !== null && Math.abs(s.start - start) > tol) d.push(`start ${s.start} ≠ ${start}`);
  const fps = lib.header['TC FPS'];
  if (fps && s.frameRate) {
    const [n, df] = fps.split(' ');
    if (Math.round(s.frameRate.fps) !== Number(n) || s.frameRate.dropFrame !== (df === 'DF')) d.push(`TC FPS ${s.frameRate.label}${s.frameRate.dropFrame ? ' DF' : ''} ≠ ${fps}`);
  }
  const audio = lib.tracks.filter((t) => t.kind === 'Audio');
  if (audio.length !== s.tracks.length) d.push(`audio tracks ${s.tracks.length} ≠ ${audio.length}`);
  for (let i = 0; i < Math.min(audio.length, s.tracks.length); i++) {
    const a = audio[i];
    const t = s.tracks[i];
    const where = `track ${i + 1}`;
    if (a.Name !== undefined && a.Name !== t.name) d.push(`${where} name "${t.name}" ≠ "${a.Name}"`);
    if (a.Format && FORMAT[a.Format] && FORMAT[a.Format] !== t.channelFormat) d.push(`${where} format ${t.channelFormat} ≠ ${a.Format}`);
    if ((a.Solo === 'SOLO') !== (t.solo === true)) d.push(`${where} solo ${t.solo} ≠ ${a.Solo ?? 'none'}`);
    if ((a.Mute === 'MUTE') !== (t.muted === true)) d.push(`${where} mute ${t.muted} ≠ ${a.Mute ?? 'none'}`);
    if (!opts.clips) continue;
    // LibAAF prints a crossfade as an item between two clips; the model gives the first a fade-out and the second a fade-in.
    const xfadeAfter = crossfadesAfter(a.items);
    const items = a.items.filter((x) => x.type === 'clip');
    const clips = t.playlists[0]?.clips ?? [];
    if (items.length !== clips.length) {
      d.push(`${where} clips ${clips.length} ≠ ${items.length}`);
      continue;
    }
    for (let k = 0; k < items.length; k++) {
      const x = items[k];
      const c = clips[k];
      const cw = `${where} clip ${k + 1}`;
      for (const [f, v] of [['Start', c.position], ['Len', c.length], ['SourceOffset', c.sourceOffset]] as const) {
        const want = num(x[f]);
        if (rate && want !== null && (v === null || Math.abs(v - want) > tol)) d.push(`${cw} ${f} ${v} ≠ ${want}`);
      }
      const gain = typeof x.Gain === 'string' ? Number(x.Gain.replace(' dB', '')) : null;
      if (gain !== null && (c.gain?.db == null || Math.abs(c.gain.db - gain) > 0.06)) d.push(`${cw} gain ${c.gain?.db} ≠ ${gain}`);
      if (gain === null && c.gain?.db && Math.abs(c.gain.db) > 0.06) d.push(`${cw} gain ${c.gain.db} ≠ none`);
      if ((x.VolumeAutomation === 'YES') !== !!c.gain?.envelope) d.push(`${cw} volume automation ${!!c.gain?.envelope} ≠ ${x.VolumeAutomation ?? 'none'}`);
      for (const [f, fade] of [['FadeIn', c.fadeIn], ['FadeOut', c.fadeOut]] as const) {
        const m = typeof x[f] === 'string' ? /\((\d+)\)/.exec(x[f] as string) : null;
        const xf = xfadeAfter.get(f === 'FadeIn' ? k - 1 : k);
        const want = m ? Number(m[1]) : xf?.length ?? null;
        if ((want === null) !== (fade === null)) d.push(`${cw} ${f} ${fade ? fade.length : 'none'} ≠ ${want ?? 'none'}`);
        else if (want !== null && fade && Math.abs(fade.length - want) > tol) d.push(`${cw} ${f} length ${fade.length} ≠ ${want}`);
        // The curve: "CURV_PWR (8008)" on the clip, or the crossfade item's curve.
        const curve = (typeof x[f] === 'string' ? /^(CURV_[A-Z]+)/.exec(x[f] as string)?.[1] : undefined) ?? xf?.curve;
        if (fade && curve && CURVE[curve] !== undefined && fade.shape !== CURVE[curve]) d.push(`${cw} ${f} shape ${fade.shape} ≠ ${curve}`);
      }
      if (x.Mute === 'MUTE' && c.muted !== true) d.push(`${cw} not muted`);
    }
  }
  const ess = lib.essences.filter((e) => e.kind === 'Audio');
  if (ess.length !== s.mediaFiles.length) d.push(`media files ${s.mediaFiles.length} ≠ ${ess.length}`);
  const key = (ch: number | null, hz: number | null, bits: number | null, len: number | null, path: string | null) => `${ch}|${hz}|${bits}|${len}|${path ?? ''}`;
  // Paths compare by file name: LibAAF prints where it found the file (relative), the model keeps the locator's path.
  const base = (p: string | null) => (p ? p.split(/[\\/]/).pop() ?? p : null);
  const mine = s.mediaFiles.map((m) => key(m.channels, m.sampleRate, m.bitDepth, m.length, m.embedded ? 'EMBEDDED' : base(m.path))).sort();
  const theirs = ess.map((e) => {
    const f = e._flags ?? [];
    const ch = f.find((x) => x.endsWith(' ch'));
    const hz = f.find((x) => x.endsWith(' Hz'));
    const bits = f.find((x) => x.endsWith(' bits'));
    return key(ch ? Number(ch.split(' ')[0]) : null, hz ? Number(hz.split(' ')[0]) : null, bits ? Number(bits.split(' ')[0]) : null, num(e.Length), e.file === 'EMBEDDED' ? 'EMBEDDED' : e.file ? base(decodeUrl(e.file)) : null);
  }).sort();
  for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
    if (mine[i] !== theirs[i]) d.push(`media ${mine[i] ?? '(none)'} ≠ ${theirs[i] ?? '(none)'}`);
  }
  if (lib.markers.length !== s.markers.length) d.push(`markers ${s.markers.length} ≠ ${lib.markers.length}`);
  else {
    const ms = s.markers;
    const lm = lib.markers.slice().sort((a, b) => Number(a.start) - Number(b.start));
    for (let k = 0; k < lm.length; k++) {
      if (lm[k].label !== ms[k].name) d.push(`marker ${k + 1} "${ms[k].name}" ≠ "${lm[k].label}"`);
      const p = num(lm[k].start);
      if (rate && p !== null && Math.abs(ms[k].position - p) > tol) d.push(`marker ${k + 1} position ${ms[k].position} ≠ ${p}`);
    }
  }
  return d;
}

/**
 * The clips of an aaftool run with --pt-true-fades (Pro Tools' rendered fade
 * clips and the one-frame clips around them merged into the clips they
 * fade): per audio track, each clip's span in samples and whether it is
 * faded in and out (its own FadeIn/FadeOut, or a crossfade item beside it).
 */
export function libAafFadedClips(lib: LibAafJson): Array<Array<{ start: number; end: number; fadeIn: boolean; fadeOut: boolean }>> {
  return lib.tracks.filter((t) => t.kind === 'Audio').map((t) => {
    const xfadeAfter = crossfadesAfter(t.items);
    return t.items.filter((x) => x.type === 'clip').map((x, k) => ({
      start: num(x.Start) ?? NaN,
      end: num(x.End) ?? NaN,
      fadeIn: xfadeAfter.has(k - 1) || typeof x.FadeIn === 'string',
      fadeOut: xfadeAfter.has(k) || typeof x.FadeOut === 'string',
    }));
  });
}

/** LibAAF's crossfade items by the index (among clips) of the clip before each. */
function crossfadesAfter(items: Item[]): Map<number, { length: number; curve: string | undefined }> {
  const out = new Map<number, { length: number; curve: string | undefined }>();
  let seenClips = 0;
  for (const x of items) {
    if (x.type === 'clip') seenClips++;
    else if (x.type === 'xfade') out.set(seenClips - 1, { length: num(x.length) ?? 0, curve: typeof x.curve === 'string' ? x.curve : undefined });
  }
  return out;
}
