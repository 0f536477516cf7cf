// The console, end to end: a real guest booting the GRUB rescue ISO, seen through the bridge and noVNC
// in Chromium. Pixels are read from the console's canvas; every step leaves a screenshot in e2e/artifacts.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { canvasRgb, differingShare, highlightTop } from './console-pixels';
import {
  ARTIFACTS,
  defineTestGuest,
  expect,
  GRUB_ISO,
  ROOT,
  removeTestGuest,
  saveScreenshot,
  stopServe,
  type TestGuest,
  test,
  URI,
  virsh,
  virshState,
} from './fixtures';
import { consoleOf, focusScreen, poll, showConsole, waitForGrubMenu } from './grub-console';
import { looksLikeGrubMenu } from './guest-screen';
import { selectGuest } from './guest-ui';

test.describe.configure({ mode: 'serial' });

const NAME = `kvmdesk-test-console-${process.pid}`;
let guest: TestGuest;

// after the server fixture: its start sweeps away fixture-made guests of earlier runs
test.beforeAll(async ({ server: _server }) => {
  guest = await defineTestGuest(NAME, { iso: GRUB_ISO, start: true });
});
test.afterAll(async () => {
  await removeTestGuest(NAME);
});

test('the embedded console shows the GRUB menu', async ({ page }) => {
  await showConsole(page, NAME);
  const img = await waitForGrubMenu(page);
  expect(looksLikeGrubMenu(img).ok, looksLikeGrubMenu(img).why).toBe(true);
  await expect(page.getByTestId('console-keyboard-hint')).toContainText('release the keyboard');
  await saveScreenshot(page, 'console-1-grub-menu');
});

test("the running guest's row shows a live thumbnail of its screen", async ({ page }) => {
  await selectGuest(page, NAME);
  const thumb = page.getByTestId(`vm-${NAME}`).getByTestId('guest-thumbnail');
  await expect(thumb).toHaveAttribute('data-live', 'true', { timeout: 30_000 });
  const src = await thumb.locator('img').getAttribute('src');
  expect(src).toMatch(/^data:image\/png;base64,iVBORw0KGgo/); // a PNG, from libvirt's screenshot
});

test('Down arrow moves the highlighted entry', async ({ page }) => {
  await showConsole(page, NAME);
  const before = await waitForGrubMenu(page);
  const top = highlightTop(before);
  await focusScreen(page);
  await page.keyboard.press('ArrowDown');
  const after = await poll('the highlight to move', async () => {
    const img = await canvasRgb(page);
    return highlightTop(img) > top ? img : undefined;
  });
  const menu: [number, number] = [Math.max(0, top - 40), Math.min(after.height, highlightTop(after) + 40)];
  expect(differingShare(before, after, menu)).toBeGreaterThan(0.05);
  await saveScreenshot(page, 'console-2-down-arrow');
  await page.keyboard.press('ArrowUp');
});

test('Ctrl+Alt+Del from the Keys menu reboots the guest', async ({ page }) => {
  await showConsole(page, NAME);
  await waitForGrubMenu(page);
  // libvirt's reboot event, watched independently of the app
  const watcher = spawn('virsh', [
    '-c',
    URI,
    'event',
    '--domain',
    NAME,
    '--event',
    'reboot',
    '--timeout',
    '90',
  ]);
  let seen = '';
  watcher.stdout.on('data', (d) => {
    seen += d;
  });
  await new Promise((r) => setTimeout(r, 1000)); // virsh registers its callback
  await page.getByTestId('console-keys').click();
  await page.getByTestId('console-key-ctrl-alt-del').click();
  await poll("libvirt's reboot event", () => seen.includes("event 'reboot'") || undefined, 60_000);
  watcher.kill();
  // the guest goes through its firmware again and comes back to its menu; the console stays with it
  await poll(
    'the firmware screen after the reset',
    async () => {
      const img = await canvasRgb(page).catch(() => undefined);
      return img && !looksLikeGrubMenu(img).ok ? true : undefined;
    },
    30_000,
  );
  await expect(consoleOf(page)).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  await waitForGrubMenu(page);
  await saveScreenshot(page, 'console-3-after-ctrl-alt-del');
});

test('the console window shows the same framebuffer, opens once, and closing it leaves the guest running', async ({
  page,
  context,
}) => {
  await showConsole(page, NAME);
  const main = await waitForGrubMenu(page);
  const popupPromise = context.waitForEvent('page');
  await page.getByTestId('console-open-window').click();
  const popup = await popupPromise;
  await expect(popup.getByTestId('console')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  const inWindow = await waitForGrubMenu(popup);
  expect([inWindow.width, inWindow.height]).toEqual([main.width, main.height]);
  expect(differingShare(main, inWindow)).toBeLessThan(0.02);
  await saveScreenshot(popup, 'console-5a-window');

  // a second click focuses the window already open
  await page.getByTestId('console-open-window').click();
  await new Promise((r) => setTimeout(r, 1000));
  expect(context.pages().length).toBe(2);

  await popup.close();
  await new Promise((r) => setTimeout(r, 2000));
  expect(await virshState(NAME)).toBe('running');
  await expect(consoleOf(page)).toHaveAttribute('data-state', 'connected');
  await saveScreenshot(page, 'console-5b-after-window-closed');
});

test('after force off and start, the console reconnects by itself', async ({ page }) => {
  await showConsole(page, NAME);
  await waitForGrubMenu(page);
  await virsh('destroy', NAME);
  await expect(consoleOf(page)).toHaveAttribute('data-state', 'off', { timeout: 30_000 });
  await expect(page.getByTestId('console-start')).toBeVisible();
  await saveScreenshot(page, 'console-6a-guest-off');
  await virsh('start', NAME); // outside the app: the console must notice by itself
  await expect(consoleOf(page)).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  await waitForGrubMenu(page);
  await saveScreenshot(page, 'console-6b-reconnected');
});

test('pausing and resuming keeps the console connected and live', async ({ page }) => {
  await showConsole(page, NAME);
  const before = await waitForGrubMenu(page);
  await virsh('suspend', NAME);
  await expect(page.getByText('Paused', { exact: true }).last()).toBeVisible({ timeout: 15_000 });
  await expect(consoleOf(page)).toHaveAttribute('data-state', 'connected');
  await saveScreenshot(page, 'console-7a-paused');
  await virsh('resume', NAME);
  await expect(consoleOf(page)).toHaveAttribute('data-state', 'connected');
  await focusScreen(page);
  await page.keyboard.press('ArrowDown');
  await poll('the resumed guest to answer a key', async () => {
    const img = await canvasRgb(page);
    return highlightTop(img) > highlightTop(before) ? img : undefined;
  });
  await page.keyboard.press('ArrowUp');
  await saveScreenshot(page, 'console-7b-resumed');
});

test('scales to fit or shows 1:1, and goes fullscreen', async ({ page }) => {
  await showConsole(page, NAME);
  await waitForGrubMenu(page);
  const canvas = page.locator('[data-testid="console-screen"] canvas');
  const size = () =>
    canvas.evaluate((c: HTMLCanvasElement) => ({
      fbW: c.width,
      fbH: c.height,
      shown: Math.round(c.getBoundingClientRect().width),
    }));
  await page.getByText('1:1', { exact: true }).click();
  await expect.poll(async () => (await size()).shown).toBe((await size()).fbW);
  await saveScreenshot(page, 'console-8a-one-to-one');
  await page.getByText('Fit to window', { exact: true }).click();
  // fit: as large as the frame allows, keeping the guest's aspect ratio
  const frame = (await page.getByTestId('console-screen').boundingBox())!;
  const { fbW, fbH } = await size();
  const fitted = Math.round(Math.min(frame.width, (frame.height * fbW) / fbH));
  await expect.poll(async () => Math.abs((await size()).shown - fitted)).toBeLessThanOrEqual(2);
  expect(fitted).not.toBe(fbW);
  await page.getByTestId('console-fullscreen').click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
  await saveScreenshot(page, 'console-8b-fullscreen');
  await page.evaluate(() => document.exitFullscreen());
});

/** Starts another `serve` on the given address; resolves with its URL and process. */
async function serveOn(host: string) {
  const child = spawn(
    join(ROOT, 'node_modules/.bin/tsx'),
    ['main/shells/browser/serve.ts', '--host', host, '--port', '0'],
    { cwd: ROOT, env: { ...process.env, KVMDESK_URI: URI }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => log.push(l));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${log.join('\n')}`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^KVM Desk: (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${log.join('\n')}`)));
  });
  return { url, child };
}

test("a browser on another address reaches the console through serve's own port", async ({ browser }) => {
  // 127.0.0.2 stands in for another machine's view of the host: nothing of ours listens on
  // 127.0.0.1 for it, so the console must come over the page's own host and port
  const other = await serveOn('127.0.0.2');
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await ctx.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(other.url.href);
    await showConsole(page, NAME);
    const img = await waitForGrubMenu(page);
    expect(looksLikeGrubMenu(img).ok).toBe(true);
    const consoles = sockets.filter((u) => new URL(u).pathname === '/console');
    expect(consoles.length).toBeGreaterThan(0);
    for (const u of consoles)
      expect(u).toMatch(new RegExp(`^ws://127\\.0\\.0\\.2:${other.url.port}/console\\?token=`));
    expect(sockets.some((u) => u.includes('127.0.0.1'))).toBe(false);
    await saveScreenshot(page, 'console-10-from-another-address');
    await writeFile(join(ARTIFACTS, 'console-10-websockets.txt'), `${sockets.join('\n')}\n`);
  } finally {
    await ctx.close();
    await stopServe(other.child);
  }
});

test("the console path refuses a missing, wrong or reused token, and the page's server is all that listens", async ({
  server,
}) => {
  const headers = { Cookie: `kvmdesk_token_${server.port}=${server.token}`, Origin: server.origin };
  const api = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
    headers: { Origin: server.origin },
  });
  await new Promise((r, j) => api.once('open', r).once('error', j));
  const reply = new Promise<{ result: { ok: boolean; value: { url: string } } }>((resolve) =>
    api.on('message', (m) => {
      const msg = JSON.parse(String(m));
      if (msg.id === 1) resolve(msg);
    }),
  );
  api.send(JSON.stringify({ id: 1, method: 'console.open', args: { connection: URI, uuid: guest.uuid } }));
  const { result } = await reply;
  api.close();
  expect(result.ok).toBe(true);
  // a path on the page's own server, whatever address the page was opened under
  expect(result.value.url).toMatch(/^\/console\?token=[\w-]{43}$/);
  const url = new URL(result.value.url, `ws://127.0.0.1:${server.port}`);

  const status = (u: string, h: Record<string, string> = headers) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(u, { headers: h });
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => resolve(0));
    });
  const base = `${url.origin}${url.pathname}`;
  expect(await status(base)).toBe(401);
  expect(await status(`${base}?token=not-a-token`)).toBe(401);
  expect(await status(url.href, { Origin: server.origin })).toBe(401); // without the page's cookie
  expect(await status(url.href)).toBe(101);
  expect(await status(url.href)).toBe(401);

  // serve listens on its one port (on loopback); the console bridge opened no port of its own
  const ss = await new Promise<string>((resolve) => {
    const p = spawn('ss', ['-ltnpH']);
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.on('close', () => resolve(out));
  });
  const mine = ss.split('\n').find((l) => l.includes(`127.0.0.1:${server.port} `));
  const pid = mine && /pid=(\d+)/.exec(mine)?.[1];
  expect(pid).toBeTruthy();
  const serveListens = ss.split('\n').filter((l) => l.includes(`pid=${pid},`));
  expect(serveListens).toHaveLength(1);
  await writeFile(
    join(ARTIFACTS, 'console-9-token-checks.txt'),
    `console ${base}: missing 401, wrong 401, no cookie 401, first 101, reused 401\n${serveListens.join('\n')}\n`,
  );
});
