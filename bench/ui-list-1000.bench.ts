// 1,000 guests on libvirt's test driver, through the browser shell in Debian Chromium:
// - list painted: page load -> the 1,000th guest known and the first rows on screen (goal < 1 s);
//   peer: `virsh list --all` on the same 1,000 guests
// - event -> row: a state change made through the app's own api (the test driver's state is per
//   connection, so virsh could not change it) until the row shows it, p95 (goal < 100 ms)
// - the main process's (serve) RSS with the 1,000 guests loaded (goal < 200 MB)
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config';
import { median, percentile, report } from './report';
import { writeDriverXml } from './test-driver';

const ROOT = join(import.meta.dirname, '..');
const XML = '/tmp/kvmdesk-bench-1000.xml';
const URI = `test+unix://${XML}`;
const GUESTS = 1000;
const LOADS = 5;
const EVENTS = 40;

async function startServe(): Promise<{ proc: ChildProcess; url: string }> {
  // the compiled backend, as `npm run serve` runs it (plain node, no tsx)
  const proc = spawn(process.execPath, ['out/serve/serve.js', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, KVMDESK_URI: URI },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /KVM Desk: (http\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return { proc, url };
}

/** ms from navigation start until all guests are known and rows are on screen */
async function timeListPainted(browser: Browser, url: string): Promise<number> {
  const page = await newPage(browser);
  await page.goto(url);
  const handle = await page.waitForFunction(
    (total) => {
      const count = document.querySelector('[data-testid="guest-count"]')?.textContent;
      const rows = document.querySelectorAll('[role="option"]').length;
      return count === `${total} guests` && rows > 0 ? performance.now() : false;
    },
    GUESTS,
    { polling: 'raf', timeout: 30_000 },
  );
  const ms = (await handle.jsonValue()) as number;
  await page.close();
  return ms;
}

/** click Pause/Resume on a guest and time until its row shows the new state (next frame) */
async function timeStateChanges(page: Page): Promise<{ clickToRow: number[]; wsToRow: number[] }> {
  const clickToRow: number[] = [];
  const wsToRow: number[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const name = `kvmdesk-bench-${String(i % 10).padStart(4, '0')}`;
    await page.getByTestId(`vm-${name}`).click();
    const r = await page.evaluate(async (name) => {
      const w = window as unknown as { __kdVmEventAt?: number };
      const stateEl = () => document.querySelector(`[data-testid="vm-${CSS.escape(name)}-state"]`);
      const before = stateEl()?.getAttribute('data-state');
      const button = (document.querySelector('[data-testid="toolbar-pause"]') ??
        document.querySelector('[data-testid="toolbar-resume"]')) as HTMLButtonElement;
      w.__kdVmEventAt = undefined;
      const t0 = performance.now();
      button.click();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no state change for ${name}`)), 10_000);
        const obs = new MutationObserver(() => {
          if (stateEl()?.getAttribute('data-state') !== before) {
            obs.disconnect();
            clearTimeout(timer);
            resolve();
          }
        });
        obs.observe(document.body, { subtree: true, attributes: true, childList: true });
      });
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const t1 = performance.now();
      return { click: t1 - t0, ws: w.__kdVmEventAt === undefined ? undefined : t1 - w.__kdVmEventAt };
    }, name);
    clickToRow.push(r.click);
    if (r.ws !== undefined) wsToRow.push(r.ws);
  }
  return { clickToRow, wsToRow };
}

/** tsx compiles this file keeping function names (`__name(...)`): give the page a no-op of it */
async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  return page;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

function timeVirshList(): number {
  const t0 = performance.now();
  const out = execFileSync('virsh', ['-c', URI, 'list', '--all'], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (!out.includes(`kvmdesk-bench-${String(GUESTS - 1).padStart(4, '0')}`))
    throw new Error('virsh missed guests');
  return ms;
}

export default async function bench() {
  writeDriverXml(GUESTS, XML);
  const build = spawnSync(process.execPath, ['scripts/build.mjs', 'web'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const { proc, url } = await startServe();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const paints: number[] = [];
    for (let i = 0; i < LOADS; i++) paints.push(await timeListPainted(browser, url));

    const page = await newPage(browser);
    // note when a vm.changed event arrives on the api WebSocket, before the app handles it
    await page.addInitScript(() => {
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(...args: ConstructorParameters<typeof WebSocket>) {
          super(...args);
          this.addEventListener('message', (e) => {
            if (typeof e.data === 'string' && e.data.includes('"vm.changed"')) {
              (window as unknown as { __kdVmEventAt?: number }).__kdVmEventAt = performance.now();
            }
          });
        }
      };
    });
    await page.goto(url);
    await page
      .getByTestId('guest-count')
      .filter({ hasText: `${GUESTS} guests` })
      .waitFor({ timeout: 30_000 });
    const { clickToRow, wsToRow } = await timeStateChanges(page);
    const rss = rssMiB(proc.pid!);

    const virsh: number[] = [];
    for (let i = 0; i < LOADS; i++) virsh.push(timeVirshList());

    const paint = median(paints);
    const peer = median(virsh);
    report({
      name: 'ui-list-1000-paint',
      unit: 'ms',
      ours: paint,
      peer,
      peerName: 'virsh list --all',
      ratio: paint / peer,
      goal: 'list painted < 1000 ms after page load',
      met: paint < 1000,
      runs: LOADS,
      extra: { paintsMs: paints.map(Math.round), virshMs: virsh.map(Math.round) },
    });
    const p95 = percentile(clickToRow, 95);
    report({
      name: 'ui-list-1000-event',
      unit: 'ms',
      ours: p95,
      goal: 'p95 api call -> event -> row painted < 100 ms',
      met: p95 < 100,
      runs: clickToRow.length,
      extra: {
        medianMs: Math.round(median(clickToRow) * 10) / 10,
        wsMessageToRowP95Ms: wsToRow.length ? Math.round(percentile(wsToRow, 95) * 10) / 10 : null,
      },
    });
    report({
      name: 'ui-list-1000-rss',
      unit: 'MiB',
      ours: rss,
      goal: 'serve (main process) RSS < 200 MiB with 1,000 guests',
      met: rss < 200,
      runs: 1,
    });
    await page.close();
  } finally {
    await browser.close();
    proc.kill('SIGTERM');
    rmSync(XML, { force: true });
  }
}
