/**
 * Writes Pro Tools "Session Info as Text" exports for tests and samples, laid
 * out as Pro Tools 2020–2023 lays them out (padded columns, spaced section
 * titles), in any time format, encoding and line ending.
 */
import { frameRate, framesToSamples, framesToTimecode, rational, samplesToFrames, timecodeToSamples } from '../../src/model/timecode.js';
import { decodeSingleByte } from '../../src/formats/session-text/text.js';

export type WriterClip = {
  name: string;
  /** Absolute samples, as printed (the fade events sit outside these bounds). */
  start: number;
  end: number;
  muted?: boolean;
  fadeIn?: number;
  fadeOut?: number;
};

export type WriterTrack = {
  name: string;
  comments?: string;
  userDelay?: number;
  states?: string[];
  /** Printed plug-ins, e.g. "EQ3 7-Band (mono)"; null omits the PLUG-INS line. */
  plugins?: string[] | null;
  channels?: number;
  /** Clip events of channel 1; other channels repeat them with .R/.C… suffixes unless `perChannel` is given. */
  clips: WriterClip[];
  perChannel?: WriterClip[][];
};

export type WriterSession = {
  name: string;
  sampleRate?: number;
  bitDepth?: string;
  /** "23.976", "24", "25", "29.97", "30" … */
  fps?: string;
  dropFrame?: boolean;
  start?: string;
  files?: Array<{ name: string; location: string; online?: boolean }>;
  clips?: Array<{ name: string; file: string; channel?: number; online?: boolean }>;
  plugins?: Array<{ manufacturer: string; name: string; version?: string; format?: string; stems?: string; instances: string }>;
  tracks?: WriterTrack[];
  markers?: Array<{ name: string; position: number; comment?: string; ticks?: string }>;
  /** Header counts; default: the real counts. */
  counts?: { tracks?: number; clips?: number; files?: number };
};

export type WriterTimeFormat = 'timecode' | 'samples' | 'minsec' | 'feetframes' | 'barsbeats';

export type WriterOptions = {
  timeFormat?: WriterTimeFormat;
  subframes?: boolean;
  encoding?: 'utf-8' | 'utf-8-bom' | 'macintosh' | 'windows-1252';
  lineEnding?: '\n' | '\r\n' | '\r';
  omit?: Array<'files' | 'clips' | 'plugins' | 'tracks' | 'markers'>;
  /** Extra section (title in plain words) inserted before the track listing. */
  extraSection?: { title: string; lines: string[] };
};

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const spaced = (title: string) => title.split(' ').map((w) => w.split('').join(' ')).join('  ');

/** Format absolute samples in a time format, rounded down as Pro Tools prints. */
export function formatTime(samples: number, session: Required<Pick<WriterSession, 'sampleRate' | 'fps' | 'start'>> & { dropFrame?: boolean }, fmt: WriterTimeFormat, subframes = false): string {
  const sr = session.sampleRate;
  const fr = frameRate(session.fps, session.dropFrame)!;
  const start = timecodeToSamples(session.start, fr, sr);
  const rel = samples - start;
  switch (fmt) {
    case 'timecode': {
      // Frame starts are floored to samples at non-integer rates: the frame whose (floored) start is at or before.
      let frames = samplesToFrames(samples, fr, sr);
      if (framesToSamples(frames + 1, fr, sr) <= samples) frames++;
      const tc = framesToTimecode(frames, fr);
      if (!subframes) return tc;
      const { num, den } = rational(fr);
      const hundredths = Math.floor((samples * num * 100) / (sr * den)) - frames * 100;
      return `${tc}.${String(hundredths).padStart(2, '0')}`;
    }
    case 'samples':
      return String(rel);
    case 'minsec': {
      const ms = Math.floor((rel * 1000) / sr);
      const m = Math.floor(ms / 60000);
      const sec = Math.floor((ms % 60000) / 1000);
      return `${m}:${String(sec).padStart(2, '0')}${subframes ? `.${String(ms % 1000).padStart(3, '0')}` : ''}`;
    }
    case 'feetframes': {
      const hundredths = Math.floor((rel * 24 * 100) / sr);
      const frames = Math.floor(hundredths / 100);
      return `${Math.floor(frames / 16)}+${String(frames % 16).padStart(2, '0')}${subframes ? `.${String(hundredths % 100).padStart(2, '0')}` : ''}`;
    }
    case 'barsbeats': {
      const ticks = Math.round((rel * 960 * 2) / sr); // 120 bpm: 2 beats a second
      const beats = Math.floor(ticks / 960);
      const bar = Math.floor(beats / 4) + 1;
      const beat = (beats % 4) + 1;
      return subframes ? `${bar}|${beat}| ${String(ticks % 960).padStart(3, '0')}` : `${bar}|${beat}`;
    }
  }
}

function encode(text: string, encoding: WriterOptions['encoding']): Uint8Array {
  if (encoding === 'macintosh' || encoding === 'windows-1252') {
    // Node's TextDecoder treats windows-1252 as Latin-1; the reader's own tables are the reference here.
    const table = new Map<string, number>();
    for (let b = 0x80; b < 0x100; b++) table.set(decodeSingleByte(new Uint8Array([b]), encoding), b);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      const code = c.charCodeAt(0);
      const b = code < 0x80 ? code : table.get(c);
      if (b === undefined) throw new Error(`"${c}" cannot be written in ${encoding}`);
      out[i] = b;
    }
    return out;
  }
  const body = new TextEncoder().encode(text);
  if (encoding !== 'utf-8-bom') return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

/** The export as text (LF line endings). */
export function sessionTextString(s: WriterSession, opts: WriterOptions = {}): string {
  const session = { sampleRate: s.sampleRate ?? 48000, fps: s.fps ?? '24', start: s.start ?? '01:00:00:00', dropFrame: s.dropFrame };
  const fmt = opts.timeFormat ?? 'timecode';
  const sub = opts.subframes ?? false;
  const t = (n: number) => formatTime(n, session, fmt, sub);
  const tracks = s.tracks ?? [];
  const files = s.files ?? [];
  const clips = s.clips ?? [];
  const omit = new Set(opts.omit ?? []);
  const L: string[] = [];
  L.push(`SESSION NAME:\t${s.name}`);
  L.push(`SAMPLE RATE:\t${session.sampleRate.toFixed(6)}`);
  L.push(`BIT DEPTH:\t${s.bitDepth ?? '24-bit'}`);
  L.push(`SESSION START TIMECODE:\t${session.start}${sub ? '.00' : ''}`);
  L.push(`TIMECODE FORMAT:\t${session.fps}${s.dropFrame ? ' Drop' : ''} Frame`);
  L.push(`# OF AUDIO TRACKS:\t${s.counts?.tracks ?? tracks.length}`);
  L.push(`# OF AUDIO CLIPS:\t${s.counts?.clips ?? clips.length}`);
  L.push(`# OF AUDIO FILES:\t${s.counts?.files ?? files.length}`);
  L.push('', '');
  if (!omit.has('files')) {
    for (const online of [true, false]) {
      L.push(spaced(`${online ? 'ONLINE' : 'OFFLINE'} FILES IN SESSION`));
      const rows = files.filter((f) => (f.online ?? true) === online);
      const w = Math.max(8, ...rows.map((f) => f.name.length));
      L.push(`${pad('Filename', w)}\tLocation`);
      for (const f of rows) L.push(`${pad(f.name, w)}\t${f.location}`);
      L.push('', '');
    }
  }
  if (!omit.has('clips') && clips.length) {
    for (const online of [true, false]) {
      const rows = clips.filter((c) => (c.online ?? true) === online);
      if (!rows.length && !online) continue;
      L.push(spaced(`${online ? 'ONLINE' : 'OFFLINE'} CLIPS IN SESSION`));
      const w = Math.max(9, ...rows.map((c) => c.name.length));
      L.push(`${pad('CLIP NAME', w)}\tSource File`);
      for (const c of rows) L.push(`${pad(c.name, w)}\t${c.file}${c.channel ? `\t[${c.channel}]` : ''}`);
      L.push('', '');
    }
  }
  if (!omit.has('plugins')) {
    L.push(spaced('PLUG-INS LISTING'));
    L.push(['MANUFACTURER', 'PLUG-IN NAME', 'VERSION', 'FORMAT', 'STEMS'].map((h) => pad(h, 24)).join('\t') + '\tNUMBER OF INSTANCES');
    let lastM = '';
    for (const p of s.plugins ?? []) {
      L.push([p.manufacturer === lastM ? '' : p.manufacturer, p.name, p.version ?? '1.0', p.format ?? 'AAX Native', p.stems ?? 'Mono / Mono'].map((h) => pad(h, 24)).join('\t') + `\t${p.instances}`);
      lastM = p.manufacturer;
    }
    L.push('', '');
  }
  if (opts.extraSection) {
    L.push(spaced(opts.extraSection.title), ...opts.extraSection.lines, '', '');
  }
  if (!omit.has('tracks')) {
    L.push(spaced('TRACK LISTING'));
    for (const tr of tracks) {
      L.push(`TRACK NAME:\t${tr.name}`);
      L.push(`COMMENTS:\t${tr.comments ?? ''}`);
      L.push(`USER DELAY:\t${tr.userDelay ?? 0} Samples`);
      L.push(`STATE: ${(tr.states ?? []).map((x) => `${x} `).join('')}`);
      if (tr.plugins !== null && !omit.has('plugins')) L.push(`PLUG-INS: ${(tr.plugins ?? []).map((p) => `\t${p}`).join('')}`);
      L.push(`${pad('CHANNEL', 8)}\t${pad('EVENT', 8)}\t${pad('CLIP NAME', 30)}\t${pad('START TIME', 14)}\t${pad('END TIME', 14)}\t${pad('DURATION', 14)}\tSTATE`);
      const n = tr.channels ?? 1;
      for (let ch = 1; ch <= n; ch++) {
        const suffix = n === 2 ? ['.L', '.R'][ch - 1] : n > 2 ? `.${ch}` : '';
        const list = tr.perChannel?.[ch - 1] ?? tr.clips.map((c) => ({ ...c, name: n > 1 ? `${c.name}${suffix}` : c.name }));
        let ev = 0;
        const row = (name: string, a: number, b: number, muted?: boolean) => {
          ev++;
          const dur = fmt === 'timecode' ? formatTime(b - a + timecodeToSamples('00:00:00:00', frameRate(session.fps)!, session.sampleRate), { ...session, start: '00:00:00:00' }, 'timecode', sub) : formatTime(b - a + timecodeToSamples(session.start, frameRate(session.fps, session.dropFrame)!, session.sampleRate), session, fmt, sub);
          L.push(`${pad(String(ch), 8)}\t${pad(String(ev), 8)}\t${pad(name, 30)}\t${lpad(t(a), 14)}\t${lpad(t(b), 14)}\t${lpad(dur, 14)}\t${muted ? 'Muted' : 'Unmuted'}`);
        };
        for (const c of list) {
          if (c.fadeIn) row('(fade in)', c.start - c.fadeIn, c.start);
          row(c.name, c.start, c.end, c.muted);
          if (c.fadeOut) row('(fade out)', c.end, c.end + c.fadeOut);
        }
        L.push('', '');
      }
      if (n === 0) L.push('', '');
    }
  }
  if (!omit.has('markers')) {
    L.push(spaced('MARKERS LISTING'));
    L.push(`${pad('#', 4)}\t${pad('LOCATION', 13)}\t${pad('TIME REFERENCE', 18)}\t${pad('UNITS', 9)}\t${pad('NAME', 33)}\tCOMMENTS`);
    const start = timecodeToSamples(session.start, frameRate(session.fps, session.dropFrame)!, session.sampleRate);
    (s.markers ?? []).forEach((m, i) => {
      const ref = m.ticks ?? String(m.position - start);
      L.push(`${pad(String(i + 1), 4)}\t${pad(t(m.position), 13)}\t${pad(ref, 18)}\t${pad(m.ticks ? 'Ticks' : 'Samples', 9)}\t${pad(m.name, 33)}\t${m.comment ?? ''}`);
    });
  }
  return `${L.join('\n')}\n`;
}

/** The export as bytes, in the chosen encoding and line ending. */
export function sessionTextBytes(s: WriterSession, opts: WriterOptions = {}): Uint8Array {
  const text = sessionTextString(s, opts).replace(/\n/g, opts.lineEnding ?? '\n');
  return encode(text, opts.encoding ?? 'utf-8');
}
