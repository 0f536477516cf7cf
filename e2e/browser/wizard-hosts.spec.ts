// A guest made on a remote host from an ISO uploaded to it: the ssh host added through the dialog (the
// loopback sshd of tests/support in front of this machine's daemon, trusted through an ssh config made
// here, never the user's ~/.ssh), a dir pool made on its Storage tab, the grub-rescue ISO uploaded there
// from the browser with the progress bar shown while it runs, then the wizard: the host chosen in its
// host select, the uploaded volume in the pool picker (no file browser of this machine for a remote
// host), detection through the volume, the disk in the same pool; the guest runs, and its disk and CD
// are that pool's files (virsh dumpxml). Pool, volumes and guest removed afterwards, also on failure.
//
// The uploaded ISO is the grub-rescue image with zeros after it (384 MiB; ISO 9660 and GRUB's El Torito
// image ignore what follows the filesystem): 5 MiB crosses the loopback ssh in a fraction of a second,
// too quickly to see a running upload.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostHash } from '../../preload/routes';
import { CAN_SSHD, startLoopbackSshd } from '../../tests/support/loopback-sshd';
import { expect, GRUB_ISO, saveScreenshot, startServe, stopServe, test, virsh, virshState } from './fixtures';
import { settle } from './guest-ui';
import { chooseNoNetwork, choosePool, next, removeWizardGuest, typeInto } from './wizard-ui';

const POOL = `kvmdesk-test-wizhosts-${process.pid}`;
const POOL_DIR = `/tmp/${POOL}`;
const ISO_NAME = 'kvmdesk-test-wizhosts-grub.iso';
const GUEST = `kvmdesk-test-wizard-hosts-${Date.now().toString(36)}`;
const ISO_BYTES = 384 * 1024 * 1024;

async function cleanUp(): Promise<void> {
  await removeWizardGuest(GUEST);
  for (const vol of [`${GUEST}.qcow2`, ISO_NAME])
    await virsh('vol-delete', '--pool', POOL, vol).catch(() => undefined);
  await virsh('pool-destroy', POOL).catch(() => undefined);
  await virsh('pool-undefine', POOL).catch(() => undefined);
  rmSync(POOL_DIR, { recursive: true, force: true });
}

test('an ISO uploaded to a remote host, then a guest made from it there', async ({ browser }) => {
  test.skip(!CAN_SSHD, 'needs root to start the loopback sshd');
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-wizhosts-'));
  chmodSync(dir, 0o700);
  const sshd = await startLoopbackSshd(dir);
  writeFileSync(
    join(dir, 'known_hosts'),
    execFileSync('ssh-keyscan', ['-p', String(sshd.port), '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  writeFileSync(
    join(dir, 'ssh_config'),
    `Host 127.0.0.1\n  IdentityFile ${join(dir, 'client_key')}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${join(dir, 'known_hosts')}\n`,
  );
  mkdirSync(join(dir, 'bin'));
  writeFileSync(
    join(dir, 'bin', 'ssh'),
    `#!/bin/sh\nexec /usr/bin/ssh -F ${join(dir, 'ssh_config')} "$@"\n`,
    {
      mode: 0o755,
    },
  );
  const upload = join(dir, ISO_NAME);
  copyFileSync(GRUB_ISO, upload);
  truncateSync(upload, ISO_BYTES);
  await cleanUp();
  const { server, child } = await startServe({
    KVMDESK_CONFIG_DIR: join(dir, 'config'),
    PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
  });
  const page = await browser.newPage();
  const remote = `qemu+ssh://root@127.0.0.1:${sshd.port}/system`;
  // what the guest list calls it
  const remoteName = `127.0.0.1:${sshd.port}`;
  try {
    await page.goto(server.url);
    await page.getByTestId('status-hosts').click();
    await page.getByTestId('add-host').click();
    const dialog = page.getByTestId('add-host-dialog');
    await dialog.getByTestId('add-host-host').fill('127.0.0.1');
    await dialog.getByTestId('add-host-user').fill('root');
    await dialog.getByTestId('add-host-port').fill(String(sshd.port));
    await expect(dialog.getByTestId('add-host-uri')).toHaveText(remote);
    await dialog.getByTestId('add-host-add').click();
    await expect(page.getByTestId(`host-header-${remote}`)).toHaveAttribute('data-state', 'connected', {
      timeout: 15_000,
    });
    await page.keyboard.press('Escape');

    // the remote host's Storage tab: a dir pool on that host, the ISO uploaded into it
    await page.evaluate(
      (hash) => {
        window.location.hash = hash;
      },
      hostHash({ connection: remote, tab: 'storage' }),
    );
    const panel = page.getByTestId('storage-panel');
    await expect(panel).toBeVisible();
    await panel.getByTestId('new-pool').click();
    const poolDialog = page.getByRole('dialog', { name: 'New storage pool' });
    await poolDialog.getByTestId('pool-name').fill(POOL);
    await poolDialog.getByTestId('pool-path').fill(POOL_DIR);
    await poolDialog.getByTestId('create-pool-submit').click();
    await expect(poolDialog).toBeHidden();
    const row = panel.getByTestId(`pool-${POOL}`);
    await expect(row.getByTestId('pool-state')).toHaveText('running');
    await row.click();
    const volumes = panel.getByTestId('volumes');
    const chooser = page.waitForEvent('filechooser');
    await volumes.getByTestId('upload-volume').click();
    await (await chooser).setFiles(upload);
    // the bar while bytes flow: a running job that has counted some of them
    const progress = volumes.locator('[data-testid="upload-progress"][data-state="running"]');
    await expect(progress).toContainText(/Uploaded [\d.]+ MiB of 384 MiB/, { timeout: 30_000 });
    await saveScreenshot(page, 'wizard-hosts-1-upload-progress');
    const vol = volumes.getByTestId(`volume-${ISO_NAME}`);
    await expect(vol).toBeVisible({ timeout: 120_000 });
    await expect(volumes.locator('[data-testid="upload-progress"][data-state="running"]')).toHaveCount(0, {
      timeout: 120_000,
    });
    expect(await virsh('vol-info', '--pool', POOL, ISO_NAME)).toMatch(/Capacity:\s+384\.00 MiB/);

    // the wizard starts on the host whose page is shown; its select offers both
    await page.getByTestId('toolbar-new').click();
    const wizard = page.getByRole('dialog', { name: 'New guest' });
    const hostSelect = wizard.getByTestId('wizard-host');
    await expect(hostSelect).toHaveValue(remoteName);
    await hostSelect.click();
    await expect(page.getByRole('option', { name: 'This computer' })).toBeVisible();
    await settle(page);
    await saveScreenshot(page, 'wizard-hosts-2-host-select');
    await page.getByRole('option', { name: remoteName }).click();
    // a remote host: its pools, never this machine's file browser
    await expect(wizard.getByTestId('browse-pools')).toBeVisible();
    await expect(wizard.getByTestId('browse')).toHaveCount(0);
    await wizard.getByTestId('browse-pools').click();
    const picker = page.getByRole('dialog', { name: `ISO images on ${remoteName}` });
    const isoRow = picker.getByTestId(`media-volume-${POOL}-${ISO_NAME}`);
    await expect(isoRow).toContainText('384 MiB');
    await settle(page);
    await saveScreenshot(page, 'wizard-hosts-3-volume-picker');
    await isoRow.click();
    await expect(wizard.getByTestId('source-path')).toHaveValue(`${POOL_DIR}/${ISO_NAME}`);
    await next(wizard);
    // read through the volume on that host: the grub-rescue ISO is no OS osinfo-db knows
    await expect(wizard.getByTestId('detection')).toContainText('Unknown media', { timeout: 15_000 });
    await next(wizard);
    await typeInto(wizard.getByLabel('Memory (MiB)'), '256');
    await typeInto(wizard.getByLabel('Virtual CPUs'), '1');
    await typeInto(wizard.getByLabel('Disk (GiB)'), '1');
    await choosePool(page, wizard, POOL);
    await next(wizard);
    await typeInto(wizard.getByLabel(/^Name/), GUEST);
    await chooseNoNetwork(page, wizard);
    await expect(wizard.getByTestId('summary-host')).toContainText(remoteName);
    await expect(wizard.getByTestId('wizard-create')).toBeEnabled();
    await saveScreenshot(page, 'wizard-hosts-4-summary');
    await wizard.getByTestId('wizard-create').click();
    await expect(wizard.getByTestId('create-done')).toHaveText(`${GUEST} is running.`, { timeout: 90_000 });
    await wizard.getByTestId('close-wizard').click();

    // the same daemon through ssh: the guest is listed under both hosts
    await expect(page.getByTestId(`vm-${GUEST}`)).toHaveCount(2);
    expect(await virshState(GUEST)).toBe('running');
    const xml = await virsh('dumpxml', GUEST);
    expect(xml).toMatch(
      new RegExp(`<disk type='file' device='cdrom'>[\\s\\S]*?<source file='${POOL_DIR}/${ISO_NAME}'`),
    );
    expect(xml).toMatch(
      new RegExp(`<disk type='file' device='disk'>[\\s\\S]*?<source file='${POOL_DIR}/${GUEST}.qcow2'`),
    );
    await settle(page);
    await saveScreenshot(page, 'wizard-hosts-5-guest-listed');
  } finally {
    await page.close();
    await stopServe(child);
    await cleanUp();
    sshd.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
