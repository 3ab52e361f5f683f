/**
 * The terminal report: a header with the session's settings, then findings
 * grouped by subject (session, each track, each file), then the rules that
 * passed, then one summary line. Colours only when asked (a TTY without NO_COLOR).
 */
import type { BatchReport, Report, Result, RenderContext } from './types.js';
import { profileLabel } from './subject.js';

type Paint = (code: string, s: string) => string;

const painter = (on: boolean): Paint => (code, s) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

function mark(r: Result, p: Paint): string {
  if (r.outcome === 'pass') return p('32', 'pass ');
  if (r.outcome === 'unverified') return p('36', 'unver');
  if (r.severity === 'error') return p('31;1', 'ERROR');
  if (r.severity === 'warning') return p('33', 'warn ');
  return p('34', 'info ');
}

function subjectKey(r: Result): string {
  if (r.subject.track) return `Track ${r.subject.track}`;
  if (r.subject.chunk && r.subject.file) return `File ${r.subject.file}`;
  return `File ${r.subject.file ?? '(session)'}`;
}

function detail(r: Result): string {
  const bits: string[] = [];
  if (r.timecodeIn) bits.push(r.timecodeOut ? `${r.timecodeIn}–${r.timecodeOut}` : r.timecodeIn);
  if (r.subject.clip) bits.push(`clip ${r.subject.clip}`);
  return bits.length ? ` [${bits.join(', ')}]` : '';
}

export function renderTextReport(report: Report, ctx: RenderContext = {}, opts: { verbose?: boolean; quiet?: boolean } = {}): string {
  const p = painter(!!ctx.color);
  const out: string[] = [];
  out.push(p('1', `${report.delivery ?? report.inputs[0]?.path ?? ''}`) + p('2', `  (${profileLabel(report.profile)})`));
  const s = report.session;
  if (s) {
    out.push(
      `  ${s.name} · ${s.sampleRate} Hz · ${s.bitDepth ?? '?'}-bit · ${s.frameRate ? `${s.frameRate} fps` : 'frame rate ?'} · start ${s.startTimecode ?? '?'} · ${s.trackCount} tracks · ${s.clipCount} clips`,
    );
  }
  for (const i of report.inputs) if (i.error) out.push(p('31', `  cannot read ${i.path}: ${i.error.message}`));
  const shown = report.results.filter((r) => r.outcome !== 'pass' || opts.verbose);
  const groups = new Map<string, Result[]>();
  for (const r of shown) {
    if (opts.quiet && r.outcome !== 'fail') continue;
    const k = subjectKey(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  const width = Math.max(0, ...shown.map((r) => r.ruleId.length));
  for (const [k, rs] of groups) {
    out.push('', `  ${p('1', k)}`);
    for (const r of rs) {
      out.push(`    ${mark(r, p)} ${r.ruleId.padEnd(width)}  ${r.message}${detail(r)}`);
      if (r.outcome === 'fail' && r.fix) out.push(`    ${' '.repeat(5)} ${' '.repeat(width)}  ${p('2', `fix: ${r.fix}`)}`);
    }
  }
  if (!opts.quiet) {
    const byRule = new Map<string, Set<string>>();
    for (const r of report.results) {
      if (!byRule.has(r.ruleId)) byRule.set(r.ruleId, new Set());
      byRule.get(r.ruleId)!.add(r.outcome);
    }
    const passed = [...byRule].filter(([, o]) => o.size === 1 && o.has('pass')).map(([id]) => id);
    if (passed.length) out.push('', `  ${p('32', `passed (${passed.length}):`)} ${passed.join(', ')}`);
  }
  out.push('', summaryLine(report, p));
  return out.join('\n') + '\n';
}

export function summaryLine(report: Report, p: Paint = painter(false)): string {
  const m = report.summary;
  const verdict = m.verdict.toUpperCase();
  const colour = m.verdict === 'pass' ? '32;1' : m.verdict === 'unverified' ? '36;1' : '31;1';
  return `  ${p(colour, verdict)}  ${m.pass} passed, ${m.fail} failed (${m.errors} errors, ${m.warnings} warnings), ${m.unverified} unverified`;
}

export function renderTextBatch(batch: BatchReport, ctx: RenderContext = {}, opts: { verbose?: boolean; quiet?: boolean } = {}): string {
  const p = painter(!!ctx.color);
  const parts = batch.reports.map((r) => renderTextReport(r, ctx, opts));
  const counts = new Map<string, number>();
  for (const r of batch.reports) counts.set(r.summary.verdict, (counts.get(r.summary.verdict) ?? 0) + 1);
  const tally = [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
  parts.push(`${p('1', `${batch.summary.deliveries} deliveries:`)} ${tally}\n`);
  return parts.join('\n');
}
