// Accessibility: axe-core (WCAG 2.1 A and AA rules) over every main screen, light and dark, with zero
// serious or critical violations: the list, each details tab, the wizard's steps, the dialogs and the
// host page's tabs. The screens are the same renderer whatever the hypervisor, so they run on a
// test-driver file of this spec's own (a running and a shut-off guest, a pool, a NAT network) through
// the daemon: no TCG guest, nothing on qemu:///system. The keyboard-only walk, which needs a real
// console, is keyboard-walk.spec.ts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { guestHash, hostHash } from '../../preload/routes';
import { ARTIFACTS, expect, GRUB_ISO, type Server, startServe, stopServe, test } from './fixtures';
import { settle } from './guest-ui';

test.describe.configure({ mode: 'serial' });

const ON = { name: 'kvmdesk-test-a11y-on', uuid: '6695eb01-f6a4-8304-79aa-a11e00000001' };
const OFF = { name: 'kvmdesk-test-a11y-off', uuid: '6695eb01-f6a4-8304-79aa-a11e00000002' };
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let dir: string;
let uri: string;
let server: Server;
let stop: () => Promise<void>;

function driverXml(poolDir: string): string {
  const disk = (f: string) =>
    `<disk type='file' device='disk'><source file='${poolDir}/${f}'/><target dev='vda' bus='virtio'/></disk>`;
  return `<node>
  <memory>16777216</memory>
  <domain type='test'><name>${ON.name}</name><uuid>${ON.uuid}</uuid><memory>1048576</memory><vcpu>2</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <devices>${disk('on.qcow2')}<interface type='network'><mac address='52:54:00:a1:1e:01'/>
      <source network='kvmdesk-test-a11y-net'/><model type='virtio'/></interface><graphics type='vnc' port='-1'/></devices>
  </domain>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>${OFF.name}</name>
    <uuid>${OFF.uuid}</uuid><memory>524288</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os>
    <devices>${disk('off.qcow2')}</devices><test:runstate>5</test:runstate>
  </domain>
  <network><name>kvmdesk-test-a11y-net</name><bridge name='kvmdta11y0'/><forward mode='nat'/>
    <ip address='192.168.199.1' netmask='255.255.255.0'><dhcp><range start='192.168.199.10' end='192.168.199.100'/></dhcp></ip>
  </network>
  <pool type='dir'><name>kvmdesk-test-a11y-pool</name><uuid>6695eb01-f6a4-8304-79aa-a11e000000f1</uuid>
    <capacity>107374182400</capacity><allocation>1073741824</allocation><available>106300440576</available>
    <target><path>${poolDir}</path></target>
    <volume><name>on.qcow2</name><capacity>1073741824</capacity><allocation>1073741824</allocation>
      <target><format type='qcow2'/></target></volume>
  </pool>
</node>
`;
}

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kvmdesk-test-a11y-'));
  await writeFile(join(dir, 'node.xml'), driverXml(join(dir, 'pool')));
  uri = `test+unix://${join(dir, 'node.xml')}`;
  const started = await startServe({ KVMDESK_URI: uri, KVMDESK_CONFIG_DIR: join(dir, 'config') });
  server = started.server;
  stop = () => stopServe(started.child);
});

test.afterAll(async () => {
  await stop?.();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** rule, scheme and place already reported */
const seen = new Set<string>();

/** axe over the page in light and dark; every serious or critical violation, named with where it is
 * (once per rule and place: the list beside each details tab would repeat its own) */
async function audit(page: Page, screen: string, problems: string[]): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await settle(page);
    const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    for (const v of result.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      for (const n of v.nodes.slice(0, 3)) {
        const key = `${v.id} ${scheme} ${n.target.join(' ')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const why = n.any[0]?.message ?? n.all[0]?.message ?? n.none[0]?.message ?? '';
        problems.push(
          `${screen} (${scheme}): ${v.id} [${v.impact}] ${n.target.join(' ')}: ${why}\n    ${n.html.slice(0, 240)}`,
        );
      }
    }
  }
}
/** axe needs a page of a context of its own (it opens a blank page beside it to gather frames) */
async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

async function openGuest(page: Page, vm: { uuid: string }, tab: string) {
  await page.goto(`${server.url}${guestHash({ connection: uri, uuid: vm.uuid, tab })}`);
  await expect(page.getByTestId(`details-tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
}

test('the list and every details tab', async ({ browser }) => {
  const page = await newPage(browser);
  const problems: string[] = [];
  await page.goto(server.url);
  await expect(page.getByTestId(`vm-${ON.name}`)).toBeVisible();
  await audit(page, 'guest list', problems);
  for (const tab of ['overview', 'hardware', 'snapshots', 'console', 'xml', 'performance']) {
    await openGuest(page, ON, tab);
    await audit(page, `running guest, ${tab} tab`, problems);
  }
  // the tabs that read differently when the guest is off
  for (const tab of ['overview', 'console', 'performance']) {
    await openGuest(page, OFF, tab);
    await audit(page, `shut-off guest, ${tab} tab`, problems);
  }
  await page.context().close();
  expect(problems, problems.join('\n')).toEqual([]);
});

test('the wizard, step by step', async ({ browser }) => {
  const page = await newPage(browser);
  const problems: string[] = [];
  await page.goto(server.url);
  await page.getByTestId('toolbar-new').click();
  const wizard = page.getByRole('dialog', { name: 'New guest' });
  await expect(wizard).toBeVisible();
  await audit(page, 'wizard: source', problems);
  await wizard.getByTestId('browse').click();
  await expect(page.getByRole('dialog', { name: 'Choose an ISO image' })).toBeVisible();
  await audit(page, 'wizard: file browser', problems);
  await page.keyboard.press('Escape');
  await wizard.getByTestId('source-path').fill(GRUB_ISO);
  for (const step of ['operating system', 'resources', 'summary']) {
    await wizard.getByTestId('wizard-next').click();
    await audit(page, `wizard: ${step}`, problems);
    if (step === 'resources') await expect(wizard.getByLabel('Memory (MiB)')).toBeVisible();
  }
  await page.context().close();
  expect(problems, problems.join('\n')).toEqual([]);
});

test('the dialogs and the host page', async ({ browser }) => {
  const page = await newPage(browser);
  const problems: string[] = [];
  const dialog = (name: string | RegExp) => page.getByRole('dialog', { name });
  await openGuest(page, OFF, 'overview');

  await page.getByTestId('toolbar-delete').click();
  await expect(page.getByTestId('delete-cancel')).toBeVisible();
  await audit(page, 'delete dialog', problems);
  await page.getByTestId('delete-cancel').click();

  // each dialog: what opens it, what shows it is open; Escape closes it
  const dialogs = [
    { name: 'clone dialog', open: 'details-clone', ready: page.getByTestId('clone-name') },
    { name: 'settings', open: 'toolbar-settings', ready: page.getByTestId('settings-kvm') },
    { name: 'keyboard shortcuts', open: 'toolbar-shortcuts', ready: dialog(/shortcuts/i) },
    { name: 'event log', open: 'open-event-log', ready: page.getByTestId('event-log-guest') },
  ];
  for (const d of dialogs) {
    await page.getByTestId(d.open).click();
    await expect(d.ready).toBeVisible();
    await audit(page, d.name, problems);
    await page.keyboard.press('Escape');
  }

  await page.getByTestId('status-hosts').click();
  await expect(page.getByTestId('add-host')).toBeVisible();
  await audit(page, 'connections', problems);
  await page.getByTestId('add-host').click();
  await expect(page.getByTestId('add-host-host')).toBeVisible();
  await audit(page, 'add host', problems);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  // each tab audited once its content is there (a half-loaded tab is not what a user reads)
  const loaded = {
    overview: page.getByTestId('host-facts'),
    storage: page.getByTestId('pool-kvmdesk-test-a11y-pool'),
    networks: page.getByTestId('network-kvmdesk-test-a11y-net-state'),
  };
  for (const tab of ['overview', 'storage', 'networks'] as const) {
    await page.goto(`${server.url}${hostHash({ connection: uri, tab })}`);
    await expect(page.getByTestId('host-page')).toBeVisible();
    await expect(loaded[tab]).toBeVisible();
    await audit(page, `host page, ${tab}`, problems);
    await page.screenshot({ path: join(ARTIFACTS, `a11y-host-${tab}.png`) });
  }
  await page.context().close();
  expect(problems, problems.join('\n')).toEqual([]);
});
