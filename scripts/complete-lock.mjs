#!/usr/bin/env node
// The registry reachable here serves only this platform's optional binaries
// (rollup, esbuild), so `npm install` writes a lock without the other
// platforms' entries and `npm ci` then refuses the lock. This adds the missing
// optional entries (version only, marked optional) so `npm ci` accepts the
// lock on any machine; npm skips optional packages that do not fit or fail.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(pkgs)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = key === '' ? '' : `${key}/`;
    const nested = `${base}node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (pkgs[nested] || pkgs[top]) continue;
    const version = String(range).replace(/^[\^~=]/, '');
    pkgs[top] = { version, optional: true, ...(entry.dev ? { dev: true } : {}) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lock: added ${added} optional entries`);
