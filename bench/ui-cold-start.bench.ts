// Cold start to the guest list on screen, ours against virt-manager, on the same test-driver file of N
// guests (1,000 and 10), alternating in one run; then both sides' idle CPU over 60 s, side by side.
// - ours: the clock starts when `npm run -s serve` is spawned (what a user types; the build is fresh, as
//   after the first start) and a fresh headless Chromium is launched at the same moment (as Electron starts
//   its own, with its page); the page is pointed at the URL when serve prints it; it stops at the frame after the rows and the
//   count "N guests" are in the page (a MutationObserver + requestAnimationFrame in the page, wall clock).
// - virt-manager: `dbus-run-session -- virt-manager --debug --no-fork -c test+unix:///FILE` under Xvfb
//   with a throwaway HOME (it saves URIs in dconf and builds a `default` pool on every connection); the
//   display is captured with xwd every 250 ms and the rows count as shown at the first capture whose list
//   area is mostly white with row text on it (the empty list is white, the bare root window black); the
//   figure is the midpoint between that capture and the one before (±125 ms).
// - idle: CPU time (utime+stime from /proc) over 60 s of serve (npm, sh and node) plus Chromium's
//   renderer processes with the page open, against virt-manager's process, both showing 1,000 guests.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config';
import { cmdline, cpuMs, descendants, now, stopGroup, waitForLine } from './processes';
import { median, report } from './report';
import { writeDriverXml } from './test-driver';
import { startXvfb, stopVirtManager, virtManagerCold } from './virt-manager-peer';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.KVMDESK_BENCH_RUNS ?? 5);
const IDLE_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function driverXml(n: number): string {
  const file = join(tmpdir(), `kvmdesk-bench-cold-${n}.xml`);
  writeDriverXml(n, file);
  return file;
}

// The page notes the frame after the rows and the full count are in the DOM, and (for the report) when
// its api socket opened and the snapshot arrived.
const ROWS_SCRIPT = (total: number) => `
(() => {
  const marks = (window.__kdMarks = {});
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...a) {
      super(...a);
      this.addEventListener('open', () => { marks.wsOpen ??= performance.timeOrigin + performance.now(); });
      this.addEventListener('message', (e) => {
        if (typeof e.data === 'string' && e.data.startsWith('{"id":1,')) marks.snapshot ??= performance.timeOrigin + performance.now();
      });
    }
  };
  document.addEventListener('DOMContentLoaded', () => { marks.dcl = performance.timeOrigin + performance.now(); });
  const done = () => {
    const count = document.querySelector('[data-testid="guest-count"]')?.textContent;
    return count === '${total} guests' && document.querySelectorAll('[role="option"]').length > 0;
  };
  const check = () => {
    if (window.__kdRowsAt || !done()) return;
    obs.disconnect();
    requestAnimationFrame(() => { window.__kdRowsAt = performance.timeOrigin + performance.now(); });
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { subtree: true, childList: true, characterData: true });
})();`;

interface OursRun {
  ms: number;
  phases: Record<string, number>;
  serve: ChildProcess;
  browser: Browser;
}

/** spawns serve and Chromium together; resolves when the rows are painted (both left running) */
async function oursCold(xml: string, total: number): Promise<OursRun> {
  // a concurrent edit of the sources would make this start build: build first, untimed
  spawnSync(process.execPath, ['scripts/build.mjs', 'web'], { cwd: ROOT, stdio: 'ignore' });
  const t0 = now();
  const serve = spawn('npm', ['run', '-s', 'serve', '--', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, KVMDESK_URI: `test+unix://${xml}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let built = false;
  let browserAt = 0;
  serve.stderr!.on('data', (d: Buffer) => {
    if (d.toString().includes('KVM Desk: building')) built = true;
  });
  // the window comes up while the backend starts, as Electron's does; it is pointed at the URL once printed
  const [{ browser, page }, line] = await Promise.all([
    chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS }).then(async (b) => {
      const p = await b.newPage({ viewport: { width: 1280, height: 800 } });
      await p.addInitScript({ content: ROWS_SCRIPT(total) });
      browserAt = now();
      return { browser: b, page: p };
    }),
    waitForLine(serve, /KVM Desk: (http\S+)/, 60_000),
  ]);
  await page.goto(line.match[1]);
  const rowsAt = await page
    .waitForFunction(() => (window as unknown as { __kdRowsAt?: number }).__kdRowsAt, undefined, {
      polling: 100,
      timeout: 60_000,
    })
    .catch(async (err) => {
      await page.screenshot({ path: join(ROOT, 'bench/results/ui-cold-start-failed.png') }).catch(() => {});
      throw err;
    });
  const at = (await rowsAt.jsonValue()) as number;
  const m = (await page.evaluate(
    () => (window as unknown as { __kdMarks: Record<string, number> }).__kdMarks,
  )) as Record<string, number>;
  const phases = {
    browserLaunched: browserAt - t0,
    urlPrinted: line.at - t0,
    navigationStart: (await page.evaluate(() => performance.timeOrigin)) - t0,
    domContentLoaded: m.dcl - t0,
    apiSocketOpen: m.wsOpen - t0,
    snapshotArrived: m.snapshot - t0,
    rowsPainted: at - t0,
  };
  if (built) {
    // the sources changed under us (another edit): this start built, so it is not a like-for-like start
    await browser.close();
    await stopGroup(serve);
    return oursCold(xml, total);
  }
  return { ms: at - t0, phases, serve, browser };
}

export default async function bench(): Promise<void> {
  const x = startXvfb();
  await sleep(1000);
  const files = { 1000: driverXml(1000), 10: driverXml(10) };
  const results: Record<
    number,
    { ours: number[]; phases: Record<string, number>[]; peer: number[]; showing: number[] }
  > = {
    1000: { ours: [], phases: [], peer: [], showing: [] },
    10: { ours: [], phases: [], peer: [], showing: [] },
  };
  try {
    for (let r = 0; r < RUNS; r++) {
      for (const n of [1000, 10] as const) {
        const o = await oursCold(files[n], n);
        await o.browser.close();
        await stopGroup(o.serve);
        results[n].ours.push(o.ms);
        results[n].phases.push(o.phases);
        const v = await virtManagerCold(files[n], x.display);
        await stopVirtManager(v);
        results[n].peer.push(v.ms);
        if (v.showingManagerMs !== undefined) results[n].showing.push(v.showingManagerMs);
      }
    }
    for (const n of [1000, 10] as const) {
      const o = median(results[n].ours);
      const p = median(results[n].peer);
      const goal = n === 1000 ? 0.25 : 1.0;
      report({
        name: `ui-cold-start-${n}`,
        unit: 'ms',
        ours: o,
        peer: p,
        peerName: 'virt-manager under Xvfb (xwd every 250 ms)',
        ratio: o / p,
        goal: `ratio <= ${goal}`,
        met: o / p <= goal,
        runs: RUNS,
        extra: {
          guests: n,
          oursTimed:
            'spawn `npm run -s serve` + launch headless Chromium together -> frame after N rows in the page',
          peerTimed:
            'spawn virt-manager (dbus-run-session, fresh HOME) -> first xwd capture with rows (midpoint)',
          oursMs: results[n].ours.map(Math.round),
          oursPhasesMedianMs: Object.fromEntries(
            Object.keys(results[n].phases[0]).map((k) => [
              k,
              Math.round(median(results[n].phases.map((p) => p[k]))),
            ]),
          ),
          peerMs: results[n].peer.map(Math.round),
          peerShowingManagerLogMs: results[n].showing.map(Math.round),
        },
      });
    }

    // idle: both sides up with 1,000 guests, side by side
    const o = await oursCold(files[1000], 1000);
    const v = await virtManagerCold(files[1000], x.display);
    try {
      await sleep(5000);
      const servePids = [o.serve.pid!, ...descendants(o.serve.pid!)];
      // Chromium's processes: this process's descendants outside serve's and virt-manager's groups
      const others = new Set([...servePids, v.proc.pid!, ...descendants(v.proc.pid!)]);
      const chromiumAll = descendants(process.pid).filter((p) => !others.has(p) && /chrom/.test(cmdline(p)));
      const renderers = chromiumAll.filter((p) => cmdline(p).includes('--type=renderer'));
      const vmm = descendants(v.proc.pid!).filter((p) => cmdline(p).includes('virt-manager'));
      const c0 = {
        serve: cpuMs(servePids),
        renderers: cpuMs(renderers),
        all: cpuMs(chromiumAll),
        vmm: cpuMs(vmm),
      };
      await sleep(IDLE_MS);
      const c1 = {
        serve: cpuMs(servePids),
        renderers: cpuMs(renderers),
        all: cpuMs(chromiumAll),
        vmm: cpuMs(vmm),
      };
      const ours = c1.serve - c0.serve + (c1.renderers - c0.renderers);
      const peer = c1.vmm - c0.vmm;
      report({
        name: 'ui-idle-cpu-1000',
        unit: 'ms CPU per 60 s',
        ours,
        peer,
        peerName: 'virt-manager (its python process)',
        ratio: ours / peer,
        goal: 'ratio <= 0.02',
        met: ours / peer <= 0.02,
        runs: 1,
        extra: {
          guests: 1000,
          oursTimed: 'utime+stime of npm, sh and node (serve) + Chromium renderer processes, page open',
          peerTimed: "utime+stime of virt-manager's process, window showing the list",
          serveMs: c1.serve - c0.serve,
          chromiumRendererMs: c1.renderers - c0.renderers,
          chromiumAllProcessesMs: c1.all - c0.all,
        },
      });
    } finally {
      await o.browser.close();
      await stopGroup(o.serve);
      await stopVirtManager(v);
    }
  } finally {
    x.proc.kill('SIGTERM');
    for (const f of Object.values(files)) rmSync(f, { force: true });
  }
}
