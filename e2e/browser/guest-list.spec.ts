// The guest list as a user sees it, against the real libvirtd: guests defined with virsh appear,
// changes made with virsh show (latency recorded), names with XML special characters and non-ASCII
// letters round-trip, deleting with and without disks. Guests here are never started; the lifecycle
// spec starts them.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, GRUB_ISO, saveScreenshot, test, type Virsh, virshState, waitFor } from './fixtures';
import { recordLatency, rowState, selectGuest, settle } from './guest-ui';

const run = promisify(execFile);

async function virshDefine(virsh: Virsh, xml: string) {
  const file = join(tmpdir(), `kvmdesk-test-redefine-${process.pid}.xml`);
  await writeFile(file, xml);
  try {
    await virsh('define', file);
  } finally {
    await unlink(file);
  }
}

test.describe('guest list', () => {
  test('guests defined and undefined with virsh appear and go, live', async ({
    page,
    virsh,
    defineTestGuest,
  }) => {
    await expect(page.getByTestId('status-connection')).toHaveText('qemu:///system');
    const name = `kvmdesk-test-list-${Date.now()}`;
    await page.getByTestId('guest-search').fill('kvmdesk-test-list-');

    const t0 = Date.now();
    const g = await defineTestGuest(name, { memoryMiB: 300 });
    const defined = Date.now();
    await expect(page.getByTestId(`vm-${name}`)).toBeVisible({ timeout: 5000 });
    const shownAt = Date.now();
    await recordLatency('virsh define -> row shown (upper bound, includes polling)', shownAt - defined);
    expect(shownAt - t0).toBeLessThan(10_000);

    const row = page.getByTestId(`vm-${name}`);
    await expect(row).toContainText('300 MiB');
    await expect(row).toContainText('1 vCPU');
    await expect(rowState(page, name)).toHaveAttribute('data-state', 'shutoff');

    // changes made with virsh replace the row: a new definition (libvirt's "defined, updated" event;
    // `virsh setmem --config` sends no event at all), and a new title (a metadata event)
    const xml = (await virsh('dumpxml', '--inactive', g.uuid))
      .replace(/<memory unit='KiB'>\d+<\/memory>/, "<memory unit='KiB'>409600</memory>")
      .replace(
        /<currentMemory unit='KiB'>\d+<\/currentMemory>/,
        "<currentMemory unit='KiB'>409600</currentMemory>",
      );
    await virshDefine(virsh, xml);
    await expect(row).toContainText('400 MiB', { timeout: 5000 });
    await virsh('desc', g.uuid, '--config', '--title', 'Web server & <friends>');
    await selectGuest(page, name);
    await expect(page.getByTestId('details-title')).toHaveText('Web server & <friends>', {
      timeout: 5000,
    });

    await virsh('undefine', g.uuid);
    await expect(row).toHaveCount(0, { timeout: 5000 });
  });

  test('search by name and filter by state', async ({ page, defineTestGuest }) => {
    const stamp = Date.now();
    const a = await defineTestGuest(`kvmdesk-test-search-alpha-${stamp}`);
    const b = await defineTestGuest(`kvmdesk-test-search-beta-${stamp}`);
    await page.getByTestId('guest-search').fill(`search-alpha-${stamp}`);
    await expect(page.getByTestId(`vm-${a.name}`)).toBeVisible();
    await expect(page.getByTestId(`vm-${b.name}`)).toHaveCount(0);
    await page.getByTestId('guest-search').fill(`kvmdesk-test-search-`);
    await expect(page.getByTestId(`vm-${b.name}`)).toBeVisible();
    await page.getByTestId('guest-filter').getByText('Running').click();
    await expect(page.getByTestId(`vm-${a.name}`)).toHaveCount(0);
    await expect(page.getByTestId('no-match')).toBeVisible();
    await page.getByTestId('guest-filter').getByText('Off').click();
    await expect(page.getByTestId(`vm-${a.name}`)).toBeVisible();
    await expect(page.getByTestId(`vm-${b.name}`)).toBeVisible();
  });

  test('a name with XML special characters and non-ASCII letters round-trips exactly', async ({
    page,
    virsh,
    defineTestGuest,
  }) => {
    const name = `kvmdesk-test-<&>"'-ÄÖü-名前-${Date.now() % 100000}`;
    const g = await defineTestGuest(name);
    expect(await virsh('domname', g.uuid)).toBe(name);
    await selectGuest(page, name);
    await expect(page.getByTestId(`vm-${name}`).getByText(name, { exact: true })).toBeVisible();
    await expect(page.getByTestId('details-name')).toHaveText(name);
    await settle(page);
    await saveScreenshot(page, 'guest-list-special-name');

    // acting on it reaches the right guest: delete it through the UI
    await page.getByTestId('toolbar-delete').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(`Delete “${name}”?`);
    await dialog.getByTestId('delete-confirm').click();
    await expect(page.getByTestId(`vm-${name}`)).toHaveCount(0);
    expect(await virshState(g.uuid)).toBeUndefined();
  });

  test('delete with its disk: the qcow2 goes, the ISO stays', async ({ page, defineTestGuest }) => {
    const g = await defineTestGuest(`kvmdesk-test-del-disks-${Date.now()}`, { diskMiB: 16, iso: GRUB_ISO });
    await selectGuest(page, g.name);
    await page.getByTestId('toolbar-delete').click();
    const dialog = page.getByRole('dialog');
    const disk = dialog.getByRole('checkbox', { name: g.disk });
    await expect(disk).toBeChecked();
    // the ISO is listed as kept, with its reason, and cannot be ticked
    await expect(dialog.getByTestId('kept-disk-sdb')).toContainText(g.iso!);
    await expect(dialog.getByTestId('kept-disk-sdb')).toContainText('kept: read-only media');
    await expect(dialog.getByRole('checkbox', { name: g.iso })).toBeDisabled();
    await expect(dialog.getByRole('checkbox', { disabled: false })).toHaveCount(1);
    await settle(page);
    await saveScreenshot(page, 'guest-list-delete-dialog');
    await dialog.getByTestId('delete-confirm').click();
    await expect(page.getByTestId(`vm-${g.name}`)).toHaveCount(0);
    expect(await virshState(g.uuid)).toBeUndefined();
    await waitFor('the disk file to be deleted', () => !existsSync(g.disk!));
    expect(existsSync(g.iso!)).toBe(true);
  });

  test('delete without its disk: the unticked file stays', async ({ page, defineTestGuest }) => {
    const g = await defineTestGuest(`kvmdesk-test-del-keep-${Date.now()}`, { diskMiB: 16 });
    await selectGuest(page, g.name);
    await page.keyboard.press('Delete');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: g.disk }).uncheck();
    // nothing happened while the dialog was open
    expect(await virshState(g.uuid)).toBe('shut off');
    await dialog.getByTestId('delete-confirm').click();
    await expect(page.getByTestId(`vm-${g.name}`)).toHaveCount(0);
    expect(await virshState(g.uuid)).toBeUndefined();
    expect(existsSync(g.disk!)).toBe(true);
  });

  test('a disk file that cannot be deleted is named, and the guest is still removed', async ({
    page,
    defineTestGuest,
  }) => {
    const g = await defineTestGuest(`kvmdesk-test-del-stuck-${Date.now()}`, { diskMiB: 16 });
    // immutable: not even root (libvirtd) may delete it
    await run('chattr', ['+i', g.disk!]);
    try {
      await selectGuest(page, g.name);
      await page.getByTestId('toolbar-delete').click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByRole('checkbox', { name: g.disk })).toBeChecked();
      await dialog.getByTestId('delete-confirm').click();
      await expect(page.getByTestId('delete-remaining')).toContainText(g.disk!);
      await expect(page.getByTestId(`vm-${g.name}`)).toHaveCount(0);
      expect(await virshState(g.uuid)).toBeUndefined();
      expect(existsSync(g.disk!)).toBe(true);
      await settle(page);
      await saveScreenshot(page, 'guest-list-delete-remaining');
    } finally {
      await run('chattr', ['-i', g.disk!]);
    }
  });

  test('Cancel in the delete dialog leaves the guest alone', async ({ page, defineTestGuest }) => {
    const g = await defineTestGuest(`kvmdesk-test-del-cancel-${Date.now()}`, { diskMiB: 16 });
    await selectGuest(page, g.name);
    await page.getByTestId(`vm-${g.name}`).click({ button: 'right' });
    await page.getByTestId('menu-delete').click();
    await page.getByRole('dialog').getByTestId('delete-cancel').click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    expect(await virshState(g.uuid)).toBe('shut off');
    expect(existsSync(g.disk!)).toBe(true);
    await expect(page.getByTestId(`vm-${g.name}`)).toBeVisible();
  });

  test('screenshots of the main window, light and dark', async ({ page, defineTestGuest }) => {
    const stamp = Date.now();
    await defineTestGuest(`kvmdesk-test-shot-debian-${stamp}`, { diskMiB: 16, iso: GRUB_ISO });
    await defineTestGuest(`kvmdesk-test-shot-plain-${stamp}`, { memoryMiB: 1024 });
    await selectGuest(page, `kvmdesk-test-shot-debian-${stamp}`);
    await page.getByTestId('guest-search').fill('');
    await page.emulateMedia({ colorScheme: 'light' });
    await settle(page);
    await saveScreenshot(page, 'guest-list-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await settle(page);
    await saveScreenshot(page, 'guest-list-dark');
    await page.getByTestId('toolbar-shortcuts').click();
    await expect(page.getByTestId('shortcut-help')).toBeVisible();
    // a browser keeps Ctrl+N for its own window: the browser shell's New guest is Ctrl+Alt+N, and it works
    await expect(page.getByTestId('shortcut-help')).toContainText('Ctrl+Alt+NNew guest');
    await settle(page);
    await saveScreenshot(page, 'guest-list-shortcuts');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Alt+KeyN');
    await expect(page.getByRole('dialog', { name: 'New guest' })).toBeVisible();
    await page.keyboard.press('Escape');
  });
});
