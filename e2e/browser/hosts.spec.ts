// Add an ssh host through the dialog and see its guests under its header. The host is the loopback
// sshd of tests/support in front of this machine's daemon; serve's ssh trusts it through an ssh config
// and known_hosts made here (a wrapper first on serve's PATH), never the user's ~/.ssh.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAN_SSHD, startLoopbackSshd } from '../../tests/support/loopback-sshd';
import { expect, saveScreenshot, startServe, stopServe, test } from './fixtures';
import { settle } from './guest-ui';

const NAME = `kvmdesk-test-e2e-hosts-${process.pid}`;

test('adds an ssh host through the dialog; its guests show under its header', async ({ browser }) => {
  test.skip(!CAN_SSHD, 'needs root to start the loopback sshd');
  const dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-e2e-hosts-'));
  chmodSync(dir, 0o700);
  const sshd = await startLoopbackSshd(dir);
  const known = execFileSync('ssh-keyscan', ['-p', String(sshd.port), '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  writeFileSync(join(dir, 'known_hosts'), known);
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
  writeFileSync(
    join(dir, 'guest.xml'),
    `<domain type='qemu'><name>${NAME}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`,
  );
  execFileSync('virsh', ['-c', 'qemu:///system', 'define', join(dir, 'guest.xml')], { stdio: 'ignore' });
  const { server, child } = await startServe({
    KVMDESK_CONFIG_DIR: join(dir, 'config'),
    PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
  });
  const page = await browser.newPage();
  const remote = `qemu+ssh://root@127.0.0.1:${sshd.port}/system`;
  try {
    await page.goto(server.url);
    await expect(page.getByTestId(`vm-${NAME}`)).toHaveCount(1);
    await page.getByTestId('status-hosts').click();
    await page.getByTestId('add-host').click();
    const dialog = page.getByTestId('add-host-dialog');
    await dialog.getByTestId('add-host-host').fill('127.0.0.1');
    await dialog.getByTestId('add-host-user').fill('root');
    await dialog.getByTestId('add-host-port').fill(String(sshd.port));
    await expect(dialog.getByTestId('add-host-uri')).toHaveText(remote);
    await dialog.getByTestId('add-host-test').click();
    await expect(dialog.getByTestId('host-test-result')).toHaveAttribute('data-kind', 'ok', {
      timeout: 10_000,
    });
    await settle(page);
    await saveScreenshot(page, 'add-host-dialog');
    await dialog.getByTestId('add-host-add').click();
    // the same daemon through ssh: the guest shows under both headers
    await expect(page.getByTestId(`host-header-${remote}`)).toHaveAttribute('data-state', 'connected', {
      timeout: 15_000,
    });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId(`vm-${NAME}`)).toHaveCount(2);
    await expect(page.getByTestId('status-connections')).toContainText('2 of 2 connected');
    await settle(page);
    await saveScreenshot(page, 'hosts-grouped-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await settle(page);
    await saveScreenshot(page, 'hosts-grouped-dark');
    await page.getByTestId('status-connection-qemu:///system').click();
    await settle(page);
    await saveScreenshot(page, 'connections-dialog-dark');
  } finally {
    await page.close();
    await stopServe(child);
    sshd.child.kill();
    execFileSync('virsh', ['-c', 'qemu:///system', 'undefine', NAME], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
});
