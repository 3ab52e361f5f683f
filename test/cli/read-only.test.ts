/**
 * Inputs are never modified: every CLI command (check of every format at
 * once in worker threads, a folder and a zip delivery, model, dump, dump
 * --blocks, rules) runs on copies of corpus and sample files in a temporary
 * folder; afterwards each copy has the same sha256, size and mtime, the
 * folder holds the same names, and every open(2) of an input (recorded by a
 * preload that wraps node:fs) was read-only. The copies are chmod 0444 and
 * their folders 0555, so a write also fails outright where the tests do not
 * run as root (root ignores modes, hence the open-flag log).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, HAVE_CORPUS } from '../support/corpus.js';
import { writeZip } from '../support/zip-writer.js';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

/** Wraps the node:fs openers and writers so that each call is logged with its flags (workers inherit --import). */
const PRELOAD = `
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const log = process.env.READ_ONLY_LOG;
const append = fs.appendFileSync.bind(fs);
const note = (kind, path, flags) => {
  try { append(log, JSON.stringify({ kind, path: String(path), flags: flags === undefined || typeof flags === 'function' || typeof flags === 'object' ? 'r' : String(flags) }) + '\\n'); } catch {}
};
const wrap = (obj, name, kind, flagIndex) => {
  const orig = obj[name];
  if (typeof orig !== 'function') return;
  obj[name] = function (...args) { note(kind, args[0], flagIndex === null ? 'w' : args[flagIndex]); return orig.apply(this, args); };
};
for (const [obj, name] of [[fs, 'open'], [fs, 'openSync'], [fsp, 'open']]) wrap(obj, name, 'open', 1);
for (const name of ['writeFile', 'writeFileSync', 'appendFile', 'createWriteStream', 'truncate', 'truncateSync', 'utimes', 'utimesSync', 'lutimes', 'chmod', 'chmodSync', 'rename', 'renameSync', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'mkdir', 'mkdirSync']) wrap(fs, name, 'write', null);
for (const name of ['writeFile', 'appendFile', 'truncate', 'utimes', 'lutimes', 'chmod', 'rename', 'unlink', 'rm', 'copyFile', 'cp', 'mkdir']) wrap(fsp, name, 'write', null);
syncBuiltinESMExports();
`;

type Fingerprint = { sha256: string; size: number; mtimeMs: number; mode: number };
type LogEntry = { kind: 'open' | 'write'; path: string; flags: string };

function fingerprint(path: string): Fingerprint {
  const st = statSync(path);
  return { sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), size: st.size, mtimeMs: st.mtimeMs, mode: st.mode & 0o777 };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

function runCli(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', env.READ_ONLY_PRELOAD, CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => done({ code, stderr }));
  });
}

/** Only O_RDONLY: 'r', 'rs', 'sr' or the number 0 (open flags without write or create bits). */
function readOnlyFlags(flags: string): boolean {
  return /^(r|rs|sr)$/.test(flags) || flags === '0';
}

describe('inputs are never modified', () => {
  let work: string;
  let inputs: string;
  const env: Record<string, string> = {};
  const before = new Map<string, Fingerprint>();
  let names: string[] = [];
  const commands: string[][] = [];
  const results: Array<{ args: string[]; code: number | null; stderr: string }> = [];

  beforeAll(async () => {
    expect(existsSync(CLI), 'dist/cli/main.js is built by npm test (npm run build)').toBe(true);
    work = mkdtempSync(join(tmpdir(), 'si-read-only-'));
    inputs = join(work, 'inputs');
    mkdirSync(inputs);
    env.READ_ONLY_LOG = join(work, 'fs.log');
    env.READ_ONLY_PRELOAD = join(work, 'preload.mjs');
    writeFileSync(env.READ_ONLY_PRELOAD, PRELOAD);

    const copy = (from: string, to: string) => {
      mkdirSync(resolve(to, '..'), { recursive: true });
      copyFileSync(from, to);
    };
    // Project files: a model, a delivery folder (text export + session) and the same as a zip.
    copy(join(ROOT, 'samples/localized-edit/clean.session.json'), join(inputs, 'clean.session.json'));
    const show = join(ROOT, 'samples/session-text/Show_ep101');
    for (const f of filesUnder(show)) copy(f, join(inputs, 'Show_ep101', relative(show, f)));
    writeFileSync(join(inputs, 'Show_ep101.zip'), writeZip(filesUnder(show).map((f) => ({ name: `Show_ep101/${relative(show, f)}`, data: new Uint8Array(readFileSync(f)), method: 'deflated' as const }))));
    // Corpus files, one or two per format (the AAF with the external WAV it references).
    if (HAVE_CORPUS) {
      for (const [from, to] of [
        ['ptx/TestPTX.ptx', 'ptx/TestPTX.ptx'], ['ptx/Damien_monos.pts', 'pts/Damien_monos.pts'],
        ['aaf/files/PT_WAV_External.aaf', 'aaf/PT_WAV_External.aaf'], ['aaf/files/PT_WAV_ExtehcrfPFTBxvdzJCBB.wav', 'aaf/PT_WAV_ExtehcrfPFTBxvdzJCBB.wav'],
        ['session-text/SessionText_SimpleTest_23-976fps_DefaultExportOptions_PT2020.3.txt', 'text/SessionText_SimpleTest.txt'],
        ['wav/protools_umid.wav', 'wav/protools_umid.wav'],
      ]) copy(corpusPath(from), join(inputs, to));
    }
    // An old mtime, read-only files and folders.
    const old = new Date('2020-01-02T03:04:05Z');
    for (const f of filesUnder(inputs)) {
      utimesSync(f, old, old);
      chmodSync(f, 0o444);
    }
    for (const d of readdirSync(inputs, { recursive: true, withFileTypes: true }).filter((x) => x.isDirectory())) chmodSync(join(d.parentPath, d.name), 0o555);
    chmodSync(inputs, 0o555);
    for (const f of filesUnder(inputs)) before.set(f, fingerprint(f));
    names = readdirSync(inputs, { recursive: true }).map(String).sort();

    const at = (p: string) => join(inputs, p);
    const sessions = HAVE_CORPUS
      ? ['ptx/TestPTX.ptx', 'pts/Damien_monos.pts', 'aaf/PT_WAV_External.aaf', 'text/SessionText_SimpleTest.txt', 'wav/protools_umid.wav']
      : [];
    for (const f of [...sessions, 'clean.session.json', 'Show_ep101.zip', 'Show_ep101']) {
      commands.push(['model', at(f), '--json']);
      if (f !== 'Show_ep101') commands.push(['dump', at(f)]);
    }
    commands.push(['dump', '--blocks', at(HAVE_CORPUS ? 'ptx/TestPTX.ptx' : 'Show_ep101/Show_ep101.ptx')]);
    // check, every format at once: each file or folder under inputs/ is a delivery, read in worker threads.
    commands.push(['check', inputs, '--jobs', '2', '--format', 'json']);
    commands.push(['check', at('Show_ep101.zip'), at('Show_ep101'), '--format', 'junit']);
    commands.push(['check', at('clean.session.json'), '--format', 'html']);
    commands.push(['rules']);
    commands.push(['rules', '--profile', 'netflix-localized-edit', '--format', 'json']);
    // Two at a time: the machine is shared.
    for (let i = 0; i < commands.length; i += 2) {
      const batch = commands.slice(i, i + 2);
      const out = await Promise.all(batch.map((args) => runCli(args, inputs, env)));
      out.forEach((r, k) => results.push({ args: batch[k], ...r }));
    }
  }, 120_000);

  afterAll(() => {
    if (!work) return;
    chmodSync(inputs, 0o755);
    for (const d of readdirSync(inputs, { recursive: true, withFileTypes: true }).filter((x) => x.isDirectory())) chmodSync(join(d.parentPath, d.name), 0o755);
    rmSync(work, { recursive: true, force: true });
  });

  it('every command ran to an answer (exit 0–3, no crash)', () => {
    expect(results.length).toBe(commands.length);
    for (const r of results) expect(r.code, `${r.args.join(' ')}\n${r.stderr}`).toBeGreaterThanOrEqual(0);
    for (const r of results) expect(r.code, `${r.args.join(' ')}\n${r.stderr}`).toBeLessThanOrEqual(3);
  });

  it('each input keeps its sha256, size, mtime and mode', () => {
    expect(before.size).toBeGreaterThan(3);
    for (const [f, fp] of before) expect(fingerprint(f), f).toEqual(fp);
  });

  it('nothing was created, renamed or deleted beside the inputs', () => {
    expect(readdirSync(inputs, { recursive: true }).map(String).sort()).toEqual(names);
  });

  it('every open of an input was read-only, and nothing under the inputs was written', () => {
    const log: LogEntry[] = readFileSync(env.READ_ONLY_LOG, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const mine = log.filter((e) => resolve(e.path).startsWith(inputs));
    // The log saw the inputs being opened (so the check below can fail).
    const named = [...before.keys()].filter((f) => commands.some((args) => args.includes(f)));
    expect(named.length).toBeGreaterThan(2);
    for (const f of named) expect(mine.some((e) => e.kind === 'open' && resolve(e.path) === f), `${f} was opened`).toBe(true);
    expect(mine.filter((e) => e.kind === 'write')).toEqual([]);
    expect(mine.filter((e) => e.kind === 'open' && !readOnlyFlags(e.flags))).toEqual([]);
  });
});
