// Settings and host status as the user sees them: the KVM banner matches what the host offers, and
// "Force software emulation" is saved (in a config dir of its own, never the user's) and survives a reload.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, savedSettings, saveScreenshot, startServe, stopServe, test } from './fixtures';
import { settle } from './guest-ui';

test('force software emulation is saved; the KVM banner says what the host offers', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'kvmdesk-test-settings-'));
  const { server, child } = await startServe({ KVMDESK_CONFIG_DIR: dir });
  const page = await browser.newPage();
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('status-connection')).toHaveText('qemu:///system');
    await page.getByTestId('toolbar-settings').click();
    const kvm = page.getByTestId('settings-kvm');
    await expect(kvm).toBeVisible();
    // the banner and the dialog agree with each other (KVM is missing on the machines this runs on)
    const kvmMissing = (await kvm.textContent())?.includes('KVM is not available');
    await expect(page.getByTestId('banner-no-kvm')).toHaveCount(kvmMissing ? 1 : 0);
    if (kvmMissing) {
      await expect(page.getByTestId('banner-no-kvm')).toContainText(
        'KVM is not available: guests run in slow software emulation',
      );
    }

    const toggle = page.getByRole('switch', { name: /Force software emulation/ });
    await expect(toggle).not.toBeChecked();
    await toggle.click({ force: true });
    await expect(toggle).toBeChecked();
    await expect.poll(async () => (await savedSettings(dir))?.forceSoftwareEmulation).toBe(true);
    await settle(page);
    await saveScreenshot(page, 'settings-dialog');

    await page.reload();
    await page.getByTestId('toolbar-settings').click();
    const again = page.getByRole('switch', { name: /Force software emulation/ });
    await expect(again).toBeChecked();
    await again.click({ force: true });
    await expect(again).not.toBeChecked();
    await expect.poll(async () => (await savedSettings(dir))?.forceSoftwareEmulation).toBe(false);
  } finally {
    await page.close();
    await stopServe(child);
    await rm(dir, { recursive: true, force: true });
  }
});
