// Opening three saved connections at start: the time until all three hosts' guest lists are on screen,
// against opening the slowest of them alone (goal <= 1.2x: they open in parallel). Through the browser
// shell, as ui-cold-start measures one list: the clock starts when `npm run -s serve` is spawned with a
// connections.json of the hosts (build done before, untimed; Chromium already up, a fresh page each time,
// pointed at the URL when serve prints it); it stops at the frame after the marker guest of every host is
// in the page (a MutationObserver + requestAnimationFrame in the page, wall clock).
// The three: qemu:///system (a kvmdesk-test marker guest defined for the run), a test-driver file over
// ssh (test+ssh:// through the loopback sshd of tests/support, 10 guests) and a local test-driver file
// (test+unix://, 10 guests). Every one is also started alone, the rounds alternating the order; the
// slowest alone is the one with the highest median.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config';
import { CAN_SSHD, startLoopbackSshd } from '../tests/support/loopback-sshd';
import { now, stopGroup, waitForLine } from './processes';
import { median, report } from './report';
import { writeDriverXml } from './test-driver';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.KVMDESK_BENCH_RUNS ?? 5);
const MARKER = `kvmdesk-test-bench-start-${process.pid}`;

interface Host {
  key: 'system' | 'ssh' | 'test';
  uri: string;
  /** a guest only this host lists: its row on screen means this host's list is */
  marker: string;
}

// the page notes when each marker row is in the DOM, and the frame after the last
const MARKS_SCRIPT = (markers: string[]) => `
(() => {
  const want = ${JSON.stringify(markers)};
  const seen = (window.__kdSeen = {});
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (e) => {
        if (typeof e.data === 'string' && e.data.startsWith('{"id":1,')) seen.snapshot ??= performance.timeOrigin + performance.now();
      });
    }
  };
  const check = () => {
    for (const m of want)
      if (!seen[m] && document.querySelector('[data-testid="vm-' + m + '"]')) seen[m] = performance.timeOrigin + performance.now();
    if (window.__kdAllAt || want.some((m) => !seen[m])) return;
    obs.disconnect();
    requestAnimationFrame(() => { window.__kdAllAt = performance.timeOrigin + performance.now(); });
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { subtree: true, childList: true, attributes: true });
})();`;

/** a test-driver file of 10 shut-off guests named prefix-NNNN */
function driverFile(dir: string, prefix: string): { file: string; marker: string } {
  const file = join(dir, `${prefix}.xml`);
  writeDriverXml(10, file, { shutOff: true });
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll('kvmdesk-bench-', `${prefix}-`));
  return { file, marker: `${prefix}-0000` };
}

export default async function bench(): Promise<void> {
  if (!CAN_SSHD) throw new Error('needs root to start the loopback sshd (the ssh host)');
  const dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-bench-start-'));
  chmodSync(dir, 0o700);
  let sshd: ChildProcess | undefined;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const started = await startLoopbackSshd(dir);
    sshd = started.child;
    writeFileSync(
      join(dir, 'known_hosts'),
      execFileSync('ssh-keyscan', ['-p', String(started.port), '127.0.0.1'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    writeFileSync(
      join(dir, 'marker.xml'),
      `<domain type='qemu'><name>${MARKER}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`,
    );
    execFileSync('virsh', ['-c', 'qemu:///system', 'define', join(dir, 'marker.xml')], { stdio: 'ignore' });
    const overSsh = driverFile(dir, 'kvmdesk-bench-ssh');
    const local = driverFile(dir, 'kvmdesk-bench-local');
    const sshParams = `keyfile=${join(dir, 'client_key')}&known_hosts=${join(dir, 'known_hosts')}`;
    const hosts: Host[] = [
      { key: 'system', uri: 'qemu:///system', marker: MARKER },
      {
        key: 'ssh',
        uri: `test+ssh://root@127.0.0.1:${started.port}${overSsh.file}?${sshParams}`,
        marker: overSsh.marker,
      },
      { key: 'test', uri: `test+unix://${local.file}`, marker: local.marker },
    ];

    // one start: serve with these saved hosts -> every marker row painted
    let n = 0;
    const start = async (list: Host[]) => {
      const config = join(dir, `config-${n++}`);
      mkdirSync(config);
      writeFileSync(
        join(config, 'connections.json'),
        JSON.stringify({ connections: list.map((h) => ({ uri: h.uri, connectAtStart: true })) }),
      );
      // tall enough that the list (virtualised) has every host's rows in the page
      const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
      await page.addInitScript({ content: MARKS_SCRIPT(list.map((h) => h.marker)) });
      const { KVMDESK_URI: _, ...env } = process.env;
      const t0 = now();
      const serve = spawn('npm', ['run', '-s', 'serve', '--', '--port', '0'], {
        cwd: ROOT,
        env: { ...env, KVMDESK_CONFIG_DIR: config },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      try {
        const line = await waitForLine(serve, /KVM Desk: (http\S+)/, 60_000);
        await page.goto(line.match[1]);
        const all = await page
          .waitForFunction(() => (window as unknown as { __kdAllAt?: number }).__kdAllAt, undefined, {
            polling: 50,
            timeout: 60_000,
          })
          .catch(async (err) => {
            await page.screenshot({ path: join(ROOT, 'bench/results/connections-start-failed.png') });
            throw err;
          });
        const at = (await all.jsonValue()) as number;
        const seen = (await page.evaluate(
          () => (window as unknown as { __kdSeen: Record<string, number> }).__kdSeen,
        )) as Record<string, number>;
        if (list.length === 3)
          await page.screenshot({ path: join(ROOT, 'bench/results/connections-start.png') });
        return {
          ms: at - t0,
          urlPrinted: line.at - t0,
          each: Object.fromEntries(list.map((h) => [h.key, Math.round(seen[h.marker] - t0)])),
          snapshot: seen.snapshot - t0,
        };
      } finally {
        await page.close();
        await stopGroup(serve);
      }
    };

    // a concurrent edit of the sources would make a start build: build first, untimed; one start to warm up
    spawnSync(process.execPath, ['scripts/build.mjs', 'web'], { cwd: ROOT, stdio: 'ignore' });
    await start(hosts);
    const kinds: (Host['key'] | 'all')[] = ['all', 'system', 'ssh', 'test'];
    const ms: Record<string, number[]> = { all: [], system: [], ssh: [], test: [] };
    const allEach: Record<string, number>[] = [];
    const urlPrinted: number[] = [];
    const snapshot: Record<string, number[]> = { all: [], system: [], ssh: [], test: [] };
    for (let r = 0; r < RUNS; r++) {
      // rotate the order each round: no kind always runs first or after the same one
      for (let k = 0; k < kinds.length; k++) {
        const kind = kinds[(k + r) % kinds.length];
        const res = await start(kind === 'all' ? hosts : hosts.filter((h) => h.key === kind));
        ms[kind].push(res.ms);
        snapshot[kind].push(res.snapshot);
        if (kind === 'all') {
          allEach.push(res.each);
          urlPrinted.push(res.urlPrinted);
        }
      }
    }
    const alone = (['system', 'ssh', 'test'] as const).map((k) => ({ k, ms: median(ms[k]) }));
    const slowest = alone.reduce((a, b) => (b.ms > a.ms ? b : a));
    const all = median(ms.all);
    report({
      name: 'connections-start',
      unit: 'ms',
      ours: all,
      peer: slowest.ms,
      peerName: `the slowest connection alone (${slowest.k})`,
      ratio: all / slowest.ms,
      goal: 'ratio <= 1.2 (the three open in parallel)',
      met: all / slowest.ms <= 1.2,
      runs: RUNS,
      extra: {
        timed: 'spawn `npm run -s serve` with the saved hosts -> frame after every host’s marker row',
        hosts: hosts.map((h) => h.uri.replace(/\?.*/, '')),
        allMs: ms.all.map(Math.round),
        aloneMedianMs: Object.fromEntries(alone.map((a) => [a.k, Math.round(a.ms)])),
        aloneMs: Object.fromEntries(alone.map((a) => [a.k, ms[a.k].map(Math.round)])),
        allEachHostMedianMs: Object.fromEntries(
          ['system', 'ssh', 'test'].map((k) => [k, Math.round(median(allEach.map((e) => e[k])))]),
        ),
        allUrlPrintedMedianMs: Math.round(median(urlPrinted)),
        snapshotArrivedMedianMs: Object.fromEntries(
          Object.entries(snapshot).map(([k, v]) => [k, Math.round(median(v))]),
        ),
      },
    });
  } finally {
    await browser.close();
    spawnSync('virsh', ['-c', 'qemu:///system', 'undefine', MARKER], { stdio: 'ignore' });
    sshd?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
