#!/usr/bin/env node
// npm run docs: writes docs/rules/<id>.md and docs/rules/README.md from the rule metadata (built package).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES, renderRuleDoc, renderRulesIndex } from '../dist/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'rules');
for (const rule of RULES) {
  const file = join(dir, `${rule.id}.md`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderRuleDoc(rule));
}
writeFileSync(join(dir, 'README.md'), renderRulesIndex(RULES));
console.log(`wrote ${RULES.length} rule pages to ${dir}`);
