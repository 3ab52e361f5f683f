/** Every report format, rendered from the same report object. */
import type { BatchReport, RenderContext, Report } from './types.js';
import { renderJson } from './json.js';
import { renderTextBatch, renderTextReport } from './text.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderHtml } from './html.js';

export type ReportFormat = 'text' | 'json' | 'junit' | 'sarif' | 'html';
export const REPORT_FORMATS: ReportFormat[] = ['text', 'json', 'junit', 'sarif', 'html'];

export type RenderOptions = RenderContext & { verbose?: boolean; quiet?: boolean };

export function isBatch(r: Report | BatchReport): r is BatchReport {
  return (r as BatchReport).reports !== undefined;
}

export function renderReport(format: ReportFormat, report: Report | BatchReport, opts: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'text':
      return isBatch(report) ? renderTextBatch(report, opts, opts) : renderTextReport(report, opts, opts);
    case 'junit':
      return renderJunit(report);
    case 'sarif':
      return renderSarif(report, opts);
    case 'html':
      return renderHtml(report, opts);
    default:
      throw new Error(`report format ${format} is not available in this version`);
  }
}

/** Format implied by an output file's extension. */
export function formatForPath(path: string): ReportFormat | null {
  const ext = path.toLowerCase().split('.').pop();
  switch (ext) {
    case 'json': return 'json';
    case 'xml': return 'junit';
    case 'sarif': return 'sarif';
    case 'html': case 'htm': return 'html';
    case 'txt': case 'log': return 'text';
    default: return null;
  }
}

export type { Report, BatchReport, Result, Summary, InputInfo, RuleInfo, RenderContext } from './types.js';
