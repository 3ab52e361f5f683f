/**
 * The drop-a-file QC page (docs/app) in Chromium, opened from disk (file://,
 * no server): a sample session goes in through the file chooser, the page
 * shows the verdict and the HTML sheet, and no request leaves the machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSession } from '../../src/index.js';
import { readSessionFile } from '../../src/node/index.js';
import { visibleClips } from '../../src/report/timeline.js';
import { HAVE_CHROMIUM, SKIP_REASON, launchChromium, nonLocal, recordRequests, type Browser } from './chromium.js';

const ROOT = resolve(__dirname, '../..');
const APP = pathToFileURL(resolve(ROOT, 'docs/app/index.html')).href;
const FAULTY = resolve(ROOT, 'samples/localized-edit/faulty.session.json');

async function chooseFile(page: Page, file: string): Promise<string> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#file')]);
  await chooser.setFiles(file);
  await page.waitForFunction(() => !!document.getElementById('verdict')?.dataset.verdict);
  return (await page.locator('#verdict').getAttribute('data-verdict'))!;
}

describe.skipIf(!HAVE_CHROMIUM)(`QC page (docs/app) in Chromium${SKIP_REASON}`, () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'si-app-'));
  const broken = join(dir, 'Broken.ptx');

  beforeAll(async () => {
    execFileSync(process.execPath, [resolve(ROOT, 'scripts/build-app.mjs')], { cwd: ROOT, stdio: 'pipe' });
    // Pro Tools magic, then nothing: a truncated session.
    writeFileSync(broken, Buffer.concat([Buffer.from([0x03]), Buffer.from('0010111100101011'), Buffer.alloc(3)]));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a sample chosen in the file chooser and shows the same verdict as Node, all locally', async () => {
    // What the library says in Node about the same file.
    const session = await readSessionFile(FAULTY);
    const expected = checkSession(session, { profile: 'netflix-localized-edit' });
    expect(expected.summary.verdict).toBe('fail');

    const page = await browser.context.newPage();
    const requests = recordRequests(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(APP);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    await page.selectOption('#profile', 'netflix-localized-edit');

    const verdict = await chooseFile(page, FAULTY);
    expect(verdict).toBe('fail');
    expect(await page.locator('#verdict').innerText()).toBe('FAIL · faulty.session.json');
    expect(await page.locator('#status').innerText()).toContain('nothing was uploaded');

    const sheet = page.frameLocator('#sheet');
    expect(await sheet.locator('header#verdict').getAttribute('data-verdict')).toBe('fail');
    expect(await sheet.locator('tr.finding.fail').count()).toBe(expected.summary.fail);
    expect(await sheet.locator('svg.timeline g.track').count()).toBe(session.tracks.length);
    expect(await sheet.locator('svg.timeline rect.clip').count()).toBe(session.tracks.reduce((k, t) => k + visibleClips(t).length, 0));
    expect(await page.locator('#download').getAttribute('download')).toBe('faulty.session.qc.html');
    if (process.env.APP_SCREENSHOT) await page.screenshot({ path: process.env.APP_SCREENSHOT, fullPage: false });

    expect(errors).toEqual([]);
    expect(nonLocal(requests)).toEqual([]);
    await page.close();
  });

  it('shows an unreadable file as UNREADABLE with the reason and byte offset', async () => {
    const page = await browser.context.newPage();
    await page.goto(APP);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    expect(await chooseFile(page, broken)).toBe('unreadable');
    const sheet = page.frameLocator('#sheet');
    expect(await sheet.locator('header#verdict').getAttribute('data-verdict')).toBe('unreadable');
    expect(await sheet.locator('tr.unreadable').innerText()).toMatch(/Broken\.ptx[\s\S]*at byte offset \d+/);
    await page.screenshot({ path: join(dir, 'app-unreadable.png') });
    await page.close();
  });
});
