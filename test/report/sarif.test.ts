import { describe, expect, it } from 'vitest';
import { artifactUri, renderSarif } from '../../src/report/sarif.js';
import { batchReport, failingReport, passingReport, unreadableReport, unverifiedReport } from '../support/report-fixtures.js';
import { sarifValidator } from '../support/sarif-validate.js';
import { HAVE_SARIF_SCHEMA } from '../support/schemas.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const CASES = { passing: passingReport(), failing: failingReport(), unverified: unverifiedReport(), unreadable: unreadableReport(), batch: batchReport() };

describe.skipIf(!HAVE_SARIF_SCHEMA)('renderSarif against the published SARIF 2.1.0 schema', () => {
  const validate = sarifValidator();

  for (const [name, report] of Object.entries(CASES)) {
    it(`is valid (${name})`, () => {
      const log = JSON.parse(renderSarif(report));
      const ok = validate!(log);
      expect(validate!.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it('rejects a log the schema forbids (the validator is live)', () => {
    const log = JSON.parse(renderSarif(failingReport()));
    log.runs[0].results[0].level = 'fatal';
    expect(validate!(log)).toBe(false);
  });
});

describe('renderSarif', () => {
  it('lists the rules with help text and spec citation, and points results at them', () => {
    const log: Any = JSON.parse(renderSarif(failingReport()));
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    const rules = run.tool.driver.rules;
    const inserts = rules.find((r: Any) => r.id === 'track/no-inserts');
    expect(inserts.shortDescription.text).toBe('No plug-in inserts on any track');
    expect(inserts.help.text).toContain('Spec (localized-premix-wav-and-edit-project.txt): Inserts - Any plug-in on any track is to be removed.');
    expect(inserts.defaultConfiguration.level).toBe('error');
    for (const r of run.results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('gives track and clip as logical locations and the timecode in properties', () => {
    const run: Any = JSON.parse(renderSarif(failingReport())).runs[0];
    const clip = run.results.find((r: Any) => r.ruleId === 'clip/faded' && r.kind === 'fail');
    expect(clip.level).toBe('warning');
    const loc = clip.locations[0];
    expect(loc.physicalLocation.artifactLocation.uri).toBe('Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip!Show.ptx');
    expect(loc.physicalLocation.artifactLocation.index).toBe(1);
    expect(loc.logicalLocations.map((l: Any) => [l.kind, l.name])).toEqual([['track', 'es-ES_MARIA'], ['clip', 'es-ES_MARIA_02']]);
    expect(clip.properties).toMatchObject({ timecodeIn: '01:00:10:00', timecodeOut: '01:00:14:12', measured: 'no fade out', expected: 'fade in and fade out' });
    expect(clip.message.text).toBe('Clip es-ES_MARIA_02 has no fade out. Fix: Add a short fade out to the clip.');
    const auto = run.results.find((r: Any) => r.ruleId === 'track/no-automation');
    expect(auto.properties).toMatchObject({ measured: 12, expected: 0, unit: 'points', position: 172800000 + 20 * 48000 });
  });

  it('maps outcomes to SARIF kinds: fail, pass, and open (level none) for unverified', () => {
    const run: Any = JSON.parse(renderSarif(failingReport())).runs[0];
    const kinds = run.results.map((r: Any) => `${r.kind}/${r.level}`);
    expect(kinds.filter((k: string) => k === 'fail/error')).toHaveLength(4);
    expect(kinds.filter((k: string) => k === 'fail/warning')).toHaveLength(2);
    expect(kinds.filter((k: string) => k === 'open/none')).toHaveLength(1);
    expect(kinds.filter((k: string) => k === 'pass/none')).toHaveLength(4);
    const open = run.results.find((r: Any) => r.kind === 'open');
    expect(open.properties.missing).toEqual(['sends']);
    const noPasses: Any = JSON.parse(renderSarif(failingReport(), { includePasses: false })).runs[0];
    expect(noPasses.results.some((r: Any) => r.kind === 'pass')).toBe(false);
  });

  it('hashes and sizes the inputs as artifacts; an unreadable input is an execution notification', () => {
    const run: Any = JSON.parse(renderSarif(failingReport())).runs[0];
    expect(run.artifacts[0]).toMatchObject({ length: 987654321, hashes: { 'sha-256': failingReport().inputs[0].sha256 } });
    const bad: Any = JSON.parse(renderSarif(unreadableReport())).runs[0];
    expect(bad.invocations[0].executionSuccessful).toBe(false);
    expect(bad.invocations[0].toolExecutionNotifications[0].message.text).toContain('at byte offset 17');
  });

  it('writes one run per delivery of a batch', () => {
    expect(JSON.parse(renderSarif(batchReport())).runs).toHaveLength(2);
  });

  it('makes URIs of paths with spaces, non-ASCII letters, colons and absolute paths', () => {
    expect(artifactUri('My Show/Ses#1.ptx')).toBe('My%20Show/Ses%231.ptx');
    expect(artifactUri('a:b.ptx')).toBe('a%3Ab.ptx');
    expect(artifactUri('/data/José.zip!Show.ptx')).toBe('file:///data/Jos%C3%A9.zip!Show.ptx');
    expect(artifactUri('C:\\Deliveries\\Show.zip')).toBe('file:///C:/Deliveries/Show.zip');
  });
});
