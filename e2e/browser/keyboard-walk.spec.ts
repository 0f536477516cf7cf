// The keyboard-only walk: a guest made in the wizard and its console opened without the mouse. Only
// page.keyboard acts (locators only read and assert), from the New guest shortcut to the GRUB menu
// answering Down in the console, and the release key (Ctrl+Alt) giving the keyboard back: a Down after
// it must not reach the guest; then the same in the console's own window, opened from the toolbar. Screenshots of the focus rings at each step in e2e/artifacts/keyboard-*.
// Starts a real guest: run under the guest lock (npm run test:e2e holds it).
import type { Locator, Page } from '@playwright/test';
import { SHELL_SHORTCUTS, shortcutLabel } from '../../preload/shortcuts';
import { canvasRgb, highlightTop } from './console-pixels';
import { expect, saveScreenshot, test, virshState } from './fixtures';
import { consoleOf, poll, waitForGrubMenu } from './grub-console';
import { ISO, registerWizardFiles, uniqueName } from './wizard-ui';

registerWizardFiles();

/** what has the focus, for failure messages */
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a) return 'nothing';
    const id = a.getAttribute('data-testid');
    return `${a.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ''} “${(a.getAttribute('aria-label') ?? a.textContent ?? '').trim().slice(0, 40)}”`;
  });

const hasFocus = (target: Locator) =>
  target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));

/** presses Tab (or Shift+Tab) until the target has the focus */
async function tabTo(page: Page, target: Locator, o: { back?: boolean; max?: number } = {}) {
  const max = o.max ?? 40;
  for (let i = 0; i <= max; i++) {
    if ((await target.count()) === 1 && (await hasFocus(target))) return;
    await page.keyboard.press(o.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${max} presses of Tab did not reach ${target}; the focus is on ${await focused(page)}`);
}

/** replaces a focused field's text by typing, as a user does */
async function retype(page: Page, value: string) {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(value, { delay: 15 });
}

test('keyboard only: create a guest in the wizard, start it, open its console, type into it and leave it', async ({
  page,
}) => {
  // connected: New guest is offered (the list may be empty)
  await expect(page.getByTestId('toolbar-new')).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByText('Connecting to libvirt…')).toBeHidden({ timeout: 30_000 });
  const name = uniqueName('keys');

  // a dialog by keyboard: Settings opens with Enter, keeps the focus inside, Escape closes it and the
  // focus is back where it was
  const settingsButton = page.getByTestId('toolbar-settings');
  await tabTo(page, settingsButton);
  await page.keyboard.press('Enter');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await hasFocus(settings), await focused(page)).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();
  await expect(settingsButton).toBeFocused();

  // the browser shell's New guest key; the wizard opens on its first field
  await page.keyboard.press(shortcutLabel(SHELL_SHORTCUTS.browser.newGuest).replace('Ctrl', 'Control'));
  const wizard = page.getByRole('dialog', { name: 'New guest' });
  await expect(wizard).toBeVisible();
  const path = wizard.getByTestId('source-path');
  await expect(path).toBeFocused();
  await page.keyboard.type(ISO);
  await expect(path).toHaveValue(ISO);
  const next = wizard.getByTestId('wizard-next');
  await expect(next).toBeEnabled({ timeout: 30_000 });
  await tabTo(page, next);
  await saveScreenshot(page, 'keyboard-1-wizard-source-next');
  await page.keyboard.press('Enter');

  // OS: the grub-rescue ISO is unknown media; the search field has the focus
  await expect(wizard.getByTestId('detection')).toContainText('Unknown media', { timeout: 30_000 });
  const search = wizard.getByTestId('os-search');
  await expect(search).toBeFocused();
  // the list of ~1,000 systems is one Tab stop: ArrowDown enters it, End and Home jump to its ends
  const count = Number(/Search (\d+) operating/.exec((await search.getAttribute('placeholder')) ?? '')?.[1]);
  expect(count).toBeGreaterThan(100);
  const focusedIndex = () => page.evaluate(() => document.activeElement?.getAttribute('data-index'));
  await page.keyboard.press('ArrowDown');
  await expect.poll(focusedIndex).toBe('0');
  await page.keyboard.press('End');
  await expect.poll(focusedIndex).toBe(String(count - 1));
  await saveScreenshot(page, 'keyboard-1b-wizard-os-list-end');
  await page.keyboard.press('Home');
  await expect.poll(focusedIndex).toBe('0');
  await expect(wizard.getByTestId('os-choice')).toContainText('Unknown'); // moving chooses nothing
  await tabTo(page, next, { max: 4 });
  await page.keyboard.press('Enter');

  // Resources: small, for TCG
  const memory = wizard.getByLabel('Memory (MiB)');
  await expect(memory).toBeFocused();
  await retype(page, '256');
  await tabTo(page, wizard.getByLabel('Virtual CPUs'));
  await retype(page, '1');
  await tabTo(page, wizard.getByLabel('Disk (GiB)'));
  await retype(page, '1');
  await saveScreenshot(page, 'keyboard-2-wizard-resources');
  await expect(next).toBeEnabled({ timeout: 30_000 });
  await tabTo(page, next);
  await page.keyboard.press('Enter');

  // Summary: the name, and no network (the host's default network is not ours to start)
  const nameField = wizard.getByLabel(/^Name/);
  await expect(nameField).toBeFocused();
  await retype(page, name);
  const network = wizard.getByTestId('network');
  await tabTo(page, network);
  await page.keyboard.press('ArrowDown'); // opens the list
  const noNetwork = page.getByRole('option', { name: 'No network' });
  await expect(noNetwork).toBeVisible();
  for (let i = 0; i < 6 && (await noNetwork.getAttribute('data-combobox-selected')) === null; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(noNetwork).toHaveAttribute('data-combobox-selected');
  await page.keyboard.press('Enter');
  await expect(network).toHaveValue('No network');
  const create = wizard.getByTestId('wizard-create');
  await expect(create).toBeEnabled({ timeout: 30_000 });
  await tabTo(page, create);
  await saveScreenshot(page, 'keyboard-3-wizard-create');
  await page.keyboard.press('Enter');

  // the job's outcome takes the focus: Close, once the guest runs (the wizard starts it)
  await expect(wizard.getByTestId('create-done')).toHaveText(`${name} is running.`, { timeout: 90_000 });
  const close = wizard.getByTestId('close-wizard');
  await expect(close).toBeFocused();
  await saveScreenshot(page, 'keyboard-4-wizard-done');
  await page.keyboard.press('Enter');
  await expect(wizard).toBeHidden();
  expect(await virshState(name)).toBe('running');

  // the new guest is selected; its details' tabs take the arrow keys: Right until Console
  await expect(page.getByTestId('details-name')).toHaveText(name);
  const selectedTab = page.getByRole('tab', { selected: true });
  await tabTo(page, selectedTab, { max: 80 });
  const consoleTab = page.getByTestId('details-tab-console');
  for (let i = 0; i < 8 && (await consoleTab.getAttribute('aria-selected')) !== 'true'; i++) {
    await page.keyboard.press('ArrowRight');
  }
  await expect(consoleTab).toHaveAttribute('aria-selected', 'true');
  await expect(consoleTab).toBeFocused();
  await saveScreenshot(page, 'keyboard-5-console-tab');
  await expect(consoleOf(page)).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });

  // Tab reaches the screen without being caught; Enter gives the guest the keyboard
  const screen = page.getByTestId('console-screen');
  await tabTo(page, screen);
  await saveScreenshot(page, 'keyboard-6-console-screen-focused');
  const canvas = screen.locator('canvas');
  const hint = page.getByTestId('console-grab-hint');
  await expect(hint).toHaveText('');
  await page.keyboard.press('Enter');
  await expect(canvas).toBeFocused();
  await expect(hint).toHaveText('Press Ctrl+Alt to release the keyboard.');

  // the keys reach the guest: Down moves GRUB's highlight
  const menu = await waitForGrubMenu(page);
  const first = highlightTop(menu);
  await saveScreenshot(page, 'keyboard-7-console-grabbed');
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(page, 'keyboard-7b-console-grabbed-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('ArrowDown');
  const second = await poll('the highlight to move down', async () => {
    const top = highlightTop(await canvasRgb(page));
    return top > first ? top : undefined;
  });

  // Ctrl+Alt, pressed and released alone, gives the keyboard back: the focus is on the console's toolbar
  await page.keyboard.down('Control');
  await page.keyboard.down('Alt');
  await page.keyboard.up('Alt');
  await page.keyboard.up('Control');
  await expect(canvas).not.toBeFocused();
  expect(await hasFocus(page.getByTestId('console-toolbar')), await focused(page)).toBe(true);
  await expect(hint).toHaveText('');
  await saveScreenshot(page, 'keyboard-8-released-to-toolbar');

  // a Down now is not the guest's: back in the console, Up lands on the first entry again (had the
  // Down reached GRUB, Up would stop on the second). The canvas shows the guest as it is meanwhile.
  await page.keyboard.press('ArrowDown');
  await tabTo(page, screen);
  expect(highlightTop(await canvasRgb(page))).toBe(second);
  await page.keyboard.press('Enter');
  await expect(canvas).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await poll('the highlight back on the first entry', async () =>
    highlightTop(await canvasRgb(page)) === first ? true : undefined,
  );
  // nothing held in the guest: a plain Down after the release moves one entry, not a Ctrl+Alt+Down
  await page.keyboard.press('ArrowDown');
  await poll('the highlight on the second entry', async () =>
    highlightTop(await canvasRgb(page)) === second ? true : undefined,
  );
  await page.keyboard.down('Control');
  await page.keyboard.down('Alt');
  await page.keyboard.up('Control');
  await page.keyboard.up('Alt');
  await expect(canvas).not.toBeFocused();

  // the console's own window, from the main toolbar's Console button: the same keys in and out
  const opened = page.context().waitForEvent('page');
  await tabTo(page, page.getByTestId('toolbar-console'), { back: true, max: 80 });
  await saveScreenshot(page, 'keyboard-9-toolbar-console');
  await page.keyboard.press('Enter');
  const popup = await opened;
  await expect(consoleOf(popup)).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  const windowScreen = popup.getByTestId('console-screen');
  await tabTo(popup, windowScreen);
  await popup.keyboard.press('Enter');
  await expect(windowScreen.locator('canvas')).toBeFocused();
  await expect(popup.getByTestId('console-grab-hint')).toHaveText('Press Ctrl+Alt to release the keyboard.');
  await expect(popup).toHaveTitle(/^\(Press Ctrl\+Alt to release the keyboard\) .* — KVM Desk console$/);
  const inWindow = highlightTop(await waitForGrubMenu(popup));
  await popup.keyboard.press('ArrowDown');
  await poll('the highlight to move down in the console window', async () =>
    highlightTop(await canvasRgb(popup)) > inWindow ? true : undefined,
  );
  await popup.keyboard.down('Control');
  await popup.keyboard.down('Alt');
  await popup.keyboard.up('Alt');
  await popup.keyboard.up('Control');
  await expect(windowScreen.locator('canvas')).not.toBeFocused();
  expect(await hasFocus(popup.getByTestId('console-toolbar')), await focused(popup)).toBe(true);
  await expect(popup).toHaveTitle(`${name} — KVM Desk console`);
  await saveScreenshot(popup, 'keyboard-10-window-released');
  await popup.close();
});
