/** Names of content types, for the block dump and diagnostics (see docs/formats/ptx.md). */
export const CONTENT_TYPE_NAMES: Record<number, string> = {
  0x0002: 'index', 0x0003: 'Document Info',
  0x1001: 'audio file rate/length', 0x1003: 'audio file', 0x1004: 'Audio File List', 0x1006: 'Video File List',
  0x1007: 'region name (v5)', 0x1008: 'audio region (v5)', 0x100b: 'Audio Region List (v5)', 0x100c: 'Video Region List',
  0x100d: 'Fade Region List', 0x100e: 'placement (v5)', 0x100f: 'placement entry (v5)', 0x1011: 'playlist (v5)',
  0x1012: 'Audio Playlists (v5)', 0x1014: 'playlist set (track)', 0x1015: 'Audio Playlist Sets', 0x1016: 'Video Playlists',
  0x1017: 'plug-in type', 0x1018: 'Plug-In Types', 0x1019: 'insert slot state', 0x101a: 'Inserts', 0x101b: 'channel name',
  0x101c: 'channel strip', 0x101d: 'audio track (PT5–8)', 0x101e: 'master fader (PT5–8)', 0x1021: 'I/O path', 0x1022: 'Paths',
  0x1023: 'track automation (PT5–8)', 0x1025: 'automation list (PT5–8)', 0x1026: 'automation lists (PT5–8)',
  0x1028: 'Audio Engine Settings', 0x1029: 'automation settings', 0x102c: 'Plug-In Automation', 0x102d: 'track name holder',
  0x102f: 'plug-in instance data', 0x1030: 'plug-in instance', 0x1033: 'audio file flags', 0x1036: 'No Insert', 0x103a: 'audio file path entries',
  0x1040: 'MIDI Operation Data', 0x1042: 'MIDI Groove Quantize Template',
  0x104f: 'placement (v8)', 0x1050: 'placement entry (v8)', 0x1052: 'playlist (v8)', 0x1054: 'Audio Playlists (v8)',
  0x1056: 'MIDI placement', 0x1057: 'MIDI playlist', 0x1058: 'MIDI Playlists',
  0x2000: 'MIDI Chunk List', 0x2001: 'MIDI region (v5)', 0x2002: 'MIDI Region List', 0x2004: 'MIDI Instrument List',
  0x2008: 'MIDI Playlists (v5)', 0x2009: 'Tracks (PT5–8)', 0x200b: 'track view settings', 0x200f: 'MIDI track (PT5–8)',
  0x2013: 'Track-Based Window Settings', 0x2016: 'Edit Window Settings', 0x2017: 'Mix Window Settings', 0x2018: 'Region List Settings',
  0x2019: 'Transport Window Settings', 0x2023: 'MIDI Settings', 0x2024: 'Editor Settings', 0x2025: 'Pro Tools Machine Settings',
  0x2026: 'DAE Settings', 0x2027: 'Plug-In Settings File List', 0x2028: 'Tempo Map', 0x2029: 'Meter Map', 0x202a: 'track group',
  0x202b: 'Track Group List', 0x202d: 'Audio Takes List', 0x202e: 'MIDI Takes List', 0x2030: 'Memory Location List',
  0x2031: 'I/O Interface List', 0x2032: 'Video Settings', 0x2033: 'I/O Settings', 0x2047: 'Disk Allocation Settings',
  0x2049: 'Strip Silence Settings', 0x204a: 'Automation Settings', 0x204b: 'Bounce Settings', 0x204d: 'Timecode Settings',
  0x2055: 'MIDI Metronome Settings', 0x2056: 'Tool Settings', 0x2058: 'Operation Settings', 0x2067: 'Session Info',
  0x2077: 'memory location', 0x2102: 'channel id', 0x2106: 'audio file UMID', 0x2432: 'key signature event', 0x2433: 'key signature list',
  0x2511: 'snaps', 0x2519: 'MIDI track list', 0x251a: 'MIDI track', 0x2602: 'I/O route', 0x2603: 'I/O routing table',
  0x260a: 'automation list', 0x260c: 'pan automation', 0x260d: 'track automation container', 0x260e: 'track output',
  0x2611: 'insert entry', 0x2619: 'track name', 0x261b: 'track subtree', 0x261c: 'audio track (PT10+)', 0x2620: 'MIDI track (PT10+)',
  0x2624: 'tracks (PT10+)', 0x2625: 'insert slot', 0x2626: 'insert slot state', 0x2627: 'insert slots',
  0x2628: 'region name (v10)', 0x2629: 'audio region (v10)', 0x262a: 'Audio Region List (v10)', 0x262c: 'compound regions',
  0x262f: 'fade geometry', 0x2630: 'fade geometry list', 0x2633: 'MIDI region (v10)', 0x2634: 'MIDI Region List (v10)',
  0x2637: 'clip gain table', 0x2715: 'session metadata entry', 0x2716: 'session metadata', 0x2718: 'tempo lane', 0x2719: 'meter lane',
  0x271a: 'marker lane',
};

/** Content types the reader decodes (the rest are listed in diagnostics when met at the top level). */
export const DECODED_TOP_LEVEL = new Set([
  0x0002, 0x0003, 0x1004, 0x100b, 0x262a, 0x1012, 0x1054, 0x1015, 0x1018, 0x1028, 0x2009, 0x2624, 0x202b, 0x2030, 0x271a, 0x204d, 0x2067, 0x2630, 0x2716, 0x2028, 0x2634, 0x2002, 0x1058, 0x2029, 0x2433,
]);

export function contentTypeName(ct: number): string {
  return CONTENT_TYPE_NAMES[ct] ?? '?';
}
