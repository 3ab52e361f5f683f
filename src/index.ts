/**
 * session-inspector: read audio post-production deliverables into one
 * normalized session model and check them against delivery specifications.
 */
export * from './model/session.js';
export * from './model/timecode.js';
export { FormatError, isFormatError, type FormatErrorCode } from './io/errors.js';
export { DEFAULT_LIMITS, resolveLimits, type Limits } from './io/limits.js';
export { BufferSource, SliceSource, fromBytes, type ByteSource } from './io/byte-source.js';
export { sniff, type DetectedFormat } from './detect.js';
export { readSession, dumpInput, detectFormat } from './read.js';
export type { ReadOptions, DumpOptions, Progress } from './formats/types.js';
export { validateSession, normalizeSession } from './formats/model/index.js';
export type { Report, BatchReport, Result, RuleInfo, InputInfo, Summary, Subject, Severity, Outcome, RenderContext } from './report/types.js';
export { renderJunit } from './report/junit.js';
export { renderSarif, type SarifOptions } from './report/sarif.js';
export { renderHtml, type HtmlOptions } from './report/html.js';
