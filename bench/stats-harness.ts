// What the stats benchmarks share: the compiled backend (`out/serve/serve.js`, as `npm run serve` runs
// it, plain node) on a URI, a Chromium page on it with the list's stats columns on, and the host-wide
// guest lock (real guests: one holder at a time on this shared machine).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config';
import { waitForLine } from './processes';

export const ROOT = join(import.meta.dirname, '..');

export function buildWeb(): void {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', 'web'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
}

export async function startServe(uri: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['out/serve/serve.js', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, KVMDESK_URI: uri },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const line = await waitForLine(proc, /KVM Desk: (http\S+)/, 60_000);
  return { proc, url: line.match[1] };
}

export async function openPage(url: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  // tsx compiles this file keeping function names (`__name(...)`): give the page a no-op of it
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript({
    content: 'localStorage.setItem(\'kvmdesk.guestList.columns\', \'["cpu","memory"]\');',
  });
  await page.goto(url);
  await page.getByTestId('list-sort-cpu').waitFor({ timeout: 30_000 });
  return { browser, page };
}

/** holds /tmp/kvmdesk-guest.lock (as `npm run test:e2e` does) until the returned function is called */
export async function takeGuestLock(): Promise<() => void> {
  const holder = spawn('flock', ['/tmp/kvmdesk-guest.lock', 'sh', '-c', 'echo locked; cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: holder.stdout! }).once('line', () => resolve());
    holder.once('exit', (code) => reject(new Error(`flock exited ${code}`)));
  });
  return () => holder.stdin!.end();
}
