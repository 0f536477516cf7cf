// E2E: the Hardware tab's Processor model and Boot cards on a shut-off guest (TCG). The boot order
// rearranged with the keyboard, the topology and a named CPU model, the firmware switched to UEFI after
// the warning and back: virsh dumpxml agrees with each; the validation messages appear as typed.
// Screenshots go to /tmp/shots-boot-cpu/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, GRUB_ISO, test } from './fixtures';
import { selectGuest, settle, showTab } from './guest-ui';
import { virsh } from './test-guests';

const SHOTS = '/tmp/shots-boot-cpu';

async function shot(page: Page, name: string, testId?: string) {
  await mkdir(SHOTS, { recursive: true });
  await settle(page);
  const path = join(SHOTS, `${name}.png`);
  if (testId) await page.getByTestId(testId).screenshot({ path });
  else await page.screenshot({ path });
}

const bootDevs = (xml: string) => [...xml.matchAll(/<boot dev=["'](\w+)["']\/>/g)].map((m) => m[1]);

test('a shut-off guest’s boot order, processor topology, CPU model and firmware through the UI', async ({
  page,
  defineTestGuest,
}) => {
  const g = await defineTestGuest(`kvmdesk-test-bootcpu-ui-${Date.now()}`, { iso: GRUB_ISO, diskMiB: 16 });
  const dumpxml = () => virsh('dumpxml', '--inactive', g.name);
  await selectGuest(page, g.name);
  await showTab(page, 'hardware');
  const boot = page.getByTestId('details-boot');
  await expect(boot.getByTestId('boot-order').getByRole('listitem')).toHaveText([
    'CD/DVD',
    'Hard disk',
    'Network (PXE) (this guest has no network adapter)',
  ]);
  await shot(page, '1-hardware-shut-off');

  // the boot order, with the keyboard only: Hard disk up, Network on
  await boot.getByRole('button', { name: 'Move Hard disk up' }).focus();
  await page.keyboard.press('Enter');
  await boot.getByTestId('boot-network-on').focus();
  await page.keyboard.press('Space');
  await expect(boot.getByTestId('boot-order').getByRole('listitem').first()).toHaveText('Hard disk');
  await shot(page, '2-boot-order-arranged', 'details-boot');
  await boot.getByTestId('boot-order-save').click();
  await expect.poll(async () => bootDevs(await dumpxml())).toEqual(['hd', 'cdrom', 'network']);
  await expect(boot.getByTestId('boot-order-save')).toBeHidden();

  // every device off: the message as typed, nothing to save
  for (const dev of ['hd', 'cdrom', 'network']) await boot.getByTestId(`boot-${dev}-on`).click();
  await expect(boot.getByTestId('boot-order-problem')).toHaveText(
    'Choose at least one device to start from.',
  );
  await expect(boot.getByTestId('boot-order-save')).toBeDisabled();
  await boot.getByRole('button', { name: 'Cancel' }).click();

  // the boot menu
  await boot.getByTestId('boot-menu').click({ force: true });
  await expect.poll(dumpxml).toMatch(/<bootmenu enable=["']yes["']\/>/);

  // two processors (the host has 2), then their topology: wrong numbers say so as typed
  const res = page.getByTestId('details-resources');
  await res.getByTestId('resources-edit').click();
  await res.getByTestId('resources-maxVcpus').fill('2');
  await res.getByTestId('resources-vcpus').fill('2');
  await res.getByTestId('resources-save').click();
  await expect(res.getByTestId('resources-vcpus')).toHaveText('2 processors');
  const cpu = page.getByTestId('details-cpu');
  await expect(cpu.getByTestId('cpu-topology')).toHaveText('Not set: one socket per processor');
  await cpu.getByTestId('cpu-edit').click();
  await expect(cpu.getByTestId('cpu-mode-unavailable')).toContainText('Not with software emulation (TCG)');
  const threads = cpu.getByTestId('cpu-threads');
  await threads.fill('');
  await threads.pressSequentially('4', { delay: 15 });
  await expect(cpu.getByTestId('cpu-topology-says')).toHaveText(
    '2 sockets × 1 core × 4 threads make 8 processors, but this guest has a maximum of 2. Choose numbers that multiply to 2, or change the maximum under Processors and memory.',
  );
  await expect(cpu.getByTestId('cpu-save')).toBeDisabled();
  await shot(page, '3-topology-message', 'details-cpu');
  const sockets = cpu.getByTestId('cpu-sockets');
  await sockets.fill('');
  await sockets.pressSequentially('1', { delay: 15 });
  await threads.fill('');
  await threads.pressSequentially('2', { delay: 15 });
  await expect(cpu.getByTestId('cpu-topology-says')).toHaveText(
    '1 socket × 1 core × 2 threads = 2 processors, the guest’s maximum.',
  );
  // a named model, from the ones this host can emulate
  await cpu.getByTestId('cpu-mode-select').click();
  await expect(page.getByRole('option', { name: /^Host passthrough/ })).toHaveAttribute(
    'aria-disabled',
    'true',
  );
  await page.getByRole('option', { name: 'A named model', exact: true }).click();
  await cpu.getByTestId('cpu-model-select').click();
  await page.getByRole('option', { name: 'Nehalem', exact: true }).click();
  await shot(page, '4-cpu-editor', 'details-cpu');
  await cpu.getByTestId('cpu-save').click();
  await expect(cpu.getByTestId('cpu-topology')).toHaveText('1 socket, 1 core, 2 threads');
  await expect(cpu.getByTestId('cpu-mode')).toHaveText('Nehalem (a named model)');
  const xml = await dumpxml();
  expect(xml).toMatch(/<topology sockets=["']1["'] (dies=["']1["'] )?cores=["']1["'] threads=["']2["']\/>/);
  expect(xml).toMatch(/<model[^>]*>Nehalem<\/model>/);

  // firmware: UEFI after the warning, then BIOS again
  await boot.getByTestId('boot-firmware-efi').click({ force: true });
  const confirm = page.getByRole('dialog', { name: 'Start from UEFI?' });
  await expect(confirm).toContainText('An operating system installed for BIOS may not start with UEFI');
  await shot(page, '5-firmware-confirm');
  await confirm.getByTestId('boot-firmware-confirm-change').click();
  await expect.poll(dumpxml).toMatch(/<os firmware=["']efi["']>/);
  await expect(boot.getByTestId('boot-firmware-efi')).toBeChecked();
  await expect(boot).toContainText('Secure Boot needs the Q35 chipset');
  await shot(page, '6-hardware-uefi');
  await boot.getByTestId('boot-firmware-bios').click({ force: true });
  await page
    .getByRole('dialog', { name: 'Start from BIOS?' })
    .getByTestId('boot-firmware-confirm-change')
    .click();
  await expect.poll(dumpxml).not.toMatch(/firmware=["']efi["']/);
  await expect(boot.getByTestId('boot-firmware-bios')).toBeChecked();
});
