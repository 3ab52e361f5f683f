import { describe, expect, it } from 'vitest';
import { readSessionText } from '../../../src/formats/session-text/index.js';
import { readSession } from '../../../src/read.js';
import { BufferSource } from '../../../src/io/byte-source.js';
import { FormatError } from '../../../src/io/errors.js';
import { frameRate, timecodeToSamples } from '../../../src/model/timecode.js';
import type { Session } from '../../../src/model/session.js';
import { sessionTextBytes, type WriterOptions, type WriterSession } from '../../support/session-text-writer.js';
import { formatErrorOf } from '../../support/errors.js';

const fr24 = frameRate('24')!;
const tc = (s: string, fr = fr24, sr = 48000) => timecodeToSamples(s, fr, sr);

async function read(s: WriterSession, opts: WriterOptions = {}, name = 'Session.txt'): Promise<Session> {
  return readSessionText(new BufferSource(sessionTextBytes(s, opts), name), { path: name });
}

async function readText(text: string, name = 'Session.txt'): Promise<Session> {
  return readSessionText(new BufferSource(new TextEncoder().encode(text), name), { path: name });
}

const error = formatErrorOf;

/** A small dubbing session: two mono dialogue tracks, a stereo track, fades, markers. */
function dubbing(): WriterSession {
  return {
    name: 'Show_ep101_es-ES',
    fps: '23.976',
    start: '00:59:50:00',
    files: [
      { name: 'es-ES_MARIA_01.wav', location: 'Macintosh HD:Users:me:Show:Audio Files:' },
      { name: 'es-ES_JUAN_01.wav', location: 'Macintosh HD:Users:me:Show:Audio Files:' },
      { name: 'FX_01.wav', location: 'Macintosh HD:Users:me:Show:Audio Files:' },
      { name: 'es-ES_JUAN_02.wav', location: 'Macintosh HD:Users:me:Show:Audio Files:', online: false },
    ],
    clips: [
      { name: 'es-ES_MARIA_01', file: 'es-ES_MARIA_01.wav' },
      { name: 'es-ES_JUAN_01', file: 'es-ES_JUAN_01.wav' },
      { name: 'FX_01.L', file: 'FX_01.wav', channel: 1 },
      { name: 'FX_01.R', file: 'FX_01.wav', channel: 2 },
      { name: 'es-ES_JUAN_02', file: 'es-ES_JUAN_02.wav', online: false },
    ],
    plugins: [
      { manufacturer: 'Avid', name: 'EQ3 7-Band', instances: '1 active' },
      { manufacturer: 'Avid', name: 'Trim', instances: '1 active' },
      { manufacturer: 'FabFilter', name: 'FabFilter Pro-Q 3', instances: '1 inactive' },
    ],
    tracks: [
      {
        name: 'es-ES_MARIA', plugins: ['EQ3 7-Band (mono)', 'Trim (mono)'], comments: 'lead',
        clips: [{ name: 'es-ES_MARIA_01', start: 172_972_800 + 48_048, end: 172_972_800 + 480_480, fadeIn: 2002, fadeOut: 4004 }],
      },
      {
        name: 'es-ES_JUAN', states: ['Hidden', 'Inactive'], plugins: ['FabFilter Pro-Q 3 (mono)'],
        clips: [
          { name: 'es-ES_JUAN_01', start: 172_972_800 + 960_960, end: 172_972_800 + 1_441_440, muted: true },
          { name: 'es-ES_JUAN_02', start: 172_972_800 + 2_002_000, end: 172_972_800 + 2_402_400 },
        ],
      },
      { name: 'FX (Stereo)', channels: 2, states: ['Muted'], plugins: [], clips: [{ name: 'FX_01', start: 172_972_800, end: 172_972_800 + 240_240 }] },
    ],
    markers: [
      { name: 'Act 1', position: 172_972_800 + 24_024, comment: 'first line' },
      { name: 'Act 2', position: 172_972_800 + 1_201_200 },
    ],
  };
}

describe('session text: header and model', () => {
  it('reads the header: name, rate, depth, start timecode, frame rate', async () => {
    const s = await read(dubbing());
    expect(s.source).toMatchObject({ format: 'session-text', path: 'Session.txt', application: { name: 'Pro Tools' } });
    expect(s.name).toBe('Show_ep101_es-ES');
    expect(s.sampleRate).toBe(48000);
    expect(s.bitDepth).toBe(24);
    expect(s.frameRate).toEqual({ fps: 23.976, label: '23.976', dropFrame: false });
    expect(s.startTimecode).toBe('00:59:50:00');
    expect(s.start).toBe(tc('00:59:50:00', frameRate('23.976')!));
    expect(s.coverage.timecode).toBe('decoded');
  });

  it('reads track states, comments, inserts in insert order with manufacturers', async () => {
    const s = await read(dubbing());
    expect(s.tracks.map((t) => t.name)).toEqual(['es-ES_MARIA', 'es-ES_JUAN', 'FX (Stereo)']);
    const [maria, juan, fx] = s.tracks;
    expect(maria).toMatchObject({ kind: 'audio', channels: 1, channelFormat: 'mono', active: true, hidden: false, muted: false, comments: 'lead' });
    expect(maria.inserts).toEqual([
      { slot: 1, name: 'EQ3 7-Band', manufacturer: 'Avid', active: true },
      { slot: 2, name: 'Trim', manufacturer: 'Avid', active: true },
    ]);
    expect(juan).toMatchObject({ active: false, hidden: true, muted: false });
    expect(juan.inserts).toEqual([{ slot: 1, name: 'FabFilter Pro-Q 3', manufacturer: 'FabFilter', active: false }]);
    expect(fx).toMatchObject({ channels: 2, channelFormat: 'stereo', muted: true, inserts: [] });
    expect(s.coverage.inserts).toBe('decoded');
    expect(s.coverage.trackKinds).toBe('partial');
    expect(s.coverage.automation).toBe('unsupported');
    expect(s.coverage.sends).toBe('unsupported');
  });

  it('turns fade events into fades of the neighbouring clip, never into clips', async () => {
    const s = await read(dubbing());
    const clips = s.tracks[0].playlists[0].clips;
    expect(clips).toHaveLength(1);
    expect(clips[0]).toMatchObject({ name: 'es-ES_MARIA_01', position: 173_020_848, length: 432_432, fadeIn: { length: 2002 }, fadeOut: { length: 4004 }, isFadeRender: false });
    expect(s.coverage.fades).toBe('decoded');
  });

  it('folds a crossfade into the fade out of one clip and the fade in of the next', async () => {
    const base = dubbing();
    const s = await readText(
      new TextDecoder().decode(sessionTextBytes(base)).replace(
        /(1\s+\t2\s+\tes-ES_JUAN_02)/,
        '1       \t9       \t(cross fade)                  \t   01:00:30:00\t   01:00:41:16\t   00:00:11:16\tUnmuted\n$1',
      ),
    );
    const juan = s.tracks[1].playlists[0].clips;
    expect(juan.map((c) => c.name)).toEqual(['es-ES_JUAN_01', 'es-ES_JUAN_02']);
    expect(juan[0].fadeOut).toEqual({ length: 560_560, shape: null });
    expect(juan[1].fadeIn?.length).toBe(juan[0].fadeOut?.length);
  });

  it('says when a fade event has no clip next to it', async () => {
    const text = new TextDecoder().decode(sessionTextBytes(dubbing())).replace(
      /(1\s+\t1\s+\tes-ES_JUAN_01)/,
      '1       \t9       \t(fade in)                     \t   00:59:50:00\t   00:59:50:05\t   00:00:00:05\tUnmuted\n$1',
    );
    const s = await readText(text);
    const d = s.diagnostics.find((x) => x.code === 'session-text/orphan-fade');
    expect(d?.message).toMatch(/^line \d+: \(fade in\) on track "es-ES_JUAN"/);
    expect(s.tracks[1].playlists[0].clips).toHaveLength(2);
  });

  it('reads clip mute states, media links and offline files', async () => {
    const s = await read(dubbing());
    const juan = s.tracks[1].playlists[0].clips;
    expect(juan.map((c) => c.muted)).toEqual([true, false]);
    const offline = s.mediaFiles.find((m) => m.name === 'es-ES_JUAN_02.wav')!;
    expect(offline).toMatchObject({ online: false, path: 'Macintosh HD/Users/me/Show/Audio Files/es-ES_JUAN_02.wav', format: 'wav', channels: 1 });
    expect(juan[1].mediaFileId).toBe(offline.id);
    expect(s.mediaFiles.filter((m) => m.online).map((m) => m.name)).toEqual(['es-ES_MARIA_01.wav', 'es-ES_JUAN_01.wav', 'FX_01.wav']);
    expect(s.mediaFiles.find((m) => m.name === 'FX_01.wav')!.channels).toBe(2);
    expect(s.coverage.mediaFiles).toBe('decoded');
  });

  it('takes a multichannel track\'s clips from channel 1 and checks the others against it', async () => {
    const s = await read(dubbing());
    const fx = s.tracks[2].playlists[0].clips;
    expect(fx).toHaveLength(1);
    expect(fx[0]).toMatchObject({ name: 'FX_01.L', channel: null, position: 172_972_800, length: 240_240 });
    expect(s.diagnostics.some((d) => d.code === 'session-text/channels-differ')).toBe(false);

    const w = dubbing();
    w.tracks![2].perChannel = [
      [{ name: 'FX_01.L', start: 172_800_000, end: 172_800_000 + 240_240 }],
      [{ name: 'FX_01.R', start: 172_800_000, end: 172_800_000 + 120_120 }],
    ];
    const bad = await read(w);
    expect(bad.diagnostics.find((d) => d.code === 'session-text/channels-differ')?.message).toContain('track "FX (Stereo)": channel 2');
  });

  it('reads markers with absolute sample references, comments kept', async () => {
    const s = await read(dubbing());
    expect(s.markers).toEqual([
      { name: 'Act 1', position: 172_996_824, length: 0, comment: 'first line' },
      { name: 'Act 2', position: 174_174_000, length: 0, comment: '' },
    ]);
    expect(s.coverage.markers).toBe('decoded');
  });

  it('reads the marker layout of Pro Tools 2023.12 (rulers and track markers)', async () => {
    const text = [
      'SESSION NAME:\tT', 'SAMPLE RATE:\t48000.000000', 'BIT DEPTH:\t24-bit', 'SESSION START TIMECODE:\t00:59:50:00',
      'TIMECODE FORMAT:\t24 Frame', '# OF AUDIO TRACKS:\t0', '# OF AUDIO CLIPS:\t0', '# OF AUDIO FILES:\t0', '', '',
      'M A R K E R S  L I S T I N G',
      '#   \tLOCATION     \tTIME REFERENCE    \tUNITS    \tNAME                             \tTRACK NAME                       \tTRACK TYPE   \tCOMMENTS',
      '1   \t01:00:00:00  \t480000            \tSamples  \tMarker 1                         \tMarkers                          \tRuler                            \t',
      '2   \t01:00:05:00  \t720000            \tSamples  \tMarker 6                         \tAudio 1                          \tTrack                            \tMore comments',
      '',
    ].join('\n');
    const s = await readText(text);
    expect(s.markers).toEqual([
      { name: 'Marker 1', position: tc('01:00:00:00'), length: 0, comment: '' },
      { name: 'Marker 6', position: tc('01:00:05:00'), length: 0, comment: 'More comments' },
    ]);
    expect(s.diagnostics.filter((d) => d.severity === 'warning')).toEqual([]);
    // Exported without tracks: nothing is claimed about them.
    expect(s.diagnostics.find((d) => d.code === 'session-text/no-track-listing')?.severity).toBe('info');
    expect(s.coverage.tracks).toBe('unsupported');
  });

  it('keeps multi-line track comments', async () => {
    const text = new TextDecoder().decode(sessionTextBytes(dubbing())).replace('COMMENTS:\tlead', 'COMMENTS:\tlead\nsecond line');
    const s = await readText(text);
    expect(s.tracks[0].comments).toBe('lead\nsecond line');
    expect(s.diagnostics.filter((d) => d.code === 'session-text/unknown-line')).toEqual([]);
  });
});

describe('session text: time formats', () => {
  const formats: Array<[WriterOptions, number]> = [
    [{ timeFormat: 'samples' }, 0],
    [{ timeFormat: 'timecode' }, 2002],
    [{ timeFormat: 'timecode', subframes: true }, 21],
    [{ timeFormat: 'minsec', subframes: true }, 48],
    [{ timeFormat: 'minsec' }, 48000],
    [{ timeFormat: 'feetframes', subframes: true }, 20],
    [{ timeFormat: 'feetframes' }, 2000],
  ];

  for (const [opts, tol] of formats) {
    it(`gives the same positions in ${opts.timeFormat}${opts.subframes ? ' with subframes' : ''} as in samples`, async () => {
      const exact = await read(dubbing(), { timeFormat: 'samples' });
      const s = await read(dubbing(), opts);
      const pos = (x: Session) => x.tracks.flatMap((t) => t.playlists[0].clips.map((c) => [c.position, c.position + c.length]));
      const want = pos(exact);
      const got = pos(s);
      expect(got).toHaveLength(want.length);
      for (let i = 0; i < want.length; i++) {
        expect(Math.abs(got[i][0] - want[i][0])).toBeLessThanOrEqual(tol);
        expect(Math.abs(got[i][1] - want[i][1])).toBeLessThanOrEqual(tol);
      }
      expect(s.source.positionResolution ?? 1).toBeGreaterThanOrEqual(Math.max(1, tol));
      expect(s.markers.map((m) => m.position)).toEqual(exact.markers.map((m) => m.position));
      expect(s.diagnostics.filter((d) => d.code === 'session-text/bad-time')).toEqual([]);
    });
  }

  it('converts Bars|Beats when markers with sample references confirm the default tempo', async () => {
    const w = dubbing();
    const s = await read(w, { timeFormat: 'barsbeats', subframes: true });
    const exact = await read(w, { timeFormat: 'samples' });
    const a = s.tracks[0].playlists[0].clips[0];
    const b = exact.tracks[0].playlists[0].clips[0];
    expect(Math.abs(a.position - b.position)).toBeLessThanOrEqual(25);
    expect(s.diagnostics.find((d) => d.code === 'session-text/bars-beats-tempo')?.severity).toBe('info');
  });

  it('does not convert Bars|Beats without evidence of the tempo, and says so', async () => {
    const w = dubbing();
    w.markers = [];
    const s = await read(w, { timeFormat: 'barsbeats', subframes: true });
    expect(s.diagnostics.find((d) => d.code === 'session-text/bars-beats-unconverted')?.severity).toBe('warning');
    expect(s.diagnostics.some((d) => d.code === 'session-text/bad-time')).toBe(true);
    expect(s.coverage.playlists).toBe('partial');
    expect(s.coverage.fades).not.toBe('decoded');
  });

  it('reads 29.97 drop-frame timecode', async () => {
    const w: WriterSession = {
      name: 'DF', fps: '29.97', dropFrame: true, start: '00:50:00;00',
      tracks: [{ name: 'A', clips: [{ name: 'c', start: tc('01:10:00;02', frameRate('29.97', true)!), end: tc('01:10:01;00', frameRate('29.97', true)!) }] }],
    };
    const s = await read(w);
    expect(s.frameRate).toEqual({ fps: 29.97, label: '29.97', dropFrame: true });
    expect(s.startTimecode).toBe('00:50:00;00');
    expect(s.tracks[0].playlists[0].clips[0].position).toBe(tc('01:10:00;02', frameRate('29.97', true)!));
  });
});

describe('session text: encodings and line endings', () => {
  const names = (): WriterSession => ({
    name: 'Café Müller – ñ', fps: '25', start: '10:00:00:00',
    tracks: [{ name: 'es-ES_JOSÉ', clips: [{ name: 'Canción Ñandú', start: tc('10:00:01:00', frameRate('25')!), end: tc('10:00:02:00', frameRate('25')!) }] }],
    markers: [{ name: 'Señal…', position: tc('10:00:03:00', frameRate('25')!) }],
  });
  const variants: WriterOptions[] = [
    { encoding: 'utf-8' }, { encoding: 'utf-8-bom' }, { encoding: 'macintosh' }, { encoding: 'windows-1252' },
    { encoding: 'macintosh', lineEnding: '\r' }, { encoding: 'utf-8', lineEnding: '\r\n' }, { encoding: 'windows-1252', lineEnding: '\r\n' },
  ];
  for (const v of variants) {
    it(`reads ${v.encoding} with ${JSON.stringify(v.lineEnding ?? '\n')} line endings`, async () => {
      const bytes = sessionTextBytes(names(), v);
      const s = await readSession(new BufferSource(bytes, 'x.txt'), { path: 'x.txt' });
      expect(s.name).toBe('Café Müller – ñ');
      expect(s.tracks.map((t) => t.name)).toEqual(['es-ES_JOSÉ']);
      expect(s.tracks[0].playlists[0].clips[0].name).toBe('Canción Ñandú');
      expect(s.markers[0].name).toBe('Señal…');
      expect(s.diagnostics.filter((d) => d.severity === 'warning')).toEqual([]);
    });
  }
});

describe('session text: damaged and foreign input', () => {
  it('refuses a text file that is not an export, naming the line', async () => {
    const e = await error(readText('Dear diary,\nnothing here.\n', 'notes.txt'));
    expect(e.code).toBe('BAD_MAGIC');
    expect(e.message).toContain('notes.txt');
    expect(e.message).toMatch(/line 1: not a Pro Tools Session Info as Text export/);
  });

  it('refuses an empty file and a header cut off before the sample rate', async () => {
    expect((await error(readText(''))).code).toBe('TRUNCATED');
    const e = await error(readText('SESSION NAME:\tShow\n'));
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toMatch(/line 1: the header has no SAMPLE RATE/);
  });

  it('a file cut off before its track listing gets a warning naming the line and no decoded tracks', async () => {
    const full = new TextDecoder().decode(sessionTextBytes(dubbing()));
    const cut = full.slice(0, full.indexOf('P L U G - I N S'));
    const s = await readText(cut);
    const d = s.diagnostics.find((x) => x.code === 'session-text/no-track-listing');
    expect(d?.severity).toBe('warning');
    expect(d?.message).toMatch(/^line \d+: the export has no track listing \(its header announces 3 audio tracks\)/);
    expect(s.tracks).toEqual([]);
    expect(s.coverage.tracks).toBe('unsupported');
    expect(s.coverage.playlists).toBe('unsupported');
    expect(s.coverage.inserts).toBe('unsupported');
  });

  it('a file cut off inside the track listing is partial, with the counts and the cut line named', async () => {
    const full = new TextDecoder().decode(sessionTextBytes(dubbing()));
    const cut = full.slice(0, full.indexOf('TRACK NAME:\tFX') - 30);
    const s = await readText(cut);
    expect(s.coverage.tracks).toBe('partial');
    expect(s.tracks).toHaveLength(2);
    expect(s.diagnostics.find((x) => x.code === 'session-text/track-count')?.message).toContain('announces 3 audio tracks, the track listing has 2');
    expect(s.diagnostics.find((x) => x.code === 'session-text/truncated')?.message).toMatch(/^line \d+: the file ends inside a line/);
  });

  it('keeps going past an unknown section and says so', async () => {
    const s = await read(dubbing(), { extraSection: { title: 'NEW THING LISTING', lines: ['a\tb', 'c\td'] } });
    const d = s.diagnostics.filter((x) => x.code === 'session-text/unknown-section');
    expect(d).toHaveLength(1);
    expect(d[0].message).toContain('"NEW THING LISTING"');
    expect(d[0].message).toContain('2 non-empty lines');
    expect(s.tracks).toHaveLength(3);
  });

  it('reports lines it does not understand inside a track block', async () => {
    const text = new TextDecoder().decode(sessionTextBytes(dubbing())).replace('USER DELAY:\t0 Samples', 'USER DELAY:\t0 Samples\nFROBNICATE:\tyes');
    const s = await readText(text);
    const d = s.diagnostics.filter((x) => x.code === 'session-text/unknown-line');
    expect(d.length).toBeGreaterThan(0);
    expect(d[0].message).toContain('FROBNICATE');
    expect(d[0].offset).toBeGreaterThan(0);
  });

  it('marks inserts partial when the plug-in listing counts instances on tracks the export leaves out', async () => {
    const w = dubbing();
    w.plugins!.push({ manufacturer: 'Avid', name: 'Pro Limiter', stems: 'Stereo / Stereo', instances: '1 active' });
    const s = await read(w);
    expect(s.coverage.inserts).toBe('partial');
    expect(s.diagnostics.find((d) => d.code === 'session-text/inserts-elsewhere')?.message).toContain('4 plug-in instances');
  });

  it('inserts are unsupported when the export has no plug-in lines', async () => {
    const s = await read(dubbing(), { omit: ['plugins'] });
    expect(s.coverage.inserts).toBe('unsupported');
    expect(s.tracks[0].inserts).toEqual([]);
  });

  it('meets the entry limit instead of reading without bound', async () => {
    const bytes = sessionTextBytes(dubbing());
    const e = await error(readSessionText(new BufferSource(bytes, 'big.txt'), { limits: { maxEntries: 10 } }));
    expect(e.code).toBe('LIMIT');
    expect(e.limit).toBe('maxEntries');
  });
});

describe('session text: UTF-16', () => {
  it('reads a UTF-16LE re-save with a BOM', async () => {
    const text = new TextDecoder().decode(sessionTextBytes(dubbing()));
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) { le[2 + 2 * i] = text.charCodeAt(i) & 0xff; le[3 + 2 * i] = text.charCodeAt(i) >> 8; }
    const s = await readSession(new BufferSource(le, 'u16.txt'), { path: 'u16.txt' });
    expect(s.tracks.map((t) => t.name)).toEqual(['es-ES_MARIA', 'es-ES_JUAN', 'FX (Stereo)']);
    expect(s.diagnostics.find((d) => d.code === 'session-text/encoding')?.message).toContain('utf-16le');
  });
});

describe('session text: the session clock wraps at midnight', () => {
  it('places a timecode after 24:00:00:00 on the next day', async () => {
    const day = tc('24:00:00:00');
    const w: WriterSession = {
      name: 'Night', fps: '24', start: '23:59:00:00',
      tracks: [{ name: 'A', clips: [{ name: 'late', start: day + tc('00:00:30:00'), end: day + tc('00:00:31:00') }] }],
    };
    const text = new TextDecoder().decode(sessionTextBytes({ ...w, tracks: [] })).replace('T R A C K  L I S T I N G\n',
      'T R A C K  L I S T I N G\nTRACK NAME:\tA\nCOMMENTS:\t\nUSER DELAY:\t0 Samples\nSTATE: \nPLUG-INS: \nCHANNEL \tEVENT   \tCLIP NAME \tSTART TIME    \tEND TIME      \tDURATION      \tSTATE\n1       \t1       \tlate\t   00:00:30:00\t   00:00:31:00\t   00:00:01:00\tUnmuted\n\n\n');
    const s = await readText(text.replace('# OF AUDIO TRACKS:\t0', '# OF AUDIO TRACKS:\t1'));
    expect(s.tracks[0].playlists[0].clips[0]).toMatchObject({ position: day + tc('00:00:30:00'), length: 48_000 });
  });
});

describe('session text: older Pro Tools wording', () => {
  it('reads "regions" where newer exports say "clips"', async () => {
    const text = new TextDecoder().decode(sessionTextBytes(dubbing()))
      .replace(/# OF AUDIO CLIPS/, '# OF AUDIO REGIONS')
      .replace('O N L I N E  C L I P S  I N  S E S S I O N', 'O N L I N E  R E G I O N S  I N  S E S S I O N')
      .replace('O F F L I N E  C L I P S  I N  S E S S I O N', 'O F F L I N E  R E G I O N S  I N  S E S S I O N')
      .replace(/CLIP NAME/g, 'REGION NAME');
    const s = await readText(text);
    expect(s.tracks[1].playlists[0].clips.map((c) => c.name)).toEqual(['es-ES_JUAN_01', 'es-ES_JUAN_02']);
    expect(s.tracks[1].playlists[0].clips[1].mediaFileId).toBe(s.mediaFiles.find((m) => m.online === false)?.id);
    expect(s.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});
