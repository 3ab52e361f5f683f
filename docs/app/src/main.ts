/**
 * The drop-a-file QC page (docs/app/index.html). Every byte is read on this
 * computer through the library's browser build: the file is sliced with
 * Blob.slice (see blob-source.ts), nothing is fetched or uploaded (the page's
 * CSP forbids connections: connect-src 'none').
 */
import { detectFormat, isFormatError, readSession, renderHtml } from '../../../src/index.js';
import type { Report, Session } from '../../../src/index.js';
import { BlobSource } from './blob-source.js';
import { checkSession, unreadableReport } from './check.js';

const VERDICT_TEXT: Record<string, string> = { pass: 'PASS', fail: 'FAIL', unverified: 'UNVERIFIED', unreadable: 'UNREADABLE' };

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page is missing #${id}`);
  return el as T;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024, i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

function setStatus(text: string): void {
  byId('status').textContent = text;
}

/** Read, check and render one file; returns the report it showed. */
export async function inspectFile(file: File, profile: string): Promise<{ report: Report; html: string }> {
  setStatus(`Reading ${file.name} (${formatBytes(file.size)}) on this computer…`);
  const src = new BlobSource(file, file.name);
  let report: Report;
  let sessions: Session[] = [];
  const kind = await detectFormat(src, file.name);
  try {
    const session = await readSession(src, { path: file.name });
    sessions = [session];
    // sha256 is left null: hashing would mean reading the whole file into memory.
    report = await checkSession(session, {
      profile, delivery: file.name,
      input: { path: file.name, kind, sha256: null, bytes: file.size, bytesRead: src.bytesRead },
    });
  } catch (e) {
    if (!isFormatError(e)) throw e;
    report = unreadableReport({
      path: file.name, kind, sha256: null, bytes: file.size, bytesRead: src.bytesRead,
      error: { code: e.code, message: e.message, offset: e.offset },
    }, profile);
  }
  const html = renderHtml(report, { sessions });
  show(file.name, report, html);
  setStatus(`${file.name} (${formatBytes(file.size)}) was read on this computer; nothing was uploaded.`);
  return { report, html };
}

let lastUrl: string | null = null;

function show(name: string, report: Report, html: string): void {
  const verdict = byId('verdict');
  verdict.hidden = false;
  verdict.dataset.verdict = report.summary.verdict;
  verdict.className = `verdict verdict-${report.summary.verdict}`;
  verdict.textContent = `${VERDICT_TEXT[report.summary.verdict] ?? report.summary.verdict} · ${name}`;
  const frame = byId<HTMLIFrameElement>('sheet');
  frame.srcdoc = html;
  frame.hidden = false;
  if (lastUrl) URL.revokeObjectURL(lastUrl);
  lastUrl = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  const link = byId<HTMLAnchorElement>('download');
  link.href = lastUrl;
  link.download = `${name.replace(/\.[^.]*$/, '')}.qc.html`;
  link.hidden = false;
}

async function onFiles(files: FileList | null): Promise<void> {
  const file = files?.[0];
  if (!file) return;
  const profile = byId<HTMLSelectElement>('profile').value;
  try {
    await inspectFile(file, profile);
  } catch (e) {
    const verdict = byId('verdict');
    verdict.hidden = false;
    verdict.dataset.verdict = 'error';
    verdict.className = 'verdict verdict-unreadable';
    verdict.textContent = `Internal error · ${file.name}`;
    setStatus(`Internal error while reading ${file.name}: ${(e as Error)?.message ?? e}`);
  }
}

function setUp(): void {
  const input = byId<HTMLInputElement>('file');
  input.addEventListener('change', () => { void onFiles(input.files); });
  const zone = byId('drop');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    void onFiles(e.dataTransfer?.files ?? null);
  });
  document.body.dataset.ready = 'true';
}

setUp();
