// Draws the tray menu's guest-state icons (running, paused, saved, off) at 16 and 32 px (1x and 2x), with
// pngjs and 4x4 supersampling: shapes as well as colours, so the state reads without colour vision.
// Run after a change: `npx tsx assets/render-state-icons.ts`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type Inside = (x: number, y: number) => boolean; // in a 0..1 square
const circle =
  (r: number): Inside =>
  (x, y) =>
    (x - 0.5) ** 2 + (y - 0.5) ** 2 <= r * r;
const ring =
  (r: number, w: number): Inside =>
  (x, y) => {
    const d = Math.hypot(x - 0.5, y - 0.5);
    return d <= r && d >= r - w;
  };

const SHAPES: Record<string, { rgb: [number, number, number]; inside: Inside }> = {
  // a filled triangle pointing right: "playing"
  running: {
    rgb: [47, 158, 68],
    inside: (x, y) => x >= 0.25 && x <= 0.8 && Math.abs(y - 0.5) <= (0.8 - x) * 0.62,
  },
  // two bars
  paused: {
    rgb: [230, 145, 0],
    inside: (x, y) => y >= 0.2 && y <= 0.8 && ((x >= 0.25 && x <= 0.42) || (x >= 0.58 && x <= 0.75)),
  },
  // a filled disc in a ring: kept
  saved: { rgb: [34, 139, 230], inside: (x, y) => ring(0.4, 0.1)(x, y) || circle(0.2)(x, y) },
  // an empty ring
  off: { rgb: [134, 142, 150], inside: ring(0.38, 0.11) },
};

function draw(inside: Inside, rgb: [number, number, number], size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const n = 4;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++)
          if (inside((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)) hits++;
      const i = (py * size + px) * 4;
      png.data.set([...rgb, Math.round((255 * hits) / (n * n))], i);
    }
  return PNG.sync.write(png);
}

for (const [name, { rgb, inside }] of Object.entries(SHAPES)) {
  writeFileSync(join(import.meta.dirname, 'tray-states', `${name}.png`), draw(inside, rgb, 16));
  writeFileSync(join(import.meta.dirname, 'tray-states', `${name}@2x.png`), draw(inside, rgb, 32));
}
