// E2E: the Hardware tab's Devices card and the XML tab, in Chromium against qemu:///system. A TPM, an
// RNG and a watchdog added through "Add hardware" (dumpxml agrees), one removed, one edited; the XML
// editor refusing invalid XML with libvirt's message and keeping the text; then on a running guest a
// next-start change and "Shut down and apply": GRUB ignores ACPI, so the guest is forced off from outside
// (as the user would) and the app starts it again with the change. Screenshots: /tmp/shots-devices-xml/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, GRUB_ISO, test } from './fixtures';
import { selectGuest, settle, showTab } from './guest-ui';
import { virsh } from './test-guests';

const SHOTS = '/tmp/shots-devices-xml';

async function shot(page: Page, name: string) {
  await mkdir(SHOTS, { recursive: true });
  await settle(page);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

test('devices added through the menu; the XML editor refuses invalid XML and keeps the text', async ({
  page,
  defineTestGuest,
}) => {
  const g = await defineTestGuest(`kvmdesk-test-devui-${Date.now()}`, { iso: GRUB_ISO });
  const dumpxml = () => virsh('dumpxml', '--inactive', g.name);
  await page.setViewportSize({ width: 1280, height: 900 });
  await selectGuest(page, g.name);
  await showTab(page, 'hardware');
  const card = page.getByTestId('details-devices');
  await expect(card.getByTestId('device-video')).toContainText('vga');
  await card.scrollIntoViewIfNeeded();
  await shot(page, '1-devices');

  await card.getByTestId('add-hardware').click();
  const menu = page.getByTestId('add-hardware-menu');
  await expect(menu).toBeVisible();
  await shot(page, '2-add-hardware-menu');
  await menu.getByTestId('add-hardware-tpm').click();
  await expect(card.getByTestId('device-tpm')).toContainText('TPM 2.0');
  await expect.poll(dumpxml).toMatch(/<tpm model=.tpm-crb.>\s*<backend type=.emulator. version=.2\.0.\/>/);

  await card.getByTestId('add-hardware').click();
  await menu.getByTestId('add-hardware-rng').click();
  await expect(card.getByTestId('device-rng')).toBeVisible();
  await expect.poll(dumpxml).toMatch(/<rng model=.virtio.>/);
  await card.getByTestId('add-hardware').click();
  await menu.getByTestId('add-hardware-watchdog').click();
  await expect(card.getByTestId('device-watchdog')).toContainText('i6300esb');

  // the watchdog's action changed, the RNG removed
  await card.getByTestId('device-watchdog-edit').click();
  await card.getByTestId('device-watchdog-action').click();
  await page.getByRole('option', { name: 'Power it off' }).click();
  await shot(page, '3-watchdog-editor');
  await card.getByTestId('device-watchdog-save').click();
  await expect(card.getByTestId('device-watchdog')).toContainText('power it off');
  await expect.poll(dumpxml).toMatch(/<watchdog model=.i6300esb. action=.poweroff.>/);
  await card.getByTestId('device-rng-remove').click();
  await expect(card.getByTestId('device-rng')).toBeHidden();
  await expect.poll(dumpxml).not.toMatch(/<rng/);
  await shot(page, '4-devices-added');

  // the XML tab: the saved definition, then an edit libvirt's schema refuses
  await showTab(page, 'xml');
  await expect(page.getByTestId('xml-view')).toContainText(`<name>${g.name}</name>`);
  await expect(page.getByTestId('xml-view')).toContainText('<watchdog');
  await shot(page, '5-xml-view');
  await page.getByTestId('xml-edit').click();
  const editor = page.getByTestId('xml-editor');
  const before = await dumpxml();
  const text = await editor.inputValue();
  const bad = text.replace('</devices>', '  <bogus-device/>\n  </devices>');
  await editor.fill(bad);
  await page.getByTestId('xml-save').click();
  const refusal = page.getByTestId('xml-refusal');
  await expect(refusal).toContainText('libvirt refused this definition');
  await expect(refusal).toContainText('failed to validate against schema');
  await expect(editor).toHaveValue(bad);
  expect(await dumpxml()).toBe(before);
  await shot(page, '6-xml-refused');

  // fixed in place: a valid change is defined
  await editor.fill(
    bad.replace('  <bogus-device/>\n', '').replace(/<on_crash>[a-z-]+</, '<on_crash>restart<'),
  );
  await page.getByTestId('xml-save').click();
  await expect(page.getByTestId('xml-view')).toContainText('<on_crash>restart</on_crash>');
  await expect.poll(dumpxml).toMatch(/<on_crash>restart<\/on_crash>/);
});

test('Shut down and apply: a running guest is shut down, then started again with the saved change', async ({
  page,
  defineTestGuest,
}) => {
  const g = await defineTestGuest(`kvmdesk-test-devapply-${Date.now()}`, { iso: GRUB_ISO, start: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await selectGuest(page, g.name);
  await showTab(page, 'hardware');
  const card = page.getByTestId('details-devices');
  await expect(card.getByTestId('devices-next-start')).toBeVisible();
  await card.getByTestId('add-hardware').click();
  await page.getByTestId('add-hardware-menu').getByTestId('add-hardware-guestAgent').click();
  const banner = page.getByTestId('details-pending-changes');
  await expect(banner).toContainText('Guest agent channel: no now, yes at next start');
  await shot(page, '7-pending-with-apply');

  await banner.getByTestId('apply-restart-ask').click();
  await expect(banner).toContainText(`Shut ${g.name} down now and start it again?`);
  await shot(page, '8-apply-asks');
  await banner.getByTestId('apply-restart-confirm').click();
  await expect(banner.getByTestId('apply-restart-status')).toContainText(
    `Waiting for ${g.name} to shut down`,
  );
  await shot(page, '9-apply-waiting');
  // GRUB does not handle ACPI: the user forces it off (here from outside); the app starts it again
  await virsh('destroy', g.name);
  await expect
    .poll(async () => (await virsh('domstate', g.name)).trim(), { timeout: 30_000 })
    .toBe('running');
  await expect.poll(() => virsh('dumpxml', g.name)).toMatch(/org\.qemu\.guest_agent\.0/);
  await expect(banner).toBeHidden({ timeout: 15_000 });
  await shot(page, '10-applied');
});
