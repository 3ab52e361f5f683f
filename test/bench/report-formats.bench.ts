/**
 * How long the report formatters take on a large session: the HTML sheet with
 * its timeline at 100 tracks × 5,000 clips (500,000 clips), and JUnit/SARIF on
 * a report with 20,000 results. Prints figures; asserts nothing about time.
 */
import { it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderSarif } from '../../src/report/sarif.js';
import type { Report } from '../../src/report/types.js';
import { bigReport, bigSession, failingReport } from '../support/report-fixtures.js';

function time<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

it('HTML sheet at 100 tracks × 5,000 clips', () => {
  const session = bigSession(100, 5000);
  const report = bigReport();
  renderHtml(report, { sessions: [session] }); // warm-up
  const runs = [0, 1, 2].map(() => time(() => renderHtml(report, { sessions: [session] })));
  const best = Math.min(...runs.map((r) => r.ms));
  console.log(`input: bigSession(100, 5000) = 100 tracks, 500,000 clips with fades, 50 markers; 1 failing clip`);
  console.log(`renderHtml: best of 3 ${best.toFixed(0)} ms, page ${runs[0].value.length} bytes`);
  const detail = time(() => renderHtml(report, { sessions: [bigSession(10, 500)] }));
  console.log(`renderHtml, 10 tracks x 500 clips (detail mode, one rect per clip): ${detail.ms.toFixed(0)} ms, ${detail.value.length} bytes`);
});

it('JUnit and SARIF with 20,000 results', () => {
  const base = failingReport();
  const results = Array.from({ length: 20_000 }, (_, i) => ({ ...base.results[i % base.results.length], subject: { file: base.inputs[1].path, track: `es-ES_T${i % 100}`, clip: `clip ${i}` } }));
  const report: Report = { ...base, results };
  const j = time(() => renderJunit(report));
  const s = time(() => renderSarif(report));
  console.log(`input: failingReport() results repeated to 20,000 (100 tracks, one clip each)`);
  console.log(`renderJunit: ${j.ms.toFixed(0)} ms, ${j.value.length} bytes; renderSarif: ${s.ms.toFixed(0)} ms, ${s.value.length} bytes`);
});
