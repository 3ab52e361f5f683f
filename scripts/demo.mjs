#!/usr/bin/env node
// npm run demo: inspects the project's sample deliveries and prints the reports.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
for (const extra of ['demo-runs.mjs']) {
  const p = join(root, 'scripts', extra);
  if (existsSync(p)) runs.push(...(await import(p)).default(s));
}

for (const r of runs) {
  console.log(`\n=== ${r.title}\n$ inspect-session ${r.args.map((a) => a.replace(root + '/', '')).join(' ')} --format text\n`);
  const res = spawnSync(process.execPath, [cli, ...r.args, '--format', 'text', ...(process.env.NO_COLOR ? ['--no-color'] : [])], { stdio: 'inherit' });
  console.log(`(exit code ${res.status})`);
}
