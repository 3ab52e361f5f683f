/**
 * Every report format on the project's samples, end to end: sample model →
 * checkSession (the policy engine) → JUnit / SARIF / HTML, each checked
 * against its schema or parsed, and cross-checked with the report.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSession } from '../../src/index.js';
import { readSessionFile } from '../../src/node/index.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderSarif } from '../../src/report/sarif.js';
import { visibleClips } from '../../src/report/timeline.js';
import { xsdViolations } from '../support/junit-xsd.js';
import { sarifValidator } from '../support/sarif-validate.js';
import { HAVE_JUNIT_XSD, JUNIT_XSD } from '../support/schemas.js';
import { elementsByTag, parseXmlStrict } from '../support/xml.js';

const SAMPLES = resolve(__dirname, '../../samples/localized-edit');
const FILES = readdirSync(SAMPLES).filter((f) => f.endsWith('.session.json')).sort();
const XMLLINT = ['/usr/bin/xmllint', '/usr/local/bin/xmllint'].find((p) => existsSync(p));
const tmp = mkdtempSync(join(tmpdir(), 'report-samples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('report formats on the samples', () => {
  it('has samples to check', () => {
    expect(FILES).toEqual(['clean.session.json', 'faulty.session.json']);
  });

  for (const name of FILES) {
    describe(name, async () => {
      const session = await readSessionFile(join(SAMPLES, name));
      const report = checkSession(session, { profile: 'netflix-localized-edit', delivery: name, inputInfo: [{ path: name, kind: 'model', sha256: null, bytes: null, bytesRead: null }] });

      it('JUnit: keeps to the XSD, counts match the report', () => {
        const xml = renderJunit(report);
        expect(xsdViolations(xml)).toEqual([]);
        const doc = parseXmlStrict(xml);
        const failedCases = elementsByTag(doc, 'testcase').filter((c) => elementsByTag(c, 'failure').length > 0);
        expect(elementsByTag(doc, 'failure')).toHaveLength(report.summary.fail);
        expect(failedCases.length).toBe(Number(doc.documentElement!.getAttribute('failures')));
        if (XMLLINT && HAVE_JUNIT_XSD) {
          const file = join(tmp, `${name}.xml`);
          writeFileSync(file, xml);
          expect(execFileSync(XMLLINT, ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
        }
      });

      it('SARIF: valid against the schema, one result per report result', () => {
        const log = JSON.parse(renderSarif(report));
        const validate = sarifValidator();
        if (validate) {
          validate(log);
          expect(validate.errors ?? []).toEqual([]);
        }
        expect(log.runs[0].results).toHaveLength(report.results.length);
        expect(log.runs[0].results.filter((r: { kind: string }) => r.kind === 'fail')).toHaveLength(report.summary.fail);
      });

      it('HTML: verdict, failing rows and every clip of the session on the timeline', () => {
        const doc = parseXmlStrict(renderHtml(report, { sessions: [session] }));
        expect(elementsByTag(doc, 'header')[0].getAttribute('data-verdict')).toBe(report.summary.verdict);
        const rows = elementsByTag(doc, 'tr').filter((r) => /^finding fail/.test(r.getAttribute('class') ?? ''));
        expect(rows).toHaveLength(report.summary.fail);
        const clips = session.tracks.reduce((k, t) => k + visibleClips(t).length, 0);
        const rects = elementsByTag(doc, 'rect').filter((r) => (r.getAttribute('class') ?? '').split(' ')[0] === 'clip');
        expect(rects).toHaveLength(clips);
        // Every failing clip finding that names a clip of the session is marked on the timeline.
        const failingClips = new Set(report.results.filter((r) => r.outcome === 'fail' && r.subject.clip).map((r) => r.subject.clip!));
        const marked = new Set(rects.filter((r) => / (fail|warn)\b/.test(r.getAttribute('class')!)).map((r) => elementsByTag(r, 'title')[0].textContent));
        for (const c of failingClips) {
          if (session.tracks.some((t) => visibleClips(t).some((x) => x.name === c))) expect(marked.has(c!)).toBe(true);
        }
      });
    });
  }

  it('the faulty sample fails and the clean one passes', async () => {
    const verdicts: string[] = [];
    for (const name of FILES) {
      const s = await readSessionFile(join(SAMPLES, name));
      verdicts.push(checkSession(s, { profile: 'netflix-localized-edit' }).summary.verdict);
    }
    expect(verdicts[1]).toBe('fail');
    expect(verdicts[0]).not.toBe('fail');
  });
});
