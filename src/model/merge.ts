/**
 * One model from several views of one session: the .ptx, its Session Info as
 * Text export, an AAF export. Tracks are matched by name and order; each
 * feature is taken from the view whose coverage of it is best (decoded >
 * partial > unsupported; on a tie, the earlier input); clip lists are
 * cross-checked, and every disagreement is a diagnostic that names both views.
 */
import {
  COVERAGE_FEATURES,
  type Clip, type CoverageFeature, type CoverageLevel, type Diagnostic, type Group, type MediaFile, type Session, type SourceInfo, type Track,
} from './session.js';
import { samplesToTimecode } from './timecode.js';

export type MergeOptions = {
  /**
   * Samples two views' clip positions may differ by and still agree (added
   * to each view's own `source.positionResolution`). Default 1.
   */
  tolerance?: number;
};

const RANK: Record<CoverageLevel, number> = { unsupported: 0, partial: 1, decoded: 2 };

type View = { index: number; s: Session; label: string };

/** A run of adjacent same-named tracks of one view: one logical track (a stereo track may be one track per channel). */
type TrackGroup = { name: string; tracks: Track[] };

/** One merged logical track: the group each view has for it. */
type Entry = { name: string; members: Map<number, TrackGroup> };

function labelOf(s: Session): string {
  return `${s.source.path} (${s.source.format})`;
}

function best(views: View[], feature: CoverageFeature | string, among: View[] = views): View {
  let pick = among[0];
  for (const v of among) if (RANK[v.s.coverage[feature] ?? 'unsupported'] > RANK[pick.s.coverage[feature] ?? 'unsupported']) pick = v;
  return pick;
}

function groupsOf(s: Session): TrackGroup[] {
  const out: TrackGroup[] = [];
  for (const t of s.tracks) {
    const name = t.name.trim();
    const last = out[out.length - 1];
    if (last && last.name === name) last.tracks.push(t);
    else out.push({ name, tracks: [t] });
  }
  return out;
}

/** Whether view `v` would list a track of this kind if the session had it. */
function wouldList(v: View, kind: Track['kind']): boolean {
  if (v.s.coverage.tracks !== 'decoded') return false;
  return kind === 'audio' || v.s.coverage.trackKinds === 'decoded';
}

type Merge = {
  views: View[];
  entries: Entry[];
  diagnostics: Diagnostic[];
  tol: number;
  tc: (samples: number) => string;
};

function note(m: Merge, code: string, message: string, severity: Diagnostic['severity'] = 'warning', source: string | null = null): void {
  m.diagnostics.push({ code, message, severity, offset: null, source });
}

/** Align every view's track groups to one list of entries, by name and order. */
function alignTracks(m: Merge, order: View[]): void {
  for (const v of order) {
    let cursor = -1;
    for (const g of groupsOf(v.s)) {
      const free = (e: Entry) => e.name === g.name && !e.members.has(v.index);
      let at = m.entries.findIndex((e, i) => i > cursor && free(e));
      if (at < 0) {
        at = m.entries.findIndex(free);
        if (at >= 0) {
          note(m, 'merge/track-order', `track "${g.name}" is in another place in ${v.label} than in ${labelsOf(m, m.entries[at])}`, 'info');
        }
      }
      if (at < 0) {
        at = cursor + 1;
        m.entries.splice(at, 0, { name: g.name, members: new Map() });
      }
      m.entries[at].members.set(v.index, g);
      cursor = at;
    }
  }
  for (const e of m.entries) {
    const kind = [...e.members.values()][0].tracks[0].kind;
    const missing = m.views.filter((v) => !e.members.has(v.index) && wouldList(v, kind));
    for (const v of missing) {
      note(m, 'merge/track-missing', `track "${e.name}" is in ${labelsOf(m, e)} but not in ${v.label}`);
    }
  }
}

function labelsOf(m: Merge, e: Entry): string {
  return [...e.members.keys()].map((i) => m.views[i].label).join(' and ');
}

/** The members of an entry, in the order of one feature's preference. */
function membersBy(m: Merge, e: Entry, feature: CoverageFeature): Array<[View, TrackGroup]> {
  const list = [...e.members.entries()].map(([i, g]) => [m.views[i], g] as [View, TrackGroup]);
  return list.sort((a, b) => RANK[b[0].s.coverage[feature]] - RANK[a[0].s.coverage[feature]] || a[0].index - b[0].index);
}

/** Clips that stand for a track's timeline: channel 1 (or all-channel) clips, no rendered fades, by position. */
function timelineClips(g: TrackGroup): Clip[] {
  const t = g.tracks[0];
  const clips = t.playlists[0]?.clips ?? [];
  let firstChannel: number | null = null;
  for (const c of clips) if (c.channel !== null && (firstChannel === null || c.channel < firstChannel)) firstChannel = c.channel;
  return clips
    .filter((c) => !c.isFadeRender && (c.channel === null || c.channel === firstChannel))
    .sort((a, b) => a.position - b.position);
}

function tolOf(m: Merge, a: View, b: View): number {
  return m.tol + Math.max(a.s.source.positionResolution ?? 0, b.s.source.positionResolution ?? 0);
}

/** Whether two views' clips start and end at the same place (a text export prints bounds outside its fades). */
function samePlace(x: Clip, y: Clip, tol: number): boolean {
  const slackIn = Math.max(x.fadeIn?.length ?? 0, y.fadeIn?.length ?? 0);
  const slackOut = Math.max(x.fadeOut?.length ?? 0, y.fadeOut?.length ?? 0);
  return Math.abs(x.position - y.position) <= tol + slackIn
    && Math.abs(x.position + x.length - (y.position + y.length)) <= tol + slackOut;
}

function crossCheckClips(m: Merge, e: Entry): void {
  const views = [...e.members.entries()]
    .map(([i, g]) => [m.views[i], g] as [View, TrackGroup])
    .filter(([v, g]) => v.s.coverage.playlists !== 'unsupported' && g.tracks[0].playlists.length > 0);
  for (let i = 1; i < views.length; i++) {
    const [a, ga] = views[0];
    const [b, gb] = views[i];
    const ca = timelineClips(ga);
    const cb = timelineClips(gb);
    if (ca.length !== cb.length) {
      note(m, 'merge/clip-count', `track "${e.name}": ${a.label} has ${ca.length} clips, ${b.label} has ${cb.length}`);
      continue;
    }
    const tol = tolOf(m, a, b);
    const k = ca.findIndex((c, j) => !samePlace(c, cb[j], tol));
    if (k >= 0) {
      note(m, 'merge/clip-position',
        `track "${e.name}" clip ${k + 1} ("${ca[k].name}"): ${a.label} places it at ${m.tc(ca[k].position)} for ${ca[k].length} samples, ${b.label} ("${cb[k].name}") at ${m.tc(cb[k].position)} for ${cb[k].length} samples`);
    }
  }
}

/** Copy fades, clip gain and mute from a better view onto the structure view's clips, matched by place. */
function transferClipFacts(m: Merge, e: Entry, target: View, tracks: Track[], gaps: Set<string>): void {
  const targetClips = tracks.flatMap((t) => t.playlists[0]?.clips ?? []);
  if (!targetClips.length) return;
  const facts: Array<{ feature: CoverageFeature; copy: (to: Clip, from: Clip) => void }> = [
    { feature: 'fades', copy: (to, from) => { to.fadeIn = from.fadeIn; to.fadeOut = from.fadeOut; } },
    { feature: 'clipGain', copy: (to, from) => { to.gain = from.gain; } },
  ];
  for (const { feature, copy } of facts) {
    const [src, g] = membersBy(m, e, feature)[0];
    if (src.index === target.index || RANK[src.s.coverage[feature]] <= RANK[target.s.coverage[feature]]) continue;
    const from = timelineClips(g);
    const tol = tolOf(m, src, target);
    for (const c of targetClips) {
      const match = from.find((f) => samePlace(c, f, tol)) ?? from.find((f) => Math.abs(f.position - c.position) <= tol + (f.fadeIn?.length ?? 0));
      if (match) copy(c, match);
      else gaps.add(feature);
    }
  }
  for (const c of targetClips) {
    if (c.muted !== null) continue;
    for (const [v, g] of membersBy(m, e, 'playlists')) {
      if (v.index === target.index) continue;
      const f = timelineClips(g).find((x) => samePlace(c, x, tolOf(m, v, target)));
      if (f && f.muted !== null) { c.muted = f.muted; break; }
    }
  }
}

function firstNonNull<T>(m: Merge, e: Entry, pick: (t: Track) => T | null | undefined, what: string): T | null {
  let value: T | null = null;
  let from: View | null = null;
  for (const [v, g] of membersBy(m, e, 'tracks')) {
    const x = pick(g.tracks[0]);
    if (x === null || x === undefined) continue;
    if (value === null) { value = x; from = v; continue; }
    if (x !== value) note(m, 'merge/track-state', `track "${e.name}": ${what} is ${String(value)} in ${from!.label} but ${String(x)} in ${v.label}`);
  }
  return value;
}

function cloneTrack(t: Track): Track {
  return {
    ...t,
    playlists: t.playlists.map((p) => ({ ...p, clips: p.clips.map((c) => ({ ...c })) })),
    inserts: t.inserts.map((x) => ({ ...x })),
    sends: t.sends.map((x) => ({ ...x })),
    automation: t.automation.map((x) => ({ ...x })),
  };
}

/** Tracks of the merged model for one entry, with every view's track id mapped to the merged ids. */
function mergedTracksOf(m: Merge, e: Entry, idMap: Map<number, Map<string, string>>, mediaMap: Map<number, Map<string, string>>, next: () => string, gaps: Set<string>): Track[] {
  const [structView, structGroup] = membersBy(m, e, 'playlists')[0];
  const tracks = structGroup.tracks.map(cloneTrack);
  for (const t of tracks) {
    const id = next();
    idMap.get(structView.index)!.set(t.id, id);
    t.id = id;
    for (const c of t.playlists.flatMap((p) => p.clips)) {
      c.mediaFileId = c.mediaFileId === null ? null : mediaMap.get(structView.index)!.get(c.mediaFileId) ?? null;
    }
  }
  for (const [v, g] of e.members) {
    if (v === structView.index) continue;
    g.tracks.forEach((t, i) => idMap.get(v)!.set(t.id, tracks[Math.min(i, tracks.length - 1)].id));
  }
  const lists: Array<['inserts' | 'sends' | 'automation', CoverageFeature]> = [['inserts', 'inserts'], ['sends', 'sends'], ['automation', 'automation']];
  for (const [field, feature] of lists) {
    const [v, g] = membersBy(m, e, feature)[0];
    if (v.index === structView.index) continue;
    tracks.forEach((t, i) => {
      const from = g.tracks.length === tracks.length ? g.tracks[i] : i === 0 ? g.tracks[0] : null;
      (t[field] as unknown[]) = from ? (from[field] as unknown[]).map((x) => ({ ...(x as object) })) : [];
    });
  }
  const state = {
    active: firstNonNull(m, e, (t) => t.active, 'active'),
    hidden: firstNonNull(m, e, (t) => t.hidden, 'hidden'),
    muted: firstNonNull(m, e, (t) => t.muted, 'muted'),
    solo: firstNonNull(m, e, (t) => t.solo, 'solo'),
  };
  const kindPick = membersBy(m, e, 'trackKinds').find(([, g]) => g.tracks[0].kind !== 'unknown');
  const [vcaView, vcaGroup] = membersBy(m, e, 'vcas')[0];
  const vca = vcaGroup.tracks[0].vca;
  const output = firstNonNullQuiet(m, e, (t) => t.output);
  const comments = firstNonNullQuiet(m, e, (t) => t.comments ?? null);
  for (const t of tracks) {
    Object.assign(t, state);
    if (kindPick) t.kind = kindPick[1].tracks[0].kind;
    t.output ??= output;
    if (comments !== null && (t.comments === undefined || t.comments === null)) t.comments = comments;
    // Resolved to a merged id once every track has one.
    t.vca = vca === null ? null : `${vcaView.index}:${vca}`;
  }
  if (tracks.length === 1 && tracks[0].channels === null) {
    tracks[0].channels = firstNonNullQuiet(m, e, (t) => t.channels);
    tracks[0].channelFormat ??= firstNonNullQuiet(m, e, (t) => t.channelFormat);
  }
  transferClipFacts(m, e, structView, tracks, gaps);
  return tracks;
}

function firstNonNullQuiet<T>(m: Merge, e: Entry, pick: (t: Track) => T | null | undefined): T | null {
  for (const [, g] of membersBy(m, e, 'tracks')) {
    const x = pick(g.tracks[0]);
    if (x !== null && x !== undefined) return x;
  }
  return null;
}

function baseName(name: string): string {
  return (name.split(/[\\/:]/).pop() ?? name).toLowerCase();
}

/** Media files of all views, matched by file name; ids remapped per view. */
function mergeMedia(m: Merge, mediaMap: Map<number, Map<string, string>>): MediaFile[] {
  const order = [...m.views].sort((a, b) => RANK[b.s.coverage.mediaFiles] - RANK[a.s.coverage.mediaFiles] || a.index - b.index);
  const out: MediaFile[] = [];
  const byName = new Map<string, MediaFile>();
  const fromView = new Map<MediaFile, View>();
  for (const v of order) {
    for (const f of v.s.mediaFiles) {
      const key = baseName(f.name);
      const have = byName.get(key);
      if (have) {
        mediaMap.get(v.index)!.set(f.id, have.id);
        for (const k of ['path', 'online', 'channels', 'sampleRate', 'bitDepth', 'length', 'format'] as const) {
          if (have[k] === null && f[k] !== null) (have as Record<string, unknown>)[k] = f[k];
        }
        if (have.online !== null && f.online !== null && have.online !== f.online) {
          note(m, 'merge/media-online', `media file "${f.name}" is ${have.online ? 'online' : 'offline'} in ${fromView.get(have)!.label} but ${f.online ? 'online' : 'offline'} in ${v.label}`);
        }
        continue;
      }
      const id = `m${out.length + 1}`;
      const copy = { ...f, id };
      out.push(copy);
      byName.set(key, copy);
      fromView.set(copy, v);
      mediaMap.get(v.index)!.set(f.id, id);
    }
  }
  return out;
}

function mergeGroups(m: Merge, idMap: Map<number, Map<string, string>>): Group[] {
  const v = best(m.views, 'groups');
  return v.s.groups.map((g) => {
    const ids = g.trackIds.map((id) => idMap.get(v.index)!.get(id)).filter((x): x is string => x !== undefined);
    if (ids.length !== g.trackIds.length) note(m, 'merge/group-tracks', `group "${g.name}" of ${v.label} names tracks that are not in the merged model`, 'info');
    return { name: g.name, trackIds: [...new Set(ids)] };
  });
}

function sessionFields(m: Merge, out: Session): void {
  const [first, ...rest] = m.views;
  for (const v of rest) {
    if (v.s.sampleRate !== first.s.sampleRate && v.s.source.format !== 'wav') {
      note(m, 'merge/sample-rate', `sample rate is ${first.s.sampleRate} in ${first.label} but ${v.s.sampleRate} in ${v.label}`, 'error');
    }
  }
  const tcView = best(m.views, 'timecode');
  out.frameRate = tcView.s.frameRate;
  out.start = tcView.s.start;
  out.startTimecode = tcView.s.startTimecode;
  for (const v of m.views) {
    if (v === tcView || v.s.coverage.timecode === 'unsupported') continue;
    if (v.s.frameRate && tcView.s.frameRate && (v.s.frameRate.label !== tcView.s.frameRate.label || v.s.frameRate.dropFrame !== tcView.s.frameRate.dropFrame)) {
      note(m, 'merge/frame-rate', `frame rate is ${tcView.s.frameRate.label}${tcView.s.frameRate.dropFrame ? ' DF' : ''} in ${tcView.label} but ${v.s.frameRate.label}${v.s.frameRate.dropFrame ? ' DF' : ''} in ${v.label}`);
    }
    if (v.s.start !== null && tcView.s.start !== null && Math.abs(v.s.start - tcView.s.start) > tolOf(m, v, tcView)) {
      note(m, 'merge/start', `session start is ${tcView.s.startTimecode ?? tcView.s.start} in ${tcView.label} but ${v.s.startTimecode ?? v.s.start} in ${v.label}`);
    }
  }
  out.bitDepth = m.views.map((v) => v.s.bitDepth).find((b) => b !== null) ?? null;
  out.audio = m.views.map((v) => v.s.audio).find((a) => a !== null) ?? null;
  const pkg = m.views.map((v) => v.s.package).find((p) => p !== null && p !== undefined);
  if (pkg) out.package = pkg;
}

function mergeMarkers(m: Merge): Session['markers'] {
  const v = best(m.views, 'markers');
  for (const o of m.views) {
    if (o === v || o.s.coverage.markers !== 'decoded' || v.s.coverage.markers !== 'decoded') continue;
    if (o.s.markers.length !== v.s.markers.length) {
      note(m, 'merge/marker-count', `${v.label} has ${v.s.markers.length} markers, ${o.label} has ${o.s.markers.length}`);
    }
  }
  // Comments some views do not carry (a .ptx) are taken from a view that has them, for the same marker.
  return v.s.markers.map((x) => {
    if (x.comment) return { ...x };
    for (const o of m.views) {
      if (o === v) continue;
      const same = o.s.markers.find((y) => y.name === x.name && Math.abs(y.position - x.position) <= tolOf(m, o, v) && y.comment);
      if (same) return { ...x, comment: same.comment };
    }
    return { ...x };
  });
}

/**
 * Merge several views of one session into one model. `source` is the first
 * input's, `sources` lists every input, diagnostics of each view keep their
 * `source`, and merge findings have codes `merge/*`.
 */
export function mergeSessions(sessions: Session[], opts: MergeOptions = {}): Session {
  if (sessions.length === 0) throw new Error('mergeSessions needs at least one session');
  if (sessions.length === 1) return sessions[0];
  const views: View[] = sessions.map((s, index) => ({ index, s, label: labelOf(s) }));
  const first = views[0].s;
  const fr = best(views, 'timecode').s.frameRate;
  const m: Merge = {
    views, entries: [], diagnostics: [], tol: opts.tolerance ?? 1,
    tc: (n) => (fr ? samplesToTimecode(n, fr, first.sampleRate) : `${n} samples`),
  };
  const trackOrder = [...views].sort((a, b) => RANK[b.s.coverage.tracks] - RANK[a.s.coverage.tracks] || a.index - b.index);
  alignTracks(m, trackOrder);

  const idMap = new Map(views.map((v) => [v.index, new Map<string, string>()]));
  const mediaMap = new Map(views.map((v) => [v.index, new Map<string, string>()]));
  const out: Session = {
    ...first,
    source: first.source,
    sources: sessions.flatMap((s) => s.sources ?? [s.source]) as SourceInfo[],
  };
  sessionFields(m, out);
  out.mediaFiles = mergeMedia(m, mediaMap);
  let n = 0;
  const gaps = new Set<string>();
  out.tracks = [];
  for (const e of m.entries) {
    crossCheckClips(m, e);
    out.tracks.push(...mergedTracksOf(m, e, idMap, mediaMap, () => `t${++n}`, gaps));
  }
  for (const t of out.tracks) {
    if (t.vca === null) continue;
    const cut = t.vca.indexOf(':');
    t.vca = idMap.get(Number(t.vca.slice(0, cut)))?.get(t.vca.slice(cut + 1)) ?? null;
  }
  out.groups = mergeGroups(m, idMap);
  out.markers = mergeMarkers(m);

  const coverage = { ...first.coverage };
  for (const f of new Set([...COVERAGE_FEATURES, ...views.flatMap((v) => Object.keys(v.s.coverage))])) {
    coverage[f] = best(views, f).s.coverage[f] ?? 'unsupported';
  }
  for (const f of gaps) {
    if (coverage[f] === 'decoded') {
      coverage[f] = 'partial';
      note(m, 'merge/clip-facts', `${f} of some clips could not be carried over from the view that has them: no clip at the same place`);
    }
  }
  out.coverage = coverage;
  out.diagnostics = [
    ...views.flatMap((v) => v.s.diagnostics.map((d) => ({ ...d, source: d.source ?? v.s.source.path }))),
    ...m.diagnostics,
  ];
  return out;
}
