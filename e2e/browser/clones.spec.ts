// Clone from the list's context menu (linked) and from the details header (full copy): the dialog
// offers NAME-clone, says what each kind means, shows the job, and the new guest appears in the list,
// selected. A running guest's Clone… is disabled with the reason.
import { execFileSync } from 'node:child_process';
import { expect, removeTestGuest, saveScreenshot, test, virsh } from './fixtures';
import { selectGuest, settle } from './guest-ui';

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
    await settle(page);
    await saveScreenshot(page, 'clone-list');
  } finally {
    await removeClone(linked);
    await removeClone(full);
  }
});
