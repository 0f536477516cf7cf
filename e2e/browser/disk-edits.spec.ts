// E2E: disks on a running guest (GRUB under TCG), in a storage pool of the test's own. A new disk added
// through Add disk… (QEMU has it at once: virsh domblklist; the saved definition agrees: dumpxml), grown
// from its Edit… dialog after a shrink was refused as typed (virsh domblkinfo), then removed keeping its
// file: GRUB does not release it, so the row says "removed at next start" and offers no second Remove;
// once shut off, a CD/DVD drive added (dumpxml).
// Screenshots go to /tmp/shots-disks/.
import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, GRUB_ISO, test } from './fixtures';
import { selectGuest, settle, showTab } from './guest-ui';
import { virsh } from './test-guests';

const SHOTS = '/tmp/shots-disks';
const POOL = `kvmdesk-test-e2epool-${process.pid}`;
const DIR = `/var/lib/libvirt/images/${POOL}`;

test.beforeAll(async () => {
  await mkdir(DIR, { recursive: true });
  await virsh('pool-create-as', POOL, 'dir', '--target', DIR);
});
test.afterAll(async () => {
  await virsh('pool-destroy', POOL).catch(() => undefined);
  await rm(DIR, { recursive: true, force: true });
});

async function shot(page: Page, name: string, what = page.getByTestId('details-disks')) {
  await mkdir(SHOTS, { recursive: true });
  await settle(page);
  await what.screenshot({ path: join(SHOTS, `${name}.png`) });
}

test('a running guest gets a new disk from Add disk…, grows it, and has it removed at next start', async ({
  page,
  defineTestGuest,
}) => {
  const g = await defineTestGuest(`kvmdesk-test-diskui-${Date.now()}`, { iso: GRUB_ISO, start: true });
  await selectGuest(page, g.name);
  await showTab(page, 'hardware');
  const card = page.getByTestId('details-disks');
  await expect(card.getByTestId('disk-sdb')).toBeVisible();
  await shot(page, '1-disks-card');

  await card.getByTestId('disk-add').click();
  const dialog = page.getByTestId('disk-add-dialog');
  await dialog.getByText('Existing disk file').click();
  await expect(dialog.getByTestId('disk-add-file')).toBeVisible();
  await shot(page, '2-add-existing-file', page.getByRole('dialog', { name: 'Add a disk' }));
  await dialog.getByText('New disk', { exact: true }).click();
  await dialog.getByTestId('disk-add-pool').click();
  await page.getByRole('option', { name: new RegExp(`^${POOL} `) }).click();
  const size = dialog.getByTestId('disk-add-size');
  await size.fill('');
  await size.pressSequentially('0', { delay: 15 });
  await expect(dialog).toContainText('A disk must be more than 0 GiB.');
  await shot(page, '2-add-disk-refused', page.getByRole('dialog', { name: 'Add a disk' }));
  await size.fill('1');
  await shot(page, '3-add-disk', page.getByRole('dialog', { name: 'Add a disk' }));
  await dialog.getByTestId('disk-add-save').click();
  await expect(dialog).toBeHidden();

  const file = `${DIR}/${g.name}-vda.qcow2`;
  const vda = card.getByTestId('disk-vda');
  await expect(vda).toContainText(file);
  await expect(vda).toContainText('1.0 GiB');
  await expect.poll(async () => virsh('domblklist', g.name)).toMatch(new RegExp(`vda\\s+${file}`));
  expect(await virsh('dumpxml', '--inactive', g.name)).toMatch(
    new RegExp(`<source file=["']${file}["']/>\\s*<target dev=["']vda["'] bus=["']virtio["']/>`),
  );
  await shot(page, '4-disk-added');

  await vda.getByTestId('disk-vda-edit').click();
  const edit = page.getByTestId('disk-edit-dialog');
  const grow = edit.getByTestId('disk-edit-size');
  await grow.fill('');
  await grow.pressSequentially('0.5', { delay: 15 });
  await expect(edit).toContainText('It is 1.0 GiB: a disk can only grow.');
  await expect(edit.getByTestId('disk-edit-grow')).toBeDisabled();
  await shot(page, '5-shrink-refused', page.getByRole('dialog', { name: 'Disk vda' }));
  await grow.fill('2');
  await edit.getByTestId('disk-edit-grow').click();
  await expect(vda).toContainText('2.0 GiB');
  await expect
    .poll(async () => /Capacity:\s+(\d+)/.exec(await virsh('domblkinfo', g.name, 'vda'))?.[1])
    .toBe(String(2 * 1024 ** 3));
  await page.keyboard.press('Escape');
  await expect(edit).toBeHidden();

  await vda.getByTestId('disk-vda-remove').click();
  const remove = page.getByTestId('disk-remove-dialog');
  await expect(remove.getByTestId('disk-remove-delete')).toBeEnabled();
  await expect(remove).toContainText('No other guest uses it.');
  await shot(page, '6-remove-dialog', page.getByRole('dialog', { name: 'Remove disk vda' }));
  await remove.getByTestId('disk-remove-confirm').click();
  await expect(vda.getByTestId('disk-vda-next-start')).toHaveText('removed at next start', {
    timeout: 30_000,
  });
  await expect(vda.getByTestId('disk-vda-remove')).toBeHidden();
  await expect(page.getByTestId('details-pending-changes')).toContainText('Disk vda: removed at next start');
  await access(file); // kept: not ticked
  await shot(page, '7-removed-at-next-start');

  // shut off: the pending removal is done, and a CD/DVD drive can be added (IDE on this PC machine)
  await virsh('destroy', g.name);
  await expect(vda).toBeHidden();
  const addCd = card.getByTestId('cdrom-add');
  await expect(addCd).toBeEnabled();
  await addCd.click();
  await expect(card.getByTestId('disk-hda')).toContainText('empty');
  expect(await virsh('dumpxml', '--inactive', g.name)).toMatch(/<target dev=["']hda["'] bus=["']ide["']\/>/);
  await shot(page, '8-cd-drive-added-while-off');
});
