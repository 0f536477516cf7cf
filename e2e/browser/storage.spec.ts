// The storage panel in Chromium against qemu:///system: opened from the status bar, a dir pool made
// through the create-pool dialog, the grub-rescue ISO uploaded from the browser (an HTTP PUT, the progress
// row shown) into a volume libvirt lists, refused deletes; screenshots light and dark. Only
// kvmdesk-test-* pools and volumes, removed afterwards. No guest is started.
import { rm } from 'node:fs/promises';
import { expect, GRUB_ISO, saveScreenshot, test, virsh } from './fixtures';

const POOL = 'kvmdesk-test-e2e-pool';
const PATH = `/tmp/${POOL}-${process.pid}`;

async function removePool(): Promise<void> {
  await virsh('vol-delete', '--pool', POOL, 'grub-rescue-cdrom.iso').catch(() => undefined);
  await virsh('pool-destroy', POOL).catch(() => undefined);
  // pool-delete (its directory) needs the pool still defined: before undefine, or the folder stays
  await virsh('pool-delete', POOL).catch(() => undefined);
  await virsh('pool-undefine', POOL).catch(() => undefined);
  await rm(PATH, { recursive: true, force: true });
}

test.beforeAll(removePool);
test.afterAll(removePool);

test('a pool made in the storage panel, an ISO uploaded from the browser with its progress', async ({
  page,
}) => {
  await page.getByTestId('open-storage').click();
  const panel = page.getByTestId('storage-panel');
  await expect(panel).toBeVisible();
  await expect(page).toHaveURL(/#\/host\/qemu%3A%2F%2F%2Fsystem\/storage$/);

  await panel.getByTestId('new-pool').click();
  const dialog = page.getByRole('dialog', { name: 'New storage pool' });
  await dialog.getByTestId('pool-name').fill(POOL);
  await dialog.getByTestId('pool-path').fill(PATH);
  await expect(
    dialog.getByTestId('pool-types-unsupported').or(dialog.getByTestId('pool-type')),
  ).toBeVisible();
  await saveScreenshot(page, 'storage-create-pool');
  await dialog.getByTestId('create-pool-submit').click();
  await expect(dialog).toBeHidden();
  const row = panel.getByTestId(`pool-${POOL}`);
  await expect(row.getByTestId('pool-state')).toHaveText('running');
  await row.click();

  const volumes = panel.getByTestId('volumes');
  await expect(volumes).toContainText(`Volumes in ${POOL}`);
  const chooser = page.waitForEvent('filechooser');
  await volumes.getByTestId('upload-volume').click();
  await (await chooser).setFiles(GRUB_ISO);
  await expect(volumes.getByTestId('upload-progress').first()).toBeVisible();
  await saveScreenshot(page, 'storage-upload-progress');
  const vol = volumes.getByTestId('volume-grub-rescue-cdrom.iso');
  await expect(vol).toBeVisible({ timeout: 30_000 });
  await expect(vol).toContainText('iso');
  // libvirt has the whole file
  expect(await virsh('vol-info', '--pool', POOL, 'grub-rescue-cdrom.iso')).toMatch(/Capacity:\s+4\.85 MiB/);

  // a non-empty pool refuses delete, and says why
  await row.getByTestId(`pool-actions-${POOL}`).click();
  await page.getByTestId('pool-delete').click();
  await expect(page.getByTestId('error-notification').last()).toContainText('still has 1 volume');
  await saveScreenshot(page, 'storage-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(page, 'storage-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // the Storage tab is the host page's: closing the page goes back to the guests
  await page.getByRole('button', { name: 'Close the host page' }).click();
  await expect(page.getByTestId('host-page')).toHaveCount(0);
});
