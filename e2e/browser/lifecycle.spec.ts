// Every lifecycle action through the UI on a real guest booting the grub-rescue ISO (domain type
// qemu), each checked with virsh; changes made with virsh reach the row (latency recorded).
// These tests start guests: run them holding the guest lock (flock /tmp/kvmdesk-guest.lock ...).
//
// The GRUB menu has no ACPI support, so "Shut down" and "Reboot" (ACPI requests) are accepted by
// libvirt and then ignored by the guest. That they reached the guest is proved by QEMU's POWERDOWN
// monitor event (libvirt pressing the ACPI power button: libvirt 9 / QEMU 7.2 emit it for both
// `virsh shutdown` and `virsh reboot`), and the UI keeps showing what libvirt reports. Force reset
// makes QEMU reset, which libvirt reports as its "reboot" event.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { expect, GRUB_ISO, saveScreenshot, test, URI, virsh, virshState, waitFor } from './fixtures';
import { recordLatency, rowState, selectGuest, settle, virshEvent, watchRowState } from './guest-ui';

test.describe.configure({ timeout: 240_000 });

/** QEMU monitor events of a guest as they happen (line-buffered, so each shows as soon as it is sent) */
function watchQemuEvents(uuid: string) {
  const child = spawn('stdbuf', [
    '-oL',
    'virsh',
    '-c',
    URI,
    'qemu-monitor-event',
    '--domain',
    uuid,
    '--loop',
    '--timeout',
    '600',
  ]);
  let out = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    out += String(d);
  });
  return {
    count: (event: string) => out.split('\n').filter((l) => l.startsWith(`event ${event} `)).length,
    output: () => out,
    stop: () => child.kill(),
  };
}

test.describe('guest lifecycle', () => {
  test('start, pause, resume, reboot, force reset, shut down and force off from the UI', async ({
    page,
    defineTestGuest,
  }) => {
    const g = await defineTestGuest(`kvmdesk-test-life-${Date.now()}`, { iso: GRUB_ISO });
    const row = await selectGuest(page, g.name);
    const state = rowState(page, g.name);
    let qemu: ReturnType<typeof watchQemuEvents> | undefined;
    try {
      // keyboard: Ctrl+Enter starts the selected guest
      await page.keyboard.press('Control+Enter');
      await expect(state).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
      expect(await virshState(g.uuid)).toBe('running');
      const monitor = watchQemuEvents(g.uuid);
      qemu = monitor;
      const powerdowns = (n: number) =>
        expect.poll(() => monitor.count('POWERDOWN'), { timeout: 30_000, message: monitor.output() }).toBe(n);

      await page.getByTestId('toolbar-pause').click();
      await expect(state).toHaveAttribute('data-state', 'paused');
      expect(await virshState(g.uuid)).toBe('paused');
      await settle(page);
      await saveScreenshot(page, 'lifecycle-paused');

      // keyboard: Ctrl+P toggles pause / resume
      await page.keyboard.press('Control+p');
      await expect(state).toHaveAttribute('data-state', 'running');
      expect(await virshState(g.uuid)).toBe('running');
      // QEMU's RESUME shows the event watcher is listening before any ACPI request is made
      await expect.poll(() => monitor.count('RESUME'), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(monitor.count('POWERDOWN')).toBe(0);

      // context menu: Reboot presses the guest's ACPI power button; GRUB ignores it, so it keeps running
      const before = await virsh('domstate', '--reason', g.uuid);
      await row.click({ button: 'right' });
      await page.getByTestId('menu-reboot').click();
      await powerdowns(1);
      await page.waitForTimeout(3000); // time for a guest that listens to react; this one does not
      await expect(page.getByTestId('error-notification')).toHaveCount(0);
      expect(await virsh('domstate', '--reason', g.uuid)).toBe(before);
      await expect(state).toHaveAttribute('data-state', 'running');
      // Ctrl+R asks for a reboot too, and must not reload the page as it would in a browser
      await page.evaluate(() => Object.assign(window, { kdStillHere: true }));
      await page.keyboard.press('Control+r');
      await powerdowns(2);
      expect(await page.evaluate(() => (window as unknown as { kdStillHere?: boolean }).kdStillHere)).toBe(
        true,
      );
      await expect(page.getByTestId('error-notification')).toHaveCount(0);

      // Force reset asks first; libvirt reports the reset as a reboot event
      await page.getByTestId('toolbar-reset').click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toContainText(`Force reset “${g.name}”?`);
      const rebooted = virshEvent(g.uuid, 'reboot', 60);
      await page.waitForTimeout(500); // let virsh event subscribe before the reset happens
      await dialog.getByTestId('confirm-ok').click();
      expect(await rebooted).toContain("event 'reboot'");
      await expect(state).toHaveAttribute('data-state', 'running');

      // Shut down (ACPI, Ctrl+Shift+S): reaches the guest, which (GRUB) ignores it
      await page.keyboard.press('Control+Shift+S');
      await powerdowns(3);
      await page.waitForTimeout(3000);
      await expect(page.getByTestId('error-notification')).toHaveCount(0);
      expect(await virshState(g.uuid)).toBe('running');
      await expect(state).toHaveAttribute('data-state', 'running');

      // Force off (Ctrl+Shift+F): nothing happens while its dialog is open
      await page.keyboard.press('Control+Shift+F');
      await expect(page.getByRole('dialog')).toContainText(`Force off “${g.name}”?`);
      await settle(page);
      await saveScreenshot(page, 'lifecycle-force-off-dialog');
      await page.waitForTimeout(1000);
      expect(await virshState(g.uuid)).toBe('running');
      await page.getByRole('dialog').getByTestId('confirm-ok').click();
      await expect(state).toHaveAttribute('data-state', 'shutoff');
      expect(await virsh('domstate', '--reason', g.uuid)).toBe('shut off (destroyed)');
      await expect(state).toContainText('destroyed');
    } finally {
      qemu?.stop();
      await virsh('destroy', g.uuid).catch(() => undefined);
    }
  });

  test('changes made with virsh show in the row (latency recorded)', async ({ page, defineTestGuest }) => {
    const g = await defineTestGuest(`kvmdesk-test-virsh-${Date.now()}`, { iso: GRUB_ISO });
    await selectGuest(page, g.name);
    const state = rowState(page, g.name);
    const change = async (what: string, args: string[], shows: string) => {
      const watch = await watchRowState(page, g.name, shows);
      await virsh(...args);
      const returned = Date.now();
      await expect(state).toHaveAttribute('data-state', shows, { timeout: 10_000 });
      const seen = await watch.seenAt();
      // negative: the row changed before virsh had even returned
      await recordLatency(`virsh ${what} returned -> row shows ${shows}`, seen - returned);
    };
    try {
      for (let i = 0; i < 3; i++) {
        await change('start', ['start', g.uuid], 'running');
        await change('suspend', ['suspend', g.uuid], 'paused');
        await change('resume', ['resume', g.uuid], 'running');
        await change('destroy', ['destroy', g.uuid], 'shutoff');
      }
    } finally {
      await virsh('destroy', g.uuid).catch(() => undefined);
    }
  });

  test('deleting a running guest forces it off first and removes its disk', async ({
    page,
    defineTestGuest,
  }) => {
    const g = await defineTestGuest(`kvmdesk-test-del-running-${Date.now()}`, {
      iso: GRUB_ISO,
      diskMiB: 16,
      start: true,
    });
    await selectGuest(page, g.name);
    await expect(rowState(page, g.name)).toHaveAttribute('data-state', 'running');
    await page.getByTestId('toolbar-delete').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('It is running and will be forced off first.');
    await expect(dialog.getByRole('checkbox', { name: g.disk })).toBeChecked();
    expect(await virshState(g.uuid)).toBe('running');
    await dialog.getByTestId('delete-confirm').click();
    await expect(page.getByTestId(`vm-${g.name}`)).toHaveCount(0, { timeout: 30_000 });
    expect(await virshState(g.uuid)).toBeUndefined();
    await waitFor('the disk file to be deleted', () => !existsSync(g.disk!));
  });

  test('libvirt’s message for an inactive network, with a button that starts it', async ({
    page,
    defineTestGuest,
  }) => {
    const net = `kvmdesk-test-net-${process.pid}`;
    const file = `/tmp/${net}.xml`;
    await writeFile(
      file,
      `<network><name>${net}</name><bridge name='kvmdt${process.pid % 10000}'/><ip address='192.168.219.1' netmask='255.255.255.0'/></network>`,
    );
    await virsh('net-define', file);
    await unlink(file);
    try {
      const g = await defineTestGuest(`kvmdesk-test-net-guest-${Date.now()}`, {
        iso: GRUB_ISO,
        network: net,
      });
      await selectGuest(page, g.name);
      await page.getByTestId('toolbar-start').click();
      const note = page.getByTestId('error-notification');
      await expect(note).toContainText(`network '${net}' is not active`);
      await settle(page);
      await saveScreenshot(page, 'lifecycle-network-inactive');
      expect(await virshState(g.uuid)).toBe('shut off');

      await note.getByTestId('start-network').click();
      await waitFor('the network to be active', async () =>
        /Active:\s+yes/.test(await virsh('net-info', net)),
      );
      await page.getByTestId('toolbar-start').click();
      await expect(rowState(page, g.name)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
      await virsh('destroy', g.uuid);
    } finally {
      await virsh('net-destroy', net).catch(() => undefined);
      await virsh('net-undefine', net).catch(() => undefined);
    }
  });
});
