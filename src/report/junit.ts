/**
 * JUnit XML, the report CI servers read (Jenkins, GitLab, GitHub test
 * reporters). Shape follows the Surefire-style schema in
 * shared/schemas/junit-10.xsd:
 *
 *  - `<testsuites>` (no `skipped` attribute: the XSD does not allow one there)
 *    holding one `<testsuite>` per input;
 *  - one `<testcase>` per rule and subject, `classname` = rule id, `name` =
 *    subject; passes are listed too so dashboards count what was checked;
 *  - `<failure type="error|warning|info">` for each failed result,
 *    `<skipped>` for unverified, `<error>` for an input that could not be read;
 *  - `time` with at most 3 decimals (the XSD's SUREFIRE_TIME pattern).
 *
 * The document is built as a small tree of elements (name, attributes in
 * the order they are first set, children or text) and written by
 * `serialize`, which escapes as XML 1.0 requires: in attribute values
 * `< > & "` and tab, line feed and carriage return (as character
 * references, so a reader's attribute normalization keeps them); in text
 * `< & >`. Characters XML forbids are replaced first (xmlSafe). This is
 * the output @xmldom/xmldom's serializer gives for the same tree, byte for
 * byte, without loading an XML library with every import of the package
 * (it took a third of the import's time).
 */
import { inputIndexFor, measuredVsExpected, profileLabel, reportsOf, ruleInfo, subjectKey, subjectLabel, timecodeRange, xmlSafe } from './subject.js';
import type { BatchReport, InputInfo, Report, Result } from './types.js';

/** An element: attributes in the order first set, then child elements or one text. */
type XmlElement = { name: string; attrs: Map<string, string>; children: XmlElement[]; text: string | null };

function element(name: string, text: string | null = null): XmlElement {
  return { name, attrs: new Map(), children: [], text };
}

const ATTR_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const escapeChar = (c: string): string => ATTR_ESCAPES[c];

/** The element as XML: `<name a="v"/>` when empty. */
function serialize(el: XmlElement, out: string[]): void {
  out.push('<', el.name);
  for (const [k, v] of el.attrs) out.push(' ', k, '="', v.replace(/[<>&"\t\n\r]/g, escapeChar), '"');
  if (el.text === null && el.children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (el.text !== null) out.push(el.text.replace(/[<&>]/g, escapeChar));
  for (const c of el.children) serialize(c, out);
  out.push('</', el.name, '>');
}

/** Seconds as the XSD's SUREFIRE_TIME wants them: at most 3 decimals. */
export function junitTime(seconds: number): string {
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 0).toFixed(3);
}

type Suite = { name: string; input: InputInfo | null; report: Report; results: Result[] };

/**
 * Render a report (or a batch of them) as JUnit XML.
 *
 * @example
 * ```ts
 * await writeFile('qc.junit.xml', renderJunit(report));
 * ```
 */
export function renderJunit(report: Report | BatchReport): string {
  const root = element('testsuites');
  const reports = reportsOf(report);
  const suites = reports.flatMap(suitesOf);
  let tests = 0, failures = 0, errors = 0;
  for (const suite of suites) {
    const el = suiteElement(suite);
    tests += Number(el.attrs.get('tests'));
    failures += Number(el.attrs.get('failures'));
    errors += Number(el.attrs.get('errors'));
    root.children.push(el);
  }
  const name = 'reports' in report ? report.tool.name : `${report.tool.name}: ${report.delivery ?? report.inputs[0]?.path ?? 'delivery'}`;
  setAttrs(root, { name, tests, failures, errors, time: junitTime(0) });
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  serialize(root, out);
  out.push('\n');
  return out.join('');
}

/** One suite per input; results whose file matches no input go to the first one. */
function suitesOf(report: Report): Suite[] {
  if (report.inputs.length === 0) {
    return [{ name: report.delivery ?? 'delivery', input: null, report, results: report.results }];
  }
  const suites: Suite[] = report.inputs.map((input) => ({ name: input.path, input, report, results: [] }));
  for (const r of report.results) suites[inputIndexFor(report.inputs, r.subject.file)].results.push(r);
  // An input of a package with no results of its own (e.g. the zip when every
  // finding names the .ptx inside) still gets its suite, with a "read" case.
  return suites;
}

function suiteElement(suite: Suite): XmlElement {
  const el = element('testsuite');
  let tests = 0, failures = 0, errors = 0, skipped = 0;
  const props = element('properties');
  addProperty(props, 'profile', profileLabel(suite.report.profile, '@'));
  addProperty(props, 'verdict', suite.report.summary.verdict);
  if (suite.input) {
    addProperty(props, 'kind', suite.input.kind);
    if (suite.input.sha256) addProperty(props, 'sha256', suite.input.sha256);
    if (suite.input.bytes !== null) addProperty(props, 'bytes', String(suite.input.bytes));
  }
  el.children.push(props);

  if (suite.input) {
    const read = element('testcase');
    setAttrs(read, { classname: 'input/readable', name: suite.input.path, time: junitTime(0) });
    if (suite.input.error) {
      const at = suite.input.error.offset !== null ? ` at byte offset ${suite.input.error.offset}` : '';
      const err = element('error', xmlSafe(`${suite.input.error.message}${at}`));
      setAttrs(err, { type: suite.input.error.code, message: suite.input.error.message });
      read.children.push(err);
      errors += 1;
    }
    el.children.push(read);
    tests += 1;
  }

  for (const group of groupByRuleAndSubject(suite.results)) {
    el.children.push(caseElement(suite.report, group));
    tests += 1;
    if (group.some((r) => r.outcome === 'fail')) failures += 1;
    else if (group.some((r) => r.outcome === 'unverified')) skipped += 1;
  }
  setAttrs(el, {
    name: suite.name, tests, failures, errors, skipped, time: junitTime(0),
    package: suite.report.profile.id,
  });
  return el;
}

/** Results grouped by (rule, subject), in first-seen order. */
function groupByRuleAndSubject(results: Result[]): Result[][] {
  const groups = new Map<string, Result[]>();
  for (const r of results) {
    const key = `${r.ruleId}\u0000${subjectKey(r.subject)}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()];
}

function caseElement(report: Report, group: Result[]): XmlElement {
  const first = group[0];
  const tc = element('testcase');
  setAttrs(tc, { classname: first.ruleId, name: caseName(first), time: junitTime(0) });
  const fails = group.filter((r) => r.outcome === 'fail');
  if (fails.length) {
    for (const r of fails) {
      const f = element('failure', xmlSafe(failureDetails(report, r)));
      setAttrs(f, { type: r.severity, message: r.message });
      tc.children.push(f);
    }
    return tc;
  }
  const unverified = group.find((r) => r.outcome === 'unverified');
  if (unverified) {
    const s = element('skipped', unverified.fix ? xmlSafe(`To verify: ${unverified.fix}`) : null);
    const missing = unverified.missing?.length ? ` (not decoded: ${unverified.missing.join(', ')})` : '';
    setAttrs(s, { type: 'unverified', message: `unverified: ${unverified.message}${missing}` });
    tc.children.push(s);
  }
  return tc;
}

/** "track es-ES_MARIA › clip es-ES_MARIA_02" (+ " @ 01:00:10:00" for timed subjects). */
function caseName(r: Result): string {
  const label = subjectLabel(r.subject);
  return r.subject.clip && r.timecodeIn ? `${label} @ ${r.timecodeIn}` : label;
}

function failureDetails(report: Report, r: Result): string {
  const lines = [r.message];
  const tc = timecodeRange(r);
  if (tc) lines.push(`Timecode: ${tc}`);
  if (r.position !== null) lines.push(`Sample position: ${r.position}`);
  const mve = measuredVsExpected(r);
  if (mve) lines.push(`Measured: ${mve}`);
  if (r.subject.file) lines.push(`File: ${r.subject.file}`);
  const spec = r.spec || ruleInfo(report, r.ruleId)?.spec;
  if (spec) lines.push(`Spec: ${spec}`);
  if (r.fix) lines.push(`Fix: ${r.fix}`);
  return lines.join('\n');
}

function addProperty(parent: XmlElement, name: string, value: string): void {
  const p = element('property');
  setAttrs(p, { name, value });
  parent.children.push(p);
}

function setAttrs(el: XmlElement, attrs: Record<string, string | number>): void {
  for (const [k, v] of Object.entries(attrs)) el.attrs.set(k, xmlSafe(String(v)));
}
