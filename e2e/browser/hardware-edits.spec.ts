// E2E: the Hardware tab on a running guest (GRUB under TCG). The CD drive's disc ejected and inserted
// from the host-side file browser, and QEMU has each change at once (virsh domblklist); a change saved
// for the next start by another tool (virsh) shows as pending without a reload. Screenshots go to
// test-results/hardware-edits/.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, GRUB_ISO, ROOT, test } from './fixtures';
import { selectGuest, settle, showTab } from './guest-ui';
import { LIBVIRT_GRUB_ISO, virsh } from './test-guests';

const SHOTS = join(ROOT, 'test-results/hardware-edits');
const NET = `kvmdesk-test-hwui-net-${process.pid}`;

test.afterAll(async () => {
  await virsh('net-destroy', NET).catch(() => undefined);
});

async function shot(page: Page, name: string) {
  await mkdir(SHOTS, { recursive: true });
  await settle(page);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

test('a running guest’s CD: eject, then insert an ISO from the file browser; a next-start change shows as pending', async ({
  page,
  defineTestGuest,
}) => {
  // an isolated network of our own (the host's 'default' may be inactive, and is not ours)
  const netFile = join(tmpdir(), `${NET}.xml`);
  await writeFile(netFile, `<network><name>${NET}</name><bridge stp='on' delay='0'/></network>`);
  await virsh('net-create', netFile);
  await rm(netFile, { force: true });
  const g = await defineTestGuest(`kvmdesk-test-hwui-${Date.now()}`, { iso: GRUB_ISO, start: true });
  await selectGuest(page, g.name);
  await showTab(page, 'hardware');
  const cd = page.getByTestId('disk-sdb');
  await expect(cd).toContainText(LIBVIRT_GRUB_ISO);
  await shot(page, '1-hardware-running');

  await cd.getByTestId('disk-sdb-eject').click();
  await expect(cd).toContainText('empty');
  await expect.poll(async () => virsh('domblklist', g.name)).toMatch(/sdb\s+-/);

  await cd.getByTestId('disk-sdb-insert').click();
  const browser = page.getByRole('dialog', { name: 'Disc image for sdb' });
  await expect(browser).toBeVisible();
  await shot(page, '2-file-browser');
  await browser.getByText(basename(LIBVIRT_GRUB_ISO), { exact: true }).click();
  await expect(browser).toBeHidden();
  await expect(cd).toContainText(LIBVIRT_GRUB_ISO);
  await expect
    .poll(async () => virsh('domblklist', g.name))
    .toMatch(new RegExp(`sdb\\s+${LIBVIRT_GRUB_ISO}`));

  await expect(page.getByTestId('details-pending-changes')).toBeHidden();

  // processors and memory: a message as typed, then less memory for the running guest (its balloon)
  const res = page.getByTestId('details-resources');
  await res.getByTestId('resources-edit').click();
  const maxCpus = res.getByTestId('resources-maxVcpus');
  await maxCpus.fill('');
  await maxCpus.pressSequentially('999', { delay: 15 });
  await expect(res).toContainText(/This host has \d+ processors: at most \d+\./);
  await expect(res.getByTestId('resources-save')).toBeDisabled();
  await shot(page, '3-resources-message');
  await maxCpus.fill('1');
  const mem = res.getByTestId('resources-memoryMiB');
  await mem.fill('');
  await mem.pressSequentially('192', { delay: 15 });
  await res.getByTestId('resources-save').click();
  await expect(res.getByTestId('resources-memory')).toHaveText('192 MiB (up to 256 MiB while running)');
  await expect
    .poll(async () => virsh('dumpxml', '--inactive', g.name))
    .toMatch(/<currentMemory unit=.KiB.>196608</);

  // a network adapter on a network of our own: added live, its cable pulled, then removed (GRUB does not
  // agree to hot-unplug, so it stays until the next start, and says so)
  await expect(page.getByTestId('details-nics')).toContainText('No network adapters.');
  await page.getByTestId('nic-add').click();
  await page.getByTestId('nic-add-network').click();
  await page.getByRole('option', { name: NET, exact: true }).click();
  await page.getByTestId('nic-add-save').click();
  const nic = page.locator('[data-testid^="nic-52:54:00:"]').first();
  await expect(nic).toContainText(`Virtual network “${NET}”`);
  await expect.poll(async () => virsh('domiflist', g.name)).toContain(NET);
  const mac = (await nic.getAttribute('data-testid'))!.replace(/^nic-/, '');
  await shot(page, '4-nic-added');
  await page.getByTestId(`nic-${mac}-link`).click({ force: true });
  await expect.poll(async () => virsh('domif-getlink', g.name, mac)).toMatch(/down/);
  await page.getByTestId(`nic-${mac}-remove`).click();
  await expect(page.getByTestId('details-pending-changes')).toContainText(
    `Network card ${mac}: removed at next start`,
    { timeout: 30_000 },
  );
  // the row says so and offers no second Remove (which would fail: the saved definition has no such card)
  await expect(nic.getByTestId(`nic-${mac}-next-start`)).toHaveText('removed at next start');
  await expect(page.getByTestId(`nic-${mac}-remove`)).toBeHidden();

  // another tool redefines the guest with another video card: the details follow libvirt's event
  const saved = await virsh('dumpxml', '--inactive', g.name);
  const file = join(tmpdir(), `${g.name}.xml`);
  await writeFile(file, saved.replace(/<model type=["']vga["']/, "<model type='bochs'"));
  await virsh('define', file);
  await rm(file, { force: true });
  const pending = page.getByTestId('details-pending-changes');
  await expect(pending).toContainText('Video: vga now, bochs at next start');
  await expect(pending).toContainText(`Network card ${mac}: removed at next start`);
  await shot(page, '5-pending-changes');
});
