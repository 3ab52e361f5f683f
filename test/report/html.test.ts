import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderTimelineSvg, noMarks } from '../../src/report/timeline.js';
import {
  TIMELINE_CLIP_COUNT, batchReport, bigReport, bigSession, failingReport, passingReport, timelineSession, unreadableReport, unverifiedReport,
} from '../support/report-fixtures.js';
import { elementsByTag, parseXmlStrict, type XmlDoc, type XmlEl } from '../support/xml.js';

function byClass(doc: XmlDoc | XmlEl, tag: string, cls: string): XmlEl[] {
  return elementsByTag(doc, tag).filter((e) => (e.getAttribute('class') ?? '').split(/\s+/).includes(cls));
}

function parse(html: string): XmlDoc {
  // The sheet is written as well-formed XML: a strict XML parse is the structural check.
  return parseXmlStrict(html);
}

describe('renderHtml', () => {
  it('shows a failing banner, counts, and failing rows grouped by subject with timecode, spec and fix', () => {
    const doc = parse(renderHtml(failingReport(), { sessions: [timelineSession()] }));
    const banner = elementsByTag(doc, 'header').find((h) => h.getAttribute('id') === 'verdict')!;
    expect(banner.getAttribute('data-verdict')).toBe('fail');
    expect(byClass(banner, 'div', 'verdict')[0].textContent).toBe('FAIL');
    expect(banner.textContent).toContain('4 errors · 2 warnings · 1 unverified');

    const counts = Object.fromEntries(byClass(doc, 'div', 'count').map((c) => [c.getAttribute('data-count'), byClass(c, 'span', 'n')[0].textContent]));
    expect(counts).toEqual({ pass: '4', fail: '6', unverified: '1', errors: '4', warnings: '2' });

    const subjects = byClass(doc, 'section', 'subject');
    expect(subjects.map((s) => s.getAttribute('data-subject'))).toEqual([
      'session',
      'track es-ES_MARIA',
      'track es-ES_JOSÉ',
      'track es-ES_MARIA › clip es-ES_MARIA_02',
      'track es-ES_JOSÉ › clip es-ES_JOSÉ_01',
      'track es-ES_WALLA',
    ]);
    const maria = subjects[1];
    const rows = byClass(maria, 'tr', 'finding');
    expect(rows).toHaveLength(2);
    expect(rows[0].getAttribute('class')).toBe('finding fail error');
    expect(rows[1].textContent).toContain('Track es-ES_MARIA has plug-in "D-Verb" <bypassed> & hidden on insert 2');
    expect(byClass(rows[0], 'td', 'spec')[0].textContent).toContain('Inserts - Any plug-in on any track is to be removed.');
    expect(byClass(rows[0], 'td', 'fix')[0].textContent).toBe('Remove the plug-in from the track.');

    const clipRow = byClass(subjects[3], 'tr', 'finding')[0];
    expect(clipRow.getAttribute('class')).toBe('finding fail warning');
    expect(byClass(clipRow, 'td', 'timecode')[0].textContent).toContain('01:00:10:00–01:00:14:12');

    const unverified = byClass(subjects[0], 'tr', 'unverified')[0];
    expect(unverified.textContent).toContain('not decoded: sends');

    const passes = byClass(doc, 'tr', 'pass');
    expect(passes).toHaveLength(4);
  });

  it("lists the session's settings", () => {
    const doc = parse(renderHtml(failingReport(), { sessions: [timelineSession()] }));
    const dl = byClass(doc, 'dl', 'settings')[0];
    const dts = elementsByTag(dl, 'dt').map((e) => e.textContent);
    const dds = elementsByTag(dl, 'dd').map((e) => e.textContent);
    const settings = Object.fromEntries(dts.map((k, i) => [k, dds[i]]));
    expect(settings).toMatchObject({ 'Sample rate': '48000 Hz', 'Bit depth': '24-bit', 'Frame rate': '24 fps', Start: '00:59:50:00', Tracks: '4', Clips: String(TIMELINE_CLIP_COUNT), Markers: '2' });
  });

  it('draws every clip on the timeline, marks failing tracks and clips, draws fades and markers', () => {
    const doc = parse(renderHtml(failingReport(), { sessions: [timelineSession()] }));
    const svg = elementsByTag(doc, 'svg')[0];
    expect(svg.getAttribute('data-mode')).toBe('detail');
    const clips = byClass(svg, 'rect', 'clip');
    expect(clips).toHaveLength(TIMELINE_CLIP_COUNT);
    expect(elementsByTag(svg, 'title').some((t) => t.textContent === 'Fade 1')).toBe(false);
    const failing = clips.filter((c) => /\b(fail|warn)\b/.test(c.getAttribute('class')!));
    expect(failing.map((c) => elementsByTag(c, 'title')[0].textContent).sort()).toEqual(['es-ES_JOSÉ_01', 'es-ES_MARIA_02']);
    const tracks = byClass(svg, 'g', 'track');
    expect(tracks.map((t) => [t.getAttribute('data-track'), t.getAttribute('class')])).toEqual([
      ['es-ES_MARIA', 'track fail'], ['es-ES_JOSÉ', 'track fail'], ['es-ES_WALLA', 'track fail'], ['es-ES_NARRADOR', 'track'],
    ]);
    // The fixture's 9 clips carry 16 fade-ins and fade-outs.
    expect(byClass(svg, 'path', 'fade')).toHaveLength(16);
    expect(byClass(svg, 'g', 'marker')).toHaveLength(2);
    expect(elementsByTag(byClass(svg, 'g', 'marker')[1], 'title')[0].textContent).toBe('Scene 2 <INT.> @ 01:00:15:00 — night & rain');
    // The automation finding names a track and a time but no clip: a tick on that track.
    expect(byClass(tracks[2], 'path', 'finding-tick')).toHaveLength(1);
  });

  it('loads nothing from the network', () => {
    const html = renderHtml(failingReport(), { sessions: [timelineSession()] });
    const doc = parse(html);
    expect(elementsByTag(doc, 'script')).toHaveLength(0);
    expect(elementsByTag(doc, 'link')).toHaveLength(0);
    expect(elementsByTag(doc, 'img')).toHaveLength(0);
    for (const tag of ['*']) {
      for (const el of elementsByTag(doc, tag)) {
        for (const a of ['src', 'href', 'xlink:href', 'action']) expect(el.getAttribute(a) ?? '').toBe('');
      }
    }
    expect(html).not.toMatch(/url\(/);
    expect(html).not.toMatch(/@import/);
  });

  it('renders passing, unverified, unreadable and batch reports', () => {
    const verdictOf = (html: string) => elementsByTag(parse(html), 'header')[0].getAttribute('data-verdict');
    expect(verdictOf(renderHtml(passingReport()))).toBe('pass');
    expect(verdictOf(renderHtml(unverifiedReport()))).toBe('unverified');
    const unreadable = parse(renderHtml(unreadableReport()));
    expect(elementsByTag(unreadable, 'header')[0].getAttribute('data-verdict')).toBe('unreadable');
    expect(byClass(unreadable, 'tr', 'unreadable')[0].textContent).toContain('at byte offset 17');
    const batch = parse(renderHtml(batchReport(), { sessions: [timelineSession()] }));
    expect(elementsByTag(batch, 'header')[0].getAttribute('data-verdict')).toBe('fail');
    expect(byClass(batch, 'section', 'report').map((s) => s.getAttribute('data-verdict'))).toEqual(['pass', 'fail']);
    // The session's source path is inside the failing delivery's zip: its timeline goes there only.
    expect(elementsByTag(byClass(batch, 'section', 'report')[0], 'svg')).toHaveLength(0);
    expect(elementsByTag(byClass(batch, 'section', 'report')[1], 'svg')).toHaveLength(1);
  });

  it('keeps the page well-formed when names hold characters XML forbids', () => {
    const r = failingReport();
    r.results[2].message = 'bad\u0001name';
    const s = timelineSession();
    s.tracks[0].name = 'tr\u0000ack <x>';
    expect(() => parse(renderHtml(r, { sessions: [s] }))).not.toThrow();
  });
});

describe('timeline at 100 tracks × 5,000 clips', () => {
  const session = bigSession(100, 5000);
  const report = bigReport();

  it('draws one coalesced path per track, counts every clip, and still marks the failing clip', () => {
    const html = renderHtml(report, { sessions: [session] });
    // Bounded by the picture's width, not the clip count (500,000 clips).
    expect(html.length).toBeLessThan(2_000_000);
    const doc = parse(html);
    const svg = elementsByTag(doc, 'svg')[0];
    expect(svg.getAttribute('data-mode')).toBe('coalesced');
    expect(svg.getAttribute('data-clips')).toBe('500000');
    const paths = byClass(svg, 'path', 'clips');
    expect(paths).toHaveLength(100);
    expect(paths.reduce((k, p) => k + Number(p.getAttribute('data-clips')), 0)).toBe(500_000);
    expect(byClass(svg, 'rect', 'clip')).toHaveLength(0);
    const marked = byClass(svg, 'rect', 'clip-mark');
    expect(marked).toHaveLength(1);
    expect(elementsByTag(marked[0], 'title')[0].textContent).toBe('es-ES_CHAR50_2500');
    expect(byClass(svg, 'g', 'track').filter((t) => t.getAttribute('class') === 'track warn').map((t) => t.getAttribute('data-track'))).toEqual(['es-ES_CHAR50']);
  });

  it('keeps sparse clips apart and merges sub-pixel neighbours', () => {
    const s = bigSession(1, 3);
    // Move the clips far apart: three runs.
    s.tracks[0].playlists[0].clips.forEach((c, i) => { c.position = s.start! + i * 3600 * 48000; });
    const { svg } = renderTimelineSvg(s, noMarks(), { detailLimit: 0 });
    const d = /class="clips" data-clips="3" d="([^"]*)"/.exec(svg)![1];
    expect(d.match(/M/g)).toHaveLength(3);
    const dense = bigSession(1, 1000);
    const { svg: svg2 } = renderTimelineSvg(dense, noMarks(), { detailLimit: 0 });
    const d2 = /class="clips" data-clips="1000" d="([^"]*)"/.exec(svg2)![1];
    expect(d2.match(/M/g)!.length).toBeLessThan(1000);
  });
});
