/**
 * The library's browser build (the dist/browser entry of tsup.config.ts) in
 * real Chromium: a test page loads the bundle, reads a sample session from
 * bytes, prints its verdict, and renders the HTML sheet in the page.
 *
 * The bundle is built fresh from tsup.config.ts's browser entry into a
 * temporary folder, and served to the page from a stub origin answered by
 * page.route (no server, no network).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tsupConfig from '../../tsup.config.js';
import { checkSession } from '../../src/index.js';
import { readSessionFile } from '../../src/node/index.js';
import { TIMELINE_CLIP_COUNT, failingReport, timelineSession } from '../support/report-fixtures.js';

const FAULTY = resolve(__dirname, '../../samples/localized-edit/faulty.session.json');
import { HAVE_CHROMIUM, SKIP_REASON, launchChromium, nonLocal, recordRequests, type Browser } from './chromium.js';

const ORIGIN = 'http://inspector.test';
const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>bundle test</title>
<script src="index.global.js"></script></head><body><pre id="out"></pre></body></html>`;
/** A page that loads the ES module build (module scripts need an http(s) origin: the stub). */
const MODULE_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>module test</title>
<script type="module">import * as lib from './index.js'; window.lib = lib;</script></head><body></body></html>`;

/** The browser entry of tsup.config.ts (the config object whose outDir is dist/browser). */
function browserConfig(): Options {
  const all = (Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]) as Options[];
  const cfg = all.find((c) => c.outDir === 'dist/browser');
  if (!cfg) throw new Error('tsup.config.ts has no entry with outDir dist/browser');
  return cfg;
}

describe('browser build config', () => {
  it('bundles src/index.ts for the browser with every dependency inlined', () => {
    const cfg = browserConfig();
    expect(cfg.platform).toBe('browser');
    expect(cfg.entry).toEqual({ index: 'src/index.ts' });
    expect(cfg.format).toEqual(['esm', 'iife']);
    expect(cfg.noExternal).toBeDefined();
  });
});

const out = mkdtempSync(join(tmpdir(), 'si-bundle-'));
const files = new Map<string, Buffer>();
beforeAll(async () => {
  await build({ ...browserConfig(), config: false, outDir: out, silent: true, clean: false, sourcemap: false });
  for (const f of readdirSync(out)) files.set(f, readFileSync(join(out, f)));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('browser bundle', () => {
  it('has no node: imports, require() calls or Buffer uses', () => {
    expect([...files.keys()].sort()).toEqual(['index.global.js', 'index.js']);
    for (const name of ['index.js', 'index.global.js']) {
      const text = files.get(name)!.toString('utf8');
      expect(text).not.toMatch(/\bfrom\s*["']node:|import\(["']node:|require\(["']node:/);
      expect(text).not.toMatch(/\bBuffer\.(from|alloc|isBuffer|concat)\b/);
      expect(text).toContain('renderHtml');
    }
  });
});

describe.skipIf(!HAVE_CHROMIUM)(`library browser build in Chromium${SKIP_REASON}`, () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchChromium(); });
  afterAll(async () => { await browser?.close(); });

  it('reads a sample session from bytes in a page and prints the same verdict as Node', async () => {
    const page = await browser.context.newPage();
    const requests = recordRequests(page);
    await page.route(`${ORIGIN}/**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(1) || 'index.html';
      if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: PAGE });
      const body = files.get(name);
      return body ? route.fulfill({ contentType: 'text/javascript', body }) : route.fulfill({ status: 404, body: '' });
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${ORIGIN}/index.html`);

    const bytes = [...readFileSync(FAULTY)];
    const session = await readSessionFile(FAULTY);
    const expected = checkSession(session, { profile: 'netflix-localized-edit' });
    const printed = await page.evaluate(async (data) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const lib = (window as any).SessionInspector;
      const session = await lib.readSession(new Uint8Array(data), { path: 'faulty.session.json' });
      const clips = session.tracks.reduce((k: number, t: { playlists: Array<{ clips: Array<{ isFadeRender: boolean }> }> }) => k + t.playlists[0].clips.filter((c) => !c.isFadeRender).length, 0);
      const report = lib.checkSession(session, { profile: 'netflix-localized-edit' });
      const line = `${session.name}: ${session.sampleRate} Hz, ${session.tracks.length} tracks, ${clips} clips; verdict: ${report.summary.verdict} (${report.summary.errors} errors)`;
      document.getElementById('out')!.textContent = line;
      return line;
    }, bytes);
    console.log(`browser bundle printed: ${printed}`);
    const clips = session.tracks.reduce((k, t) => k + t.playlists[0].clips.filter((c) => !c.isFadeRender).length, 0);
    expect(printed).toBe(`${session.name}: ${session.sampleRate} Hz, ${session.tracks.length} tracks, ${clips} clips; verdict: fail (${expected.summary.errors} errors)`);
    expect(await page.locator('#out').innerText()).toBe(printed);
    expect(errors).toEqual([]);
    expect(nonLocal(requests, [ORIGIN])).toEqual([]);
    await page.close();
  });

  it('renders the HTML sheet in the page from the ES module build', async () => {
    const page = await browser.context.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === '' || name === 'index.html') return route.fulfill({ contentType: 'text/html', body: MODULE_PAGE });
      const body = files.get(name);
      return body ? route.fulfill({ contentType: 'text/javascript', body }) : route.fulfill({ status: 404, body: '' });
    });
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(() => 'lib' in window);
    const result = await page.evaluate(async ({ report, session }) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const lib = (window as any).lib;
      const parsed = await lib.readSession(new TextEncoder().encode(session), { path: 'Show.session.json' });
      const html: string = lib.renderHtml(JSON.parse(report), { sessions: [parsed] });
      const doc = new DOMParser().parseFromString(html, 'text/html');
      return {
        verdict: doc.querySelector('header#verdict')?.getAttribute('data-verdict'),
        failingRows: doc.querySelectorAll('tr.finding.fail').length,
        clips: doc.querySelectorAll('svg.timeline rect.clip').length,
        junit: (lib.renderJunit(JSON.parse(report)) as string).startsWith('<?xml'),
        sarif: JSON.parse(lib.renderSarif(JSON.parse(report))).version,
      };
    }, { report: JSON.stringify(failingReport()), session: JSON.stringify(timelineSession()) });
    expect(result).toEqual({ verdict: 'fail', failingRows: 6, clips: TIMELINE_CLIP_COUNT, junit: true, sarif: '2.1.0' });
    await page.close();
  });
});
