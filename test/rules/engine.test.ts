/**
 * The policy engine: profiles as the catalog lists them, scoping by input
 * (reading 12), coverage → unverified for every rule, a throwing rule, policy
 * files (extends, severity 'off', options), and the clean samples the rule
 * tables start from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../src/model/session.js';
import { frameRate } from '../../src/model/timecode.js';
import { validateSession } from '../../src/formats/model/index.js';
import { checkSession } from '../../src/policy/check.js';
import { PolicyError, type PolicyFile } from '../../src/policy/config.js';
import { runRules } from '../../src/policy/engine.js';
import { PROFILE_IDS, resolvePolicy } from '../../src/policy/profiles.js';
import { RULES, RULES_BY_ID } from '../../src/policy/rules/index.js';
import {
  animationSession, baseSession, BASE_INPUTS, inDelivery, BASE_OPTIONS, clip, HOUR, premixSession, recordingSession, START_TC, track, zipPackage,
} from '../support/model.js';
import { overall } from '../support/rule-tester.js';

const EDIT = 'netflix-localized-edit';
const PREMIX = 'netflix-premix-wav';
const ANIMATION = 'netflix-animation-dialogue';

/** The rule ids of each profile as rules.md lists them. */
const CATALOG: Record<string, string[]> = {
  [EDIT]: [
    'session/sample-rate', 'session/bit-depth', 'session/frame-rate', 'session/start', 'package/name', 'package/self-contained',
    'package/unused-media', 'package/no-source-material', 'track/no-automation', 'track/no-master', 'track/no-aux', 'track/no-vca',
    'track/no-groups', 'track/no-inserts', 'track/no-sends', 'track/single-playlist', 'track/no-empty', 'track/mono-dialogue',
    'track/name-format', 'track/name-language', 'track/name-knp', 'track/order', 'track/walla-limit', 'clip/named-for-character',
    'clip/faded', 'clip/no-time-stretch',
  ],
  [PREMIX]: ['wav/format', 'wav/mono', 'wav/true-peak', 'wav/picture-length', 'wav/premix-name'],
  [ANIMATION]: [
    'wav/format', 'wav/timecode-rate', 'wav/no-audio-before-hour', 'wav/mic-layout', 'wav/recording-name', 'session/recording-name',
    'session/start-timecode', 'session/frame-rate', 'track/no-overlap-at-breaks',
  ],
};
const WARNINGS: Record<string, string[]> = {
  [EDIT]: ['clip/faded', 'clip/no-time-stretch'],
  [PREMIX]: [],
  [ANIMATION]: ['track/no-overlap-at-breaks'],
};

const editPolicy = () => resolvePolicy({ extends: EDIT, rules: { 'session/start': ['error', BASE_OPTIONS['session/start']] } });
const ids = (results: { ruleId: string }[]) => [...new Set(results.map((r) => r.ruleId))].sort();
const byRule = (results: ReturnType<typeof runRules>, id: string) => results.filter((r) => r.ruleId === id);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('profiles', () => {
  it('are the three of the catalog', () => {
    expect([...PROFILE_IDS].sort()).toEqual([ANIMATION, EDIT, PREMIX]);
  });
  for (const id of Object.keys(CATALOG)) {
    it(`${id} has exactly the catalog's rules, at the catalog's severities`, () => {
      const p = resolvePolicy(id);
      expect(Object.keys(p.rules).sort()).toEqual([...CATALOG[id]].sort());
      for (const [rule, setting] of Object.entries(p.rules)) {
        expect(setting.severity, rule).toBe(WARNINGS[id].includes(rule) ? 'warning' : 'error');
      }
    });
  }
  it('the engine has 38 rules, each in some profile, with a spec citation for each profile it is in', () => {
    expect(RULES.length).toBe(38);
    const all = new Set(Object.values(CATALOG).flat());
    for (const r of RULES) {
      expect(all.has(r.id), r.id).toBe(true);
      for (const [profile, list] of Object.entries(CATALOG)) {
        if (list.includes(r.id)) expect(r.spec.some((c) => c.profile === profile && c.quote.length > 0), `${r.id} cites ${profile}`).toBe(true);
      }
    }
  });
  it('the animation profile checks sessions and WAVs by input; walla limit defaults to 8', () => {
    expect(resolvePolicy(ANIMATION).scope).toBe('by-input');
    expect(resolvePolicy(EDIT).rules['track/walla-limit'].options.max).toBe(8);
    expect(resolvePolicy(PREMIX).rules['wav/true-peak'].options.limit).toBe(-6);
    expect(resolvePolicy(ANIMATION).rules['session/start-timecode'].options.start).toBe('00:59:50:00');
  });
});

describe('rule tables', () => {
  it('every rule id has a table in test/rules', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const text = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    const tabled = new Set([...text.matchAll(/ruleTable\('([^']+)'/g)].map((m) => m[1]));
    for (const r of RULES) expect(tabled.has(r.id), `${r.id} has a ruleTable`).toBe(true);
  });
});

describe('clean samples', () => {
  it('baseSession in its delivery passes every rule of netflix-localized-edit with BASE_INPUTS and BASE_OPTIONS', () => {
    const results = runRules(inDelivery(baseSession()), editPolicy(), BASE_INPUTS);
    expect(results.filter((r) => r.outcome !== 'pass').map((r) => `${r.ruleId}: ${r.message}`)).toEqual([]);
    expect(ids(results)).toEqual([...CATALOG[EDIT]].sort());
  });
  it('premixSession passes every premix rule given the picture length', () => {
    const results = runRules(premixSession(), resolvePolicy(PREMIX), { pictureLength: 240 });
    expect(results.filter((r) => r.outcome !== 'pass').map((r) => `${r.ruleId}: ${r.message}`)).toEqual([]);
    expect(ids(results)).toEqual([...CATALOG[PREMIX]].sort());
  });
  it('without a picture length the premix is unverified on wav/picture-length only (reading 1)', () => {
    const results = runRules(premixSession(), resolvePolicy(PREMIX));
    expect(results.filter((r) => r.outcome !== 'pass').map((r) => `${r.ruleId}:${r.outcome}`)).toEqual(['wav/picture-length:unverified']);
  });
  it('a recording WAV gets exactly the wav/* rules of the animation profile, all passing (reading 12)', () => {
    const results = runRules(recordingSession(), resolvePolicy(ANIMATION));
    expect(ids(results)).toEqual(CATALOG[ANIMATION].filter((id) => id.startsWith('wav/')).sort());
    expect(overall(results)).toBe('pass');
  });
  it('a recording session gets exactly the session/* and track/* rules of the animation profile, all passing (reading 12)', () => {
    const results = runRules(animationSession(), resolvePolicy(ANIMATION));
    expect(ids(results)).toEqual(CATALOG[ANIMATION].filter((id) => !id.startsWith('wav/')).sort());
    expect(overall(results)).toBe('pass');
  });
  it('the report of the clean edit session in its delivery has verdict pass; without BASE_INPUTS/start/listing it is unverified, never pass', () => {
    const policy = editPolicy();
    expect(checkSession(inDelivery(baseSession()), { policy, inputs: BASE_INPUTS }).summary.verdict).toBe('pass');
    // Without the inputs, the picture start and the zip's listing: what cannot be seen is unverified.
    const bare = checkSession(baseSession(), { profile: EDIT });
    expect(bare.summary.verdict).toBe('unverified');
    const unverified = bare.results.filter((r) => r.outcome === 'unverified').map((r) => r.ruleId).sort();
    expect(unverified).toEqual(['package/no-source-material', 'session/start', 'track/name-knp']);
    expect(byRule(bare.results, 'track/order').every((r) => r.outcome === 'pass')).toBe(true);
  });
  it("lists the report's rules by id in code-unit order, the profile's enabled rules only, without a locale's collation", () => {
    // localeCompare's order depends on the process's locale and ICU data.
    const collate = vi.spyOn(String.prototype, 'localeCompare');
    for (const profile of PROFILE_IDS) {
      const rules = (checkSession(baseSession(), { profile }).rules ?? []).map((r) => r.id);
      expect(rules.length).toBeGreaterThan(0);
      expect(rules).toEqual([...rules].sort());
      const policy = resolvePolicy(profile);
      expect(rules).toEqual(Object.keys(policy.rules).filter((id) => policy.rules[id].severity !== 'off' && RULES_BY_ID.has(id)).sort());
    }
    expect(collate).not.toHaveBeenCalled();
  });
});

describe('the tables build valid session models (as *.session.json inputs of the CLI)', () => {
  const rich = () => {
    const s = baseSession();
    s.package = zipPackage(s, ['Video Files/ref.mov']);
    s.package.unsafeEntries = ['../evil.wav'];
    const c = s.tracks[0].playlists[0].clips[0];
    c.timeStretched = true;
    c.gain = { db: null, envelope: [[0, 0], [4800, -6]] };
    s.tracks[0].automation = [{ parameter: 'mute', points: 2, isDefault: false }];
    s.tracks[1].inserts = [{ slot: 1, name: 'EQ3 7-Band', manufacturer: 'Avid', active: false }];
    s.tracks[1].sends = [{ slot: 1, destination: 'Bus 1-2', active: true }];
    s.tracks.push(track('VCA 1', [], { kind: 'vca', channels: null, channelFormat: null }));
    s.groups = [{ name: 'Dialogue', trackIds: [s.tracks[0].id] }];
    return s;
  };
  const models: Array<[string, () => Session]> = [
    ['baseSession', baseSession], ['premixSession', premixSession], ['recordingSession', recordingSession],
    ['animationSession', animationSession], ['a session with every kind of violation', rich],
  ];
  for (const [name, make] of models) {
    it(name, () => {
      expect(validateSession(JSON.parse(JSON.stringify(make())))).toEqual([]);
    });
  }
});

/** A session that gives rule `id` something to look at, for its profile. */
function inputFor(id: string): { session: Session; profile: string } {
  if (id.startsWith('wav/')) return { session: CATALOG[PREMIX].includes(id) ? premixSession() : recordingSession(), profile: CATALOG[PREMIX].includes(id) ? PREMIX : ANIMATION };
  if (CATALOG[EDIT].includes(id)) return { session: baseSession(), profile: EDIT };
  return { session: animationSession(), profile: ANIMATION };
}

describe('coverage: a required feature that is not decoded gives unverified, never pass', () => {
  for (const rule of RULES) {
    for (const level of ['partial', 'unsupported'] as const) {
      if (!rule.requires.length) continue;
      it(`${rule.id} with ${rule.requires.join(', ')} ${level}`, () => {
        const { session, profile } = inputFor(rule.id);
        for (const f of rule.requires) session.coverage[f] = level;
        const policy = resolvePolicy(profile);
        const results = runRules(session, { ...policy, rules: { [rule.id]: { ...policy.rules[rule.id], options: { ...policy.rules[rule.id].options, start: START_TC } } } }, {});
        expect(results.length).toBeGreaterThan(0);
        expect(results.every((r) => r.outcome === 'unverified'), results.map((r) => r.message).join('\n')).toBe(true);
        const first = results[0];
        expect(first.missing?.length).toBeGreaterThan(0);
        for (const m of first.missing!) expect(first.message).toContain(m);
      });
    }
  }
});

describe('engine', () => {
  it('a rule that throws gives one unverified internal finding, and the other rules still run', () => {
    const rule = RULES_BY_ID.get('track/walla-limit')!;
    vi.spyOn(rule, 'check').mockImplementation(() => { throw new TypeError("Cannot read properties of undefined (reading 'name')"); });
    const results = runRules(inDelivery(baseSession()), editPolicy(), BASE_INPUTS);
    const mine = byRule(results, 'track/walla-limit');
    expect(mine).toHaveLength(1);
    expect(mine[0].outcome).toBe('unverified');
    expect(mine[0].message).toContain('Internal error in rule track/walla-limit');
    expect(mine[0].missing).toEqual(['internal']);
    expect(results.filter((r) => r.ruleId !== 'track/walla-limit').every((r) => r.outcome === 'pass')).toBe(true);
  });
  it('a rule that throws after reporting a pass is still unverified, not pass', () => {
    const rule = RULES_BY_ID.get('track/no-groups')!;
    vi.spyOn(rule, 'check').mockImplementation((ctx) => { ctx.pass({ message: 'fine so far' }); throw new Error('boom'); });
    const mine = byRule(runRules(baseSession(), editPolicy(), BASE_INPUTS), 'track/no-groups');
    expect(mine.map((r) => r.outcome)).toEqual(['unverified']);
  });
  it('a rule that reports nothing passes with "No findings"', () => {
    const rule = RULES_BY_ID.get('track/no-sends')!;
    vi.spyOn(rule, 'check').mockImplementation(() => {});
    const mine = byRule(runRules(baseSession(), editPolicy(), BASE_INPUTS), 'track/no-sends');
    expect(mine.map((r) => [r.outcome, r.message])).toEqual([['pass', 'No findings']]);
  });
  it('results come in rule id order and carry the spec quote of the profile', () => {
    const results = runRules(baseSession(), editPolicy(), BASE_INPUTS);
    const order = results.map((r) => r.ruleId);
    expect(order).toEqual([...order].sort());
    for (const r of results) expect(r.spec.length, r.ruleId).toBeGreaterThan(0);
    const fr = runRules(animationSession(), resolvePolicy(ANIMATION)).find((r) => r.ruleId === 'session/frame-rate')!;
    expect(fr.spec).toBe('True 24 fps timecode');
  });
  it('findings with a position carry timecodes at the session frame rate', () => {
    const s = baseSession();
    s.tracks[0].playlists[0].clips[0].fadeIn = null;
    const f = byRule(runRules(s, editPolicy(), BASE_INPUTS), 'clip/faded').find((r) => r.outcome === 'fail')!;
    expect(f.timecodeIn).toBe('01:00:00:00');
    expect(f.timecodeOut).toBe('01:00:02:00');
    expect(f.position).toBe(HOUR);
    expect(f.subject).toMatchObject({ track: 'es-ES_MARIA', clip: 'es-ES_MARIA_01' });
    const s2 = baseSession({ frameRate: frameRate('25') });
    const c = s2.tracks[0].playlists[0].clips[0];
    c.fadeIn = null;
    c.length = 48000 + 1920 * 3;
    const f2 = byRule(runRules(s2, editPolicy(), { ...BASE_INPUTS, frameRate: frameRate('25') }), 'clip/faded').find((r) => r.outcome === 'fail')!;
    expect(f2.timecodeOut).toBe('01:00:01:03');
  });
});

describe('policy files', () => {
  const walla = (n: number) => {
    const s = inDelivery(baseSession());
    for (let i = 2; i <= n; i++) s.tracks.push(track(`es-ES_WALLA_${i}`, [clip(`es-ES_WALLA_${i}_01`, HOUR)]));
    return s;
  };
  it("options override: { max: 10 } lets 9 walla tracks pass", () => {
    const policy = resolvePolicy({ extends: EDIT, rules: { 'track/walla-limit': ['error', { max: 10 }] } });
    expect(policy.rules['track/walla-limit'].options.max).toBe(10);
    expect(overall(byRule(runRules(walla(9), policy), 'track/walla-limit'))).toBe('pass');
    expect(overall(byRule(runRules(walla(9), resolvePolicy(EDIT)), 'track/walla-limit'))).toBe('fail');
  });
  it("severity 'off' removes the rule's results", () => {
    const policy = resolvePolicy({ extends: EDIT, rules: { 'track/walla-limit': 'off', 'session/start': 'off' } });
    const results = runRules(walla(12), policy);
    expect(byRule(results, 'track/walla-limit')).toEqual([]);
    expect(byRule(results, 'session/start')).toEqual([]);
    expect((checkSession(walla(12), { policy }).rules ?? []).map((r) => r.id)).not.toContain('track/walla-limit');
  });
  it('a severity override applies to the failing results and to the verdict', () => {
    const policy = resolvePolicy({ extends: EDIT, rules: { 'track/walla-limit': 'warning' } });
    const fails = byRule(runRules(walla(9), policy), 'track/walla-limit').filter((r) => r.outcome === 'fail');
    expect(fails.map((r) => r.severity)).toEqual(['warning']);
    const quiet = resolvePolicy({ extends: EDIT, rules: { 'track/walla-limit': 'warning', 'session/start': ['error', { start: START_TC }] } });
    expect(checkSession(walla(9), { policy: quiet, inputs: BASE_INPUTS }).summary.verdict).toBe('pass');
    expect(checkSession(walla(9), { policy: quiet, inputs: BASE_INPUTS, failOn: 'warning' }).summary.verdict).toBe('fail');
  });
  it('options merge with the defaults of the profile (only the given option changes)', () => {
    const policy = resolvePolicy({ extends: ANIMATION, rules: { 'wav/mic-layout': ['error', { toleranceDb: 1 }] } });
    expect(policy.rules['wav/mic-layout'].options).toMatchObject({ offsetDb: 6, toleranceDb: 1 });
    const s = recordingSession();
    s.audio!.levelOffsetDb = 8;
    expect(overall(byRule(runRules(s, policy), 'wav/mic-layout'))).toBe('fail');
    expect(overall(byRule(runRules(s, resolvePolicy(ANIMATION)), 'wav/mic-layout'))).toBe('pass');
  });
  it('the picture start as a policy option (reading 2)', () => {
    const policy = resolvePolicy({ extends: EDIT, rules: { 'session/start': ['error', { start: '01:00:00:00' }] } });
    const at = (start: number) => byRule(runRules(baseSession({ start, startTimecode: null }), policy), 'session/start');
    expect(overall(at(HOUR))).toBe('pass');
    expect(overall(at(HOUR + 1))).toBe('fail');
  });
  it('a severity-only array keeps the options', () => {
    const policy = resolvePolicy({ extends: EDIT, rules: { 'track/walla-limit': ['warning'] } });
    expect(policy.rules['track/walla-limit']).toEqual({ severity: 'warning', options: { max: 8 } });
  });
  it('extends another policy through a loader, later settings win', () => {
    const files: Record<string, PolicyFile> = {
      'base.json': { extends: EDIT, rules: { 'track/walla-limit': ['error', { max: 10 }], 'clip/faded': 'off' } },
    };
    const loader = (ref: string) => ({ policy: files[ref], where: ref });
    const policy = resolvePolicy({ extends: 'base.json', rules: { 'track/walla-limit': 'warning' } }, loader);
    expect(policy.profile.id).toBe(EDIT);
    expect(policy.rules['track/walla-limit']).toEqual({ severity: 'warning', options: { max: 10 } });
    expect(policy.rules['clip/faded'].severity).toBe('off');
  });
  const bad: Array<[string, unknown, RegExp]> = [
    ['an unknown rule id', { extends: EDIT, rules: { 'track/no-reverb': 'error' } }, /unknown rule "track\/no-reverb"/],
    ['a rule id of another profile is known, a misspelt one is not', { extends: EDIT, rules: { 'wav/truepeak': 'off' } }, /unknown rule/],
    ['an unknown profile', { extends: 'netflix-everything' }, /not a built-in profile/],
    ['no extends', { rules: { 'track/walla-limit': 'off' } }, /"extends"/],
    ['a bad severity', { extends: EDIT, rules: { 'track/walla-limit': 'fatal' } }, /severity must be/],
    ['options that are not an object', { extends: EDIT, rules: { 'track/walla-limit': ['error', 10] } }, /options must be an object/],
    ['rules that are not an object', { extends: EDIT, rules: ['track/walla-limit'] }, /"rules" must be an object/],
    ['a policy that is not an object', [], /must be a JSON object/],
  ];
  for (const [name, policy, message] of bad) {
    it(`${name} is a PolicyError`, () => {
      expect(() => resolvePolicy(policy as PolicyFile)).toThrow(PolicyError);
      expect(() => resolvePolicy(policy as PolicyFile)).toThrow(message);
    });
  }
  it('an unknown profile id is a PolicyError', () => {
    expect(() => resolvePolicy('netflix-everything')).toThrow(PolicyError);
  });
  it('an extends cycle is a PolicyError, not a hang', () => {
    const loader = (ref: string) => ({ policy: { extends: ref === 'a.json' ? 'b.json' : 'a.json' }, where: ref });
    expect(() => resolvePolicy({ extends: 'a.json' }, loader)).toThrow(PolicyError);
  });
  it('a rule of another profile can be switched on by a policy', () => {
    const policy = resolvePolicy({ extends: EDIT, rules: { 'session/start-timecode': 'error' } });
    expect(policy.rules['session/start-timecode']).toEqual({ severity: 'error', options: { start: '00:59:50:00' } });
    expect(overall(byRule(runRules(baseSession(), policy), 'session/start-timecode'))).toBe('pass');
  });
});
