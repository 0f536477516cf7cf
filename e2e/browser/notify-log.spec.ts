// A guest destroyed with virsh while the page is not in front: the browser shell shows a desktop
// notification through the Web Notification API (granted in this context; window.Notification is
// wrapped by an init script that records each construction and delegates to the real one), and the
// event log lists the destroy with libvirt's detail. Screenshots: the event log and the settings'
// notifications, light and dark. The guest is started with virsh (the start is not what is tested).
import { join } from 'node:path';
import { expect, GRUB_ISO, test, virsh, virshState, waitFor } from './fixtures';
import { rowState, settle } from './guest-ui';

const SHOTS = '/tmp/shots-notify-log';

declare global {
  interface Window {
    __notices?: { title: string; body?: string; tag?: string }[];
  }
}

test('a guest destroyed with virsh while the page is in the background: a notification and the log', async ({
  browser,
  server,
  defineTestGuest,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  await context.grantPermissions(['notifications'], { origin: new URL(server.url).origin });
  await context.addInitScript(() => {
    const Real = window.Notification;
    window.__notices = [];
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        window.__notices?.push({ title, body: options?.body, tag: options?.tag });
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true, writable: true });
  });
  const page = await context.newPage();
  const g = await defineTestGuest(`kvmdesk-test-notify-${Date.now()}`, { iso: GRUB_ISO });
  try {
    await page.goto(server.url);
    await expect(page.getByTestId(`vm-${g.name}`)).toBeVisible();
    await virsh('start', g.uuid);
    await expect(rowState(page, g.name)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });

    // the page goes to the background: another tab in front. Playwright's Chromium keeps reporting
    // document.hasFocus() true for every page (it emulates focus), so the window's blur event, which
    // the page listens to, is what tells it.
    const other = await context.newPage();
    await other.bringToFront();
    const focusAfterSwitch = await page.evaluate(() => document.hasFocus());
    if (focusAfterSwitch) await page.evaluate(() => window.dispatchEvent(new Event('blur')));
    test
      .info()
      .annotations.push({ type: 'focus', description: `hasFocus after another tab: ${focusAfterSwitch}` });

    await virsh('destroy', g.uuid);
    await waitFor('the guest off', async () => (await virshState(g.uuid)) === 'shut off');
    await expect
      .poll(() => page.evaluate(() => window.__notices ?? []), { timeout: 10_000 })
      .toContainEqual(expect.objectContaining({ title: `${g.name} was forced off outside KVM Desk` }));

    // back in front: the event log has the destroy with libvirt's detail
    await page.bringToFront();
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.getByTestId('open-event-log').click();
    const log = page.getByTestId('event-log');
    const row = log.getByTestId('event-log-row').filter({ hasText: g.name }).first();
    await expect(row).toContainText('Stopped: destroyed (outside KVM Desk)');
    await expect(row).toContainText('libvirt: stopped/destroyed');
    await log.getByTestId('event-log-guest').click();
    await page
      .getByRole('listbox', { name: 'Guest', exact: true })
      .getByRole('option', { name: g.name })
      .click();
    // filtered to the guest: its lines no longer repeat its name
    await expect(log.getByTestId('event-log-row').first()).toContainText(
      'Stopped: destroyed (outside KVM Desk)',
    );
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'event-log-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'event-log-dark.png') });

    await page.keyboard.press('Escape');
    await page.getByTestId('toolbar-settings').click();
    await expect(page.getByTestId('settings-notify-permission')).toHaveAttribute(
      'data-permission',
      'granted',
    );
    await expect(page.getByTestId('settings-notify-crashed')).toBeChecked();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'settings-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'settings-light.png') });
  } finally {
    await context.close();
  }
});
