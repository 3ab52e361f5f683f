/**
 * Helpers shared by the report formatters (JUnit, SARIF, HTML): how a
 * result's subject is named and grouped, and which input it belongs to.
 */
import type { BatchReport, InputInfo, Report, Result, RuleInfo, Subject } from './types.js';

/** A Report or a BatchReport, as a list of reports. */
export function reportsOf(report: Report | BatchReport): Report[] {
  return 'reports' in report ? report.reports : [report];
}

/** A stable key for grouping results by subject (file, track, clip, chunk). */
export function subjectKey(s: Subject): string {
  return JSON.stringify([s.file ?? null, s.track ?? null, s.clip ?? null, s.chunk ?? null]);
}

/** "track es-ES_MARIA › clip es-ES_MARIA_02", or "session" when the result is about the whole input. */
export function subjectLabel(s: Subject): string {
  const parts: string[] = [];
  if (s.track) parts.push(`track ${s.track}`);
  if (s.clip) parts.push(`clip ${s.clip}`);
  if (s.chunk) parts.push(`chunk ${s.chunk}`);
  return parts.length ? parts.join(' › ') : 'session';
}

/** "01:00:10:00–01:00:14:12", "01:00:10:00", or null. */
export function timecodeRange(r: Pick<Result, 'timecodeIn' | 'timecodeOut'>): string | null {
  if (r.timecodeIn && r.timecodeOut) return `${r.timecodeIn}–${r.timecodeOut}`;
  return r.timecodeIn ?? r.timecodeOut ?? null;
}

/** "-5.3 dBTP (expected -6 dBTP)"-style text, or null when neither is known. */
export function measuredVsExpected(r: Pick<Result, 'measured' | 'expected' | 'unit'>): string | null {
  const u = r.unit ? ` ${r.unit}` : '';
  const m = r.measured !== null && r.measured !== undefined ? `${r.measured}${u}` : null;
  const e = r.expected !== null && r.expected !== undefined ? `${r.expected}${u}` : null;
  if (m && e) return `${m} (expected ${e})`;
  if (m) return m;
  if (e) return `expected ${e}`;
  return null;
}

/**
 * The input a result belongs to: the input whose path equals the subject's
 * file, or that contains it as a package entry (`pkg.zip!Show.ptx` belongs to
 * `pkg.zip` when no input is the entry itself). Falls back to the first input.
 */
export function inputIndexFor(inputs: InputInfo[], file: string | null): number {
  if (inputs.length === 0) return -1;
  if (file) {
    const exact = inputs.findIndex((i) => i.path === file);
    if (exact >= 0) return exact;
    const container = inputs.findIndex((i) => file.startsWith(`${i.path}!`) || file.startsWith(`${i.path}/`));
    if (container >= 0) return container;
    const base = baseName(file);
    const byName = inputs.findIndex((i) => baseName(i.path) === base);
    if (byName >= 0) return byName;
  }
  return 0;
}

function baseName(p: string): string {
  return p.split(/[\\/!]/).pop() ?? p;
}

/** "netflix-localized-edit 1.0.0"; the id alone when there is no version (a profile never resolved, e.g. 'auto' for an unreadable input). */
export function profileLabel(profile: { id: string; version: string }, separator = ' '): string {
  return profile.version ? `${profile.id}${separator}${profile.version}` : profile.id;
}

/** The metadata of a rule, from the report's rule list. */
export function ruleInfo(report: Report, id: string): RuleInfo | undefined {
  return report.rules?.find((r) => r.id === id);
}

/**
 * Characters XML 1.0 forbids (C0 controls except tab/LF/CR, U+FFFE/U+FFFF,
 * lone surrogates): names decoded from hostile files may contain them, and one
 * would make the whole JUnit/HTML document unreadable.
 */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with XML-forbidden characters replaced by U+FFFD. */
export function xmlSafe(text: string): string {
  return text.replace(XML_INVALID, '\uFFFD');
}
