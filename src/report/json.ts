/** The JSON report: the report object as is (schemas/report.schema.json). */
import type { BatchReport, Report } from './types.js';

export function renderJson(report: Report | BatchReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
