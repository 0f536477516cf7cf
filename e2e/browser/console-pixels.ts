// Reads what noVNC drew on the console canvas as RGB (the same shape as guest-screen.ts's screenshots),
// and finds GRUB's highlight bar in it.
import type { Page } from '@playwright/test';
import type { Rgb } from './guest-screen';

export async function canvasRgb(page: Page, root = '[data-testid="console-screen"]'): Promise<Rgb> {
  const r = await page.evaluate((sel) => {
    const c = document.querySelector(`${sel} canvas`) as HTMLCanvasElement | null;
    if (!c || c.width < 2) return null;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let s = '';
    for (let i = 0; i < d.length; i += 4) s += String.fromCharCode(d[i], d[i + 1], d[i + 2]);
    return { width: c.width, height: c.height, b64: btoa(s) };
  }, root);
  if (!r) throw new Error('the console has no canvas with a picture yet');
  return { width: r.width, height: r.height, data: Buffer.from(r.b64, 'base64') };
}

/** The first pixel row of GRUB's highlight bar (light grey across >70% of the width), or -1. */
export function highlightTop(img: Rgb): number {
  const { width, height, data } = img;
  let run = 0;
  for (let y = 0; y < height; y++) {
    let grey = 0;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const [r, g, b] = [data[o], data[o + 1], data[o + 2]];
      if (r > 140 && g > 140 && b > 140 && Math.max(r, g, b) - Math.min(r, g, b) < 30) grey++;
    }
    run = grey > width * 0.7 ? run + 1 : 0;
    if (run === 4) return y - 3;
  }
  return -1;
}

/** Share of pixels that differ (any channel by more than 24) between two same-sized pictures. */
export function differingShare(a: Rgb, b: Rgb, rows?: [number, number]): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const [y0, y1] = rows ?? [0, a.height];
  let diff = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < a.width; x++) {
      const o = (y * a.width + x) * 3;
      if (
        Math.abs(a.data[o] - b.data[o]) > 24 ||
        Math.abs(a.data[o + 1] - b.data[o + 1]) > 24 ||
        Math.abs(a.data[o + 2] - b.data[o + 2]) > 24
      )
        diff++;
    }
  }
  return diff / ((y1 - y0) * a.width);
}
