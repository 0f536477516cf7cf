// Guests without a display, end to end: one with neither a display nor a serial console says so and how
// to add one; one with a serial console (the Debian installer's kernel booted with console=ttyS0) shows
// the kernel's text in the terminal (xterm.js) through libvirt's console stream and the bridge, and a
// command typed into the terminal runs in the guest. Screenshots go to e2e/artifacts.
import type { Page } from '@playwright/test';
import { defineTestGuest, expect, GRUB_ISO, removeTestGuest, saveScreenshot, test, virsh } from './fixtures';
import { selectGuest, showTab } from './guest-ui';

test.describe.configure({ mode: 'serial' });

const BARE = `kvmdesk-test-nodisplay-${process.pid}`;
const SERIAL = `kvmdesk-test-serial-${process.pid}`;

// after the server fixture: its start sweeps away fixture-made guests of earlier runs
test.beforeAll(async ({ server: _server }) => {
  await defineTestGuest(BARE, { iso: GRUB_ISO, graphics: false, start: true });
  // rdinit=/bin/sh: the initrd's busybox shell on the serial console as soon as the kernel is up
  await defineTestGuest(SERIAL, {
    graphics: false,
    serial: true,
    memoryMiB: 512,
    kernelCmdline: 'console=ttyS0 rdinit=/bin/sh',
  });
});
test.afterAll(async () => {
  await removeTestGuest(BARE);
  await removeTestGuest(SERIAL);
});

/** The terminal's visible rows as text, one line a row (xterm draws spaces as no-break spaces). */
const terminalText = (page: Page) =>
  page
    .locator('[data-testid="console-terminal"] .xterm-rows')
    .evaluate((rows) =>
      [...rows.children].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n'),
    );

/** Waits until the terminal shows `what`; fails with what it showed (and a screenshot) otherwise. */
async function waitForTerminal(page: Page, what: RegExp, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = await terminalText(page);
    if (what.test(text)) return text;
    if (Date.now() > until) {
      await saveScreenshot(page, 'serial-failed');
      throw new Error(`the terminal did not show ${what} in ${timeoutMs} ms; it shows:\n${text}`);
    }
    await page.waitForTimeout(250);
  }
}

test('a guest with no display and no serial console says so, and how to add a display', async ({ page }) => {
  await selectGuest(page, BARE);
  await showTab(page, 'console');
  const none = page.getByTestId('console-none');
  await expect(none).toContainText('This guest has no display.');
  await expect(none).toContainText(
    `It has no display and no serial console; add one with virt-manager or virt-xml ${BARE} --add-device --graphics vnc.`,
  );
  await expect(page.getByTestId('console')).toHaveAttribute('data-state', 'none');
  await expect(page.getByText('Reconnecting by itself…')).toHaveCount(0);
  expect(await virsh('domstate', BARE)).toBe('running');
  await saveScreenshot(page, 'serial-1-no-display');
});

test("a guest with only a serial console shows the kernel's boot text in a terminal that types into it", async ({
  page,
}) => {
  await selectGuest(page, SERIAL);
  await showTab(page, 'console');
  const consoleEl = page.getByTestId('console');
  await expect(consoleEl).toHaveAttribute('data-kind', 'serial');
  await expect(page.getByTestId('console-serial-note')).toHaveText(
    'This guest has no display: this is its serial console.',
  );
  // started from the console, so the terminal is there before the guest's first byte
  await expect(consoleEl).toHaveAttribute('data-state', 'off');
  await page.getByTestId('console-start').click();
  await expect(consoleEl).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });

  // the kernel's messages (printk timestamps), up to the shell it runs as init
  await waitForTerminal(page, /Run \/bin\/sh as init process/, 150_000);
  const boot = await waitForTerminal(page, /^\S+ #$/m, 60_000);
  expect(boot).toMatch(/\[\s*\d+\.\d{6}\] /);
  await saveScreenshot(page, 'serial-2-kernel-boot');

  // typed into the terminal, run by the guest's shell
  await page.locator('[data-testid="console-terminal"] .xterm').click();
  await page.keyboard.type('echo kvmdesk-$((6*7)); dmesg | head -n 1\n', { delay: 20 });
  // 42 only the guest's shell can print for $((6*7)); then the first line of the kernel's boot log
  await waitForTerminal(page, /^kvmdesk-42\n\[\s*0\.0+\] Linux version \d+\.\d+/m, 60_000);
  await saveScreenshot(page, 'serial-3-typed');

  // Ctrl+Alt pressed and released alone gives the keyboard back, to the terminal's area; Enter there
  // goes back in, and the shell still reads what is typed (no Ctrl or Alt left held)
  const terminal = page.getByTestId('console-terminal');
  const hint = page.getByTestId('console-grab-hint');
  await expect(hint).toHaveText('Press Ctrl+Alt to release the keyboard.');
  await page.keyboard.down('Control');
  await page.keyboard.down('Alt');
  await page.keyboard.up('Alt');
  await page.keyboard.up('Control');
  await expect(terminal).toBeFocused();
  await expect(hint).toHaveText('');
  await saveScreenshot(page, 'serial-4-released');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('textarea')).toBeFocused();
  await page.keyboard.type('echo kvmdesk-$((7*6))-again\n', { delay: 20 });
  await waitForTerminal(page, /^kvmdesk-42-again$/m, 60_000);
});
