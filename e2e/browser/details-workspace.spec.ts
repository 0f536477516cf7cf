// E2E: the selected guest's details as a workspace. Tabs by mouse and keyboard, the tab kept by a
// reload, the Overview's title and description (XML's own syntax and unicode shown as text) and a rename
// of a shut-off guest followed by the list and the route. A screenshot of each tab at 1280x800 goes to
// test-results/details-workspace/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, GRUB_ISO, ROOT, test } from './fixtures';
import { selectGuest, settle } from './guest-ui';

const SHOTS = join(ROOT, 'test-results/details-workspace');
// keeps the fixture's mark, so a crashed run's sweep still knows the guest as its own
const DESCRIPTION =
  'made by the KVM Desk e2e fixture\nends a CDATA: ]]> and <script>alert("x")</script> & Grüße 名前 🚀';
const TITLE = 'Web <b>server</b> ]]> – 日本語';

async function shot(page: Page, name: string) {
  await mkdir(SHOTS, { recursive: true });
  await settle(page);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const selectedTab = (page: Page) => page.locator('[role="tab"][aria-selected="true"]');

test('tabs switch by mouse and keyboard; a reload, and the same URL in another window, keep guest and tab', async ({
  page,
  context,
  defineTestGuest,
}) => {
  const g = await defineTestGuest(`kvmdesk-test-workspace-${Date.now()}`, { iso: GRUB_ISO, diskMiB: 16 });
  await selectGuest(page, g.name);
  await expect(selectedTab(page)).toHaveText('Overview');
  await expect(page.getByTestId('details-firmware')).toHaveText('BIOS');
  await expect(page.getByTestId('details-machine')).toContainText('pc');
  await shot(page, '1-overview');

  await page.getByTestId('details-tab-hardware').click();
  await expect(page.getByTestId('details-disks')).toContainText(g.disk!);
  await expect(page.getByTestId('details-disks')).toContainText('kvmdesk-test-grub.iso');
  await expect(page).toHaveURL(new RegExp(`#/vm/[^/]+/${g.uuid}/hardware$`));
  await shot(page, '2-hardware');

  // the tab list is one stop for Tab; the arrows move along it (and leave the guest list alone)
  await page.getByTestId('details-tab-hardware').focus();
  await page.keyboard.press('ArrowRight');
  await expect(selectedTab(page)).toHaveText('Snapshots');
  await page.keyboard.press('ArrowRight');
  await expect(selectedTab(page)).toHaveText('Console');
  await expect(page.getByTestId('console-start')).toBeVisible();
  await expect(page.getByTestId('details-name')).toHaveText(g.name);
  await shot(page, '3-console');
  await page.keyboard.press('ArrowLeft');
  await expect(selectedTab(page)).toHaveText('Snapshots');
  await page.keyboard.press('Home');
  await expect(selectedTab(page)).toHaveText('Overview');
  await expect(page.getByTestId('details-name')).toHaveText(g.name);
  await page.keyboard.press('End');
  await expect(selectedTab(page)).toHaveText('Performance');
  await page.keyboard.press('ArrowLeft');
  await expect(selectedTab(page)).toHaveText('XML');
  await page.keyboard.press('ArrowLeft');
  await expect(selectedTab(page)).toHaveText('Console');

  await page.reload();
  await expect(page.getByTestId('details-name')).toHaveText(g.name);
  await expect(selectedTab(page)).toHaveText('Console');
  await expect(page).toHaveURL(new RegExp(`#/vm/[^/]+/${g.uuid}/console$`));

  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('details-name')).toHaveText(g.name);
  await expect(selectedTab(other)).toHaveText('Console');
  await other.close();
});

test('title and description are saved as plain text and shown as text', async ({
  page,
  virsh,
  defineTestGuest,
}) => {
  const g = await defineTestGuest(`kvmdesk-test-workspace-text-${Date.now()}`);
  await selectGuest(page, g.name);
  await page.getByTestId('overview-title').fill(`  ${TITLE}  `);
  await page.getByTestId('overview-description').fill(DESCRIPTION);
  await expect(page.getByTestId('overview-save')).toBeEnabled();
  await page.getByTestId('overview-save').click();

  // what libvirt has, shown from its metadata event: the header's title is text, not markup
  await expect(page.getByTestId('details-title')).toHaveText(TITLE);
  await expect(page.getByTestId('overview-save')).toBeDisabled();
  expect(await virsh('desc', g.uuid, '--config', '--title')).toBe(TITLE);
  expect(await virsh('desc', g.uuid, '--config')).toBe(DESCRIPTION);
  expect(await page.locator('[data-testid="details-header"] b').count()).toBe(0);
  await page.reload();
  await expect(page.getByTestId('overview-description')).toHaveValue(DESCRIPTION);
  await expect(page.getByTestId('overview-title')).toHaveValue(TITLE);

  // a title typed with a line break cannot be pasted (an input is one line); a control character is refused
  await page.getByTestId('overview-title').fill('bell \u0007');
  await expect(page.getByText("A title can't contain control characters.")).toBeVisible();
  await expect(page.getByTestId('overview-save')).toBeDisabled();
  await page.getByTestId('overview-revert').click();
  await expect(page.getByTestId('overview-title')).toHaveValue(TITLE);
  await shot(page, '4-overview-with-text');
});

test('a shut-off guest is renamed: the list, the header and the route follow it', async ({
  page,
  virsh,
  defineTestGuest,
}) => {
  const g = await defineTestGuest(`kvmdesk-test-workspace-name-${Date.now()}`);
  const other = await defineTestGuest(`kvmdesk-test-workspace-other-${Date.now()}`);
  await selectGuest(page, g.name);
  const name = page.getByTestId('overview-name');
  await expect(name).toBeEnabled();

  // checked as typed, in the wizard's words
  await name.fill(`${g.name} 2`);
  await expect(page.getByText("A guest name can't contain spaces.", { exact: false })).toBeVisible();
  await expect(page.getByTestId('overview-save')).toBeDisabled();
  await name.fill(other.name);
  await expect(
    page.getByText(`A guest named "${other.name}" already exists. Choose another name.`),
  ).toBeVisible();

  const renamed = `${g.name}-renamed`;
  await name.fill(renamed);
  await name.press('Enter');
  await expect(page.getByTestId('details-name')).toHaveText(renamed);
  await expect(page.getByTestId(`vm-${renamed}`)).toBeVisible();
  await expect(page.getByTestId(`vm-${g.name}`)).toHaveCount(0);
  expect(await virsh('domname', g.uuid)).toBe(renamed);
  await expect(page).toHaveURL(new RegExp(`#/vm/[^/]+/${g.uuid}/overview$`));
  await shot(page, '5-renamed');

  await page.reload();
  await expect(page.getByTestId('details-name')).toHaveText(renamed);
});
