/** The JSON report: the report object as is (schemas/report.schema.json). */
import type { BatchReport, Report } from './types.js';

export function renderJson(report: Report | BatchReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/**
 * A report as renderJson places it in a batch's "reports" array (indented two
 * levels; JSON strings hold no raw newlines), so a batch can be written one
 * report at a time, byte for byte the same.
 */
export function renderNestedReportJson(report: Report): string {
  return `    ${JSON.stringify(report, null, 2).replace(/\n/g, '\n    ')}`;
}
