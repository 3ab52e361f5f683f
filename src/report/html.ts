/**
 * The HTML QC sheet: one self-contained page (inline CSS, inline SVG, no
 * script, nothing loaded from the network) a QC engineer signs a delivery off
 * from. Sections: verdict banner, summary counts, inputs, the session's
 * settings, findings grouped by subject (timecodes, measured vs expected, the
 * spec line and a fix hint), passed checks, and a timeline of tracks and clips
 * with failing items marked (see timeline.ts).
 *
 * The markup is well-formed XML as well as HTML (void elements self-closed,
 * only the five XML entities), so tests parse it with an XML parser and the
 * page can be embedded in XHTML tools.
 */
import type { Session } from '../model/session.js';
import { timecodeToSamples } from '../model/timecode.js';
import { measuredVsExpected, profileLabel, reportsOf, ruleInfo, subjectKey, subjectLabel, timecodeRange } from './subject.js';
import { esc as escRaw, noMarks, renderTimelineSvg, visibleClips, type TimelineMarks, type TimelineOptions } from './timeline.js';
import type { BatchReport, RenderContext, Report, Result, Summary } from './types.js';

/** Options beyond the render context. */
export type HtmlOptions = RenderContext & {
  /** Page title; default "QC sheet: <delivery>". */
  title?: string;
  /** Timeline drawing options (width, detail limit). */
  timeline?: TimelineOptions;
};

function esc(text: unknown): string {
  return escRaw(String(text ?? ''));
}

const VERDICT_TEXT: Record<Summary['verdict'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  unverified: 'UNVERIFIED',
  unreadable: 'UNREADABLE',
};

const VERDICT_HINT: Record<Summary['verdict'], string> = {
  pass: 'Every check passed.',
  fail: 'At least one check failed: see the findings below.',
  unverified: 'Nothing failed, but some checks could not be verified from these inputs.',
  unreadable: 'An input could not be read: the checks below are incomplete.',
};

/**
 * Render a report (or a batch) as one self-contained HTML page.
 * `ctx.sessions` gives the session models for the timeline pictures.
 *
 * @example
 * ```ts
 * await writeFile('qc.html', renderHtml(report, { sessions: [session] }));
 * ```
 */
export function renderHtml(report: Report | BatchReport, ctx: HtmlOptions = {}): string {
  const reports = reportsOf(report);
  const batch = 'reports' in report;
  const title = ctx.title ?? (batch ? `QC sheet: ${reports.length} deliveries` : `QC sheet: ${reports[0]?.delivery ?? reports[0]?.inputs[0]?.path ?? 'delivery'}`);
  const body: string[] = [];
  if (batch) {
    body.push(bannerHtml(report.summary, title, `${report.summary.deliveries} deliveries`));
    body.push(countsHtml(report.summary));
  }
  reports.forEach((r, i) => body.push(reportHtml(r, sessionsFor(r, i, reports.length, ctx.sessions ?? []), !batch, ctx.timeline)));
  const tool = report.tool;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"/>',
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
    // No network: a CSP that forbids every fetch, so a stray URL in a name can never load anything.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"/>`,
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head><body>',
    body.join('\n'),
    `<footer>Made by ${esc(tool.name)} ${esc(tool.version)}. This page is self-contained: it loads nothing from the network.</footer>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** The sessions that belong to report `i` of `count`: by source path, else by position. */
function sessionsFor(report: Report, i: number, count: number, sessions: Session[]): Session[] {
  if (count === 1) return sessions;
  const paths = report.inputs.map((x) => x.path);
  const mine = sessions.filter((s) => (s.sources ?? [s.source]).some((src) => paths.some((p) => src.path === p || src.path.startsWith(`${p}!`) || src.path.startsWith(`${p}/`))));
  if (mine.length) return mine;
  return sessions.length === count ? [sessions[i]] : [];
}

function reportHtml(report: Report, sessions: Session[], withBanner: boolean, tl: TimelineOptions | undefined): string {
  const name = report.delivery ?? report.inputs[0]?.path ?? 'delivery';
  const out: string[] = [`<section class="report" data-verdict="${report.summary.verdict}">`];
  if (withBanner) {
    out.push(bannerHtml(report.summary, name, `profile ${profileLabel(report.profile)}`));
    out.push(countsHtml(report.summary));
  } else {
    out.push(`<h2 class="delivery verdict-${report.summary.verdict}">${esc(VERDICT_TEXT[report.summary.verdict])} · ${esc(name)}</h2>`);
    out.push(countsHtml(report.summary));
  }
  out.push(inputsHtml(report));
  out.push(settingsHtml(report, sessions[0] ?? null));
  for (const s of sessions) out.push(timelineHtml(report, s, tl));
  out.push(findingsHtml(report));
  out.push(passesHtml(report));
  out.push(rulesHtml(report));
  out.push('</section>');
  return out.join('\n');
}

function bannerHtml(s: Summary, name: string, detail: string): string {
  const counts = [`${s.errors} error${s.errors === 1 ? '' : 's'}`, `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`, `${s.unverified} unverified`].join(' · ');
  return `<header id="verdict" class="banner verdict-${s.verdict}" data-verdict="${s.verdict}">`
    + `<div class="verdict">${esc(VERDICT_TEXT[s.verdict])}</div>`
    + `<div class="banner-text"><h1>${esc(name)}</h1><p>${esc(VERDICT_HINT[s.verdict])} ${esc(counts)}</p><p class="detail">${esc(detail)}</p></div></header>`;
}

function countsHtml(s: Summary): string {
  const cell = (key: string, label: string, value: number) => `<div class="count count-${key}" data-count="${key}"><span class="n">${value}</span><span class="label">${label}</span></div>`;
  return `<div class="counts">${cell('pass', 'passed', s.pass)}${cell('fail', 'failed', s.fail)}${cell('unverified', 'unverified', s.unverified)}${cell('errors', 'errors', s.errors)}${cell('warnings', 'warnings', s.warnings)}</div>`;
}

function inputsHtml(report: Report): string {
  if (!report.inputs.length) return '';
  const rows = report.inputs.map((i) => {
    const err = i.error ? `<div class="input-error">${esc(i.error.code)}: ${esc(i.error.message)}${i.error.offset !== null ? ` (at byte offset ${i.error.offset})` : ''}</div>` : '';
    return `<tr${i.error ? ' class="unreadable"' : ''}><td class="path">${esc(i.path)}${err}</td><td>${esc(i.kind)}</td><td class="num">${i.bytes ?? '—'}</td><td class="num">${i.bytesRead ?? '—'}</td><td class="hash">${esc(i.sha256 ?? '—')}</td></tr>`;
  });
  return `<h2>Inputs</h2><table class="inputs"><thead><tr><th>path</th><th>kind</th><th>bytes</th><th>bytes read</th><th>sha-256</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function settingsHtml(report: Report, session: Session | null): string {
  const rows: Array<[string, string]> = [];
  const info = report.session;
  if (session) {
    rows.push(['Session', session.name]);
    rows.push(['Source', `${session.source.format}${session.source.formatVersion ? ` ${session.source.formatVersion}` : ''}${session.source.application ? ` · ${session.source.application.name}${session.source.application.version ? ` ${session.source.application.version}` : ''}` : ''}`]);
    rows.push(['Sample rate', `${session.sampleRate} Hz`]);
    rows.push(['Bit depth', session.bitDepth !== null ? `${session.bitDepth}-bit` : 'unknown']);
    rows.push(['Frame rate', session.frameRate ? `${session.frameRate.label}${session.frameRate.dropFrame ? ' DF' : ''} fps` : 'unknown']);
    rows.push(['Start', session.startTimecode ?? 'unknown']);
    rows.push(['Tracks', String(session.tracks.length)]);
    rows.push(['Clips', String(session.tracks.reduce((k, t) => k + visibleClips(t).length, 0))]);
    rows.push(['Markers', String(session.markers.length)]);
  } else if (info) {
    rows.push(['Session', info.name]);
    rows.push(['Sample rate', `${info.sampleRate} Hz`]);
    rows.push(['Bit depth', info.bitDepth !== null ? `${info.bitDepth}-bit` : 'unknown']);
    rows.push(['Frame rate', info.frameRate ? `${info.frameRate} fps` : 'unknown']);
    rows.push(['Start', info.startTimecode ?? 'unknown']);
    rows.push(['Tracks', String(info.trackCount)]);
    rows.push(['Clips', String(info.clipCount)]);
  }
  rows.push(['Profile', profileLabel(report.profile)]);
  return `<h2>Session settings</h2><dl class="settings">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

/** Failed and unverified results grouped by subject: session-level first, then in report order. */
function findingsHtml(report: Report): string {
  const open = report.results.filter((r) => r.outcome !== 'pass');
  if (!open.length) return '<h2>Findings</h2><p class="none">No findings.</p>';
  const groups = new Map<string, Result[]>();
  for (const r of open) {
    const k = subjectKey(r.subject);
    const g = groups.get(k);
    if (g) g.push(r); else groups.set(k, [r]);
  }
  const ordered = [...groups.values()].sort((a, b) => Number(!!(a[0].subject.track || a[0].subject.clip)) - Number(!!(b[0].subject.track || b[0].subject.clip)));
  const sections = ordered.map((g) => {
    const s = g[0].subject;
    const worst = g.some((r) => r.outcome === 'fail' && r.severity === 'error') ? 'fail' : g.some((r) => r.outcome === 'fail') ? 'warn' : 'unverified';
    const file = s.file ? `<span class="file">${esc(s.file)}</span>` : '';
    return `<section class="subject ${worst}" data-subject="${esc(subjectLabel(s))}"><h3>${esc(subjectLabel(s))} ${file}</h3>`
      + '<table class="findings"><thead><tr><th>outcome</th><th>rule</th><th>finding</th><th>timecode</th><th>measured</th><th>spec</th><th>fix</th></tr></thead><tbody>'
      + g.map((r) => findingRow(report, r)).join('')
      + '</tbody></table></section>';
  });
  return `<h2>Findings</h2>${sections.join('\n')}`;
}

function outcomeClass(r: Result): string {
  return r.outcome === 'fail' ? `fail ${r.severity}` : r.outcome;
}

function findingRow(report: Report, r: Result): string {
  const label = r.outcome === 'fail' ? r.severity : r.outcome;
  const rule = ruleInfo(report, r.ruleId);
  const missing = r.missing?.length ? `<div class="missing">not decoded: ${esc(r.missing.join(', '))}</div>` : '';
  const spec = r.spec || rule?.spec || '';
  const specSrc = rule?.specSource ? `<div class="spec-source">${esc(rule.specSource)}</div>` : '';
  return `<tr class="finding ${outcomeClass(r)}" data-rule="${esc(r.ruleId)}">`
    + `<td class="outcome"><span class="badge ${outcomeClass(r)}">${esc(label)}</span></td>`
    + `<td class="rule"><code>${esc(r.ruleId)}</code>${rule ? `<div class="rule-desc">${esc(rule.description)}</div>` : ''}</td>`
    + `<td class="message">${esc(r.message)}${missing}</td>`
    + `<td class="timecode">${esc(timecodeRange(r) ?? '')}${r.position !== null ? `<div class="position">sample ${r.position}</div>` : ''}</td>`
    + `<td class="measured">${esc(measuredVsExpected(r) ?? '')}</td>`
    + `<td class="spec"><q>${esc(spec)}</q>${specSrc}</td>`
    + `<td class="fix">${esc(r.fix ?? '')}</td></tr>`;
}

function passesHtml(report: Report): string {
  const passes = report.results.filter((r) => r.outcome === 'pass');
  if (!passes.length) return '';
  const rows = passes.map((r) => `<tr class="finding pass" data-rule="${esc(r.ruleId)}"><td><code>${esc(r.ruleId)}</code></td><td>${esc(subjectLabel(r.subject))}</td><td>${esc(r.message)}</td></tr>`);
  return `<details class="passes"><summary>Passed checks (${passes.length})</summary><table class="passed"><tbody>${rows.join('')}</tbody></table></details>`;
}

/** Failed results → what the timeline marks. */
export function marksFor(report: Report, session: Session): TimelineMarks {
  const marks = noMarks();
  const worse = (a: 'fail' | 'warn' | undefined, b: 'fail' | 'warn') => (a === 'fail' ? 'fail' : b);
  for (const r of report.results) {
    if (r.outcome !== 'fail') continue;
    const level = r.severity === 'error' ? 'fail' : 'warn';
    const { track, clip } = r.subject;
    if (track) marks.tracks.set(track, worse(marks.tracks.get(track), level));
    if (clip) {
      const k = `${track ?? ''}\u0000${clip}`;
      marks.clips.set(k, worse(marks.clips.get(k), level));
      continue;
    }
    const position = r.position ?? positionOf(r.timecodeIn, session);
    if (position !== null) marks.times.push({ track, position, level, label: `${r.ruleId}: ${r.message}` });
  }
  return marks;
}

function positionOf(tc: string | null, session: Session): number | null {
  if (!tc || !session.frameRate) return null;
  try {
    return timecodeToSamples(tc, session.frameRate, session.sampleRate);
  } catch {
    return null;
  }
}

function timelineHtml(report: Report, session: Session, tl: TimelineOptions | undefined): string {
  const { svg, stats } = renderTimelineSvg(session, marksFor(report, session), tl);
  const note = stats.mode === 'coalesced'
    ? ` Clips closer than a pixel are drawn merged (${stats.clips} clips); failing clips are drawn one by one.`
    : '';
  return `<section class="timeline-section"><h2>Timeline: ${esc(session.name)}</h2>`
    + `<p class="legend"><span class="key clip"></span> clip <span class="key fail"></span> failing (error) <span class="key warn"></span> failing (warning) <span class="key fade"></span> fade <span class="key marker"></span> marker · ${stats.tracks} tracks, ${stats.clips} clips.${esc(note)}</p>`
    + `<div class="timeline-wrap">${svg}</div></section>`;
}

function rulesHtml(report: Report): string {
  if (!report.rules?.length) return '';
  const rows = report.rules.map((r) => `<tr><td><code>${esc(r.id)}</code></td><td>${esc(r.severity)}</td><td>${esc(r.description)}</td><td><q>${esc(r.spec)}</q> <span class="spec-source">${esc(r.specSource)}</span></td></tr>`);
  return `<details class="rules"><summary>Rules checked (${report.rules.length})</summary><table><tbody>${rows.join('')}</tbody></table></details>`;
}

const CSS = `
:root{--fail:#c62828;--warn:#ef8f00;--pass:#2e7d32;--unv:#6a5acd;--ink:#1d2329;--mute:#5f6b76;--line:#d8dde2;--bg:#f6f7f9}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1500px;padding:16px 20px 40px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
h1{font-size:20px;margin:0}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:14px;margin:14px 0 6px}
.banner{display:flex;gap:16px;align-items:center;padding:14px 18px;border-radius:8px;color:#fff}
.banner p{margin:2px 0}.banner .detail{opacity:.85;font-size:12px}
.banner .verdict{font-size:30px;font-weight:800;letter-spacing:.04em;padding:4px 14px;border:3px solid rgba(255,255,255,.8);border-radius:6px}
.verdict-pass{background:var(--pass)}.verdict-fail{background:var(--fail)}.verdict-unverified{background:var(--unv)}.verdict-unreadable{background:#455a64}
h2.delivery{color:#fff;padding:6px 10px;border-radius:6px}
.counts{display:flex;gap:10px;margin:12px 0;flex-wrap:wrap}
.count{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:6px 14px;min-width:96px}
.count .n{display:block;font-size:22px;font-weight:700}.count .label{color:var(--mute);font-size:12px}
.count-fail .n,.count-errors .n{color:var(--fail)}.count-warnings .n{color:var(--warn)}.count-pass .n{color:var(--pass)}.count-unverified .n{color:var(--unv)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600;color:var(--mute)}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.hash{font-family:ui-monospace,monospace;font-size:11px;word-break:break-all}
.input-error{color:var(--fail)}
dl.settings{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}
dl.settings dt{color:var(--mute)}dl.settings dd{margin:0}
.subject{border-left:4px solid var(--line);padding-left:10px;margin:10px 0}
.subject.fail{border-left-color:var(--fail)}.subject.warn{border-left-color:var(--warn)}.subject.unverified{border-left-color:var(--unv)}
.subject .file{color:var(--mute);font-weight:400;font-size:12px}
tr.finding.fail.error td{background:#fdecea}tr.finding.fail.warning td{background:#fff4e0}tr.finding.unverified td{background:#efedfb}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;color:#fff;font-size:11px;font-weight:700;text-transform:uppercase}
.badge.error{background:var(--fail)}.badge.warning,.badge.info{background:var(--warn)}.badge.unverified{background:var(--unv)}.badge.pass{background:var(--pass)}
td.timecode{font-family:ui-monospace,monospace;white-space:nowrap}.position,.rule-desc,.spec-source,.missing{color:var(--mute);font-size:11px}
td.spec q{font-style:italic}
table.findings{table-layout:fixed}
table.findings th:nth-child(1){width:112px}table.findings th:nth-child(2){width:13%}table.findings th:nth-child(3){width:20%}table.findings th:nth-child(4){width:196px}table.findings th:nth-child(5){width:12%}table.findings th:nth-child(7){width:15%}
td{overflow-wrap:anywhere}
details{margin:12px 0}summary{cursor:pointer;color:var(--mute)}
.timeline-wrap{border:1px solid var(--line);border-radius:6px;overflow:auto;max-height:80vh;background:#fff}
svg.timeline{display:block;min-width:900px;font:11px system-ui,"DejaVu Sans",sans-serif}
svg .track-bg{fill:#fff}svg .track:nth-child(even) .track-bg{fill:#f7f8fa}
svg .track-bg.fail{fill:#fdecea}svg .track-bg.warn{fill:#fff6e6}
svg .track-name{fill:var(--ink)}svg .track-name.fail{fill:var(--fail);font-weight:700}svg .track-name.warn{fill:#a15c00;font-weight:700}
svg .clip,svg .clips{fill:#5b8fd6;stroke:#2f5f9e;stroke-width:.5}
svg .clip.muted{fill:#b8c4d2}
svg .clip.fail,svg .clip-mark.fail{fill:var(--fail);stroke:#7f0000;stroke-width:1}
svg .clip.warn,svg .clip-mark.warn{fill:var(--warn);stroke:#8a5200;stroke-width:1}
svg .fade{fill:rgba(255,255,255,.55)}
svg .tick{stroke:#e3e6ea}svg .tick-label{fill:var(--mute);font-size:10px}
svg .marker path,svg .marker-lines path{stroke:#7b1fa2;stroke-width:1;stroke-dasharray:3 2}svg .marker .flag{fill:#7b1fa2;stroke:none}
svg .finding-tick{stroke-width:3}svg .finding-tick.fail{stroke:var(--fail)}svg .finding-tick.warn{stroke:var(--warn)}
.legend{color:var(--mute);font-size:12px}.key{display:inline-block;width:12px;height:10px;margin:0 3px 0 8px;vertical-align:middle}
.key.clip{background:#5b8fd6}.key.fail{background:var(--fail)}.key.warn{background:var(--warn)}.key.fade{background:linear-gradient(135deg,#fff 50%,#5b8fd6 50%)}.key.marker{background:#7b1fa2;width:3px}
footer{margin-top:28px;color:var(--mute);font-size:12px}
@media print{.timeline-wrap{max-height:none;overflow:visible}details{display:block}}
`.trim();
