/**
 * The QC page with real files of every input family: a Pro Tools session, an
 * AAF, a Session Info as Text export, a WAV, and a delivery zip (made here
 * from a corpus text export and WAV). Each goes in through the file chooser;
 * the page must show the same verdict and clip count as the library in Node.
 * Skips, saying so, when the corpus or Chromium is absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSession } from '../../src/index.js';
import { readSessionFile } from '../../src/node/index.js';
import { visibleClips } from '../../src/report/timeline.js';
import { HAVE_CORPUS, corpusPath } from '../support/corpus.js';
import { writeZip } from '../support/zip-writer.js';
import { HAVE_CHROMIUM, SKIP_REASON, launchChromium, nonLocal, recordRequests, type Browser } from './chromium.js';

const ROOT = resolve(__dirname, '../..');
const APP = pathToFileURL(resolve(ROOT, 'docs/app/index.html')).href;

const SAMPLES = [
  corpusPath('ptx', 'RegionTest.ptx'),
  corpusPath('aaf', 'files', 'MC_Fades.aaf'),
  corpusPath('session-text', 'SessionText_OneOfEverything_23-976fps_DefaultExportOptions_PT2020.3.txt'),
  corpusPath('wav', 'protools_umid.wav'),
];

async function chooseFile(page: Page, file: string): Promise<string> {
  await page.evaluate(() => { delete document.getElementById('verdict')!.dataset.verdict; });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#file')]);
  await chooser.setFiles(file);
  await page.waitForFunction(() => !!document.getElementById('verdict')?.dataset.verdict, undefined, { timeout: 30_000 });
  return (await page.locator('#verdict').getAttribute('data-verdict'))!;
}

/** What Node says: verdict and clip count (or 'unreadable'). */
async function expectedFor(file: string): Promise<{ verdict: string; clips: number | null }> {
  try {
    const s = await readSessionFile(file);
    return { verdict: checkSession(s, { profile: 'auto' }).summary.verdict, clips: s.tracks.reduce((k, t) => k + visibleClips(t).length, 0) };
  } catch {
    return { verdict: 'unreadable', clips: null };
  }
}

describe.skipIf(!HAVE_CHROMIUM || !HAVE_CORPUS)(`QC page with corpus files${SKIP_REASON}${HAVE_CORPUS ? '' : ' (skipped: corpus not found)'}`, () => {
  let browser: Browser;
  let page: Page;
  let requests: string[];
  const dir = mkdtempSync(join(tmpdir(), 'si-app-corpus-'));
  const zip = join(dir, 'Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip');

  beforeAll(async () => {
    if (!existsSync(resolve(ROOT, 'docs/app/app.js'))) execFileSync(process.execPath, [resolve(ROOT, 'scripts/build-app.mjs')], { cwd: ROOT, stdio: 'pipe' });
    writeFileSync(zip, writeZip([
      { name: 'Show/Show.txt', data: readFileSync(SAMPLES[2]), method: 'deflated' },
      { name: 'Show/Audio Files/protools_umid.wav', data: readFileSync(SAMPLES[3]), method: 'stored' },
    ]));
    browser = await launchChromium();
    page = await browser.context.newPage();
    requests = recordRequests(page);
    await page.goto(APP);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const file of [...SAMPLES, zip]) {
    it(`${basename(file)}: the page's verdict and timeline match Node`, async () => {
      const expected = await expectedFor(file);
      const verdict = await chooseFile(page, file);
      expect(verdict).toBe(expected.verdict);
      const sheet = page.frameLocator('#sheet');
      expect(await sheet.locator('header#verdict').getAttribute('data-verdict')).toBe(expected.verdict);
      if (expected.clips !== null) {
        const svg = sheet.locator('svg.timeline').first();
        expect(await svg.getAttribute('data-clips')).toBe(String(expected.clips));
      }
      console.log(`${basename(file)}: ${verdict}${expected.clips !== null ? `, ${expected.clips} clips` : ''}`);
    });
  }

  it('made no request off the machine', () => {
    expect(nonLocal(requests)).toEqual([]);
  });
});
