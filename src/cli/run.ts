/**
 * inspect-session: the only code that touches process, the console and colours.
 */
import { closeSync, existsSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findDeliveries, runBatch } from '../node/batch.js';
import { inspectDelivery, loadDelivery, loadFile, systemErrorText, type DeliveryInput, type InspectOptions, type Inspected } from './inspect.js';
import { isFormatError } from '../io/errors.js';
import { FileSource, relativeOpener } from '../node/file-source.js';
import { detectFormat, dumpInput } from '../read.js';
import { deobfuscatePtx } from '../formats/ptx/index.js';
import type { Session } from '../model/session.js';
import { frameRate } from '../model/timecode.js';
import { summarize, unreadableReport, type FailOn } from '../policy/check.js';
import { PolicyError, type PolicyFile } from '../policy/config.js';
import { PROFILE_IDS, resolvePolicy } from '../policy/profiles.js';
import type { CheckInputs } from '../policy/rule.js';
import type { Progress } from '../formats/types.js';
import { RULES } from '../policy/rules/index.js';
import { renderRulesList } from '../policy/docs.js';
import { formatForPath, renderReport, REPORT_FORMATS, type ReportFormat } from '../report/index.js';
import type { BatchReport, Report } from '../report/types.js';
import { renderNestedReportJson } from '../report/json.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { HELP, parseCommandLine, UsageError, type CheckArgs, type DumpArgs, type ModelArgs, type RulesArgs } from './args.js';
import { loadKnp, loadLines, loadPolicyFile, policyLoader } from './data-files.js';
import { ModelSchemaError } from '../formats/model/index.js';

export type Io = {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
};

const defaultIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdoutIsTTY: !!process.stdout.isTTY,
  stderrIsTTY: !!process.stderr.isTTY,
  env: process.env,
});

/**
 * Group paths into deliveries: the session files of one folder (Show.ptx,
 * Show.txt, Show.aaf) are one delivery, its views merged; WAVs, zips and
 * models stand alone. A folder that holds two files of one kind (two AAFs,
 * two Pro Tools sessions, two text exports) holds several sessions: its
 * files are then grouped by name (Show_ep101.ptx with Show_ep101.txt), so
 * two episodes are never merged into one session.
 */
export function groupDeliveries(paths: string[]): string[][] {
  const folders = new Map<string, string[]>();
  const out: string[][] = [];
  for (const p of paths) {
    if (!sessionFamily(p)) {
      out.push([p]);
      continue;
    }
    const key = resolve(dirname(p));
    let group = folders.get(key);
    if (!group) {
      group = [];
      folders.set(key, group);
      out.push(group);
    }
    group.push(p);
  }
  return out.flatMap((group) => (group.length > 1 && hasTwoOfAKind(group) ? byName(group) : [group]));
}

/** pt, aaf or txt for a session file; null for anything else. */
function sessionFamily(p: string): string | null {
  const ext = /\.([a-z0-9]+)$/i.exec(p)?.[1].toLowerCase();
  return ext === 'ptx' || ext === 'ptf' || ext === 'pts' ? 'pt' : ext === 'aaf' || ext === 'txt' ? ext : null;
}

function hasTwoOfAKind(group: string[]): boolean {
  const seen = new Set<string | null>();
  for (const p of group) {
    const f = sessionFamily(p);
    if (seen.has(f)) return true;
    seen.add(f);
  }
  return false;
}

/** Files grouped by their name without the extension (case-insensitive), in the order first met. */
function byName(group: string[]): string[][] {
  const byStem = new Map<string, string[]>();
  for (const p of group) {
    const stem = basename(p).replace(/\.[^.]*$/, '').toLowerCase();
    const g = byStem.get(stem);
    if (g) g.push(p);
    else byStem.set(stem, [p]);
  }
  return [...byStem.values()];
}

type Options = {
  format: ReportFormat;
  failOn: FailOn;
  strict: boolean;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
  hash: boolean;
  profile: string;
  policy: PolicyFile | null;
  policyPath: string | null;
  inputs: CheckInputs;
  output: string | null;
  jobs: number;
};

function parseFormat(v: string | undefined, output: string | null, io: Io): ReportFormat {
  if (v) {
    if (!['text', 'json', 'junit', 'sarif', 'html'].includes(v)) throw new UsageError(`--format must be text, json, junit, sarif or html, not '${v}'`);
    return v as ReportFormat;
  }
  if (output) return formatForPath(output) ?? 'text';
  return io.stdoutIsTTY ? 'text' : 'json';
}

function parseJobs(v: string | undefined): number {
  if (v === undefined) return Math.max(1, availableParallelism());
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--jobs must be a whole number ≥ 1, not '${v}'`);
  return Number(v);
}

async function checkOptions(a: CheckArgs, io: Io): Promise<Options> {
  const v = a.values;
  const output = (v.output as string | undefined) ?? null;
  const failOn = (v['fail-on'] as string | undefined) ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning') throw new UsageError(`--fail-on must be error or warning, not '${failOn}'`);
  const profile = (v.profile as string | undefined) ?? 'auto';
  if (profile !== 'auto' && !PROFILE_IDS.includes(profile)) throw new UsageError(`--profile must be auto or one of ${PROFILE_IDS.join(', ')}, not '${profile}'`);
  const inputs: CheckInputs = {};
  if (v['frame-rate']) {
    const fr = frameRate(String(v['frame-rate']));
    if (!fr) throw new UsageError(`--frame-rate '${v['frame-rate']}' is not a frame rate (23.976, 24, 25, 29.97, 30 or 23976, 2997)`);
    inputs.frameRate = fr;
  }
  if (v['picture-length']) {
    const pl = String(v['picture-length']);
    if (!/^\d+$/.test(pl) && !/^\d{1,3}[:;.]\d{2}[:;.]\d{2}[:;.]\d{2,3}$/.test(pl)) {
      throw new UsageError(`--picture-length '${pl}' must be a number of frames or a timecode HH:MM:SS:FF`);
    }
    inputs.pictureLength = pl;
  }
  if (v.picture) {
    const ref = await loadFile(String(v.picture), false, { measureAudio: false });
    if (!ref.session) throw new UsageError(`--picture ${v.picture}: ${ref.info.error?.message}`);
    const samples = ref.session.audio?.sampleCount ?? ref.session.mediaFiles[0]?.length ?? null;
    if (samples == null) throw new UsageError(`--picture ${v.picture}: the length of the reference is not known`);
    inputs.picture = { samples, sampleRate: ref.session.sampleRate, path: String(v.picture) };
  }
  if (v.lines) inputs.lines = loadLines(String(v.lines));
  if (v.knp) inputs.knp = loadKnp(String(v.knp));
  const policyPath = (v.policy as string | undefined) ?? null;
  const policy = policyPath ? loadPolicyFile(policyPath) : null;
  const noColor = !!v['no-color'] || io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const format = parseFormat(v.format as string | undefined, output, io);
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format ${format} is not available in this version (available: ${REPORT_FORMATS.join(', ')})`);
  return {
    format, failOn, strict: !!v.strict, quiet: !!v.quiet, verbose: !!v.verbose, hash: !v['no-hash'],
    color: !noColor && !output && (v.color === true || io.stdoutIsTTY),
    profile, policy, policyPath, inputs, output, jobs: parseJobs(v.jobs as string | undefined),
  };
}

/** 2 unreadable · 1 failures at/above --fail-on · 3 unverified (1 with --strict) · 0 pass. */
export function exitCodeFor(reports: Report[], strict: boolean): number {
  if (reports.some((r) => r.summary.verdict === 'unreadable')) return 2;
  if (reports.some((r) => r.summary.verdict === 'fail')) return 1;
  if (reports.some((r) => r.summary.verdict === 'unverified')) return strict ? 1 : 3;
  return 0;
}

function describeError(e: unknown): string {
  if (e instanceof ModelSchemaError) return e.message;
  return (e as Error)?.message ?? String(e);
}

async function runCheck(a: CheckArgs, io: Io): Promise<number> {
  if (!a.paths.length) throw new UsageError("check needs at least one path (a session, AAF, text export, WAV, zip, folder or *.session.json)\nRun 'inspect-session check --help' for examples.");
  const o = await checkOptions(a, io);
  const deliveries = await collectDeliveries(a.paths, io, o.quiet, o.verbose);
  const policy = o.policy ? resolvePolicy(o.policy, (ref) => policyLoader(ref, o.policyPath ?? null), o.policyPath ?? '<policy>') : null;
  // A batch's JSON is rendered by the lanes that inspect the deliveries and written as each one is done.
  const streamJson = o.format === 'json' && deliveries.length > 1;
  const task: InspectOptions = { profile: o.profile, policy, inputs: o.inputs, failOn: o.failOn, hash: o.hash, withSession: o.format === 'html', renderBatchJson: streamJson };
  const progress = io.stderrIsTTY && !o.quiet && deliveries.length > 1;
  const measuring = io.stderrIsTTY && !o.quiet ? measurementProgress(io) : undefined;
  const stream = streamJson ? batchJsonWriter(o.output ? fileWriter(o.output) : io.stdout) : null;
  const results = await inspectAll(deliveries, task, o.jobs, (done, total, r, index) => {
    if (progress) io.stderr(`[${done}/${total}] ${r.report.summary.verdict.padEnd(10)} ${r.report.delivery ?? ''}\n`);
    stream?.add(index, r.text ?? renderNestedReportJson(r.report));
  }, measuring);
  const reports = results.map((r) => r.report);
  const sessions = results.map((r) => r.session).filter((s): s is Session => !!s);
  if (!o.quiet) for (const r of results) for (const e of r.errors) io.stderr(`inspect-session: ${e}\n`);
  if (stream) stream.end(batchOf(reports, o.failOn).summary);
  else {
    const out: Report | BatchReport = reports.length === 1 ? reports[0] : batchOf(reports, o.failOn);
    const text = renderReport(o.format, out, { color: o.color, sessions, quiet: o.quiet, verbose: o.verbose });
    if (o.output) writeFileSync(o.output, text);
    else io.stdout(text);
  }
  if (o.output && !o.quiet) io.stderr(`inspect-session: report written to ${o.output} (${reports.map((r) => r.summary.verdict).join(', ')})\n`);
  if (reports.length > 1 && !o.quiet && o.format !== 'text') {
    for (const r of reports) io.stderr(`${r.summary.verdict.padEnd(10)} ${r.delivery ?? ''}\n`);
  }
  return exitCodeFor(reports, o.strict);
}

/** Paths → deliveries: folders are walked (a session folder is one delivery), session files of one folder are merged. */
async function collectDeliveries(paths: string[], io: Io, quiet: boolean, verbose = false): Promise<DeliveryInput[]> {
  const out: DeliveryInput[] = [];
  const files: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      /* a missing path becomes an unreadable delivery */
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    const found = await findDeliveries(p);
    if (verbose) for (const s of found.skipped) io.stderr(`inspect-session: skipped ${s.path}: ${s.reason}\n`);
    else if (!quiet && found.skipped.length) io.stderr(`inspect-session: skipped ${found.skipped.length} file(s) in ${p} that are not deliveries (--verbose lists them)\n`);
    if (!found.deliveries.length) {
      // Nothing checked is not a pass: the folder is read as a delivery folder, whose reader says what it lacks.
      io.stderr(`inspect-session: no deliveries found in ${p}\n`);
      out.push({ kind: 'folder', path: p });
      continue;
    }
    const sessionFiles = found.deliveries.filter((d) => d.kind === 'session').map((d) => d.path);
    for (const d of found.deliveries) if (d.kind !== 'session') out.push({ kind: d.kind, path: d.path });
    out.push(...groupDeliveries(sessionFiles).map(toDelivery));
  }
  out.push(...groupDeliveries(files).map(toDelivery));
  return out;
}

function toDelivery(group: string[]): DeliveryInput {
  const p = group[0];
  if (group.length > 1) return { kind: 'session', path: p, files: group };
  if (/\.zip$/i.test(p)) return { kind: 'zip', path: p };
  if (/\.(wav|wave|bwf|rf64)$/i.test(p)) return { kind: 'wav', path: p };
  return { kind: 'session', path: p, files: [p] };
}

/** Inspect every delivery: in this thread for one, in worker threads for several (--jobs). */
async function inspectAll(
  deliveries: DeliveryInput[], task: InspectOptions, jobs: number,
  onDone: (done: number, total: number, r: Inspected, index: number) => void,
  onProgress?: (p: Progress) => void,
): Promise<Inspected[]> {
  if (deliveries.length <= 1 || jobs <= 1 || !workerModule()) {
    const out: Inspected[] = [];
    for (const d of deliveries) {
      out.push(await inspectDelivery(d, task, { onProgress }));
      onDone(out.length, deliveries.length, out[out.length - 1], out.length - 1);
    }
    return out;
  }
  const asBatch = deliveries.map((d) => ({ ...d, relativePath: d.path, size: null }));
  const out: Inspected[] = new Array(deliveries.length);
  await runBatch<Inspected>(asBatch, {
    jobs,
    task: { module: workerModule()!, exportName: 'inspectDelivery', options: task },
    // This thread is one of the lanes: small deliveries do not pay a second worker's start-up.
    inlineTask: (d) => inspectDelivery(d as DeliveryInput, task),
    onProgress: (p) => {
      const o = p.last;
      out[p.index] = o.ok ? o.value : {
        report: unreadableReport(o.delivery.path, { code: o.error.code ?? 'TASK', message: o.error.message, offset: o.error.offset ?? null }, task.profile),
        session: null, errors: [`cannot inspect ${o.delivery.path}: ${o.error.message}`],
      };
      onDone(p.done, p.total, out[p.index], p.index);
    },
  });
  return out.filter((r) => r !== undefined);
}

/** Writes to a file as it goes (the report of a large batch is not held whole). */
function fileWriter(path: string): ((s: string) => void) & { close(): void } {
  const fd = openSync(path, 'w');
  return Object.assign((s: string) => {
    writeSync(fd, s);
  }, { close: () => closeSync(fd) });
}

/**
 * The batch JSON report written piece by piece, byte for byte what
 * renderJson gives for the whole batch: the head, each delivery's report
 * in delivery order as soon as it and those before it are done, then the
 * summary.
 */
function batchJsonWriter(write: ((s: string) => void) & { close?(): void }) {
  const MARK = '\u0000reports\u0000';
  const skeleton = (summary: BatchReport['summary'] | null) =>
    JSON.stringify({ schemaVersion: 1, tool: { name: TOOL_NAME, version: VERSION }, reports: [MARK], ...(summary ? { summary } : {}) }, null, 2) + '\n';
  const markLine = `    ${JSON.stringify(MARK)}`;
  write(skeleton(null).split(markLine)[0]);
  const waiting = new Map<number, string>();
  let next = 0;
  return {
    add(index: number, text: string): void {
      waiting.set(index, text);
      for (let t = waiting.get(next); t !== undefined; t = waiting.get(next)) {
        write(next === 0 ? t : `,\n${t}`);
        waiting.delete(next);
        next++;
      }
    },
    end(summary: BatchReport['summary']): void {
      write(skeleton(summary).split(markLine)[1]);
      write.close?.();
    },
  };
}

/** A progress line on stderr while audio is measured (more than a second of work), rewritten in place. */
function measurementProgress(io: Io): (p: Progress) => void {
  let started = 0;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.done === 0 || !started) started = now;
    const finished = p.total > 0 && p.done >= p.total;
    if (finished) {
      if (last) io.stderr('\r\x1b[K');
      last = 0;
      return;
    }
    if (now - started < 1000 || now - last < 200) return;
    last = now;
    const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0;
    io.stderr(`\r\x1b[K  ${p.phase === "measure" ? "measuring audio" : p.phase} ${pct}%`);
  };
}

/** The built worker task (dist/cli/task.js) beside this file, when running from the build. */
function workerModule(): string | null {
  const here = fileURLToPath(import.meta.url);
  const candidate = join(dirname(here), 'task.js');
  return existsSync(candidate) ? candidate : null;
}

/**
 * The batch of `reports`. Its summary adds up the reports' summaries (each is
 * summarize() of that report's results at the same --fail-on, so this is
 * summarize() of all results), so reports reduced to their head count too.
 */
export function batchOf(reports: Report[], failOn: FailOn): BatchReport {
  const summary = summarize([], failOn, reports.some((r) => r.summary.verdict === 'unreadable'));
  for (const r of reports) {
    summary.pass += r.summary.pass;
    summary.fail += r.summary.fail;
    summary.unverified += r.summary.unverified;
    summary.errors += r.summary.errors;
    summary.warnings += r.summary.warnings;
  }
  if (summary.verdict !== 'unreadable') {
    summary.verdict = reports.some((r) => r.summary.verdict === 'fail') ? 'fail' : summary.unverified > 0 ? 'unverified' : 'pass';
  }
  return { schemaVersion: 1, tool: { name: TOOL_NAME, version: VERSION }, reports, summary: { ...summary, deliveries: reports.length } };
}

async function runModel(a: ModelArgs, io: Io): Promise<number> {
  if (!a.paths.length) throw new UsageError('model needs a path');
  const deliveries = await collectDeliveries(a.paths, io, false);
  if (deliveries.length !== 1) throw new UsageError(`model takes the files of one delivery; these paths hold ${deliveries.length}`);
  const { session, errors } = await loadDelivery(deliveries[0], false);
  for (const e of errors) io.stderr(`inspect-session: ${e}\n`);
  if (!session) return 2;
  const text = a.values.json ? JSON.stringify(session, null, 2) + '\n' : describeModel(session);
  if (a.values.output) writeFileSync(String(a.values.output), text);
  else io.stdout(text);
  return errors.length ? 2 : 0;
}

function describeModel(s: Session): string {
  const lines = [
    `${s.name}  (${s.source.format}${s.source.formatVersion ? ` ${s.source.formatVersion}` : ''}${s.source.application ? `, ${s.source.application.name} ${s.source.application.version ?? ''}` : ''})`,
    `  ${s.sampleRate} Hz · ${s.bitDepth ?? '?'}-bit · ${s.frameRate ? `${s.frameRate.label}${s.frameRate.dropFrame ? ' DF' : ''} fps` : 'frame rate ?'} · start ${s.startTimecode ?? '?'}`,
    `  ${s.tracks.length} tracks, ${s.mediaFiles.length} media files, ${s.markers.length} markers, ${s.groups.length} groups`,
  ];
  for (const t of s.tracks) {
    const clips = t.playlists[0]?.clips.length ?? 0;
    lines.push(`    ${t.name.padEnd(28)} ${t.kind.padEnd(6)} ${String(t.channelFormat ?? t.channels ?? '?').padEnd(6)} ${clips} clips${t.playlists.length > 1 ? `, ${t.playlists.length} playlists` : ''}${t.inserts.length ? `, inserts: ${t.inserts.map((i) => i.name).join(', ')}` : ''}`);
  }
  lines.push(`  coverage: ${Object.entries(s.coverage).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  for (const d of s.diagnostics.slice(0, 20)) lines.push(`  diagnostic ${d.code}: ${d.message}`);
  if (s.diagnostics.length > 20) lines.push(`  … ${s.diagnostics.length - 20} more diagnostics (use --json)`);
  return lines.join('\n') + '\n';
}

async function runRulesCommand(a: RulesArgs, io: Io): Promise<number> {
  if (a.paths.length) throw new UsageError(`rules takes no path (given: ${a.paths.join(' ')})\nRun 'inspect-session rules --help' for the options.`);
  const profile = a.values.profile as string | undefined;
  if (profile && !PROFILE_IDS.includes(profile)) throw new UsageError(`--profile must be one of ${PROFILE_IDS.join(', ')}`);
  const fmt = (a.values.format as string | undefined) ?? 'text';
  if (!['text', 'md', 'json'].includes(fmt)) throw new UsageError('--format must be text, md or json');
  const ids = profile ? new Set(Object.keys(resolvePolicy(profile).rules)) : null;
  const rules = RULES.filter((r) => !ids || ids.has(r.id));
  io.stdout(renderRulesList(rules, fmt as 'text' | 'md' | 'json', profile ?? null));
  return 0;
}

async function runDump(a: DumpArgs, io: Io): Promise<number> {
  if (a.paths.length !== 1) throw new UsageError('dump needs exactly one path');
  const path = a.paths[0];
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${path} is a folder: dump reads one file (a session, AAF, WAV or zip)`);
  const src = await FileSource.open(path).catch((e) => {
    throw new UsageError(`${path}: cannot open: ${systemErrorText(e)}`);
  });
  try {
    if (a.values.raw) {
      const format = await detectFormat(src, path);
      if (format !== 'ptx' && format !== 'ptf' && format !== 'pts') throw new UsageError(`--raw writes de-obfuscated Pro Tools sessions; ${path} is ${format}`);
      const bytes = await src.read(0, src.size);
      writeFileSync(String(a.values.raw), deobfuscatePtx(bytes, path));
      io.stderr(`inspect-session: wrote ${bytes.length} de-obfuscated bytes to ${a.values.raw}\n`);
      if (!a.values.blocks) return 0;
    }
    const text = await dumpInput(src, { path, blocks: !!a.values.blocks, openRelative: relativeOpener(path) });
    if (a.values.output) writeFileSync(String(a.values.output), text);
    else io.stdout(text.endsWith('\n') ? text : text + '\n');
    return 0;
  } finally {
    await src.close();
  }
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  try {
    const args = parseCommandLine(argv);
    switch (args.command) {
      case 'version':
        io.stdout(`${TOOL_NAME} ${VERSION}\n`);
        return 0;
      case 'help':
        io.stdout(HELP[args.topic ?? 'main'] ?? HELP.main);
        return 0;
      case 'check':
        return await runCheck(args, io);
      case 'model':
        return await runModel(args, io);
      case 'rules':
        return await runRulesCommand(args, io);
      case 'dump':
        return await runDump(args, io);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof PolicyError) {
      io.stderr(`inspect-session: ${e.message}\n`);
      return 2;
    }
    if (isFormatError(e)) {
      io.stderr(`inspect-session: ${describeError(e)}\n`);
      return 2;
    }
    throw e;
  }
  return 2;
}

