// The creation wizard as it looks in Chromium against qemu:///system, without creating guests: messages on
// opening, the pool choice, Windows 11's summary at 1280x800, "Why this hardware?", lowered suggestions,
// an OS newer than the host's database, the name's refused characters.

import { expect, saveScreenshot, test, virsh } from './fixtures';
import {
  choosePool,
  fillUpToSummary,
  ISO,
  next,
  openWizard,
  registerWizardFiles,
  TINY_POOL,
  typeInto,
  VIRTIO_ISO,
  windows11Resources,
  windows11Summary,
  withTinyPool,
} from './wizard-ui';

registerWizardFiles();

test.describe('creation wizard, as it looks', () => {
  test('no field is red on opening; Next without an ISO says what is missing', async ({ page }) => {
    const wizard = await openWizard(page);
    const nextButton = wizard.getByTestId('wizard-next');
    // Next is enabled once the host has validated the empty wizard: its answer is in, and hidden
    await expect(nextButton).toBeEnabled();
    await expect(wizard.locator('[aria-invalid="true"]')).toHaveCount(0);
    await expect(wizard.locator('.mantine-InputWrapper-error, .mantine-TextInput-error')).toHaveCount(0);
    await saveScreenshot(page, 'wizard-open-no-red');

    await nextButton.click();
    await expect(wizard.locator('.mantine-TextInput-error')).toHaveText('Choose an ISO image.');
    await expect(wizard.getByTestId('wizard-step-source')).toBeVisible();
    await expect(nextButton).toBeDisabled();
    await saveScreenshot(page, 'wizard-next-without-iso');
  });

  test("the storage pool is a choice of the host's pools, each with its free space", async ({ page }) => {
    const wizard = await openWizard(page);
    await typeInto(wizard.getByTestId('source-path'), ISO);
    await next(wizard);
    await next(wizard);
    const pool = wizard.getByTestId('pool');
    await expect(pool).toHaveValue(/^default: .* free$/);
    await pool.click();
    const pools = (await virsh('pool-list', '--name'))
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
    for (const p of pools)
      await expect(page.getByRole('option', { name: new RegExp(`^${p}: `) })).toBeVisible();
    await saveScreenshot(page, 'wizard-pool-choice');
    // the figure is the pool's own: virsh says the same
    const info = await virsh('pool-info', 'default', '--bytes');
    const avail = Number(/Available:\s+(\d+)/.exec(info)?.[1]);
    const gib = avail / 1024 ** 3;
    await expect(page.getByRole('option', { name: /^default: / })).toHaveText(
      `default: ${gib.toFixed(gib < 10 ? 1 : 0)} GiB free`,
    );
    await page.keyboard.press('Escape');
  });

  test('Windows 11 at 1280x800: the summary scrolls, Create stays in view', async ({ page }) => {
    expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
    const wizard = await windows11Summary(page);
    const create = wizard.getByTestId('wizard-create');
    await wizard.getByRole('button', { name: /Why this hardware/ }).click();
    await expect(wizard.getByTestId('reasons').getByRole('listitem').first()).toBeVisible();
    await expect(create).toBeInViewport({ ratio: 1 });
    await expect(wizard.getByTestId('wizard-buttons')).toBeInViewport({ ratio: 1 });
    // the step's body scrolls (it is taller than the window leaves it)
    const body = wizard.getByTestId('wizard-step-summary');
    expect(await body.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);
    await saveScreenshot(page, 'wizard-win11-summary-1280x800');
    await body.evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await expect(wizard.getByTestId('customise')).toBeInViewport();
    await expect(create).toBeInViewport({ ratio: 1 });
    await saveScreenshot(page, 'wizard-win11-summary-scrolled');
  });

  test('"Why this hardware?" follows a virtio-win ISO', async ({ page }) => {
    const wizard = await windows11Summary(page);
    await wizard.getByRole('button', { name: /Why this hardware/ }).click();
    const reasons = wizard.getByTestId('reasons');
    await expect(reasons).toContainText('SATA disk and e1000e network');
    // no virtio-win detection rule exists: any readable ISO given as the driver ISO counts
    const field = wizard.getByTestId('virtio-win');
    await typeInto(field, VIRTIO_ISO);
    await field.blur();
    await expect(reasons).toContainText('virtio disk and network: drivers come from the virtio-win ISO');
    await expect(reasons).not.toContainText('SATA disk');
    await expect(wizard.getByTestId('summary-drivers')).toContainText(VIRTIO_ISO);
    await wizard.getByTestId('wizard-step-summary').evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await expect(wizard.getByTestId('wizard-create')).toBeEnabled();
    await saveScreenshot(page, 'wizard-reasons-virtio-win');
  });

  test('a suggestion lowered to fit the host says so and why', async ({ page }) => {
    test.skip(process.getuid?.() !== 0, 'mounting the small tmpfs for the pool needs root');
    await withTinyPool(async () => {
      const wizard = await windows11Resources(page);
      await expect(wizard.getByTestId('resources-source')).toContainText("twice osinfo-db's minimums");
      await choosePool(page, wizard, TINY_POOL);
      await expect(wizard.getByLabel('Disk (GiB)')).toHaveValue('1');
      const capped = wizard.getByTestId('resources-capped');
      await expect(capped.filter({ hasText: 'Disk' })).toHaveText(
        `Disk capped at 1 GiB (instead of 128): storage pool “${TINY_POOL}” has 1.1 GiB free.`,
      );
      // Windows 11's suggestion is 4 vCPUs: a smaller host says it lowered them too
      const cpus = Number(/CPU\(s\):\s+(\d+)/.exec(await virsh('nodeinfo'))?.[1]);
      if (cpus < 4)
        await expect(capped.filter({ hasText: 'vCPUs' })).toHaveText(
          `vCPUs capped at ${cpus} (instead of 4): the host has ${cpus} CPUs.`,
        );
      // below Windows 11's minimum now: said as a warning, which does not block
      await expect(wizard.getByTestId('warning-diskGiB')).toContainText('at least 64 GiB');
      await expect(wizard.getByTestId('wizard-next')).toBeEnabled();
      await saveScreenshot(page, 'wizard-capped-disk');
    });
  });

  test('"Debian 12", newer than the host\'s OS database, offers Debian 11\'s settings in one click', async ({
    page,
  }) => {
    const wizard = await openWizard(page);
    await typeInto(wizard.getByTestId('source-path'), ISO);
    await next(wizard);
    await typeInto(wizard.getByTestId('os-search'), 'Debian 12');
    const offer = wizard.getByTestId('os-nearest');
    await expect(offer).toContainText(/Debian 12 is not in this host's OS database \(version \d+\)/);
    await saveScreenshot(page, 'wizard-debian12-offer');
    await offer.getByRole('button', { name: "Use Debian 11's settings for Debian 12" }).click();
    await expect(wizard.getByTestId('os-choice')).toContainText('Debian 12');
    await next(wizard);
    await expect(wizard.getByTestId('defaults-note')).toContainText("using Debian 11's settings");
    await expect(wizard.getByTestId('wizard-next')).toBeEnabled();
    await saveScreenshot(page, 'wizard-debian12-resources');

    // FreeBSD 14 too
    await wizard.getByTestId('wizard-back').click();
    await typeInto(wizard.getByTestId('os-search'), 'FreeBSD 14');
    await expect(offer).toContainText(/FreeBSD 14 is not in this host's OS database/);
    await expect(offer.getByRole('button')).toHaveText(/^Use FreeBSD 13[.\d]*'s settings for FreeBSD 14$/);
  });

  test('the name error lists the refused characters as chips', async ({ page }) => {
    const wizard = await openWizard(page);
    await fillUpToSummary(page, wizard, { diskGiB: '1' });
    const name = wizard.getByLabel(/^Name/);
    await typeInto(name, 'a<b>&"\'c');
    await name.blur();
    const error = wizard.getByTestId('name-refused');
    await expect(error).toContainText("A guest name can't contain");
    await expect(error.getByTestId('refused-char')).toHaveText(['<', '>', '&', '"', "'"]);
    await expect(error).not.toContainText('"""');
    await expect(wizard.getByTestId('wizard-create')).toBeDisabled();
    await saveScreenshot(page, 'wizard-name-chips');
  });
});
