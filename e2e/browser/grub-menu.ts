// GRUB's menu as libvirt's screenshot shows it (virsh screenshot), for tests that move its highlight and
// check where it is: after a snapshot's revert or a saved state's restore, it must be where it was.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { highlightTop } from './console-pixels';
import { decodeScreenshot, looksLikeGrubMenu, type Rgb } from './guest-screen';
import { virsh, waitFor } from './test-guests';

/** the guest's screen as RGB; kept as `<keepAs>.png` when a path is given, else removed */
export async function virshScreen(name: string, keepAs?: string): Promise<Rgb> {
  const file = keepAs ? `${keepAs}.png` : join('/tmp', `${name}-${process.pid}-${Date.now()}.png`);
  await virsh('screenshot', name, file);
  try {
    return decodeScreenshot(await readFile(file));
  } finally {
    if (!keepAs) await rm(file, { force: true });
  }
}

/** waits until GRUB's menu is drawn (its highlight bar found) */
export async function grubMenuShown(name: string): Promise<void> {
  await waitFor('GRUB to draw its menu', async () => highlightTop(await virshScreen(name)) >= 0, 90_000);
}

/** GRUB's menu once the screen has not changed for a second (after a key, its countdown has stopped) */
export async function steadyGrubMenu(name: string, keepAs?: string): Promise<Rgb> {
  let last = await virshScreen(name);
  const menu = await waitFor(
    "GRUB's menu, steady",
    async () => {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await virshScreen(name);
      const same = now.data.equals(last.data);
      last = now;
      return same && looksLikeGrubMenu(now).ok && highlightTop(now) >= 0
        ? await virshScreen(name, keepAs)
        : undefined;
    },
    90_000,
  );
  return menu!;
}

export { highlightTop };
