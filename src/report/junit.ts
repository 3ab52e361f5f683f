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
 * Written with @xmldom/xmldom's DOM and serializer so escaping is never
 * hand-rolled.
 */
import { DOMImplementation, XMLSerializer } from '@xmldom/xmldom';
import { inputIndexFor, measuredVsExpected, reportsOf, ruleInfo, subjectKey, subjectLabel, timecodeRange, xmlSafe } from './subject.js';
import type { BatchReport, InputInfo, Report, Result } from './types.js';

type XmlDocument = ReturnType<DOMImplementation['createDocument']>;
type XmlElement = ReturnType<XmlDocument['createElement']>;

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
  const doc = new DOMImplementation().createDocument(null, 'testsuites', null);
  const root = doc.documentElement!;
  const reports = reportsOf(report);
  const suites = reports.flatMap(suitesOf);
  let tests = 0, failures = 0, errors = 0;
  for (const suite of suites) {
    const el = suiteElement(doc, suite);
    tests += Number(el.getAttribute('tests'));
    failures += Number(el.getAttribute('failures'));
    errors += Number(el.getAttribute('errors'));
    root.appendChild(el);
  }
  const name = 'reports' in report ? report.tool.name : `${report.tool.name}: ${report.delivery ?? report.inputs[0]?.path ?? 'delivery'}`;
  setAttrs(root, { name, tests, failures, errors, time: junitTime(0) });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(doc)}\n`;
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

function suiteElement(doc: XmlDocument, suite: Suite): XmlElement {
  const el = doc.createElement('testsuite');
  let tests = 0, failures = 0, errors = 0, skipped = 0;
  const props = doc.createElement('properties');
  addProperty(doc, props, 'profile', `${suite.report.profile.id}@${suite.report.profile.version}`);
  addProperty(doc, props, 'verdict', suite.report.summary.verdict);
  if (suite.input) {
    addProperty(doc, props, 'kind', suite.input.kind);
    if (suite.input.sha256) addProperty(doc, props, 'sha256', suite.input.sha256);
    if (suite.input.bytes !== null) addProperty(doc, props, 'bytes', String(suite.input.bytes));
  }
  el.appendChild(props);

  if (suite.input) {
    const read = doc.createElement('testcase');
    setAttrs(read, { classname: 'input/readable', name: suite.input.path, time: junitTime(0) });
    if (suite.input.error) {
      const err = doc.createElement('error');
      setAttrs(err, { type: suite.input.error.code, message: suite.input.error.message });
      const at = suite.input.error.offset !== null ? ` at byte offset ${suite.input.error.offset}` : '';
      err.appendChild(doc.createTextNode(xmlSafe(`${suite.input.error.message}${at}`)));
      read.appendChild(err);
      errors += 1;
    }
    el.appendChild(read);
    tests += 1;
  }

  for (const group of groupByRuleAndSubject(suite.results)) {
    el.appendChild(caseElement(doc, suite.report, group));
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

function caseElement(doc: XmlDocument, report: Report, group: Result[]): XmlElement {
  const first = group[0];
  const tc = doc.createElement('testcase');
  setAttrs(tc, { classname: first.ruleId, name: caseName(first), time: junitTime(0) });
  const fails = group.filter((r) => r.outcome === 'fail');
  if (fails.length) {
    for (const r of fails) {
      const f = doc.createElement('failure');
      setAttrs(f, { type: r.severity, message: r.message });
      f.appendChild(doc.createTextNode(xmlSafe(failureDetails(report, r))));
      tc.appendChild(f);
    }
    return tc;
  }
  const unverified = group.find((r) => r.outcome === 'unverified');
  if (unverified) {
    const s = doc.createElement('skipped');
    const missing = unverified.missing?.length ? ` (not decoded: ${unverified.missing.join(', ')})` : '';
    setAttrs(s, { type: 'unverified', message: `unverified: ${unverified.message}${missing}` });
    if (unverified.fix) s.appendChild(doc.createTextNode(xmlSafe(`To verify: ${unverified.fix}`)));
    tc.appendChild(s);
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

function addProperty(doc: XmlDocument, parent: XmlElement, name: string, value: string): void {
  const p = doc.createElement('property');
  setAttrs(p, { name, value });
  parent.appendChild(p);
}

function setAttrs(el: XmlElement, attrs: Record<string, string | number>): void {
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, xmlSafe(String(v)));
}
