#!/usr/bin/env node
// npm run demo: inspects the project's sample deliveries and prints the reports.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const s = (...p) => join(root, 'samples', ...p);

const runs = [
  {
    title: 'A clean Localized Edit Project (session model)',
    args: [s('localized-edit', 'clean.session.json'), '--policy', s('localized-edit', 'policy.json'), '--knp', s('localized-edit', 'knp.csv'), '--lines', s('localized-edit', 'lines.csv')],
  },
  {
    title: 'The same project with typical mistakes',
    args: [s('localized-edit', 'faulty.session.json'), '--policy', s('localized-edit', 'policy.json'), '--knp', s('localized-edit', 'knp.csv'), '--lines', s('localized-edit', 'lines.csv')],
  },
];
const side = ['--policy', s('localized-edit', 'policy.json'), '--knp', s('localized-edit', 'knp.csv'), '--lines', s('localized-edit', 'lines.csv')];
runs.push(
  {
    title: 'A delivery zip made by the project: Pro Tools session + Session Info as Text + Audio Files (what no view shows stays unverified)',
    args: [s('packages', 'Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip'), ...side],
  },
  {
    title: 'A faulty delivery zip: name token, reference video, printmaster, unused and missing audio, a plug-in, a stereo track',
    args: [s('packages', 'Show_PKG123_ep101_es-ES_LocalizedEditProject_2398_v2.zip'), ...side, '--quiet'],
  },
  {
    title: 'A session folder: the .ptx and its text export merged (the export reveals the plug-in, the hidden track, the offline file)',
    args: [s('session-text', 'Show_ep101'), '--quiet'],
  },
);
runs.push(...(await import('./demo-runs.mjs')).default(s));

for (const r of runs) {
  console.log(`\n=== ${r.title}\n$ inspect-session ${r.args.map((a) => a.replace(root + '/', '')).join(' ')} --format text\n`);
  const res = spawnSync(process.execPath, [cli, ...r.args, '--format', 'text', ...(process.env.NO_COLOR ? ['--no-color'] : [])], { stdio: 'inherit' });
  console.log(`(exit code ${res.status})`);
}
