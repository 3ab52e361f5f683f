/**
 * Lines of a Session Info as Text export → its sections, as printed (no
 * unit conversion here; see model.ts).
 *
 * Layout (Pro Tools 2020–2023): a header of `KEY:\tvalue` lines, then
 * sections titled in spaced capitals ("O N L I N E  F I L E S  I N  S E S S I O N"),
 * each a column-header line and tab-separated rows padded with spaces. Which
 * sections appear depends on the export options. The track listing has one
 * block per audio track: TRACK NAME, COMMENTS (may span lines), USER DELAY,
 * STATE (space-separated flags), PLUG-INS (tab-separated, insert order), then
 * the clip events per channel.
 */
import type { Line } from './text.js';

export type Field = { value: string; line: Line };

export type RawFile = { name: string; location: string; online: boolean; line: Line };
export type RawClip = { name: string; file: string; channel: number | null; online: boolean; line: Line };
export type RawPlugin = {
  manufacturer: string; name: string; version: string; format: string; stems: string;
  /** Instances by state as the listing counts them ("1 active, 6 inactive", "2 bypassed"). */
  instances: Record<string, number>;
  line: Line;
};
export type RawEvent = {
  channel: number; event: number; clipName: string;
  start: string; end: string; duration: string | null; state: string | null; line: Line;
};
export type RawTrack = {
  name: string; line: Line;
  comments: string | null; userDelay: string | null;
  states: string[] | null;
  /** null when the block has no PLUG-INS line (plug-in list not exported). */
  plugins: string[] | null;
  /** Whether the block has the CHANNEL/EVENT header (clip list exported). */
  hasEdl: boolean;
  events: RawEvent[];
};
export type RawMarker = {
  number: number; location: string; reference: string; units: string;
  name: string; trackName: string | null; trackType: string | null; comment: string;
  line: Line;
  /** The name or comment spans lines or holds tabs: where the name ends is a guess. */
  ambiguous: boolean;
};

export type SectionKind = 'onlineFiles' | 'offlineFiles' | 'onlineClips' | 'offlineClips' | 'plugins' | 'tracks' | 'markers';

export type RawDiagnostic = { code: string; message: string; line: Line | null; severity: 'info' | 'warning' | 'error' };

export type RawExport = {
  header: Map<string, Field>;
  headerOrder: string[];
  sections: Array<{ kind: SectionKind | 'unknown'; title: string; line: Line }>;
  files: RawFile[];
  clips: RawClip[];
  plugins: RawPlugin[];
  tracks: RawTrack[];
  markers: RawMarker[];
  diagnostics: RawDiagnostic[];
  lastLine: Line | null;
};

const SECTION_TITLES: Record<string, SectionKind> = {
  'ONLINE FILES IN SESSION': 'onlineFiles',
  'OFFLINE FILES IN SESSION': 'offlineFiles',
  'ONLINE CLIPS IN SESSION': 'onlineClips',
  'OFFLINE CLIPS IN SESSION': 'offlineClips',
  // Pro Tools before 2019 said "regions".
  'ONLINE REGIONS IN SESSION': 'onlineClips',
  'OFFLINE REGIONS IN SESSION': 'offlineClips',
  'PLUG-INS LISTING': 'plugins',
  'TRACK LISTING': 'tracks',
  'MARKERS LISTING': 'markers',
};

const RE_SPACED_TITLE = /^[A-Z0-9#&'\-/](?: {1,3}[A-Z0-9#&'\-/]){2,}\s*$/;

/** "O N L I N E  F I L E S" → "ONLINE FILES", or null when the line is not a section title. */
export function sectionTitleOf(text: string): string | null {
  if (!RE_SPACED_TITLE.test(text)) return null;
  const title = text.trim().split(/ {2,}/).map((w) => w.replace(/ /g, '')).join(' ');
  // A short run of capitals ("I O U" in a comment) is not a title: titles are words.
  if (!(title in SECTION_TITLES) && (title.replace(/[^A-Z]/g, '').length < 6 || !/[A-Z]{3}/.test(title))) return null;
  return title;
}

const RE_HEADER = /^([A-Z#][A-Z0-9 #\-/]*?):[\t ]*(.*)$/;
const RE_EVENT = /^\s*\d+\s*\t\s*\d+\s*(\t|$)/;
const RE_MARKER_ROW = /^\s*\d+\s*\t/;
const TRACK_KEYS = ['TRACK NAME:', 'COMMENTS:', 'USER DELAY:', 'STATE:', 'PLUG-INS:'];

const MAX_UNKNOWN_LINE_DIAGNOSTICS = 50;

class Parser {
  readonly out: RawExport = {
    header: new Map(), headerOrder: [], sections: [], files: [], clips: [], plugins: [], tracks: [], markers: [], diagnostics: [], lastLine: null,
  };
  private section: SectionKind | 'unknown' | 'header' = 'header';
  private columns: string[] | null = null;
  private track: RawTrack | null = null;
  private inComments = false;
  private lastManufacturer = '';
  private unknownLines = 0;
  private unknownSectionLines = 0;
  private eventColumns: EventColumns | null = null;

  line(l: Line): void {
    this.out.lastLine = l;
    const text = l.text;
    const title = sectionTitleOf(text);
    if (title !== null) return this.startSection(title, l);
    switch (this.section) {
      case 'header': return this.headerLine(l);
      case 'onlineFiles': case 'offlineFiles': return this.fileLine(l, this.section === 'onlineFiles');
      case 'onlineClips': case 'offlineClips': return this.clipLine(l, this.section === 'onlineClips');
      case 'plugins': return this.pluginLine(l);
      case 'tracks': return this.trackLine(l);
      case 'markers': return this.markerLine(l);
      case 'unknown':
        if (text.trim() !== '') this.unknownSectionLines++;
        return;
    }
  }

  finish(): RawExport {
    this.closeUnknownSection();
    if (this.unknownLines > MAX_UNKNOWN_LINE_DIAGNOSTICS) {
      this.out.diagnostics.push({
        code: 'session-text/unknown-line', severity: 'warning', line: null,
        message: `${this.unknownLines - MAX_UNKNOWN_LINE_DIAGNOSTICS} more lines were not recognised`,
      });
    }
    return this.out;
  }

  private startSection(title: string, l: Line): void {
    this.closeUnknownSection();
    const kind: SectionKind | 'unknown' = (SECTION_TITLES as Partial<Record<string, SectionKind>>)[title] ?? 'unknown';
    this.section = kind;
    this.columns = null;
    this.track = null;
    this.inComments = false;
    this.out.sections.push({ kind, title, line: l });
    if (kind === 'unknown') {
      this.unknownSectionLines = 0;
      this.out.diagnostics.push({
        code: 'session-text/unknown-section', severity: 'info', line: l,
        message: `section "${title}" is not known to this reader; its lines are skipped`,
      });
    }
  }

  private closeUnknownSection(): void {
    if (this.section !== 'unknown' || this.unknownSectionLines === 0) return;
    const d = this.out.diagnostics[this.out.diagnostics.length - 1];
    if (d?.code === 'session-text/unknown-section') d.message += ` (${this.unknownSectionLines} non-empty lines)`;
  }

  private unknown(l: Line, why: string): void {
    this.unknownLines++;
    if (this.unknownLines > MAX_UNKNOWN_LINE_DIAGNOSTICS) return;
    this.out.diagnostics.push({ code: 'session-text/unknown-line', severity: 'warning', line: l, message: why });
  }

  private headerLine(l: Line): void {
    if (l.text.trim() === '') return;
    const m = RE_HEADER.exec(l.text);
    if (!m) return this.unknown(l, `header line not understood: ${clip(l.text)}`);
    const key = m[1].trim();
    if (this.out.header.has(key)) return this.unknown(l, `header field ${key} given twice`);
    this.out.header.set(key, { value: m[2].trimEnd(), line: l });
    this.out.headerOrder.push(key);
  }

  /** The first non-blank line of a listing is its column header. */
  private takeColumns(l: Line, test: (t: string) => boolean): boolean {
    if (this.columns !== null) return false;
    if (!test(l.text)) return false;
    this.columns = l.text.split('\t').map((c) => c.trim());
    return true;
  }

  private fileLine(l: Line, online: boolean): void {
    if (l.text.trim() === '') return;
    if (this.takeColumns(l, (t) => /^filename\s*\t/i.test(t))) return;
    const f = l.text.split('\t');
    if (f.length < 2) return this.unknown(l, `file row without a location: ${clip(l.text)}`);
    const location = f.pop()!.trim();
    this.out.files.push({ name: f.join('\t').trimEnd(), location, online, line: l });
  }

  private clipLine(l: Line, online: boolean): void {
    if (l.text.trim() === '') return;
    if (this.takeColumns(l, (t) => /^(clip|region) name\s*\t/i.test(t))) return;
    const f = l.text.split('\t');
    if (f.length < 2) return this.unknown(l, `clip row without a source file: ${clip(l.text)}`);
    let channel: number | null = null;
    const last = f[f.length - 1].trim();
    const ch = /^\[(\d+)\]$/.exec(last);
    if (ch && f.length >= 3) {
      channel = Number(ch[1]);
      f.pop();
    }
    const file = f.pop()!.trim();
    this.out.clips.push({ name: f.join('\t').trimEnd(), file, channel, online, line: l });
  }

  private pluginLine(l: Line): void {
    if (l.text.trim() === '') return;
    if (this.takeColumns(l, (t) => /^manufacturer\s*\t/i.test(t))) return;
    const f = l.text.split('\t').map((s) => s.trim());
    if (f.length < 6) return this.unknown(l, `plug-in row with ${f.length} of 6 columns: ${clip(l.text)}`);
    // Extra tabs (a version string or name holding one) are folded into the name/version columns.
    const [manufacturerRaw, ...rest] = f;
    const instances = rest.pop()!;
    const stems = rest.pop()!;
    const format = rest.pop()!;
    const name = rest.shift()!;
    const version = rest.join('\t');
    const manufacturer = manufacturerRaw === '' ? this.lastManufacturer : manufacturerRaw;
    this.lastManufacturer = manufacturer;
    const counts: Record<string, number> = {};
    for (const m of instances.matchAll(/(\d+)\s+([A-Za-z-]+)/g)) counts[m[2].toLowerCase()] = (counts[m[2].toLowerCase()] ?? 0) + Number(m[1]);
    this.out.plugins.push({
      manufacturer, name, version, format, stems,
      instances: counts,
      line: l,
    });
  }

  private trackLine(l: Line): void {
    const text = l.text;
    if (text.startsWith('TRACK NAME:')) {
      this.inComments = false;
      this.columns = null;
      this.track = {
        name: afterKey(text, 'TRACK NAME:').trimEnd(), line: l,
        comments: null, userDelay: null, states: null, plugins: null, hasEdl: false, events: [],
      };
      this.out.tracks.push(this.track);
      return;
    }
    const t = this.track;
    if (!t) {
      if (text.trim() === '') return;
      return this.unknown(l, `line outside any track block: ${clip(text)}`);
    }
    if (text.startsWith('COMMENTS:')) {
      t.comments = afterKey(text, 'COMMENTS:');
      this.inComments = true;
      return;
    }
    const isKey = TRACK_KEYS.some((k) => text.startsWith(k)) || /^CHANNEL\s*\t/.test(text);
    if (this.inComments && !isKey) {
      // Comments may hold line breaks: everything up to the next field belongs to them.
      t.comments = `${t.comments ?? ''}\n${text}`;
      return;
    }
    this.inComments = false;
    if (text.startsWith('USER DELAY:')) { t.userDelay = afterKey(text, 'USER DELAY:').trim(); return; }
    if (text.startsWith('STATE:')) { t.states = afterKey(text, 'STATE:').trim().split(/\s+/).filter(Boolean); return; }
    if (text.startsWith('PLUG-INS:')) {
      t.plugins = afterKey(text, 'PLUG-INS:').split('\t').map((s) => s.trim()).filter(Boolean);
      return;
    }
    if (/^CHANNEL\s*\t/.test(text)) {
      t.hasEdl = true;
      this.columns = text.split('\t').map((c) => c.trim().toUpperCase());
      this.eventColumns = null;
      return;
    }
    if (text.trim() === '') return;
    if (RE_EVENT.test(text) && this.columns) return this.eventLine(l, t, this.columns);
    this.unknown(l, `line in the block of track "${t.name}" not understood: ${clip(text)}`);
  }

  private eventLine(l: Line, t: RawTrack, columns: string[]): void {
    let f = l.text.split('\t');
    const at = this.eventColumns ??= eventColumnsOf(columns);
    if (at.name >= 0 && f.length > columns.length) {
      // A clip name holding tabs: the surplus fields are part of the name.
      const extra = f.length - columns.length;
      f = [...f.slice(0, at.name), f.slice(at.name, at.name + extra + 1).join('\t'), ...f.slice(at.name + extra + 1)];
    }
    const col = (i: number) => (i >= 0 && i < f.length ? f[i] : null);
    const start = col(at.start);
    const end = col(at.end);
    if (start === null || end === null) return this.unknown(l, `clip event without start or end time: ${clip(l.text)}`);
    const channel = Number(f[0]);
    // A damaged channel column ("99999999999999999999", "x") would become the track's channel count.
    if (!Number.isSafeInteger(channel) || channel < 1) return this.unknown(l, `clip event with channel "${clip(f[0])}": ${clip(l.text)}`);
    t.events.push({
      channel, event: Number(f[1]),
      clipName: (col(at.name) ?? '').trimEnd(),
      start: start.trim(), end: end.trim(),
      duration: col(at.duration)?.trim() ?? null,
      state: col(at.state)?.trim() ?? null,
      line: l,
    });
  }

  private markerLine(l: Line): void {
    if (this.takeColumns(l, (t) => /^#\s*\t/.test(t))) {
      this.columns = this.columns!.map((c) => c.toUpperCase());
      return;
    }
    const columns = this.columns ?? ['#', 'LOCATION', 'TIME REFERENCE', 'UNITS', 'NAME', 'COMMENTS'];
    const text = l.text;
    const prev = this.out.markers[this.out.markers.length - 1];
    if (RE_MARKER_ROW.test(text)) return this.markerRow(l, columns);
    if (text.trim() === '') return;
    if (!prev) return this.unknown(l, `marker listing line not understood: ${clip(text)}`);
    // A name or comment with a line break continues on the next line(s).
    const parts = text.split('\t').map((s) => s.trim()).filter(Boolean);
    prev.comment = [prev.comment, parts.join('\t')].filter((s) => s !== '').join('\n');
    if (!/^\s*\t/.test(text)) prev.ambiguous = true;
  }

  private markerRow(l: Line, columns: string[]): void {
    const f = l.text.split('\t');
    const fixed = 4;
    if (f.length < fixed + 1) return this.unknown(l, `marker row with ${f.length} columns: ${clip(l.text)}`);
    const hasTrackCols = columns.includes('TRACK NAME') && columns.includes('TRACK TYPE');
    const rest = f.slice(fixed);
    let name: string;
    let comment: string;
    let trackName: string | null = null;
    let trackType: string | null = null;
    let ambiguous = false;
    if (hasTrackCols) {
      // NAME, TRACK NAME, TRACK TYPE, COMMENTS: find the track type ("Ruler" | "Track") to anchor the split.
      let k = rest.findIndex((s, i) => i >= 2 && /^(Ruler|Track)\s*$/.test(s));
      if (k < 0) k = Math.min(2, rest.length - 1);
      name = rest.slice(0, k - 1).join('\t').trim();
      trackName = (rest[k - 1] ?? '').trim() || null;
      trackType = (rest[k] ?? '').trim() || null;
      comment = rest.slice(k + 1).join('\t').trim();
      ambiguous = k !== 2;
    } else {
      // A tab inside a name cannot be told from the column separator: the name is the first field.
      name = rest[0].trim();
      comment = rest.slice(1).map((s) => s.trim()).filter(Boolean).join('\t');
      // Names are padded to the column width: a padded name certainly ended at its tab.
      ambiguous = rest.length > 2 && !/ $/.test(rest[0]);
    }
    this.out.markers.push({
      number: Number(f[0].trim()), location: f[1].trim(), reference: f[2].trim(), units: f[3].trim(),
      name, trackName, trackType, comment, line: l, ambiguous,
    });
  }
}

type EventColumns = { name: number; start: number; end: number; duration: number; state: number };

function eventColumnsOf(columns: string[]): EventColumns {
  return {
    // Pro Tools before 2019 said "REGION NAME".
    name: columns.includes('CLIP NAME') ? columns.indexOf('CLIP NAME') : columns.indexOf('REGION NAME'), start: columns.indexOf('START TIME'), end: columns.indexOf('END TIME'),
    duration: columns.indexOf('DURATION'), state: columns.indexOf('STATE'),
  };
}

function afterKey(text: string, key: string): string {
  return text.slice(key.length).replace(/^[\t ]/, '').replace(/^\t/, '');
}

function clip(s: string): string {
  const t = s.replace(/\t/g, ' ⇥ ');
  return JSON.stringify(t.length > 80 ? `${t.slice(0, 80)}…` : t);
}

/** Parse decoded lines into the export's sections. `onLine` lets the caller check limits and deadlines. */
export function parseExport(lines: Line[], onLine?: (l: Line) => void): RawExport {
  const p = new Parser();
  for (const l of lines) {
    onLine?.(l);
    p.line(l);
  }
  return p.finish();
}
