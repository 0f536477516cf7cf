// The creation wizard as the E2E specs drive it: the files they choose, the sweep of what an earlier
// crashed run left, and the steps clicked and typed the way a user does.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from '@playwright/test';
import { ppmToPng } from '../../main/services/png';
import { ARTIFACTS, expect, GRUB_ISO, IMAGES, saveScreenshot, test, virsh } from './fixtures';

export const run = promisify(execFile);
export const ISO = join(IMAGES, 'kvmdesk-test-wizard-grub.iso');
/** stands in for virtio-win (KVM Desk checks only that the driver ISO is a readable file) */
export const VIRTIO_ISO = join(IMAGES, 'kvmdesk-test-wizard-virtio-win.iso');
/** a file libvirt-qemu cannot read: /root is not open to other users */
export const UNREADABLE_ISO = '/root/kvmdesk-test-wizard-unreadable.iso';

export const TINY_DIR = '/tmp/kvmdesk-test-tiny';
export const TINY_POOL = 'kvmdesk-test-tiny';

/** every guest a test made through the wizard, removed afterwards with its disks (never the ISO) */
const made = new Set<string>();

export async function removeWizardGuest(name: string): Promise<void> {
  if (!name.startsWith('kvmdesk-test-')) return;
  const disks = await virsh('domblklist', name, '--details').catch(() => '');
  await virsh('destroy', name).catch(() => undefined);
  for (const line of disks.split('\n')) {
    const [type, device, , source] = line.trim().split(/\s+/);
    if (type === 'file' && device === 'disk' && source && basename(source).startsWith('kvmdesk-test-')) {
      await virsh('vol-delete', source).catch(() => unlink(source).catch(() => undefined));
    }
  }
  await virsh('undefine', name, '--nvram').catch(() => virsh('undefine', name).catch(() => undefined));
}

/** what an earlier, crashed run of this file left: its guests, their disks, the tiny pool and tmpfs */
export async function sweep(): Promise<void> {
  const names = (await virsh('list', '--all', '--name').catch(() => '')).split('\n').map((n) => n.trim());
  for (const n of names.filter((n) => n.startsWith('kvmdesk-test-wizard-'))) await removeWizardGuest(n);
  const vols = await virsh('vol-list', 'default').catch(() => '');
  for (const line of vols.split('\n')) {
    const [vol] = line.trim().split(/\s+/);
    if (vol?.startsWith('kvmdesk-test-wizard-') && vol.endsWith('.qcow2')) {
      await virsh('vol-delete', vol, '--pool', 'default').catch(() => undefined);
    }
  }
  await virsh('pool-destroy', TINY_POOL).catch(() => undefined);
  await run('umount', [TINY_DIR]).catch(() => undefined);
  await virsh('net-destroy', 'kvmdesk-test-wiznet').catch(() => undefined);
  await virsh('net-undefine', 'kvmdesk-test-wiznet').catch(() => undefined);
}

/** the files the wizard's specs choose (ISOs, a file libvirt cannot read) and the sweep before and after */
export function registerWizardFiles(): void {
  test.beforeAll(async () => {
    await sweep();
    await copyFile(GRUB_ISO, ISO);
    await run('chmod', ['0644', ISO]);
    await copyFile(GRUB_ISO, VIRTIO_ISO);
    await run('chmod', ['0644', VIRTIO_ISO]);
    await writeFile(UNREADABLE_ISO, Buffer.alloc(4096));
  });

  test.afterEach(async () => {
    for (const name of made) await removeWizardGuest(name);
    made.clear();
  });

  test.afterAll(async () => {
    await sweep();
    await unlink(ISO).catch(() => undefined);
    await unlink(VIRTIO_ISO).catch(() => undefined);
    await unlink(UNREADABLE_ISO).catch(() => undefined);
  });
}

/** runs f with TINY_POOL: a dir pool on a 1100 MiB tmpfs of its own, gone afterwards (needs root) */
export async function withTinyPool(f: () => Promise<void>): Promise<void> {
  await mkdir(TINY_DIR, { recursive: true });
  await run('mount', ['-t', 'tmpfs', '-o', 'size=1100M,mode=0755', 'kvmdesk-test-tiny', TINY_DIR]);
  try {
    await virsh('pool-create-as', TINY_POOL, 'dir', '--target', TINY_DIR);
    await f();
  } finally {
    await virsh('pool-destroy', TINY_POOL).catch(() => undefined);
    await run('umount', [TINY_DIR]).catch(() => undefined);
    await rm(TINY_DIR, { recursive: true, force: true });
  }
}

export function uniqueName(what: string): string {
  const name = `kvmdesk-test-wizard-${what}-${Date.now().toString(36)}`;
  made.add(name);
  return name;
}

export async function openWizard(page: Page): Promise<Locator> {
  await page.getByTestId('toolbar-new').click();
  const wizard = page.getByRole('dialog', { name: 'New guest' });
  await expect(wizard).toBeVisible();
  return wizard;
}

/** types into a field the way a user does: clear, then key by key */
export async function typeInto(field: Locator, value: string): Promise<void> {
  await field.fill('');
  await field.pressSequentially(value, { delay: 15 });
}

export async function next(wizard: Locator): Promise<void> {
  const button = wizard.getByTestId('wizard-next');
  await expect(button).toBeEnabled();
  await button.click();
}

/** Source: the ISO chosen in the host-side file browser; OS: unknown media; Resources: small. */
export async function fillUpToSummary(
  page: Page,
  wizard: Locator,
  o: { diskGiB: string; pool?: string; shots?: boolean },
) {
  await wizard.getByTestId('browse').click();
  const browser = page.getByRole('dialog', { name: 'Choose an ISO image' });
  await expect(browser).toBeVisible();
  if (o.shots) await saveScreenshot(page, 'wizard-1-file-browser');
  await browser.getByText(basename(ISO), { exact: true }).click();
  await expect(wizard.getByTestId('source-path')).toHaveValue(ISO);
  if (o.shots) await saveScreenshot(page, 'wizard-1-source');
  await next(wizard);

  // the grub-rescue ISO matches no OS in osinfo-db: the wizard must say so, not guess
  await expect(wizard.getByTestId('detection')).toContainText('Unknown media');
  await expect(wizard.getByTestId('os-choice')).toContainText('Unknown');
  await expect(wizard.getByRole('option').first()).toBeVisible();
  if (o.shots) await saveScreenshot(page, 'wizard-2-os');
  await next(wizard);

  // TCG guests are heavy: one vCPU, 256 MiB is plenty for GRUB
  await typeInto(wizard.getByLabel('Memory (MiB)'), '256');
  await typeInto(wizard.getByLabel('Virtual CPUs'), '1');
  await typeInto(wizard.getByLabel('Disk (GiB)'), o.diskGiB);
  if (o.pool) await choosePool(page, wizard, o.pool);
  if (o.shots) await saveScreenshot(page, 'wizard-3-resources');
  await next(wizard);
  await expect(wizard.getByTestId('wizard-step-summary')).toBeVisible();
}

/** the pool choice lists each pool with its free space: "kvmdesk-test-tiny: 1.1 GiB free" */
export async function choosePool(page: Page, wizard: Locator, pool: string): Promise<void> {
  await wizard.getByTestId('pool').click();
  await page.getByRole('option', { name: new RegExp(`^${pool}: .* free$`) }).click();
  await expect(wizard.getByTestId('pool')).toHaveValue(new RegExp(`^${pool}: `));
}

/** No network: the host's own 'default' network is not ours to start or change. */
export async function chooseNoNetwork(page: Page, wizard: Locator): Promise<void> {
  await wizard.getByTestId('network').click();
  await page.getByRole('option', { name: 'No network' }).click();
  await expect(wizard.getByTestId('network')).toHaveValue('No network');
}

/** an inactive NAT network of the tests' own, on a subnet no stock network uses */
export async function defineWizardNetwork(net: string): Promise<void> {
  const file = join('/tmp', `${net}-${process.pid}.xml`);
  await writeFile(
    file,
    `<network><name>${net}</name><forward mode='nat'/><bridge name='kvmdtwiz0' stp='on' delay='0'/>` +
      `<ip address='192.168.251.1' netmask='255.255.255.0'/></network>`,
  );
  await virsh('net-define', file);
  await unlink(file);
}

/** Source: the grub ISO (typed); OS: Windows 11 picked from the search; then the resources step. */
export async function windows11Resources(page: Page): Promise<Locator> {
  const wizard = await openWizard(page);
  await typeInto(wizard.getByTestId('source-path'), ISO);
  await next(wizard);
  await typeInto(wizard.getByTestId('os-search'), 'windows 11');
  await wizard.getByTestId('os-win11').click();
  await expect(wizard.getByTestId('os-choice')).toContainText('Microsoft Windows 11');
  await next(wizard);
  await expect(wizard.getByTestId('resources-source')).toBeVisible();
  return wizard;
}

export async function windows11Summary(page: Page): Promise<Locator> {
  const wizard = await windows11Resources(page);
  await next(wizard);
  await expect(wizard.getByTestId('virtio-win')).toBeVisible();
  return wizard;
}

/** libvirt's screenshot of the guest, saved as PNG under e2e/artifacts */
export async function guestScreenshot(name: string, artifact: string): Promise<Buffer> {
  const tmp = join('/tmp', `kvmdesk-test-wizard-shot-${process.pid}`);
  await virsh('screenshot', name, tmp);
  const file = await readFile(tmp);
  await rm(tmp, { force: true });
  const png = file.subarray(0, 2).toString('ascii') === 'P6' ? await ppmToPng(file) : file;
  await mkdir(ARTIFACTS, { recursive: true });
  await writeFile(join(ARTIFACTS, `${artifact}.png`), png);
  return file;
}
