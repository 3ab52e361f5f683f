/** Runs the built binary (npm test builds first) on the samples and on hand-made models. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseSession, inDelivery, wavSession } from '../support/model.js';
import { buildWav } from '../support/wav-writer.js';
import { validateAgainst } from '../../src/model/json-schema.js';
import reportSchema from '../../schemas/report.schema.json';
import { batchOf, groupDeliveries } from '../../src/cli/run.js';
import { renderJson } from '../../src/report/json.js';
import type { Report } from '../../src/report/types.js';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const LE = (f: string) => join(ROOT, 'samples/localized-edit', f);
const SIDE = ['--policy', LE('policy.json'), '--knp', LE('knp.csv'), '--lines', LE('lines.csv')];

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'si-cli-'));
}

function writeModel(dir: string, name: string, value: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(value));
  return p;
}

describe('inspect-session check', () => {
  it('passes the clean sample with exit 0 and a schema-valid JSON report', () => {
    const r = run(['check', LE('clean.session.json'), ...SIDE, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(validateAgainst(reportSchema as Record<string, unknown>, report)).toEqual([]);
    expect(report.summary.verdict).toBe('pass');
    expect(report.summary.fail).toBe(0);
    expect(report.profile.id).toBe('netflix-localized-edit');
    expect(report.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.results.some((x: { outcome: string }) => x.outcome === 'pass')).toBe(true);
  });

  it('gives each input its SHA-256, for a file read in several hash reads as for a small one', () => {
    const dir = tmp();
    // 2.3 MiB: two whole 1 MiB reads and a short one; the model after it reuses the buffer.
    const wav = join(dir, 'premix.wav');
    const bytes = buildWav({ channelCount: 2, encoding: 's24', sampleRate: 48000, frames: 400_000 }, (ch, start, count) => Float64Array.from({ length: count }, (_, i) => Math.sin((start + i) * (ch + 1) * 0.001) * 0.4));
    writeFileSync(wav, bytes);
    const model = LE('clean.session.json');
    const r = run(['check', wav, model, '--format', 'json']);
    const reports = JSON.parse(r.stdout);
    const inputs = (reports.reports ?? [reports]).flatMap((x: Report) => x.inputs);
    const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(inputs.find((i: { path: string }) => i.path.endsWith('premix.wav'))?.sha256).toBe(hash(bytes));
    expect(inputs.find((i: { path: string }) => i.path.endsWith('clean.session.json'))?.sha256).toBe(hash(readFileSync(model)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails the faulty sample with exit 1 naming each planted mistake', () => {
    const r = run([LE('faulty.session.json'), ...SIDE, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const failed = new Set(report.results.filter((x: { outcome: string }) => x.outcome === 'fail').map((x: { ruleId: string }) => x.ruleId));
    expect([...failed].sort()).toEqual(['track/name-format', 'track/no-inserts', 'track/order', 'track/single-playlist']);
    const insert = report.results.find((x: { ruleId: string; outcome: string }) => x.ruleId === 'track/no-inserts' && x.outcome === 'fail');
    expect(insert.subject.track).toBe('es-ES_ANA');
    expect(insert.measured).toBe('EQ3 7-Band');
    expect(insert.spec).toContain('Any plug-in on any track');
  });

  it('exits 3 when checks are unverified and 1 with --strict', () => {
    const noKnp = ['--policy', LE('policy.json'), '--lines', LE('lines.csv')];
    expect(run([LE('clean.session.json'), ...noKnp, '--format', 'json']).code).toBe(3);
    expect(run([LE('clean.session.json'), ...noKnp, '--format', 'json', '--strict']).code).toBe(1);
  });

  it('--fail-on warning turns warnings into exit 1', () => {
    const dir = tmp();
    const s = inDelivery(baseSession());
    s.tracks[0].playlists[0].clips[0].fadeIn = null; // clip/faded is a warning
    const p = writeModel(dir, 'm.session.json', s);
    const args = [p, '--profile', 'netflix-localized-edit', '--knp', LE('knp.csv'), '--lines', LE('lines.csv'), '--policy', LE('policy.json'), '--format', 'json'];
    const a = run(args);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).summary.warnings).toBe(1);
    expect(run([...args, '--fail-on', 'warning']).code).toBe(1);
  });

  it('prints findings with timecodes at the session frame rate', () => {
    const dir = tmp();
    const s = baseSession();
    s.tracks[1].playlists[0].clips[0].name = 'Audio 1_03';
    const p = writeModel(dir, 'm.session.json', s);
    const r = run([p, '--format', 'json', ...SIDE]);
    const f = JSON.parse(r.stdout).results.find((x: { ruleId: string; outcome: string }) => x.ruleId === 'clip/named-for-character' && x.outcome === 'fail');
    expect(f.timecodeIn).toBe('01:00:00:00');
    expect(f.timecodeOut).toBe('01:00:02:00');
    expect(f.position).toBe(172_800_000);
    expect(f.subject).toMatchObject({ track: 'es-ES_JUAN', clip: 'Audio 1_03' });
  });

  it('rejects a model that does not match the schema with exit 2, naming the path and the reason', () => {
    const dir = tmp();
    const s = baseSession() as unknown as { tracks: Array<{ kind: string }>; sampleRate: unknown };
    s.tracks[1].kind = 'bus';
    s.sampleRate = '48000';
    const p = writeModel(dir, 'bad.session.json', s);
    const r = run([p, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/tracks/1/kind');
    expect(r.stderr).toContain('must be one of');
    expect(r.stderr).toContain('/sampleRate');
    const report = JSON.parse(r.stdout);
    expect(report.summary.verdict).toBe('unreadable');
    expect(report.inputs[0].error.message).toContain('/tracks/1/kind');
  });

  it('reports a missing file and bad JSON as unreadable (exit 2)', () => {
    const dir = tmp();
    const missing = run([join(dir, 'nope.session.json'), '--format', 'json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).inputs[0].error).toMatchObject({ code: 'NOT_FOUND', message: 'cannot open: no such file or folder (ENOENT)' });
    // The text header names the profile asked for, without an empty version after it.
    const text = run([join(dir, 'nope.aaf'), '--format', 'text']);
    expect(text.stdout).toContain('nope.aaf  (auto)\n');
    expect(run(['dump', join(dir, 'nope.aaf')]).stderr).toContain('nope.aaf: cannot open: no such file or folder (ENOENT)');
    const p = join(dir, 'broken.session.json');
    writeFileSync(p, '{"schemaVersion": 1, ');
    const r = run([p, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON/);
  });

  it('reports a file the system would not open as CANNOT_OPEN, not NOT_FOUND (that is a path not there, above)', () => {
    const dir = tmp();
    // A symbolic link to itself: stat and open fail with ELOOP.
    const loop = join(dir, 'loop.aaf');
    symlinkSync(loop, loop);
    const looped = JSON.parse(run([loop, '--format', 'json']).stdout);
    expect(looped.inputs[0].error).toMatchObject({ code: 'CANNOT_OPEN', message: 'cannot open: too many symbolic links (ELOOP)' });
    // A side file that is a folder.
    const r = run([LE('clean.session.json'), '--knp', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dir}: it is a folder (EISDIR)`);
  });

  it('dump refuses a folder and rules refuses a path, as usage errors (no stack trace)', () => {
    const d = run(['dump', join(ROOT, 'samples/session-text/Show_ep101')]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('is a folder: dump reads one file');
    expect(d.stderr).not.toContain('internal error');
    const r = run(['rules', 'extra']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules takes no path (given: extra)');
  });

  it('refuses an empty path (an unset variable) as a usage error', () => {
    const r = run(['check', LE('clean.session.json'), '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('an empty path was given');
    expect(r.stdout).toBe('');
  });

  it('usage errors exit 2 with a hint', () => {
    const r = run(['check', LE('clean.session.json'), '--frame-rate', '31']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--frame-rate '31'");
    expect(run(['check', '--bogus']).code).toBe(2);
    expect(run(['check']).code).toBe(2);
    expect(run([LE('clean.session.json'), '--profile', 'nope']).code).toBe(2);
  });

  it('a policy extends a profile and overrides severity and options', () => {
    const dir = tmp();
    const policy = join(dir, 'p.json');
    writeFileSync(policy, JSON.stringify({ extends: LE('policy.json'), rules: { 'track/no-inserts': 'off', 'track/single-playlist': 'warning', 'track/order': 'off', 'track/name-format': 'off' } }));
    const r = run([LE('faulty.session.json'), '--policy', policy, '--knp', LE('knp.csv'), '--lines', LE('lines.csv'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.results.some((x: { ruleId: string }) => x.ruleId === 'track/no-inserts')).toBe(false);
    expect(report.summary.warnings).toBe(1);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ extends: 'netflix-localized-edit', rules: { 'track/nope': 'error' } }));
    const b = run([LE('clean.session.json'), '--policy', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('unknown rule "track/nope"');
  });

  it('picks the profile from the input with --profile auto', () => {
    const dir = tmp();
    const premix = writeModel(dir, 'x.session.json', wavSession('PKG123_Show_24_Mono_es-ES_PreMixQC_v1.wav'));
    const r = run([premix, '--format', 'json', '--picture-length', '240', '--frame-rate', '24']);
    const report = JSON.parse(r.stdout);
    expect(report.profile.id).toBe('netflix-premix-wav');
    expect(r.code).toBe(0);
    const rec = writeModel(dir, 'y.session.json', wavSession('P0100_Maddie_IF_220123_01.wav', { channels: 2 }));
    expect(JSON.parse(run([rec, '--format', 'json']).stdout).profile.id).toBe('netflix-animation-dialogue');
  });

  it('text output groups findings by subject, honours NO_COLOR, and writes --output', () => {
    const r = run([LE('faulty.session.json'), ...SIDE, '--format', 'text', '--color'], { NO_COLOR: '1' });
    expect(r.stdout).toContain('Track es-ES_ANA');
    expect(r.stdout).toContain('track/no-inserts');
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const c = run([LE('faulty.session.json'), ...SIDE, '--format', 'text', '--color']);
    expect(c.stdout).toMatch(/\x1b\[/);
    const dir = tmp();
    const out = join(dir, 'r.json');
    expect(run([LE('faulty.session.json'), ...SIDE, '-o', out]).code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.verdict).toBe('fail');
  });

  it('defaults to JSON when stdout is not a terminal', () => {
    const r = run([LE('clean.session.json'), ...SIDE]);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('checks several deliveries in one run and reports a batch', () => {
    const r = run([LE('clean.session.json'), LE('faulty.session.json'), ...SIDE, '--format', 'json']);
    expect(r.code).toBe(1);
    const b = JSON.parse(r.stdout);
    expect(b.reports.map((x: { summary: { verdict: string } }) => x.summary.verdict)).toEqual(['pass', 'fail']);
    expect(b.summary.deliveries).toBe(2);
    expect(validateAgainst(reportSchema as Record<string, unknown>, b)).toEqual([]);
  });

  it('writes a batch JSON as it goes, byte for byte the report of the whole batch (stdout and -o, 1 and 2 jobs)', () => {
    const paths = [LE('clean.session.json'), LE('faulty.session.json'), join(dirname(LE('clean.session.json')), 'nope.session.json')];
    // Each delivery alone is rendered whole (no streaming); the batch of them is what renderJson gives for batchOf(those reports).
    const singles = paths.map((p) => JSON.parse(run([p, ...SIDE, '--format', 'json', '--no-hash']).stdout) as Report);
    const expected = renderJson(batchOf(singles, 'error'));
    for (const jobs of ['1', '2']) {
      const r = run([...paths, ...SIDE, '--format', 'json', '--no-hash', '--jobs', jobs]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe(expected);
      const out = join(mkdtempSync(join(tmpdir(), 'batch-json-')), 'qc.json');
      expect(run([...paths, ...SIDE, '--no-hash', '--jobs', jobs, '-o', out]).code).toBe(2);
      expect(readFileSync(out, 'utf8')).toBe(expected);
    }
    expect(JSON.parse(expected).summary).toMatchObject({ deliveries: 3, verdict: 'unreadable' });
  });
});

describe('inspect-session model, rules, help', () => {
  it('model --json prints the model back', () => {
    const r = run(['model', LE('clean.session.json'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).tracks.map((t: { name: string }) => t.name)).toEqual(['es-ES_MARIA', 'es-ES_JUAN', 'es-ES_ANA', 'es-ES_WALLA_1']);
    expect(run(['model', LE('clean.session.json')]).stdout).toContain('coverage:');
  });

  it('rules lists every rule with its spec line, per profile, as text, md and json', () => {
    const all = JSON.parse(run(['rules', '--format', 'json']).stdout);
    expect(all).toHaveLength(38);
    const premix = JSON.parse(run(['rules', '--profile', 'netflix-premix-wav', '--format', 'json']).stdout);
    expect(premix.map((r: { id: string }) => r.id).sort()).toEqual(['wav/format', 'wav/mono', 'wav/picture-length', 'wav/premix-name', 'wav/true-peak']);
    expect(run(['rules']).stdout).toContain('Any plug-in on any track is to be removed.');
    expect(run(['rules', '--format', 'md']).stdout).toContain('| [track/no-inserts](track/no-inserts.md)');
  });

  it('help and version', () => {
    expect(run(['--help']).stdout).toContain('Exit codes');
    expect(run(['check', '--help']).stdout).toContain('--picture-length');
    expect(run(['--version']).stdout).toMatch(/session-inspector \d+\.\d+\.\d+/);
  });
});

describe('deliveries: which session files are one session', () => {
  it('merges the views of one session in a folder, and never two sessions of one kind', () => {
    expect(groupDeliveries(['d/Show.ptx', 'd/Show.txt', 'd/Show.aaf'])).toEqual([['d/Show.ptx', 'd/Show.txt', 'd/Show.aaf']]);
    // Differently named views of one session are still one delivery when each kind occurs once.
    expect(groupDeliveries(['d/Show.ptx', 'd/Show Session Info.txt'])).toEqual([['d/Show.ptx', 'd/Show Session Info.txt']]);
    expect(groupDeliveries(['d/ep101.aaf', 'd/ep102.aaf'])).toEqual([['d/ep101.aaf'], ['d/ep102.aaf']]);
    expect(groupDeliveries(['d/ep101.ptx', 'd/ep102.ptx', 'd/EP101.txt', 'd/ep102.txt'])).toEqual([['d/ep101.ptx', 'd/EP101.txt'], ['d/ep102.ptx', 'd/ep102.txt']]);
    expect(groupDeliveries(['d/a.wav', 'd/Show.ptx', 'e/Show.ptx'])).toEqual([['d/a.wav'], ['d/Show.ptx'], ['e/Show.ptx']]);
  });

  it('never passes a folder with no delivery in it: it is checked as an empty delivery folder, unverified', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'readme.md'), 'notes');
    const r = run([dir, '--format', 'json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`no deliveries found in ${dir}`);
    const report = JSON.parse(r.stdout);
    expect(report.summary.verdict).toBe('unverified');
    // The folder's listing was read (readme.md is not source material); nothing about a session passes.
    expect(report.results.filter((x: { outcome: string }) => x.outcome === 'pass').map((x: { ruleId: string }) => x.ruleId)).toEqual(['package/no-source-material']);
  });

  it('checks a folder of two episodes as two deliveries', () => {
    const dir = tmp();
    const ptx = join(ROOT, 'samples/session-text/Show_ep101/Show_ep101.ptx');
    copyFileSync(ptx, join(dir, 'Show_ep101.ptx'));
    copyFileSync(ptx, join(dir, 'Show_ep102.ptx'));
    const r = run([dir, '--format', 'json', '--no-hash']);
    const out = JSON.parse(r.stdout);
    expect(out.reports.map((x: Report) => x.inputs.length)).toEqual([1, 1]);
    expect(out.reports.map((x: Report) => x.delivery?.split(/[\\/]/).pop()).sort()).toEqual(['Show_ep101.ptx', 'Show_ep102.ptx']);
  });
});
