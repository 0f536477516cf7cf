// The console, end to end: a real guest booting the GRUB rescue ISO, seen through the bridge and noVNC
// in Chromium. Pixels are read from the console's canvas; every step leaves a screenshot in e2e/artifacts.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { canvasRgb, differingShare, highlightTop } from './console-pixels';
import {
  ARTIFACTS,
  defineTestGuest,
  expect,
  GRUB_ISO,
  removeTestGuest,
  saveScreenshot,
  type TestGuest,
  test,
  URI,
  virsh,
  virshState,
} from './fixtures';
import { decodeScreenshot, looksLikeGrubMenu } from './guest-screen';
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

/** Polls until the probe answers something (not undefined). */
async function poll<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const consoleOf = (page: Page) => page.getByTestId('console');

async function showConsole(page: Page) {
  await selectGuest(page, NAME);
  await page.getByTestId('details-console').scrollIntoViewIfNeeded();
  await expect(consoleOf(page)).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
}

/** Waits until the console canvas shows GRUB's menu; returns the picture. */
async function waitForGrubMenu(page: Page, root?: string) {
  return poll(
    "GRUB's menu on the console canvas",
    async () => {
      const img = await canvasRgb(page, root).catch(() => undefined);
      return img && looksLikeGrubMenu(img).ok && highlightTop(img) >= 0 ? img : undefined;
    },
    90_000,
  );
}

/** Focuses the guest screen so real key presses go to the guest. */
async function focusScreen(page: Page) {
  await page.locator('[data-testid="console-screen"] canvas').focus();
}

test('the embedded console shows the GRUB menu', async ({ page }) => {
  await showConsole(page);
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
  await showConsole(page);
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
  await showConsole(page);
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

test('"Type clipboard" types host text into GRUB\'s command line, and a saved screenshot is a PNG of it', async ({
  page,
  context,
}) => {
  await showConsole(page);
  await waitForGrubMenu(page);
  await focusScreen(page);
  await page.keyboard.press('c'); // GRUB's command line
  const prompt = await poll('the GRUB prompt', async () => {
    const img = await canvasRgb(page);
    return highlightTop(img) < 0 ? img : undefined;
  });
  await new Promise((r) => setTimeout(r, 500));
  const beforeTyping = await canvasRgb(page);
  await saveScreenshot(page, 'console-4a-grub-prompt');

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(() => navigator.clipboard.writeText('echo kvmdesk'));
  await page.getByTestId('console-type-clipboard').click();
  const box = page.getByTestId('console-type-text');
  await expect(box).toBeVisible();
  if ((await box.inputValue()) !== 'echo kvmdesk') await box.fill('echo kvmdesk'); // clipboard read refused
  await page.getByTestId('console-type-start').click();
  await expect(box).toBeHidden();
  const typed = await poll('the typed text on screen', async () => {
    const img = await canvasRgb(page);
    return differingShare(prompt, img) > 0.0005 ? img : undefined; // ~150 pixels: a dozen glyphs
  });
  await saveScreenshot(page, 'console-4b-typed-echo-kvmdesk');
  await focusScreen(page);
  await page.keyboard.press('Enter'); // GRUB prints kvmdesk on the next line
  const echoed = await poll('the echo output', async () => {
    const img = await canvasRgb(page);
    return differingShare(typed, img) > 0.0005 ? img : undefined;
  });
  expect(differingShare(beforeTyping, echoed)).toBeGreaterThan(0.001);
  await saveScreenshot(page, 'console-4c-echo-output');

  // Save screenshot: a real PNG file of the same picture the canvas shows
  const download = page.waitForEvent('download');
  await page.getByTestId('console-screenshot').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^${NAME}-.*\\.png$`));
  const path = join(ARTIFACTS, 'console-4d-saved-screenshot.png');
  await file.saveAs(path);
  const png = await readFile(path);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const saved = decodeScreenshot(png);
  const now = await canvasRgb(page);
  expect([saved.width, saved.height]).toEqual([now.width, now.height]);
  expect(differingShare(saved, now)).toBeLessThan(0.01);
  await focusScreen(page);
  await page.keyboard.press('Escape'); // back to the menu
  await waitForGrubMenu(page);
});

test('the console window shows the same framebuffer, opens once, and closing it leaves the guest running', async ({
  page,
  context,
}) => {
  await showConsole(page);
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
  await showConsole(page);
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
  await showConsole(page);
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
  await showConsole(page);
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

test('the bridge refuses a missing, wrong or reused token and listens on loopback only', async ({
  server,
}) => {
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
  const url = new URL(result.value.url);
  expect(url.hostname).toBe('127.0.0.1');

  const status = (u: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(u);
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
  expect(await status(url.href)).toBe(101);
  expect(await status(url.href)).toBe(401);

  // nothing of ours listens beyond loopback
  const ss = await new Promise<string>((resolve) => {
    const p = spawn('ss', ['-ltnH', `sport = :${url.port}`]);
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.on('close', () => resolve(out));
  });
  expect(ss.trim().split('\n').length).toBe(1);
  expect(ss).toContain(`127.0.0.1:${url.port}`);
  await writeFile(
    join(ARTIFACTS, 'console-9-token-checks.txt'),
    `bridge ${base}: missing 401, wrong 401, first 101, reused 401\n${ss}`,
  );
});
