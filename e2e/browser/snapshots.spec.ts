// E2E: the Snapshots tab on a running BIOS guest (GRUB under TCG, a qcow2 disk): take a snapshot at
// GRUB's menu through the UI, move the highlight, revert through the UI (confirmed), and libvirt's
// screenshot shows the highlight where it was; a second snapshot under the first; the description
// edited; the subtree deleted. The tree checked against virsh after each step. Screenshots go to
// test-results/snapshots/.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, GRUB_ISO, ROOT, test } from './fixtures';
import { grubMenuShown, highlightTop, steadyGrubMenu } from './grub-menu';
import { selectGuest, settle, showTab } from './guest-ui';
import { virsh } from './test-guests';
import { shellPrompt, typeAtShell } from './uefi-shell';

const SHOTS = join(ROOT, 'test-results/snapshots');

async function shot(page: Page, name: string) {
  await mkdir(SHOTS, { recursive: true });
  await settle(page);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const row = (page: Page, name: string) => page.locator(`[data-testid="snapshot-row"][data-name="${name}"]`);

async function jobDone(page: Page) {
  const job = page.getByTestId('snapshot-job');
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
}

test('take, revert and delete snapshots through the tab; GRUB’s highlight comes back where it was', async ({
  page,
  defineTestGuest,
}) => {
  test.setTimeout(300_000);
  const g = await defineTestGuest(`kvmdesk-test-snapui-${Date.now()}`, {
    iso: GRUB_ISO,
    diskMiB: 64,
    start: true,
  });
  await selectGuest(page, g.name);
  await showTab(page, 'snapshots');
  await expect(page.getByTestId('snapshots-mechanism')).toContainText('Internal snapshots');
  await expect(page.getByTestId('snapshots-none')).toBeVisible();
  await shot(page, '1-no-snapshots');

  await grubMenuShown(g.name);
  // a key stops GRUB's countdown (and moves the highlight one down): the state to come back to
  await virsh('send-key', g.name, 'KEY_DOWN');
  const before = await steadyGrubMenu(g.name, join(SHOTS, 'guest-1-at-snapshot'));
  const at = highlightTop(before);

  await page.getByTestId('snapshot-take').click();
  const dialog = page.getByTestId('take-snapshot-dialog');
  await expect(dialog.getByTestId('take-snapshot-name')).toHaveValue('Snapshot 1');
  await dialog.getByTestId('take-snapshot-description').fill('GRUB menu, second entry');
  await shot(page, '2-take-dialog');
  await dialog.getByTestId('take-snapshot-submit').click();
  await jobDone(page);
  await expect(row(page, 'Snapshot 1')).toHaveAttribute('data-current', 'true');
  await expect(row(page, 'Snapshot 1')).toContainText('Running · with memory');
  await expect(row(page, 'Snapshot 1')).toContainText('GRUB menu, second entry');
  await expect(row(page, 'Snapshot 1').getByTestId('snapshot-size')).toContainText('MiB of memory state');
  expect(await virsh('snapshot-current', g.name, '--name')).toBe('Snapshot 1');
  await shot(page, '3-taken');

  await virsh('send-key', g.name, 'KEY_DOWN');
  await virsh('send-key', g.name, 'KEY_DOWN');
  const moved = await steadyGrubMenu(g.name, join(SHOTS, 'guest-2-moved'));
  expect(highlightTop(moved)).toBeGreaterThan(at);

  await row(page, 'Snapshot 1').getByTestId('snapshot-revert').click();
  const confirm = page.getByTestId('snapshot-confirm');
  await expect(confirm).toContainText('Unsaved changes since the snapshot are lost.');
  await shot(page, '4-revert-confirm');
  await confirm.getByTestId('snapshot-confirm-button').click();
  await jobDone(page);
  const after = await steadyGrubMenu(g.name, join(SHOTS, 'guest-3-reverted'));
  expect(highlightTop(after)).toBe(at);
  expect(after.data.equals(before.data)).toBe(true);

  // a second snapshot, from the keyboard: under the first, and now the current one
  await page.getByTestId('snapshot-take').click();
  await expect(dialog.getByTestId('take-snapshot-name')).toHaveValue('Snapshot 2');
  await dialog.getByTestId('take-snapshot-name').press('Enter');
  await jobDone(page);
  await expect(row(page, 'Snapshot 2')).toHaveAttribute('data-depth', '1');
  await expect(row(page, 'Snapshot 2')).toHaveAttribute('data-current', 'true');
  expect(await virsh('snapshot-parent', g.name, '--snapshotname', 'Snapshot 2')).toBe('Snapshot 1');

  await row(page, 'Snapshot 2').getByTestId('snapshot-describe').click();
  await page.getByTestId('snapshot-description-input').fill('after the revert');
  await page.getByTestId('snapshot-description-save').click();
  await expect(row(page, 'Snapshot 2').getByTestId('snapshot-description')).toHaveText('after the revert');
  expect(await virsh('snapshot-dumpxml', g.name, 'Snapshot 2')).toContain(
    '<description>after the revert</description>',
  );
  await shot(page, '5-tree');

  await row(page, 'Snapshot 1').getByTestId('snapshot-delete-menu').click();
  await page.getByTestId('snapshot-delete-children').click();
  await expect(page.getByTestId('snapshot-confirm')).toContainText('cannot be brought back');
  await shot(page, '6-delete-subtree-confirm');
  await page.getByTestId('snapshot-confirm-button').click();
  await jobDone(page);
  await expect(page.getByTestId('snapshots-none')).toBeVisible();
  expect(await virsh('snapshot-list', g.name, '--name')).toBe('');
  expect(await virsh('domstate', g.name)).toBe('running');
  await shot(page, '7-deleted');
});

test('a running UEFI guest with a TPM: external snapshots taken, reverted and deleted through the tab', async ({
  page,
  defineTestGuest,
}) => {
  test.setTimeout(300_000);
  const g = await defineTestGuest(`kvmdesk-test-snapui-uefi-${Date.now()}`, {
    firmware: 'efi',
    tpm: true,
    diskMiB: 16,
    start: true,
  });
  try {
    await selectGuest(page, g.name);
    await showTab(page, 'snapshots');
    const line = page.getByTestId('snapshots-mechanism');
    await expect(line).toHaveAttribute('data-supported', 'true');
    await expect(line).toContainText('External snapshots (UEFI guest)');
    await shellPrompt(g.name);
    const before = await typeAtShell(g.name, 'KEY_V', 'KEY_E', 'KEY_R');
    await shot(page, '8-uefi-external');

    await page.getByTestId('snapshot-take').click();
    const dialog = page.getByTestId('take-snapshot-dialog');
    await expect(dialog.getByTestId('take-snapshot-disk-only')).toBeEnabled();
    await dialog.getByTestId('take-snapshot-submit').click();
    await jobDone(page);
    await expect(row(page, 'Snapshot 1')).toHaveAttribute('data-current', 'true');
    await expect(row(page, 'Snapshot 1')).toContainText('Running · with memory');
    await shot(page, '9-uefi-taken');

    await typeAtShell(g.name, 'KEY_X');
    await row(page, 'Snapshot 1').getByTestId('snapshot-revert').click();
    const confirm = page.getByTestId('snapshot-confirm');
    await expect(confirm).toContainText('the UEFI variables and the TPM’s state go back');
    await shot(page, '10-uefi-revert-confirm');
    await confirm.getByTestId('snapshot-confirm-button').click();
    await jobDone(page);
    const after = await shellPrompt(g.name);
    expect(after.data.equals(before.data)).toBe(true);
    expect(await virsh('snapshot-current', g.name, '--name')).toBe('Snapshot 1');

    await row(page, 'Snapshot 1').getByTestId('snapshot-delete-menu').click();
    await page.getByTestId('snapshot-delete').click();
    await page.getByTestId('snapshot-confirm-button').click();
    await jobDone(page);
    await expect(page.getByTestId('snapshots-none')).toBeVisible();
    expect(await virsh('snapshot-list', g.name, '--name')).toBe('');
    await shot(page, '11-uefi-deleted');
  } finally {
    // the overlays beside the disk, KVM Desk's copies and the TPM state (the fixture removes the guest)
    await virsh('destroy', g.name).catch(() => undefined);
    const stem = g.disk!.replace(/\.qcow2$/, '');
    for (const f of await readdir(dirname(stem)))
      if (join(dirname(stem), f).startsWith(`${stem}.`)) await rm(join(dirname(stem), f), { force: true });
    await rm(`/var/lib/libvirt/qemu/snapshot-state/${g.uuid}`, { recursive: true, force: true });
    await rm(`/var/lib/libvirt/swtpm/${g.uuid}`, { recursive: true, force: true });
  }
});
