// The Networks page as a user meets it: from the status bar's "Networks" link, Create network… with a
// free subnet filled in and a colliding one refused as typed (naming what uses it), the new network listed
// as active with its subnet and DHCP range, and its (empty) lease table. Light and dark screenshots.
import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, saveScreenshot, test } from './fixtures';
import { settle } from './guest-ui';

const NAME = `kvmdesk-test-ui-net-${process.pid}`;
const SHOTS = '/tmp/shots-networks';

async function shot(page: Page, name: string) {
  await settle(page);
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  await saveScreenshot(page, name);
}

test.afterEach(async ({ virsh }) => {
  await virsh('net-destroy', NAME).catch(() => undefined);
  await virsh('net-undefine', NAME).catch(() => undefined);
});

test('creates an isolated network through the dialog and sees it listed', async ({ page }) => {
  await page.getByTestId('status-networks').click();
  await expect(page.getByTestId('networks-table')).toBeVisible();
  await page.getByTestId('networks-create').click();
  const subnet = page.getByTestId('network-subnet');
  await expect(subnet).toHaveValue(/^(192\.168|10)\.\d+\.0(\.0)?\/24$/);
  const suggested = await subnet.inputValue();

  // the host's own route (eth0 here) is refused as it is typed, saying who uses it
  await subnet.fill('192.0.2.0/24');
  await expect(page.getByTestId('create-network')).toContainText("overlaps 192.0.2.0/24, used by the host's");
  await expect(page.getByTestId('create-network-submit')).toBeDisabled();
  await subnet.fill(suggested);
  await expect(page.getByTestId('network-dhcp-start')).toHaveValue(suggested.replace(/0\/24$/, '2'));

  await page.getByTestId('network-mode').getByText('Isolated').click();
  await page.getByTestId('network-name').fill(NAME);
  await shot(page, 'networks-create-dialog');
  await page.getByTestId('create-network-submit').click();

  const row = page.getByTestId(`network-${NAME}`);
  await expect(row).toBeVisible();
  await expect(page.getByTestId(`network-${NAME}-state`)).toHaveText('active');
  await expect(row).toContainText('Isolated');
  await expect(row).toContainText(suggested.replace(/0\/24$/, '1/24'));
  await expect(page.getByTestId('leases-table')).toContainText('No leases yet');
  await shot(page, 'networks-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'networks-dark');
  await page.emulateMedia({ colorScheme: 'light' });
});
