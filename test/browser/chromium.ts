/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium (installed
 * by scripts/install-chromium.sh) driven by playwright-core, which never
 * downloads a browser of its own. Tests skip, saying why, when it is absent.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_REASON = HAVE_CHROMIUM ? '' : ` (skipped: ${CHROMIUM} not found; run scripts/install-chromium.sh or set CHROMIUM_PATH)`;

if (!HAVE_CHROMIUM) {
  // eslint-disable-next-line no-console
  console.warn(`browser tests skipped: ${CHROMIUM} not found (run scripts/install-chromium.sh, or set CHROMIUM_PATH)`);
}

/** Flags for a quiet, offline, throw-away browser. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export type Browser = { context: BrowserContext; close: () => Promise<void> };

/** A fresh browser with its own --user-data-dir (a new temporary profile). */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'si-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Records every request a page makes. The pages under test must stay local:
 * only file:, data:, blob: and about: URLs (and the test's own stub origin,
 * answered by page.route without any network) are allowed.
 */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

export function nonLocal(urls: string[], allowedOrigins: string[] = []): string[] {
  return urls.filter((u) => !/^(file|data|blob|about):/.test(u) && !allowedOrigins.some((o) => u.startsWith(o)));
}
