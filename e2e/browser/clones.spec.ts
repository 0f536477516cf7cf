// Clone from the list's context menu (linked) and from the details header (full copy): the dialog
// offers NAME-clone, says what each kind means, shows the job, and the new guest appears in the list,
// selected; the source's row says "base of 1" (its tooltip names the clone), the linked clone's row
// carries a link naming its base, and both clones start from the toolbar.
import { execFileSync } from 'node:child_process';
import { expect, removeTestGuest, saveScreenshot, test, virsh } from './fixtures';
import { rowState, selectGuest, settle } from './guest-ui';

test.describe.configure({ timeout: 180_000 });

const removeClone = async (name: string) => {
  const disk = await virsh('domblklist', name)
    .then((out) => /\s(\/\S+\.qcow2)\s*$/m.exec(out)?.[1])
    .catch(() => undefined);
  await removeTestGuest(name);
  if (disk) await virsh('vol-delete', disk).catch(() => undefined);
};

test('clones a guest from the context menu (linked) and the header (full); both appear in the list', async ({
  page,
  defineTestGuest,
}) => {
  const g = await defineTestGuest(`kvmdesk-test-clone-ui-${Date.now()}`, { diskMiB: 32 });
  const linked = `${g.name}-clone`;
  const full = `${g.name}-clone-2`;
  try {
    await selectGuest(page, g.name);
    await page.getByTestId(`vm-${g.name}`).click({ button: 'right' });
    await page.getByTestId('menu-clone').click();
    const dialog = page.getByRole('dialog');
    await expect(page.getByTestId('clone-name')).toHaveValue(linked);
    await expect(dialog).toContainText('cannot be deleted while the clone exists');
    // typed names are checked as the wizard checks them
    await page.getByTestId('clone-name').fill('bad name');
    await expect(dialog).toContainText("A guest name can't contain spaces");
    await expect(page.getByTestId('clone-start')).toBeDisabled();
    await page.getByTestId('clone-name').fill(linked);
    await settle(page);
    await saveScreenshot(page, 'clone-dialog');
    await page.getByTestId('clone-start').click();
    await expect(page.getByTestId('clone-done')).toBeVisible({ timeout: 30_000 });
    await saveScreenshot(page, 'clone-done');
    await page.getByTestId('clone-close').click();
    await expect(page.getByTestId('details-name')).toHaveText(linked);
    const overlay = /\s(\/\S+\.qcow2)\s*$/m.exec(await virsh('domblklist', linked))![1];
    const info = JSON.parse(
      execFileSync('qemu-img', ['info', '-U', '--output=json', overlay], { encoding: 'utf8' }),
    );
    expect(info['backing-filename']).toBe(g.disk);

    // the header's Clone… on the source: the next free name, a full copy
    await page.getByTestId('guest-search').fill(g.name);
    await expect(page.getByTestId(`vm-${linked}`)).toBeVisible();
    await page.getByTestId(`vm-${g.name}`).click();
    await page.getByTestId('details-clone').click();
    await expect(page.getByTestId('clone-name')).toHaveValue(full);
    await page.getByTestId('clone-full').click();
    await page.getByTestId('clone-start').click();
    await expect(page.getByTestId('clone-done')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('clone-close').click();
    await expect(page.getByTestId('details-name')).toHaveText(full);
    await page.getByTestId('guest-search').fill(g.name);
    await expect(page.getByTestId(`vm-${full}`)).toBeVisible();
    await expect(page.getByTestId(`vm-${linked}`)).toBeVisible();
    // the base says how many linked clones read its disks; the full copy is nobody's clone
    await expect(page.getByTestId(`vm-${g.name}-base-of`)).toHaveText('base of 1');
    await expect(page.getByTestId(`vm-${g.name}-base-of`)).toHaveAccessibleName(
      new RegExp(`^Base of 1 linked clone \\(${linked}\\): they read its disks`),
    );
    await expect(page.getByTestId(`vm-${linked}-linked-clone`)).toHaveAccessibleName(
      `Linked clone of “${g.name}”: it reads that guest’s disks and writes only its own changes.`,
    );
    await expect(page.getByTestId(`vm-${full}-linked-clone`)).toHaveCount(0);
    await expect(page.getByTestId(`vm-${full}-base-of`)).toHaveCount(0);
    // the rows keep their height with the marks in them
    const heights = await page
      .locator('[role="option"][data-testid^="vm-kvmdesk-test-clone-ui-"]')
      .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    expect(new Set(heights)).toEqual(new Set([60]));
    await settle(page);
    await saveScreenshot(page, 'clone-list');
    await page.getByTestId(`vm-${g.name}-base-of`).hover();
    await expect(page.getByRole('tooltip')).toContainText(`Base of 1 linked clone (${linked})`);

    // both clones start (the linked one on its overlay, the copy on its own file)
    for (const name of [linked, full]) {
      await page.getByTestId(`vm-${name}`).click();
      await expect(page.getByTestId('details-name')).toHaveText(name);
      await page.getByTestId('toolbar-start').click();
      await expect(rowState(page, name)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    }
    expect(await virsh('domstate', linked)).toBe('running');
    expect(await virsh('domstate', full)).toBe('running');
    await settle(page);
    await saveScreenshot(page, 'clone-list-running');
  } finally {
    await removeClone(linked);
    await removeClone(full);
  }
});

test('clones a running guest as a full copy, pausing it for the copy and resuming it after', async ({
  page,
  defineTestGuest,
}) => {
  const g = await defineTestGuest(`kvmdesk-test-clone-hot-${Date.now()}`, { diskMiB: 32, start: true });
  const copy = `${g.name}-clone`;
  try {
    await selectGuest(page, g.name);
    await expect(rowState(page, g.name)).toHaveAttribute('data-state', 'running');
    await page.getByTestId('details-clone').click();
    const dialog = page.getByRole('dialog');
    await expect(page.getByTestId('clone-linked')).toBeDisabled();
    await expect(dialog).toContainText('a running guest keeps writing to the disks a linked clone reads');
    const pause = dialog.getByRole('checkbox', {
      name: `Pause “${g.name}” during the copy and resume it after`,
    });
    await expect(pause).toBeChecked();
    await settle(page);
    await saveScreenshot(page, 'clone-dialog-running');
    await page.getByTestId('clone-start').click();
    await expect(page.getByTestId('clone-done')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('clone-close').click();
    await expect(page.getByTestId('details-name')).toHaveText(copy);
    await page.getByTestId('guest-search').fill(g.name);
    await expect(rowState(page, g.name)).toHaveAttribute('data-state', 'running');
    expect(await virsh('domstate', g.name)).toBe('running');
    const disk = /\s(\/\S+\.qcow2)\s*$/m.exec(await virsh('domblklist', copy))![1];
    expect(disk).not.toBe(g.disk);
  } finally {
    await removeClone(copy);
  }
});
