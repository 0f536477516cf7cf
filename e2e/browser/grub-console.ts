// The GRUB guest's console as the E2E specs read it: the console tab shown and connected, GRUB's menu on
// the canvas, GRUB's 80x25 text screen as cells of ink, and typing through the Type clipboard dialog.
import type { Page } from '@playwright/test';
import { canvasRgb, highlightTop } from './console-pixels';
import { expect } from './fixtures';
import { looksLikeGrubMenu, type Rgb } from './guest-screen';
import { selectGuest, showTab } from './guest-ui';

/** Polls until the probe answers something (not undefined). */
export async function poll<T>(
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

export const consoleOf = (page: Page) => page.getByTestId('console');

export async function showConsole(page: Page, name: string) {
  await selectGuest(page, name);
  await showTab(page, 'console');
  await expect(consoleOf(page)).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
}

/** Waits until the console canvas shows GRUB's menu; returns the picture. */
export async function waitForGrubMenu(page: Page, root?: string) {
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
export async function focusScreen(page: Page) {
  await page.locator('[data-testid="console-screen"] canvas').focus();
}

/** GRUB's command line is an 80×25 text screen (9×16-pixel cells at 720×400): one cell's ink as bits. */
export function cellInk(img: Rgb, row: number, col: number): string {
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
export const cellsOf = (img: Rgb, row: number, from = 0, to = 80) =>
  Array.from({ length: to - from }, (_, i) => cellInk(img, row, from + i));
export const inked = (cell: string) => cell.includes('1');
/** the last text row with anything on it */
export const lastInkedRow = (img: Rgb) => {
  for (let r = 24; r >= 0; r--) if (cellsOf(img, r).some(inked)) return r;
  return -1;
};

export async function typeThroughDialog(page: Page, text: string): Promise<number> {
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
export async function waitForNewPrompt(page: Page, promptCells: string[], what: string) {
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
export const GRUB_COLS = 79;

// every printable ASCII character but the single quote, which quotes the text for GRUB's echo
export const ATLAS = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i))
  .filter((c) => c !== "'")
  .join('');

/**
 * n characters mixing lower case, upper case (Shift), digits, symbols (most need Shift) and single
 * spaces (never two in a row, nor first or last: GRUB's echo wraps its output at spaces)
 */
export function mixedText(n: number, seed: number): string {
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
