// The host page on qemu:///system: opened from the status bar, its figures against virsh, its CPU and
// memory charts moving (two screenshots a few seconds apart differ), and a hidden page stopping the
// host-stats ticks: counted at the api, on the page's own WebSocket (host.watchStats / host.unwatchStats
// sent, host.stats events received). No guest needed. Screenshots in /tmp/shots-host-view/.
import { mkdir } from 'node:fs/promises';
import type { Page, WebSocket } from '@playwright/test';
import { expect, test, virsh } from './fixtures';

test.describe.configure({ mode: 'serial' });
const SHOTS = '/tmp/shots-host-view';

function hostTraffic(page: Page) {
  const seen = { watch: 0, unwatch: 0, ticks: 0 };
  page.on('websocket', (ws: WebSocket) => {
    ws.on('framesent', (f) => {
      const text = String(f.payload);
      if (text.includes('"host.watchStats"')) seen.watch++;
      if (text.includes('"host.unwatchStats"')) seen.unwatch++;
    });
    ws.on('framereceived', (f) => {
      if (String(f.payload).startsWith('{"event":"host.stats"')) seen.ticks++;
    });
  });
  return seen;
}

async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('the host page opens from the status bar, shows the host and draws charts that move', async ({
  page,
}) => {
  await mkdir(SHOTS, { recursive: true });
  const traffic = hostTraffic(page);
  await page.reload(); // the listener sees the page's WebSocket from its start
  await page.getByTestId('status-host-link').click();
  await expect(page.getByTestId('host-page')).toBeVisible();
  await expect(page).toHaveURL(/#\/host\/qemu%3A%2F%2F%2Fsystem\/overview$/);
  const cpus = /CPU\(s\):\s+(\d+)/.exec(await virsh('nodeinfo'))?.[1];
  await expect(page.getByTestId('host-fact-hostname')).toHaveText(await virsh('hostname'));
  await expect(page.getByTestId('host-fact-cpu')).toContainText(`${cpus} CPU`);
  const hv = /Running hypervisor: QEMU (\S+)/.exec(await virsh('version'))?.[1];
  await expect(page.getByTestId('host-fact-hypervisor')).toHaveText(hv ?? 'x');
  await expect(page.getByTestId('host-fact-kvm')).toContainText(/KVM (not )?usable/);
  await expect(page.getByTestId('host-cpu-now')).toContainText(/Host: \d/, { timeout: 10_000 });
  await expect(page.getByTestId('host-memory-now')).toContainText(/In use: [\d.]+ GiB/);
  await expect(page.getByTestId('host-fact-memory')).toContainText(/GiB free/);
  const plot = page.getByTestId('chart-host-cpu').locator('canvas');
  const first = await plot.screenshot();
  const mem = await page.getByTestId('chart-host-memory').locator('canvas').screenshot();
  await page.waitForTimeout(3000);
  expect(first.equals(await plot.screenshot()), 'the CPU chart changed in 3 s').toBe(false);
  expect(mem.equals(await page.getByTestId('chart-host-memory').locator('canvas').screenshot())).toBe(false);
  const box = await plot.boundingBox();
  if (!box) throw new Error('no chart box');
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
  await expect(page.getByTestId('chart-host-cpu').locator('.u-legend')).toContainText('%');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SHOTS}/host-page-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/host-page-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  console.log(`host page: ${await page.getByTestId('host-cpu-now').textContent()}`);
  expect(traffic.watch).toBe(1);
  expect(traffic.ticks).toBeGreaterThanOrEqual(3);

  // hidden: unwatched, no more ticks; visible again: they come back
  await setHidden(page, true);
  await expect.poll(() => traffic.unwatch, { timeout: 5_000 }).toBe(1);
  await page.waitForTimeout(1200); // a tick under way may still arrive
  const hiddenAt = traffic.ticks;
  await page.waitForTimeout(2500);
  expect(traffic.ticks, 'host.stats events while hidden').toBe(hiddenAt);
  await setHidden(page, false);
  await expect.poll(() => traffic.ticks, { timeout: 5_000 }).toBeGreaterThan(hiddenAt);

  // closing the page goes back to the guests and unwatches
  await page.getByRole('button', { name: 'Close the host page' }).click();
  await expect(page.getByTestId('host-page')).toBeHidden();
  await expect.poll(() => traffic.unwatch, { timeout: 5_000 }).toBe(2);
});
