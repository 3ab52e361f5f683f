/**
 * The HTML QC sheet in real headless Chromium: the banner, a failing row, the
 * timeline's clip count, and a screenshot (docs/img/qc-sheet.png when
 * UPDATE_SCREENSHOTS=1, a temporary file otherwise).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { TIMELINE_CLIP_COUNT, bigReport, bigSession, failingReport, timelineSession } from '../support/report-fixtures.js';
import { HAVE_CHROMIUM, SKIP_REASON, launchChromium, nonLocal, recordRequests, type Browser } from './chromium.js';

const SCREENSHOT = resolve(__dirname, '../../docs/img/qc-sheet.png');

describe.skipIf(!HAVE_CHROMIUM)(`HTML QC sheet in Chromium${SKIP_REASON}`, () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'si-sheet-'));
  beforeAll(async () => { browser = await launchChromium(); });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the banner and a failing row, draws every clip, and loads nothing from the network', async () => {
    const file = join(dir, 'sheet.html');
    writeFileSync(file, renderHtml(failingReport(), { sessions: [timelineSession()] }));
    const page = await browser.context.newPage();
    const requests = recordRequests(page);
    await page.goto(pathToFileURL(file).href);

    const banner = page.locator('header#verdict');
    expect(await banner.getAttribute('data-verdict')).toBe('fail');
    expect(await banner.locator('.verdict').innerText()).toBe('FAIL');
    expect(await banner.isVisible()).toBe(true);
    // The banner is red: the verdict is visible, not only in the markup.
    expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(198, 40, 40)');

    const failing = page.locator('tr.finding.fail.error');
    expect(await failing.count()).toBe(4);
    expect(await failing.first().innerText()).toContain('Track es-ES_MARIA has plug-in EQ3 7-Band on insert 1');
    expect(await failing.first().isVisible()).toBe(true);

    expect(await page.locator('svg.timeline rect.clip').count()).toBe(TIMELINE_CLIP_COUNT);
    expect(await page.locator('svg.timeline rect.clip.warn').count()).toBe(2);
    // Clips have a real size on screen (the SVG laid out, not collapsed).
    const box = await page.locator('svg.timeline rect.clip').first().boundingBox();
    expect(box!.width).toBeGreaterThan(10);
    expect(box!.height).toBeGreaterThan(5);

    const png = await page.screenshot({ fullPage: true });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const target = process.env.UPDATE_SCREENSHOTS === '1' ? SCREENSHOT : join(dir, 'qc-sheet.png');
    mkdirSync(resolve(target, '..'), { recursive: true });
    writeFileSync(target, png);
    console.log(`qc-sheet screenshot: ${target} (${png.length} bytes)`);
    expect(readFileSync(target).length).toBe(png.length);

    expect(nonLocal(requests)).toEqual([]);
    await page.close();
  });

  it('stays usable at 100 tracks × 5,000 clips: one path per track, all clips counted, failing clip marked', async () => {
    const file = join(dir, 'big.html');
    const html = renderHtml(bigReport(), { sessions: [bigSession(100, 5000)] });
    writeFileSync(file, html);
    const page = await browser.context.newPage();
    const t0 = performance.now();
    await page.goto(pathToFileURL(file).href);
    const loadMs = performance.now() - t0;
    const counts = await page.evaluate(() => {
      const paths = Array.from(document.querySelectorAll('svg.timeline path.clips'));
      return { paths: paths.length, clips: paths.reduce((k, p) => k + Number(p.getAttribute('data-clips')), 0), nodes: document.getElementsByTagName('*').length };
    });
    expect(counts.paths).toBe(100);
    expect(counts.clips).toBe(500_000);
    expect(counts.nodes).toBeLessThan(5_000);
    expect(await page.locator('svg.timeline rect.clip-mark.warn').count()).toBe(1);
    // A figure, not an assertion: how long Chromium took to open the page.
    console.log(`big sheet: ${html.length} bytes, ${counts.nodes} elements, loaded in ${loadMs.toFixed(0)} ms (100 tracks x 5,000 clips)`);
    await page.close();
  });
});
