// The Overview's network addresses on a real running guest: "no address yet" with what is tried, then
// a DHCP lease, Refresh shows it with its source, the list's IP cell too, and Copy ssh command puts
// `ssh USER@ADDR` on the clipboard. The lease is written where libvirt reads its network's leases
// (dnsmasq's status file, as libvirt's lease helper writes it), so the page need not wait for a guest's
// DHCP exchange: tests/integration/api/addresses.test.ts proves a real one. Screenshots in
// /tmp/shots-ip-addresses/ (light and dark).
import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import {
  createTestNetwork,
  defineTestGuest,
  expect,
  GRUB_ISO,
  removeTestGuest,
  type TestNetwork,
  test,
  virsh,
} from './fixtures';
import { selectGuest, settle, showTab } from './guest-ui';

test.describe.configure({ mode: 'serial' });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const NAME = `kvmdesk-test-addr-e2e-${process.pid}`;
const NET = `kvmdesk-test-addr-e2e-${process.pid}`;
const SHOTS = '/tmp/shots-ip-addresses';
let net: TestNetwork;

test.beforeAll(async ({ server: _server }) => {
  await mkdir(SHOTS, { recursive: true });
  net = await createTestNetwork(NET, { dhcp: true });
  await defineTestGuest(NAME, { iso: GRUB_ISO, network: NET, start: true });
});
test.afterAll(async () => {
  await removeTestGuest(NAME);
  await net?.remove();
});

test('the Overview shows the leased address, and Copy ssh command copies ssh USER@ADDR', async ({ page }) => {
  await selectGuest(page, NAME);
  await showTab(page, 'overview');
  const card = page.getByTestId('network-addresses');
  await expect(card.getByTestId('addresses-waiting')).toContainText('No address yet');
  await expect(card.getByTestId('addresses-waiting')).toContainText('This guest has no guest agent channel');
  await card.scrollIntoViewIfNeeded();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SHOTS}/overview-waiting-light.png`, animations: 'disabled' });

  const mac = (await virsh('domiflist', NAME)).match(/([0-9a-f]{2}(:[0-9a-f]{2}){5})/)![1];
  const address = net.dhcpRange![0].replace(/\.\d+$/, '.42');
  await writeFile(
    `/var/lib/libvirt/dnsmasq/${net.bridge}.status`,
    JSON.stringify([
      { 'ip-address': address, 'mac-address': mac, 'expiry-time': Math.floor(Date.now() / 1000) + 3600 },
    ]),
  );
  await card.getByTestId('addresses-refresh').click();
  const row = card.getByTestId(`address-${address}`);
  await expect(row).toContainText(`${address}/24`);
  await expect(row).toContainText('lease');
  await expect(card.getByTestId('addresses-waiting')).toHaveCount(0);
  // the list's IP address column, off by default, turned on from the header's column menu
  await page.getByTestId('list-columns-menu').click();
  await page.getByTestId('list-column-ip').click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId(`vm-${NAME}-ip`)).toHaveText(address);

  await card.getByTestId(`copy-ssh-${address}`).click();
  await expect(card.getByTestId(`copy-ssh-${address}`)).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `ssh ${userInfo().username}@${address}`,
  );
  await settle(page);
  await page.screenshot({ path: `${SHOTS}/overview-addresses-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await settle(page);
  await page.screenshot({ path: `${SHOTS}/overview-addresses-dark.png` });
});
