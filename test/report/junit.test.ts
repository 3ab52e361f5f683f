import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { junitTime, renderJunit } from '../../src/report/junit.js';
import { batchReport, failingReport, passingReport, unreadableReport, unverifiedReport } from '../support/report-fixtures.js';
import { HAVE_JUNIT_XSD, JUNIT_XSD } from '../support/schemas.js';
import { SUREFIRE_TIME, xsdViolations } from '../support/junit-xsd.js';
import { XMLSerializer } from '@xmldom/xmldom';
import { elementsByTag, parseXmlStrict } from '../support/xml.js';

const tmp = mkdtempSync(join(tmpdir(), 'junit-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const XMLLINT = ['/usr/bin/xmllint', '/usr/local/bin/xmllint'].find((p) => existsSync(p));

const CASES = { passing: passingReport(), failing: failingReport(), unverified: unverifiedReport(), unreadable: unreadableReport(), batch: batchReport() };

describe('renderJunit', () => {
  it('formats time with at most 3 decimals', () => {
    expect(junitTime(1.23456)).toBe('1.235');
    expect(junitTime(0)).toBe('0.000');
    expect(junitTime(Number.NaN)).toBe('0.000');
    for (const t of [junitTime(12.5), junitTime(1234.0004)]) expect(t).toMatch(SUREFIRE_TIME);
    expect('1.2345').not.toMatch(SUREFIRE_TIME);
  });

  for (const [name, report] of Object.entries(CASES)) {
    it(`is well-formed and keeps to the JUnit XSD's rules (${name})`, () => {
      const xml = renderJunit(report);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
      expect(xsdViolations(xml)).toEqual([]);
    });
  }

  it('writes one suite per input and one case per rule and subject, failures and skips counted', () => {
    const doc = parseXmlStrict(renderJunit(failingReport()));
    const suites = elementsByTag(doc, 'testsuite');
    expect(suites.map((s) => s.getAttribute('name'))).toEqual([
      'Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip',
      'Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip!Show.ptx',
    ]);
    const ptx = suites[1];
    const cases = elementsByTag(ptx, 'testcase');
    // input/readable + 10 (rule, subject) groups: the two insert findings on es-ES_MARIA share one case.
    expect(cases).toHaveLength(11);
    expect(ptx.getAttribute('tests')).toBe('11');
    expect(ptx.getAttribute('failures')).toBe('5');
    expect(ptx.getAttribute('skipped')).toBe('1');
    expect(ptx.getAttribute('errors')).toBe('0');
    const inserts = cases.find((c) => c.getAttribute('classname') === 'track/no-inserts' && c.getAttribute('name') === 'track es-ES_MARIA')!;
    const failures = elementsByTag(inserts, 'failure');
    expect(failures).toHaveLength(2);
    expect(failures[1].getAttribute('message')).toBe('Track es-ES_MARIA has plug-in "D-Verb" <bypassed> & hidden on insert 2');
    expect(failures[1].getAttribute('type')).toBe('error');
    expect(failures[0].textContent).toContain('Spec: Inserts - Any plug-in on any track is to be removed.');
    expect(failures[0].textContent).toContain('Fix: Remove the plug-in from the track.');

    const clip = cases.find((c) => c.getAttribute('classname') === 'clip/faded' && c.getAttribute('name')!.includes('es-ES_MARIA_02'))!;
    expect(clip.getAttribute('name')).toBe('track es-ES_MARIA › clip es-ES_MARIA_02 @ 01:00:10:00');
    expect(elementsByTag(clip, 'failure')[0].getAttribute('type')).toBe('warning');
    expect(elementsByTag(clip, 'failure')[0].textContent).toContain('Timecode: 01:00:10:00–01:00:14:12');

    const skipped = elementsByTag(ptx, 'skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0].getAttribute('message')).toBe('unverified: Sends are not decoded from Pro Tools 10+ sessions (not decoded: sends)');

    const root = doc.documentElement!;
    expect(root.getAttribute('failures')).toBe('5');
    expect(root.hasAttribute('skipped')).toBe(false);
  });

  it('lists passes as plain test cases', () => {
    const doc = parseXmlStrict(renderJunit(passingReport()));
    const cases = elementsByTag(doc, 'testcase');
    expect(cases).toHaveLength(1 + passingReport().rules!.length);
    expect(elementsByTag(doc, 'failure')).toHaveLength(0);
    expect(elementsByTag(doc, 'skipped')).toHaveLength(0);
  });

  it('reports an unreadable input as an <error> with the byte offset', () => {
    const doc = parseXmlStrict(renderJunit(unreadableReport()));
    const err = elementsByTag(doc, 'error');
    expect(err).toHaveLength(1);
    expect(err[0].getAttribute('type')).toBe('TRUNCATED');
    expect(err[0].textContent).toContain('at byte offset 17');
    expect(doc.documentElement!.getAttribute('errors')).toBe('1');
  });

  it('replaces characters XML forbids instead of writing an unreadable file', () => {
    const r = failingReport();
    r.results[2].message = 'bad\u0001name\uFFFF';
    r.results[2].subject.track = 'tr\u0000ack';
    const xml = renderJunit(r);
    expect(xsdViolations(xml)).toEqual([]);
    expect(xml).toContain('bad\uFFFDname\uFFFD');
  });

  it('escapes markup and keeps tabs and line breaks in attributes: a parser gives back every string as it was', () => {
    const tricky = 'a<b>&c "q" \'s\'\ttab\nline\r\nCRLF ]]> &amp; 😀';
    const r = failingReport();
    const failed = r.results.find((x) => x.outcome === 'fail')!;
    failed.message = tricky;
    failed.fix = tricky;
    failed.subject.track = tricky;
    const xml = renderJunit(r);
    expect(xml).toContain('&#9;tab&#10;line&#13;&#10;CRLF');
    expect(xml).not.toContain(']]>');
    const doc = parseXmlStrict(xml);
    const failure = elementsByTag(doc, 'failure').find((f) => f.getAttribute('message') === tricky);
    expect(failure).toBeDefined();
    // Text is written as it is but for < & > (a parser reads its CR LF as LF, as XML 1.0 says).
    expect(failure!.textContent!.split('\n')[0]).toBe('a<b>&c "q" \'s\'\ttab');
    expect(failure!.textContent).toContain(`Fix: ${tricky.replace(/\r\n/g, '\n')}`);
    expect(elementsByTag(doc, 'testcase').some((c) => c.getAttribute('name')!.includes(tricky))).toBe(true);
    expect(xsdViolations(xml)).toEqual([]);
  });

  it('writes exactly what an XML serializer writes for the same tree: a strict parser and XMLSerializer give back the same text', () => {
    // Parsing and serializing again is the identity on this output when no text is empty and none has a CR
    // (a parser reads CR LF in text as LF, and an element with empty text as an empty element).
    const tricky = 'a<b>&c "q" \'s\'\ttab\nline ]]> &amp; 😀';
    const r = failingReport();
    for (const x of r.results) {
      x.message = `${x.message} ${tricky}`;
      x.subject.track = tricky;
    }
    for (const report of [...Object.values(CASES), r]) {
      const xml = renderJunit(report);
      const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
      expect(xml.startsWith(head) && xml.endsWith('\n')).toBe(true);
      expect(new XMLSerializer().serializeToString(parseXmlStrict(xml).documentElement!)).toBe(xml.slice(head.length, -1));
    }
  });

  it('writes an input error with an empty message as an element with empty text, and a profile without a version by its id', () => {
    const r = unreadableReport();
    r.profile = { ...r.profile, id: 'auto', version: '' };
    r.inputs[0].error = { code: 'NOT_FOUND', message: '', offset: null };
    expect(renderJunit(r)).toBe('<?xml version="1.0" encoding="UTF-8"?>\n'
      + '<testsuites name="session-inspector: broken.ptx" tests="1" failures="0" errors="1" time="0.000">'
      + '<testsuite name="broken.ptx" tests="1" failures="0" errors="1" skipped="0" time="0.000" package="auto">'
      + '<properties><property name="profile" value="auto"/><property name="verdict" value="unreadable"/><property name="kind" value="ptx"/><property name="bytes" value="17"/></properties>'
      + '<testcase classname="input/readable" name="broken.ptx" time="0.000"><error type="NOT_FOUND" message=""></error></testcase>'
      + '</testsuite></testsuites>\n');
  });

  it('writes an empty element as <name/> and a report without inputs as one suite', () => {
    const r = passingReport();
    r.inputs = [];
    r.results = [];
    const xml = renderJunit(r);
    expect(xml).toMatch(/<testsuite [^>]*><properties><property name="profile" value="[^"]+"\/>/);
    expect(elementsByTag(parseXmlStrict(xml), 'testsuite')).toHaveLength(1);
  });

  it('writes every delivery of a batch, with totals on <testsuites>', () => {
    const doc = parseXmlStrict(renderJunit(batchReport()));
    expect(elementsByTag(doc, 'testsuite')).toHaveLength(3);
    const root = doc.documentElement!;
    const sum = (attr: string) => elementsByTag(doc, 'testsuite').reduce((n, s) => n + Number(s.getAttribute(attr)), 0);
    expect(Number(root.getAttribute('tests'))).toBe(sum('tests'));
    expect(Number(root.getAttribute('failures'))).toBe(sum('failures'));
  });

  describe.skipIf(!XMLLINT || !HAVE_JUNIT_XSD)(`xmllint --schema junit-10.xsd${XMLLINT ? '' : ' (skipped: xmllint not installed; apt-get install libxml2-utils)'}`, () => {
    for (const [name, report] of Object.entries(CASES)) {
      it(`validates (${name})`, () => {
        const file = join(tmp, `${name}.xml`);
        writeFileSync(file, renderJunit(report));
        const out = execFileSync(XMLLINT!, ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        expect(out).toBe('');
      });
    }
  });
});
