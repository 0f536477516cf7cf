// The console, end to end: a real guest booting the GRUB rescue ISO, seen through the bridge and noVNC
// in Chromium. Pixels are read from the console's canvas; every step leaves a screenshot in e2e/artifacts.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
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
import { decodeScreenshot, looksLikeGrubMenu, type Rgb } from './guest-screen';
import { selectGuest, showTab } from './guest-ui';

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
  await showTab(page, 'console');
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

/** GRUB's command line is an 80×25 text screen (9×16-pixel cells at 720×400): one cell's ink as bits. */
function cellInk(img: Rgb, row: number, col: number): string {
  const cw = img.width / 80;
  const ch = img.height / 25;
  let bits = '';
  for (let y = row * ch; y < (row + 1) * ch; y++)
    for (let x = col * cw; x < (col + 1) * cw; x++) {
      const o = (y * img.width + x) * 3;
      bits += Math.max(img.data[o], img.data[o + 1], img.data[o + 2]) > 100 ? '1' : '0';
    }
  return bits;
}
const cellsOf = (img: Rgb, row: number, from = 0, to = 80) =>
  Array.from({ length: to - from }, (_, i) => cellInk(img, row, from + i));
const inked = (cell: string) => cell.includes('1');
/** the last text row with anything on it */
const lastInkedRow = (img: Rgb) => {
  for (let r = 24; r >= 0; r--) if (cellsOf(img, r).some(inked)) return r;
  return -1;
};

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

  expect(
    prompt.width % 80 === 0 && prompt.height % 25 === 0,
    `a text screen: ${prompt.width}×${prompt.height}`,
  ).toBe(true);
  const row = lastInkedRow(prompt); // "grub> " and the cursor
  expect(row).toBeGreaterThanOrEqual(0);
  expect(row).toBeLessThan(20); // room below for two commands and their output
  const promptCells = cellsOf(prompt, row, 0, 6);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(() => navigator.clipboard.writeText('echo kvmdesk'));
  await page.getByTestId('console-type-clipboard').click();
  const box = page.getByTestId('console-type-text');
  await expect(box).toBeVisible();
  if ((await box.inputValue()) !== 'echo kvmdesk') await box.fill('echo kvmdesk'); // clipboard read refused
  await page.getByTestId('console-type-start').click();
  await expect(box).toBeHidden();
  await poll('the typed text on screen', async () => {
    const img = await canvasRgb(page);
    // "echo" and "kvmdesk" after the prompt (cells 6-9 and 11-17, a space between)
    return [...cellsOf(img, row, 6, 10), ...cellsOf(img, row, 11, 18)].every(inked) ? img : undefined;
  });
  await saveScreenshot(page, 'console-4b-typed-echo-kvmdesk');
  await focusScreen(page);
  await page.keyboard.press('Enter'); // GRUB prints kvmdesk on the next line, then a new prompt
  const echoed = await poll('the echo output and a new prompt', async () => {
    const img = await canvasRgb(page);
    return cellsOf(img, row + 2, 0, 6).join() === promptCells.join() ? img : undefined;
  });
  await saveScreenshot(page, 'console-4c-echo-output');
  const typedWord = cellsOf(echoed, row, 11, 18); // "grub> echo " is 11 cells
  const output = cellsOf(echoed, row + 1);
  // the output line is exactly the glyphs of the typed word: kvmdesk, and nothing else
  expect(output.slice(0, 7)).toEqual(typedWord);
  expect(output.slice(0, 7).every(inked)).toBe(true);
  expect(output.slice(7).some(inked)).toBe(false);
  expect(new Set(output.slice(0, 6)).size).toBe(6); // k v m d e s: six different glyphs...
  expect(output[6]).toBe(output[0]); // ...and the word ends with the k it starts with
  expect(cellsOf(echoed, row, 10, 11).some(inked)).toBe(false); // the space after "echo"

  // the same text typed with real key presses draws the very same two lines
  await page.keyboard.type('echo kvmdesk', { delay: 30 });
  await page.keyboard.press('Enter');
  const byKeys = await poll('the command typed with real keys and its output', async () => {
    const img = await canvasRgb(page);
    return cellsOf(img, row + 4, 0, 6).join() === promptCells.join() ? img : undefined;
  });
  await saveScreenshot(page, 'console-4c2-echo-typed-with-keys');
  expect(cellsOf(byKeys, row + 2, 0, 18)).toEqual(cellsOf(echoed, row, 0, 18));
  expect(cellsOf(byKeys, row + 3)).toEqual(output);
  expect(differingShare(beforeTyping, echoed)).toBeGreaterThan(0.001);

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

/** Types text through the Type clipboard dialog; resolves with how long the typing took (ms). */
async function typeThroughDialog(page: Page, text: string): Promise<number> {
  // the dialog reads the clipboard when it opens: with our text in it, a late read changes nothing
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.getByTestId('console-type-clipboard').click();
  const box = page.getByTestId('console-type-text');
  await expect(box).toBeVisible();
  if ((await box.inputValue()) !== text) await box.fill(text);
  await expect(box).toHaveValue(text);
  const t0 = Date.now();
  await page.getByTestId('console-type-start').click();
  await expect(box).toBeHidden({ timeout: 120_000 }); // the dialog closes when the last key is sent
  return Date.now() - t0;
}

/** Waits for GRUB's prompt on the last inked row of a screen that has stopped changing. */
async function waitForNewPrompt(page: Page, promptCells: string[], what: string) {
  let last = '';
  return poll(
    what,
    async () => {
      const img = await canvasRgb(page);
      const row = lastInkedRow(img);
      // the whole text screen but the blinking cursor after the prompt
      const sig = Array.from({ length: row + 1 }, (_, r) =>
        cellsOf(img, r, 0, r === row ? 6 : 80).join(),
      ).join();
      const same = sig === last;
      last = sig;
      // "grub> " then nothing but the cursor
      const ok =
        same && cellsOf(img, row, 0, 6).join() === promptCells.join() && !cellsOf(img, row, 7).some(inked);
      return ok ? { img, row } : undefined;
    },
    60_000,
  );
}

/** GRUB's output wraps at 79 columns (it leaves the last one alone); its command line uses all 80 */
const GRUB_COLS = 79;

// every printable ASCII character but the single quote, which quotes the text for GRUB's echo
const ATLAS = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i))
  .filter((c) => c !== "'")
  .join('');

/**
 * n characters mixing lower case, upper case (Shift), digits, symbols (most need Shift) and single
 * spaces (never two in a row, nor first or last: GRUB's echo wraps its output at spaces)
 */
function mixedText(n: number, seed: number): string {
  const kinds = [
    'abcdefghijklmnopqrstuvwxyz',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    '0123456789',
    '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~',
  ];
  let x = seed;
  const next = (m: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return (x >>> 12) % m;
  };
  let s = '';
  while (s.length < n) {
    const space = s.length > 0 && s.length < n - 1 && !s.endsWith(' ') && next(6) === 0;
    const kind = kinds[[0, 0, 1, 1, 2, 3][next(6)]];
    s += space ? ' ' : kind[next(kind.length)];
  }
  return s;
}

test('"Type clipboard" keeps every key: 500 mixed characters at GRUB\'s scrolling command line, three times', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  await showConsole(page);
  await waitForGrubMenu(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await focusScreen(page);
  await page.keyboard.press('c'); // GRUB's command line
  const prompt = await poll('the GRUB prompt', async () => {
    const img = await canvasRgb(page);
    return highlightTop(img) < 0 ? img : undefined;
  });
  const promptCells = cellsOf(prompt, lastInkedRow(prompt), 0, 6);

  // The atlas: GRUB echoes all 93 characters once; read back, they must be 93 different glyphs in a
  // row (a lost key leaves 92 or a blank, a lost Shift a glyph twice), and then they name every glyph.
  await typeThroughDialog(page, `echo '${ATLAS}'\n`);
  const atlasShot = await waitForNewPrompt(page, promptCells, 'the atlas echoed');
  await saveScreenshot(page, 'console-11a-atlas');
  const atlasRows = Math.ceil(ATLAS.length / GRUB_COLS);
  const atlasCells = Array.from({ length: ATLAS.length }, (_, i) =>
    cellInk(atlasShot.img, atlasShot.row - atlasRows + Math.floor(i / GRUB_COLS), i % GRUB_COLS),
  );
  expect(atlasCells.every(inked)).toBe(true);
  expect(new Set(atlasCells).size).toBe(ATLAS.length);
  expect(cellsOf(atlasShot.img, atlasShot.row - 1, ATLAS.length % GRUB_COLS).some(inked)).toBe(false);
  const atlas = new Map(atlasCells.map((cell, i) => [cell, ATLAS[i]]));
  // and the single quote, from the atlas command line ("grub> echo '": the 12th cell; 2 rows above)
  const quote = cellInk(
    atlasShot.img,
    atlasShot.row - atlasRows - Math.ceil((6 + ATLAS.length + 7) / 80),
    11,
  );
  expect(atlas.has(quote)).toBe(false);
  atlas.set(quote, "'");

  const results: string[] = [];
  for (let run = 1; run <= 3; run++) {
    const text = mixedText(500, run);
    expect(text).toMatch(/[a-z]/);
    expect(text).toMatch(/[A-Z]/);
    expect(text).toMatch(/[0-9]/);
    expect(text).toMatch(/[!-/:-@[-`{-~]/);
    expect(text).toContain(' ');
    const command = `echo '${text}'`; // 513 cells after "grub> ", 7 rows; the output wraps at spaces
    const ms = await typeThroughDialog(page, `${command}\n`);
    const shot = await waitForNewPrompt(page, promptCells, `run ${run}: the echo of 500 characters`);
    await saveScreenshot(page, `console-11b-run-${run}`);
    const speed = ((command.length + 1) * 1000) / ms;
    results.push(`run ${run}: ${command.length + 1} keys in ${ms} ms (${speed.toFixed(1)} chars/s)`);
    console.log(results.at(-1));
    // the command line: the prompt row nearest above the new prompt, then 7 rows of 80 columns
    let cmdRow = shot.row - 1;
    while (cmdRow > 0 && cellsOf(shot.img, cmdRow, 0, 6).join() !== promptCells.join()) cmdRow--;
    // GRUB's editor, scrolling the screen, may leave a blank row after a full one: skip those
    const rows = Array.from({ length: shot.row - cmdRow }, (_, i) => cmdRow + i).filter((r) =>
      cellsOf(shot.img, r).some(inked),
    );
    const cmdRows = Math.ceil((6 + command.length) / 80);
    const decodeRow = (r: number) =>
      cellsOf(shot.img, r)
        .map((cell) => (inked(cell) ? (atlas.get(cell) ?? '\u00bf') : ' '))
        .join('');
    const typed = rows
      .slice(0, cmdRows)
      .map(decodeRow)
      .join('')
      .slice(6, 6 + command.length);
    // the output: the rows between the command and the new prompt; echo wraps them at spaces
    const output = rows
      .slice(cmdRows)
      .map((r) => decodeRow(r).trimEnd())
      .join(' ');
    // cell by cell: the command line shows exactly what was typed, and GRUB echoed exactly the text
    expect(typed).toBe(command);
    expect(output).toBe(text);
  }
  await writeFile(join(ARTIFACTS, 'console-11-typing-speed.txt'), `${results.join('\n')}\n`);
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
    await showConsole(page);
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
  const headers = { Cookie: `kvmdesk_token=${server.token}`, Origin: server.origin };
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
