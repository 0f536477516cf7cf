// Shared by the console benchmarks: a GRUB guest with both display paths (our bridge, and QEMU's own
// WebSocket as the peer), and a Chromium page running noVNC from node_modules for the browser side.
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { LibvirtConnectionApi } from '../main/libvirt/facade';
import { openConnection } from '../main/libvirt/index';
import { ConsoleService } from '../main/services/console/service';
import { vncTargetFromXml } from '../main/services/console/vnc-target';
import { CHROMIUM_ARGS } from '../playwright.config';
import {
  removeStaleTestGuests,
  startTestGuest,
  type TestGuest,
  URI,
  waitFor,
} from '../tests/integration/console/test-guest';
import { takeGuestLock } from '../tests/support/guest-lock';

const NOVNC = join(import.meta.dirname, '../node_modules/@novnc/novnc');

// The page: noVNC's RFB plus helpers the benchmark drives with page.evaluate.
const PAGE = `<!doctype html><html><body style="margin:0;background:#000">
<div id="ours" style="width:800px;height:450px"></div><div id="peer" style="width:800px;height:450px"></div>
<script type="module">
import RFB from '/novnc/core/rfb.js';
const sessions = {};
const canvas = (name) => document.querySelector('#' + name + ' canvas');
function signature(name) {
  const c = canvas(name);
  if (!c || c.width < 2) return null;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let lit = 0, h = 0;
  for (let i = 0; i < d.length; i += 16) { const v = d[i] + d[i + 1] + d[i + 2]; if (v > 120) lit++; h = (h * 31 + v) | 0; }
  return { lit, h };
}
const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r()));
window.bench = {
  // resolves with ms from now until noVNC has drawn a picture with something on it
  async connect(name, url, protocols) {
    this.disconnect(name);
    await nextFrame();
    const el = document.querySelector('#' + name);
    el.innerHTML = '';
    const t0 = performance.now();
    sessions[name] = new RFB(el, url, { wsProtocols: protocols });
    for (;;) {
      await nextFrame();
      const s = signature(name);
      if (s && s.lit > 50) return performance.now() - t0;
      if (performance.now() - t0 > 20000) throw new Error('no frame in 20 s');
    }
  },
  // sends a key on one session and resolves with ms until that session's canvas changes
  async keyLatency(name, keysym, code) {
    const before = signature(name);
    const t0 = performance.now();
    sessions[name].sendKey(keysym, code);
    for (;;) {
      await new Promise((r) => setTimeout(r, 1));
      const s = signature(name);
      if (s && (s.h !== before.h || s.lit !== before.lit)) return performance.now() - t0;
      if (performance.now() - t0 > 5000) return NaN;
    }
  },
  disconnect(name) { sessions[name]?.disconnect(); delete sessions[name]; },
};
window.ready = true;
</script></body></html>`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html' };

export interface ConsoleBench {
  guest: TestGuest;
  service: ConsoleService;
  page: Page;
  /** a fresh url through our bridge (includes the console.open work) */
  oursUrl(): Promise<string>;
  /** QEMU's own websocket for the same guest */
  peerUrl: string;
  close(): Promise<void>;
}

export async function setupConsoleBench(label: string): Promise<ConsoleBench> {
  const release = await takeGuestLock();
  let conn: LibvirtConnectionApi | undefined;
  let guest: TestGuest | undefined;
  let browser: Browser | undefined;
  let http: Server | undefined;
  let service: ConsoleService | undefined;
  const close = async () => {
    await browser?.close().catch(() => {});
    http?.close();
    await service?.stop();
    await guest?.destroy();
    await conn?.close().catch(() => {});
    release();
  };
  try {
    await removeStaleTestGuests(label);
    guest = await startTestGuest(label);
    conn = await openConnection(URI);
    const c = conn;
    service = new ConsoleService(() => c);
    const ref = { connection: URI, uuid: guest.uuid };
    const dom = await c.lookupDomainByUuid(guest.uuid);
    const target = vncTargetFromXml(await c.domainGetXML(dom, 0));
    if (target.kind !== 'tcp' || !target.websocketPort)
      throw new Error('the bench guest has no QEMU websocket');
    const peerUrl = `ws://127.0.0.1:${target.websocketPort}`;

    http = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      const file = normalize(join(NOVNC, path.replace(/^\/novnc\//, '')));
      if (!path.startsWith('/novnc/') || !file.startsWith(NOVNC) || !existsSync(file))
        return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((r) => http!.listen(0, '127.0.0.1', () => r()));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const svc = service;
    // wait until the guest shows something (GRUB's menu)
    await waitFor(
      'the guest to draw its menu',
      async () => ((await firstFrameMs(page, 'peer', peerUrl, ['binary'])) > 0 ? true : undefined),
      120_000,
    );
    await new Promise((r) => setTimeout(r, 12_000)); // GRUB draws its menu after its own start-up
    return { guest, service: svc, page, oursUrl: async () => (await svc.open(ref)).url, peerUrl, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export type Side = 'ours' | 'peer';
interface PageBench {
  connect(name: Side, url: string, protocols: string[]): Promise<number>;
  keyLatency(name: Side, keysym: number, code: string): Promise<number>;
  disconnect(name: Side): void;
}
/** ms from creating noVNC's RFB until it has drawn a picture */
export function firstFrameMs(page: Page, side: Side, url: string, protocols: string[]): Promise<number> {
  return page.evaluate(([n, u, p]) => (window as unknown as { bench: PageBench }).bench.connect(n, u, p), [
    side,
    url,
    protocols,
  ] as [Side, string, string[]]);
}

/** ms from a key press until the canvas changes */
export function keyLatencyMs(page: Page, side: Side, keysym: number, code: string): Promise<number> {
  return page.evaluate(([n, k, c]) => (window as unknown as { bench: PageBench }).bench.keyLatency(n, k, c), [
    side,
    keysym,
    code,
  ] as [Side, number, string]);
}

export function disconnectSide(page: Page, side: Side): Promise<void> {
  return page.evaluate((n) => (window as unknown as { bench: PageBench }).bench.disconnect(n), side);
}
