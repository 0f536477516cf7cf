// The creation wizard clicked through in Chromium against qemu:///system: the real grub-rescue ISO
// becomes a running guest whose screen shows GRUB's menu; validation messages appear as the user types;
// a create that fails (a storage pool too small) leaves no guest and no volume behind.
// Starts guests: run under the guest lock (npm run test:e2e holds it).

import { join } from 'node:path';
import { expect, saveScreenshot, test, virsh, virshState, waitFor } from './fixtures';
import { decodeScreenshot, looksLikeGrubMenu } from './guest-screen';
import {
  chooseNoNetwork,
  defineWizardNetwork,
  fillUpToSummary,
  guestScreenshot,
  ISO,
  next,
  openWizard,
  registerWizardFiles,
  run,
  TINY_DIR,
  TINY_POOL,
  typeInto,
  UNREADABLE_ISO,
  uniqueName,
  withTinyPool,
} from './wizard-ui';

registerWizardFiles();

test.describe('creation wizard', () => {
  test('clicked through with the grub-rescue ISO, the guest runs and its screen shows the GRUB menu', async ({
    page,
  }) => {
    const wizard = await openWizard(page);
    await fillUpToSummary(page, wizard, { diskGiB: '1', shots: true });
    const name = uniqueName('grub');
    await typeInto(wizard.getByLabel(/^Name/), name);
    await chooseNoNetwork(page, wizard);
    await expect(wizard.getByTestId('wizard-create')).toBeEnabled();
    const warning = wizard.getByTestId('accelerator-warning');
    const warnedTcg = (await warning.count()) > 0;
    if (warnedTcg) await expect(warning).toContainText('software emulation');
    await saveScreenshot(page, 'wizard-4-summary');

    await wizard.getByTestId('wizard-create').click();
    await expect(wizard.getByTestId('create-progress')).toBeVisible();
    await saveScreenshot(page, 'wizard-5-progress');
    await expect(wizard.getByTestId('create-done')).toHaveText(`${name} is running.`, { timeout: 60_000 });
    await expect(wizard.getByTestId('job-step').first()).toBeVisible();
    await saveScreenshot(page, 'wizard-6-done');

    expect(await virshState(name)).toBe('running');
    const xml = await virsh('dumpxml', name);
    expect(xml).toContain(`<source file='${ISO}'`);
    // the wizard warned about software emulation exactly when the guest got it
    expect(xml).toMatch(warnedTcg ? /<domain type='qemu'/ : /<domain type='kvm'/);

    // GRUB shows its menu a few seconds after power-on under TCG; it boots its first entry after 15 s,
    // so poll often and keep the first frame that is the menu
    // two frames in a row: the menu is drawn, not being drawn
    let last = '';
    let inARow = 0;
    await waitFor(
      'the GRUB menu on the guest screen',
      async () => {
        const shot = await guestScreenshot(name, 'wizard-guest-screen');
        const check = looksLikeGrubMenu(decodeScreenshot(shot));
        last = check.why;
        inARow = check.ok ? inARow + 1 : 0;
        return inARow >= 2;
      },
      90_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message} (last screen: ${last})`);
    });

    await wizard.getByTestId('close-wizard').click();
    await expect(wizard).toBeHidden();
    await saveScreenshot(page, 'wizard-7-guest-in-list');
  });

  test('validation messages appear as the user types, and Create stays disabled while one stands', async ({
    page,
    defineTestGuest,
  }) => {
    const taken = await defineTestGuest('kvmdesk-test-wizard-taken');
    const wizard = await openWizard(page);
    const path = wizard.getByTestId('source-path');
    const pathError = wizard.locator('.mantine-TextInput-error');
    const nextButton = wizard.getByTestId('wizard-next');

    await typeInto(path, '/var/lib/libvirt/images/kvmdesk-test-no-such.iso');
    // checked when the user leaves the field; from then on, as they type
    await path.blur();
    await expect(pathError).toHaveText('/var/lib/libvirt/images/kvmdesk-test-no-such.iso does not exist.');
    await expect(nextButton).toBeDisabled();
    await saveScreenshot(page, 'wizard-invalid-iso-missing');

    await typeInto(path, '/var/lib/libvirt/images');
    await expect(pathError).toContainText('/var/lib/libvirt/images is not a file');
    await expect(nextButton).toBeDisabled();

    await typeInto(path, UNREADABLE_ISO);
    await expect(pathError).toContainText(
      `${UNREADABLE_ISO} can't be read by the hypervisor (user libvirt-qemu)`,
    );
    await expect(pathError).toContainText('/root');
    await expect(nextButton).toBeDisabled();
    await saveScreenshot(page, 'wizard-invalid-iso-unreadable');

    await typeInto(path, ISO);
    await expect(pathError).toHaveCount(0);
    await next(wizard);
    await next(wizard);

    const memory = wizard.getByLabel('Memory (MiB)');
    const memoryError = wizard.locator('.mantine-NumberInput-error');
    await typeInto(memory, '0');
    await memory.blur();
    await expect(memoryError).toHaveText('Give the guest some memory.');
    await expect(nextButton).toBeDisabled();
    await typeInto(memory, '99999999');
    await expect(memoryError).toContainText("the host's RAM");
    await expect(nextButton).toBeDisabled();
    await saveScreenshot(page, 'wizard-invalid-memory');
    await typeInto(memory, '256');
    await expect(memoryError).toHaveCount(0);

    const vcpus = wizard.getByLabel('Virtual CPUs');
    await typeInto(vcpus, '0');
    await vcpus.blur();
    await expect(memoryError).toHaveText('Give the guest at least one vCPU.');
    await typeInto(vcpus, '4096');
    await expect(memoryError).toContainText('the host has');
    await typeInto(vcpus, '1');
    await expect(memoryError).toHaveCount(0);

    await typeInto(wizard.getByLabel('Disk (GiB)'), '0');
    await wizard.getByLabel('Disk (GiB)').blur();
    await expect(memoryError).toHaveText('Give the disk a size.');
    await typeInto(wizard.getByLabel('Disk (GiB)'), '99999999');
    await expect(memoryError).toContainText('the free space in storage pool "default"');
    await expect(nextButton).toBeDisabled();
    await saveScreenshot(page, 'wizard-invalid-disk');
    await typeInto(wizard.getByLabel('Disk (GiB)'), '1');
    await next(wizard);

    const name = wizard.getByLabel(/^Name/);
    const nameError = wizard.locator('.mantine-TextInput-error');
    const create = wizard.getByTestId('wizard-create');
    await expect(name).not.toHaveValue(''); // a generated name
    await expect(create).toBeEnabled();

    await name.fill('');
    await name.blur();
    await expect(nameError).toHaveText('Give the guest a name.');
    await expect(create).toBeDisabled();
    await saveScreenshot(page, 'wizard-invalid-name-empty');

    await typeInto(name, taken.name);
    await expect(nameError).toContainText(`A guest named "${taken.name}" already exists`);
    await expect(create).toBeDisabled();
    await saveScreenshot(page, 'wizard-invalid-name-taken');

    await typeInto(name, 'my guest/1');
    await expect(nameError).toContainText(`can't contain spaces or`);
    await expect(nameError.getByTestId('refused-char')).toHaveText(['/']);
    await expect(create).toBeDisabled();
    await saveScreenshot(page, 'wizard-invalid-name-characters');

    await typeInto(name, uniqueName('valid'));
    await expect(nameError).toHaveCount(0);
    await expect(create).toBeEnabled();
  });

  test('a storage pool too small for the disk: the create fails with the cause and leaves nothing behind', async ({
    page,
  }) => {
    test.skip(process.getuid?.() !== 0, 'mounting the small tmpfs for the pool needs root');
    // a dir pool on a 1100 MiB tmpfs: a 1 GiB disk fits while the wizard validates; then another
    // program fills the pool before Create is clicked
    await withTinyPool(async () => {
      const wizard = await openWizard(page);
      await fillUpToSummary(page, wizard, { diskGiB: '1', pool: TINY_POOL });
      const name = uniqueName('tiny');
      await typeInto(wizard.getByLabel(/^Name/), name);
      await chooseNoNetwork(page, wizard);
      await expect(wizard.getByTestId('wizard-create')).toBeEnabled();

      const { stdout } = await run('df', ['-B1', '--output=avail', TINY_DIR]);
      const free = Number(stdout.trim().split('\n').pop());
      await run('fallocate', ['-l', String(free), join(TINY_DIR, 'kvmdesk-test-filler')]);

      await wizard.getByTestId('wizard-create').click();
      const failed = wizard.getByTestId('create-failed');
      await expect(failed).toBeVisible({ timeout: 60_000 });
      await expect(failed).toContainText(`storage pool "${TINY_POOL}"`);
      await saveScreenshot(page, 'wizard-failed-pool-full');

      expect(await virshState(name)).toBeUndefined();
      await virsh('pool-refresh', TINY_POOL);
      expect(await virsh('vol-list', TINY_POOL)).not.toContain(name);
      expect(await virsh('vol-list', 'default')).not.toContain(name);

      // back to the summary: the problem is now shown where it belongs, and Create is disabled
      await wizard.getByTestId('back-to-summary').click();
      await expect(wizard.getByTestId('wizard-create')).toBeDisabled();
      await expect(wizard.getByTestId('create-blocked')).toContainText('resources');
    });
  });

  test('a guest that cannot start (a bridge that does not exist) is undone: no guest, no disk', async ({
    page,
  }) => {
    const wizard = await openWizard(page);
    await fillUpToSummary(page, wizard, { diskGiB: '1' });
    const name = uniqueName('nobridge');
    await typeInto(wizard.getByLabel(/^Name/), name);
    await wizard.getByTestId('network').click();
    await page.getByRole('option', { name: 'Bridge to the host’s LAN' }).click();
    await typeInto(wizard.getByTestId('bridge-name'), 'kvmdtnobr0');
    await expect(wizard.getByTestId('wizard-create')).toBeEnabled();
    await wizard.getByTestId('wizard-create').click();

    const failed = wizard.getByTestId('create-failed');
    await expect(failed).toBeVisible({ timeout: 60_000 });
    await expect(failed).toContainText('kvmdtnobr0');
    // the disk was made and the guest defined before the start failed
    await expect(wizard.getByTestId('job-step')).toHaveText([
      /Checking/,
      /storage pool/,
      /Allocating the disk/,
      /Defining the guest/,
      /Starting the guest/,
    ]);
    await expect(wizard.getByTestId('job-step').last()).toHaveAttribute('data-status', 'failed');
    await saveScreenshot(page, 'wizard-failed-start-undone');

    expect(await virshState(name)).toBeUndefined();
    await virsh('pool-refresh', 'default');
    expect(await virsh('vol-list', 'default')).not.toContain(name);
  });

  test("a stopped NAT network is started as the job's first step, before any disk is made", async ({
    page,
  }) => {
    const net = 'kvmdesk-test-wiznet';
    await defineWizardNetwork(net);
    try {
      const wizard = await openWizard(page);
      await fillUpToSummary(page, wizard, { diskGiB: '1' });
      const name = uniqueName('net');
      await typeInto(wizard.getByLabel(/^Name/), name);
      await wizard.getByTestId('network').click();
      await page.getByRole('option', { name: `Virtual network “${net}” (NAT)` }).click();
      const start = wizard.getByLabel(`Start network “${net}” first (it is not running)`);
      await expect(start).toBeChecked();
      const create = wizard.getByTestId('wizard-create');
      await expect(create).toBeEnabled();
      await saveScreenshot(page, 'wizard-network-start-first');

      // unticked: Create is disabled, and the network says why
      await start.uncheck();
      await expect(
        wizard.getByText(`The virtual network “${net}” is not running: let KVM Desk start it`),
      ).toBeVisible();
      await expect(create).toBeDisabled();
      await saveScreenshot(page, 'wizard-network-unticked');
      await start.check();
      await expect(create).toBeEnabled();

      // defined, not started: the network is what this test is about, not a TCG boot
      await wizard.getByTestId('customise').check();
      expect(await virsh('net-info', net)).toMatch(/Active:\s+no/);
      await create.click();
      await expect(wizard.getByTestId('create-done')).toBeVisible({ timeout: 60_000 });
      await expect(wizard.getByTestId('job-step')).toHaveText([
        /Checking/,
        new RegExp(`Starting the network “${net}”`),
        /storage pool/,
        /Allocating the disk/,
        /Defining the guest/,
      ]);
      await saveScreenshot(page, 'wizard-network-started-done');
      expect(await virsh('net-info', net)).toMatch(/Active:\s+yes/);
      expect(await virshState(name)).toBe('shut off');
    } finally {
      await virsh('net-destroy', net).catch(() => undefined);
      await virsh('net-undefine', net).catch(() => undefined);
    }
  });
});
