/**
 * The timeline picture of the HTML QC sheet: an inline SVG of the session's
 * tracks (rows, top-to-bottom session order) and the clips of each track's
 * active playlist, with failing tracks and clips marked, fades and markers
 * drawn and a timecode ruler.
 *
 * Scale: a dubbing session can hold 100 tracks × 5,000 clips. One element per
 * clip would make a page of half a million nodes that a browser lays out for
 * seconds. So up to `detailLimit` clips (default 5,000) each clip is its own
 * `<rect class="clip">` with a tooltip; above that, each track's clips are
 * ONE `<path class="clips">`, and clips that fall within half a unit of each
 * other (sub-pixel at the picture's width) are coalesced into one run, so the
 * path's size is bounded by the picture's width, not the clip count. Failing
 * clips are still drawn one by one on top, and every track row carries its
 * clip count in `data-clips`, so the picture stays truthful about what it
 * drew. Fades narrower than one unit are not drawn in that mode (invisible
 * anyway).
 */
import type { Clip, Session, Track } from '../model/session.js';
import { samplesToTimecode } from '../model/timecode.js';

/** What to mark on the timeline: from the report's failed results. */
export type TimelineMarks = {
  /** Track name → 'fail' (an error) or 'warn' (a warning/info finding). */
  tracks: Map<string, 'fail' | 'warn'>;
  /** `${track}\u0000${clip}` → 'fail' | 'warn'; a clip named without a track is keyed `\u0000${clip}`. */
  clips: Map<string, 'fail' | 'warn'>;
  /** Timed findings on a track (or the session when track is null) that name no clip. */
  times: Array<{ track: string | null; position: number; level: 'fail' | 'warn'; label: string }>;
};

export type TimelineOptions = {
  /** Width of the time area in SVG units. Default 1200. */
  width?: number;
  /** Above this many clips in the session, tracks are drawn as coalesced paths. Default 5,000. */
  detailLimit?: number;
};

export type TimelineStats = { tracks: number; clips: number; mode: 'detail' | 'coalesced' };

const LABEL_W = 190;
const RULER_H = 26;
const ROW_H = 24;
const PAD = 6;

/** The clips a track shows: its active playlist, fade renders left out (they are not content). */
export function visibleClips(track: Track): Clip[] {
  const pl = track.playlists.find((p) => p.active) ?? track.playlists[0];
  return pl ? pl.clips.filter((c) => !c.isFadeRender) : [];
}

/** Empty marks, for a timeline with nothing failing. */
export function noMarks(): TimelineMarks {
  return { tracks: new Map(), clips: new Map(), times: [] };
}

type Scale = { t0: number; t1: number; width: number; x: (samples: number) => number };

function scaleOf(session: Session, width: number): Scale {
  let t0 = Infinity, t1 = -Infinity;
  for (const t of session.tracks) {
    for (const c of visibleClips(t)) {
      if (c.position < t0) t0 = c.position;
      if (c.position + c.length > t1) t1 = c.position + c.length;
    }
  }
  for (const m of session.markers) {
    t0 = Math.min(t0, m.position);
    t1 = Math.max(t1, m.position + m.length);
  }
  if (!Number.isFinite(t0)) { t0 = session.start ?? 0; t1 = t0 + session.sampleRate * 60; }
  if (t1 <= t0) t1 = t0 + session.sampleRate;
  const k = width / (t1 - t0);
  return { t0, t1, width, x: (s) => LABEL_W + (s - t0) * k };
}

/** Two decimals are enough at any zoom and keep a 500,000-clip path small. */
function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Text safe for SVG/HTML text and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

function timecodeLabel(session: Session, samples: number): string {
  if (session.frameRate) return samplesToTimecode(samples, session.frameRate, session.sampleRate);
  const secs = Math.floor(samples / session.sampleRate);
  const hh = Math.floor(secs / 3600), mm = Math.floor(secs / 60) % 60, ss = secs % 60;
  return `${hh}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

const TICK_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

function rulerSvg(session: Session, sc: Scale, height: number): string {
  const sr = session.sampleRate;
  const spanS = (sc.t1 - sc.t0) / sr;
  const step = TICK_SECONDS.find((s) => spanS / s <= 8) ?? 7200;
  const first = Math.ceil(sc.t0 / (step * sr)) * step * sr;
  const out: string[] = [`<g class="ruler">`];
  for (let s = first; s <= sc.t1; s += step * sr) {
    const x = n(sc.x(s));
    out.push(`<line x1="${x}" y1="${RULER_H - 6}" x2="${x}" y2="${height}" class="tick"/>`);
    // A label that would run past the right edge is left out (its tick stays).
    if (sc.x(s) < LABEL_W + sc.width - 60) out.push(`<text x="${x}" y="${RULER_H - 9}" class="tick-label">${esc(timecodeLabel(session, s))}</text>`);
  }
  out.push('</g>');
  return out.join('');
}

/**
 * The timeline SVG of a session, with `marks` from the report.
 * Returns the markup and what it drew (tracks, clips, mode).
 */
export function renderTimelineSvg(session: Session, marks: TimelineMarks = noMarks(), opts: TimelineOptions = {}): { svg: string; stats: TimelineStats } {
  const width = opts.width ?? 1200;
  const detailLimit = opts.detailLimit ?? 5000;
  const tracks = session.tracks;
  let total = 0;
  for (const t of tracks) total += visibleClips(t).length;
  const mode: TimelineStats['mode'] = total > detailLimit ? 'coalesced' : 'detail';
  const sc = scaleOf(session, width);
  const height = RULER_H + Math.max(1, tracks.length) * ROW_H + PAD;
  const fullW = LABEL_W + width + PAD;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" data-mode="${mode}" data-tracks="${tracks.length}" data-clips="${total}" viewBox="0 0 ${fullW} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-label="Timeline of ${esc(session.name)}: ${tracks.length} tracks, ${total} clips">`,
    rulerSvg(session, sc, height),
  ];
  tracks.forEach((t, i) => parts.push(trackSvg(t, i, sc, marks, mode)));
  parts.push(markersSvg(session, sc, height));
  parts.push(sessionTicksSvg(marks, sc));
  parts.push('</svg>');
  return { svg: parts.join(''), stats: { tracks: tracks.length, clips: total, mode } };
}

function trackSvg(t: Track, i: number, sc: Scale, marks: TimelineMarks, mode: TimelineStats['mode']): string {
  const y = RULER_H + i * ROW_H;
  const clips = visibleClips(t);
  const level = marks.tracks.get(t.name);
  const cls = level ? ` ${level}` : '';
  const name = t.name.length > 30 ? `${t.name.slice(0, 29)}…` : t.name;
  const out: string[] = [
    `<g class="track${cls}" data-track="${esc(t.name)}" data-clips="${clips.length}">`,
    `<rect class="track-bg${cls}" x="0" y="${y}" width="${n(LABEL_W + sc.width)}" height="${ROW_H}"/>`,
    `<text class="track-name${cls}" x="4" y="${y + ROW_H - 6}">${esc(name)}<title>${esc(t.name)} (${t.kind}, ${clips.length} clips)</title></text>`,
  ];
  const yTop = y + 3, h = ROW_H - 6;
  if (mode === 'detail') {
    for (const c of clips) out.push(clipRect(t, c, sc, yTop, h, marks, true));
    const fades: string[] = [];
    for (const c of clips) fades.push(...fadePaths(c, sc, yTop, h, 0));
    if (fades.length) out.push(...fades.map((d) => `<path class="fade" d="${d}"/>`));
  } else {
    out.push(`<path class="clips" data-clips="${clips.length}" d="${coalescedPath(clips, sc, yTop, h)}"/>`);
    const fades: string[] = [];
    for (const c of clips) fades.push(...fadePaths(c, sc, yTop, h, 1));
    if (fades.length) out.push(`<path class="fade" d="${fades.join('')}"/>`);
    for (const c of clips) {
      if (clipLevel(t, c, marks)) out.push(clipRect(t, c, sc, yTop, h, marks, false));
    }
  }
  for (const tm of marks.times) {
    if (tm.track !== t.name) continue;
    const x = n(sc.x(tm.position));
    out.push(`<path class="finding-tick ${tm.level}" d="M${x} ${y + 1}v${ROW_H - 2}"><title>${esc(tm.label)}</title></path>`);
  }
  out.push('</g>');
  return out.join('');
}

function clipLevel(t: Track, c: Clip, marks: TimelineMarks): 'fail' | 'warn' | undefined {
  return marks.clips.get(`${t.name}\u0000${c.name}`) ?? marks.clips.get(`\u0000${c.name}`);
}

function clipRect(t: Track, c: Clip, sc: Scale, y: number, h: number, marks: TimelineMarks, counted: boolean): string {
  const x0 = sc.x(c.position);
  const w = Math.max(0.5, sc.x(c.position + c.length) - x0);
  const level = clipLevel(t, c, marks);
  // Only detail-mode rects are "the" clips (class clip); failing overlays in coalesced mode are class clip-mark.
  const cls = `${counted ? 'clip' : 'clip-mark'}${level ? ` ${level}` : ''}${c.muted ? ' muted' : ''}`;
  return `<rect class="${cls}" x="${n(x0)}" y="${y}" width="${n(w)}" height="${h}"><title>${esc(c.name)}</title></rect>`;
}

/** Fade-in and fade-out wedges (the faded part of the clip), skipped when narrower than `minWidth` units. */
function fadePaths(c: Clip, sc: Scale, y: number, h: number, minWidth: number): string[] {
  const out: string[] = [];
  const x0 = sc.x(c.position), x1 = sc.x(c.position + c.length);
  if (c.fadeIn && c.fadeIn.length > 0) {
    const w = Math.min(x1 - x0, sc.x(c.position + c.fadeIn.length) - x0);
    if (w >= minWidth && w > 0) out.push(`M${n(x0)} ${y}h${n(w)}L${n(x0)} ${y + h}z`);
  }
  if (c.fadeOut && c.fadeOut.length > 0) {
    const w = Math.min(x1 - x0, x1 - sc.x(c.position + c.length - c.fadeOut.length));
    if (w >= minWidth && w > 0) out.push(`M${n(x1)} ${y}h${n(-w)}L${n(x1)} ${y + h}z`);
  }
  return out;
}

/** One path for all of a track's clips: runs of clips closer than half a unit are merged. */
function coalescedPath(clips: Clip[], sc: Scale, y: number, h: number): string {
  const spans = clips.map((c) => [sc.x(c.position), sc.x(c.position + c.length)] as [number, number]);
  spans.sort((a, b) => a[0] - b[0]);
  const d: string[] = [];
  let cur: [number, number] | null = null;
  const flush = () => {
    if (cur) d.push(`M${n(cur[0])} ${y}h${n(Math.max(0.5, cur[1] - cur[0]))}v${h}h${n(-Math.max(0.5, cur[1] - cur[0]))}z`);
  };
  for (const s of spans) {
    if (cur && s[0] <= cur[1] + 0.5) { if (s[1] > cur[1]) cur[1] = s[1]; continue; }
    flush();
    cur = [s[0], s[1]];
  }
  flush();
  return d.join('');
}

function markersSvg(session: Session, sc: Scale, height: number): string {
  if (!session.markers.length) return '';
  const out = ['<g class="markers">'];
  for (const m of session.markers) {
    const x = n(sc.x(m.position));
    const tip = `${m.name} @ ${timecodeLabel(session, m.position)}${m.comment ? ` — ${m.comment}` : ''}`;
    out.push(`<g class="marker"><title>${esc(tip)}</title><path d="M${x} ${RULER_H - 6}V${height}"/><path class="flag" d="M${x} ${RULER_H - 6}l6 -4l-6 -4z"/></g>`);
  }
  out.push('</g>');
  return out.join('');
}

/** Timed findings about the whole session: ticks on the ruler. */
function sessionTicksSvg(marks: TimelineMarks, sc: Scale): string {
  const ticks = marks.times.filter((t) => t.track === null);
  return ticks.map((t) => `<path class="finding-tick ${t.level}" d="M${n(sc.x(t.position))} 2v${RULER_H - 4}"><title>${esc(t.label)}</title></path>`).join('');
}
