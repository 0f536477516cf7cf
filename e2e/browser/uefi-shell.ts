// OVMF's UEFI shell as libvirt's screenshot shows it, for tests of UEFI guests: OVMF without a bootable
// disk stops at its shell (the grub-rescue ISO boots BIOS only), a steady text screen once the
// startup.nsh countdown has run out, whose prompt is drawn in yellow.

import { virshScreen } from './grub-menu';
import type { Rgb } from './guest-screen';
import { virsh, waitFor } from './test-guests';

const isYellow = (d: Buffer, i: number) => d[i] > 180 && d[i + 1] > 180 && d[i + 2] < 90;

/** the shell's yellow (its prompt, the mapping table's title) is on the screen */
export function hasYellow(img: Rgb): boolean {
  for (let i = 0; i < img.data.length; i += 3) if (isYellow(img.data, i)) return true;
  return false;
}

/** the UEFI shell's prompt, steady: its countdown (a line redrawn each second) has ended */
export async function shellPrompt(name: string, keepAs?: string): Promise<Rgb> {
  let last: Rgb | undefined;
  const img = await waitFor(
    'the UEFI shell’s prompt, steady',
    async () => {
      const now = await virshScreen(name);
      if (!hasYellow(now)) return undefined;
      if (!last?.data.equals(now.data)) {
        last = now;
        await new Promise((r) => setTimeout(r, 2500));
        return undefined;
      }
      return await virshScreen(name, keepAs);
    },
    150_000,
  );
  return img!;
}

/**
 * Types keys at the shell and waits until they show: the shell may not read the keyboard yet right after
 * its countdown, so the keys go again (more text on the line does not matter) until the screen changes.
 */
export async function typeAtShell(name: string, ...keys: string[]): Promise<Rgb> {
  const before = await virshScreen(name);
  for (let attempt = 0; attempt < 6; attempt++) {
    for (const k of keys) {
      await virsh('send-key', name, '--holdtime', '200', k);
      await new Promise((r) => setTimeout(r, 300));
    }
    const changed = await waitFor(
      'the typed keys on the screen',
      async () => !(await virshScreen(name)).data.equals(before.data),
      5_000,
    ).catch(() => false);
    if (changed) return shellPrompt(name);
  }
  throw new Error(`the UEFI shell did not show the keys ${keys.join(' ')}`);
}
