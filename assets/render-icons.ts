// Renders icon.svg and tray.svg to the PNG sizes the packages and the tray use, with Debian's
// Chromium (transparent background). Run after editing an SVG: `npx tsx assets/render-icons.ts`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const dir = import.meta.dirname;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});

async function render(svgFile: string, size: number, out: string) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const svg = readFileSync(join(dir, svgFile), 'utf8').replace(
    /width="\d+" height="\d+"/,
    `width="${size}" height="${size}"`,
  );
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({
    path: join(dir, out),
    omitBackground: true,
    clip: { x: 0, y: 0, width: size, height: size },
  });
  await page.close();
}

// electron-builder reads icons/NxN.png for the .deb/.rpm/AppImage hicolor icons
for (const size of [16, 24, 32, 48, 64, 128, 256, 512])
  await render('icon.svg', size, `icons/${size}x${size}.png`);
await render('icon.svg', 512, 'icon.png');
// the tray: 22 px as GNOME/KDE panels draw it, @2x for HiDPI (Electron picks it by name)
await render('tray.svg', 22, 'tray.png');
await render('tray.svg', 44, 'tray@2x.png');
await browser.close();
