/**
 * Track naming and ordering rules: name format (reading 4), one language
 * (reading 5), KNP names and line-count order (readings 1, 5, 6, 7), walla limit.
 */
import type { Session } from '../../src/model/session.js';
import { baseSession, BASE_INPUTS, clip, dialogueTrack, HOUR, track } from '../support/model.js';
import { ruleTable } from '../support/rule-tester.js';

const EDIT = 'netflix-localized-edit';

function edit(f: (s: Session) => void): Session {
  const s = baseSession();
  f(s);
  return s;
}
/** The base session with its tracks replaced by dialogue tracks named `names` (n clips each, default 2). */
function named(names: Array<string | [string, number]>, f: (s: Session) => void = () => {}): Session {
  return edit((s) => {
    s.mediaFiles = [];
    s.tracks = names.map((n) => (typeof n === 'string' ? dialogueTrack(n, 2, s.mediaFiles) : dialogueTrack(n[0], n[1], s.mediaFiles)));
    f(s);
  });
}
const one = (name: string) => named([name]);
const cover = (feature: string, level: 'partial' | 'unsupported') => edit((s) => { s.coverage[feature] = level; });
const noPackage = (s: Session) => { s.source.path = 'Show.ptx'; };

ruleTable('track/name-format', EDIT, {
  pass: [
    { name: 'the base session', session: baseSession() },
    { name: 'ES-ES_MARIA (tag in capitals)', session: one('ES-ES_MARIA') },
    { name: 'es-ES_MARIA', session: one('es-ES_MARIA') },
    { name: 'es-es_maria (all lowercase)', session: one('es-es_maria') },
    { name: 'ES-ES_maria (case rule applies to the character part only)', session: one('ES-ES_maria') },
    { name: 'es-419_JUAN_PABLO (UN M.49 region, two-token character)', session: one('es-419_JUAN_PABLO') },
    { name: 'ES-419_JUAN', session: one('ES-419_JUAN') },
    { name: 'pt-BR_ANA', session: one('pt-BR_ANA') },
    { name: 'zh-Hant-TW_LI (script subtag)', session: one('zh-Hant-TW_LI') },
    { name: 'fr_MARIE (language only)', session: one('fr_MARIE') },
    { name: 'PU_es-ES_MARIA (pickup prefix)', session: one('PU_es-ES_MARIA') },
    { name: 'pu_es-es_maria (lowercase pickup)', session: one('pu_es-es_maria') },
    { name: 'es-ES_WALLA_1 (digits)', session: one('es-ES_WALLA_1') },
    { name: 'es-ES_MARIA2', session: one('es-ES_MARIA2') },
    { name: 'group recording es-ES_MARIA_JUAN', session: one('es-ES_MARIA_JUAN') },
    { name: 'master, aux and VCA tracks are not named like dialogue', session: edit((s) => { s.tracks.push(track('Master 1', [], { kind: 'master' }), track('Reverb Bus', [], { kind: 'aux' })); }) },
  ],
  fail: [
    { name: 'es-ES_Maria mixes cases in the character', session: one('es-ES_Maria'), message: "character part 'Maria' mixes upper and lower case", fails: 1 },
    { name: 'es-es_MARIA_juan mixes cases across tokens', session: one('es-es_MARIA_juan'), message: 'mixes upper and lower case' },
    { name: 'accent es-ES_MARÍA', session: one('es-ES_MARÍA'), message: "'Í'" },
    { name: 'accent Ò', session: one('es-ES_JOSÒ'), message: "'Ò'" },
    { name: 'slash es-ES_MARIA/JUAN', session: one('es-ES_MARIA/JUAN'), message: "'/'" },
    { name: 'backslash', session: one('es-ES_MARIA\\JUAN'), message: "'\\'" },
    { name: 'pipe', session: one('es-ES_MARIA|JUAN'), message: "'|'" },
    { name: '[PU]_es-ES_MARIA: brackets are symbols', session: one('[PU]_es-ES_MARIA'), message: "'['" },
    { name: 'a space instead of _', session: one('es-ES MARIA'), message: "'_'" },
    { name: 'a space in the character', session: one('es-ES_MARIA JOSE'), message: 'space' },
    { name: 'hyphen in the character part', session: one('es-ES_MARIA-JOSE'), message: "'-'" },
    { name: 'not a BCP-47 tag (xx-YY)', session: one('xx-YY_MARIA'), message: "language code 'xx-YY' is not a valid BCP-47 tag" },
    { name: 'unknown region es-XX', session: one('es-XX_MARIA'), message: "'XX'" },
    { name: 'language written out', session: one('SPANISH_MARIA'), message: "'SPANISH'" },
    { name: 'no language code', session: one('MARIA'), message: "no '_'" },
    { name: 'no character', session: one('es-ES_'), message: 'no character' },
    { name: 'empty part es-ES__MARIA', session: one('es-ES__MARIA'), message: 'empty' },
    { name: 'Pu_ is not the pickup prefix', session: one('Pu_es-ES_MARIA') },
    { name: 'Audio 1 (a default track name)', session: one('Audio 1') },
    { name: 'only the bad tracks fail', session: named(['es-ES_MARIA', 'es-ES_Juan', 'es-ES_ANA']), fails: 1, message: 'es-ES_Juan' },
  ],
  unverified: [{ name: 'tracks partial', session: cover('tracks', 'partial') }],
});

ruleTable('track/name-language', EDIT, {
  pass: [
    { name: 'every track es-ES in an es-ES package', session: baseSession() },
    { name: 'ES-ES and es-es equal es-ES case-insensitively', session: named(['ES-ES_MARIA', 'es-es_juan', 'es-ES_ANA']) },
    { name: 'a pickup track in the package language', session: named(['es-ES_MARIA', 'PU_es-ES_MARIA']) },
    { name: 'no package name: one tag across tracks', session: named(['fr-FR_MARIE', 'fr-FR_PIERRE'], noPackage) },
    { name: 'an ES-419 package with es-419 tracks', session: named(['es-419_MARIA'], (s) => { s.source.path = `Show_PKG123_ep101_ES-419_LocalizedEditProject_24_v1.zip!Show.ptx`; }) },
    { name: 'option language overrides', session: named(['fr-FR_MARIE'], noPackage), options: { language: 'fr-FR' } },
  ],
  fail: [
    { name: 'es-419 track in an es-ES package', session: named(['es-ES_MARIA', 'es-419_JUAN']), message: /es-419_JUAN has language code es-419, not es-ES/, fails: 1 },
    { name: 'every track in another language than the package', session: named(['fr-FR_MARIE', 'fr-FR_PIERRE']), fails: 2 },
    { name: 'es (language only) is not es-ES', session: named(['es-ES_MARIA', 'es_JUAN']), fails: 1 },
    { name: 'no package name: the odd one out fails', session: named(['fr-FR_MARIE', 'fr-FR_PIERRE', 'fr-CA_JEAN'], noPackage), message: 'fr-CA', fails: 1 },
    { name: 'a pickup in another language', session: named(['es-ES_MARIA', 'PU_es-MX_MARIA']), fails: 1 },
  ],
  unverified: [{ name: 'tracks partial', session: cover('tracks', 'partial') }],
});

ruleTable('track/name-knp', EDIT, {
  pass: [
    { name: 'the base session with its KNP', session: baseSession(), inputs: BASE_INPUTS },
    { name: 'KNP names compared case-insensitively', session: named(['es-es_maria', 'es-ES_JUAN']), inputs: { knp: ['MARIA', 'juan'] } },
    { name: 'a pickup track is matched by what follows its prefix', session: named(['es-ES_MARIA', 'PU_es-ES_MARIA']), inputs: { knp: ['Maria'] } },
    { name: 'walla and group tracks are exempt', session: named(['es-ES_MARIA', 'es-ES_WALLA_1', 'es-ES_GROUP_KIDS']), inputs: { knp: ['Maria'] } },
    { name: 'optional tracks are exempt', session: named(['es-ES_MARIA', 'es-ES_OPT_51', 'es-ES_DX_OPTIONALS']), inputs: { knp: ['Maria'] } },
    { name: 'a group recording of two KNP characters', session: named(['es-ES_MARIA_JUAN']), inputs: { knp: ['Maria', 'Juan'] } },
    { name: 'a KNP name with a space matches _ in the track', session: named(['es-ES_MR_SMITH']), inputs: { knp: ['Mr. Smith'] } },
    { name: 'a multi-word KNP name', session: named(['es-419_JUAN_PABLO']), inputs: { knp: ['Juan Pablo'] } },
    { name: 'the KNP list given as the rule option', session: baseSession(), options: { names: ['Maria', 'Juan', 'Ana'] } },
  ],
  fail: [
    { name: 'a misspelt character names it', session: named(['es-ES_MARIA', 'es-ES_MARINA']), inputs: { knp: ['Maria'] }, message: "Character 'MARINA' of track es-ES_MARINA is not in the KNP", fails: 1 },
    { name: 'a translated name (KNP in English)', session: named(['es-ES_PEDRO']), inputs: { knp: ['Peter'] }, fails: 1 },
    { name: 'a pickup of an unknown character', session: named(['es-ES_MARIA', 'PU_es-ES_MARTA']), inputs: { knp: ['Maria'] }, fails: 1 },
    { name: 'a track name without a character part', session: named(['es-ES_MARIA', 'Audio 1']), inputs: { knp: ['Maria'] }, fails: 1 },
    { name: 'a group track with one unknown character', session: named(['es-ES_MARIA_PEDRO']), inputs: { knp: ['Maria', 'Juan'] }, fails: 1 },
  ],
  unverified: [
    { name: 'no KNP list (reading 1)', session: baseSession(), message: '--knp' },
    { name: 'no KNP list, even with line counts', session: baseSession(), inputs: { lines: BASE_INPUTS.lines } },
    { name: 'tracks partial', session: cover('tracks', 'partial'), inputs: BASE_INPUTS },
  ],
});

const LINES = BASE_INPUTS.lines!;

ruleTable('track/order', EDIT, {
  pass: [
    { name: 'line counts descending (MARIA 120, JUAN 80, ANA 30)', session: baseSession(), inputs: { lines: LINES } },
    { name: 'ties in either order (JUAN before MARIA at 120 each)', session: named(['es-ES_JUAN', 'es-ES_MARIA', 'es-ES_ANA']), inputs: { lines: { Maria: 120, Juan: 120, Ana: 30 } } },
    { name: 'ties in the other order', session: named(['es-ES_MARIA', 'es-ES_JUAN', 'es-ES_ANA']), inputs: { lines: { Maria: 120, Juan: 120, Ana: 30 } } },
    { name: 'line-count names matched case-insensitively', session: baseSession(), inputs: { lines: { MARIA: 120, juan: 80, aNa: 30 } } },
    { name: 'walla at the top is exempt', session: named(['es-ES_WALLA_1', 'es-ES_MARIA', 'es-ES_JUAN', 'es-ES_ANA']), inputs: { lines: LINES } },
    { name: 'optional at the top and between is exempt', session: named(['es-ES_OPT_51', 'es-ES_MARIA', 'es-ES_GROUP_A', 'es-ES_JUAN', 'es-ES_ANA']), inputs: { lines: LINES } },
    { name: 'a pickup track next to its character counts with it', session: named(['es-ES_MARIA', 'PU_es-ES_MARIA', 'es-ES_JUAN', 'es-ES_ANA']), inputs: { lines: LINES } },
    { name: 'lines given as the rule option', session: baseSession(), options: { lines: LINES } },
    { name: 'without --lines: clip counts 5, 3, 2 estimate the order', session: baseSession() },
    { name: 'without --lines: equal clip counts in any order', session: named([['es-ES_ANA', 3], ['es-ES_MARIA', 3]]) },
    {
      name: 'without --lines: rendered fade clips do not count',
      session: edit((s) => {
        const ana = s.tracks[2];
        for (let i = 0; i < 6; i++) ana.playlists[0].clips.push(clip(`Fade ${i}`, HOUR + 5_000_000 + i * 1000, { isFadeRender: true }));
      }),
    },
    { name: 'with --lines the playlists need not be decoded', session: cover('playlists', 'partial'), inputs: { lines: LINES } },
  ],
  fail: [
    {
      name: 'ANA (30) above JUAN (80): the track to move is named',
      session: named(['es-ES_MARIA', 'es-ES_ANA', 'es-ES_JUAN']), inputs: { lines: LINES },
      message: /es-ES_(ANA|JUAN) \(\d+ lines\) is (above|below)/, fails: 1, severity: 'error',
    },
    { name: 'reversed order', session: named(['es-ES_ANA', 'es-ES_JUAN', 'es-ES_MARIA']), inputs: { lines: LINES }, fails: 2 },
    { name: 'without --lines a reversed estimate is at most a warning', session: named([['es-ES_ANA', 1], ['es-ES_JUAN', 3], ['es-ES_MARIA', 5]]), severity: 'warning', message: 'estimated' },
    { name: 'a group track counts with its highest character', session: named(['es-ES_ANA', 'es-ES_MARIA_JUAN']), inputs: { lines: LINES }, fails: 1 },
  ],
  unverified: [
    { name: 'a character without a line count (reference value missing)', session: named(['es-ES_MARIA', 'es-ES_PEDRO', 'es-ES_ANA']), inputs: { lines: LINES }, message: 'PEDRO' },
    { name: 'without --lines and playlists not decoded', session: cover('playlists', 'unsupported') },
  ],
});

function wallas(n: number): Session {
  return edit((s) => {
    s.tracks = s.tracks.filter((t) => !t.name.includes('WALLA'));
    for (let i = 1; i <= n; i++) s.tracks.push(track(i % 2 ? `es-ES_WALLA_${i}` : `es-ES_GROUP_${i}`, [clip(`es-ES_WALLA_${i}_01`, HOUR)]));
  });
}

ruleTable('track/walla-limit', EDIT, {
  pass: [
    { name: 'one walla track', session: baseSession() },
    { name: '8 walla/group tracks', session: wallas(8), message: '8 walla/group tracks' },
    { name: 'WALLA only counts as the first character token', session: edit((s) => { for (let i = 0; i < 9; i++) s.tracks.push(track(`es-ES_MARIA_WALLA${i}`, [])); }) },
    { name: '9 with the option max 10', session: wallas(9), options: { max: 10 } },
    { name: 'non-audio tracks named walla do not count', session: edit((s) => { for (let i = 0; i < 9; i++) s.tracks.push(track(`es-ES_WALLA_BUS${i}`, [], { kind: 'aux' })); }) },
  ],
  fail: [
    { name: '9 walla/group tracks lists them', session: wallas(9), message: /9 walla\/group tracks, more than 8: .*es-ES_GROUP_8/, fails: 1 },
    { name: 'lowercase walla tracks count', session: edit((s) => { for (let i = 0; i < 8; i++) s.tracks.push(track(`es-es_walla_${i}`, [clip('x', HOUR)])); }), fails: 1 },
  ],
  unverified: [{ name: 'tracks partial', session: cover('tracks', 'partial') }],
});

