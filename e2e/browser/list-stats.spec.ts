// The guest list's CPU and memory columns on real guests: one at GRUB's menu (TCG keeps its vCPU busy)
// and one paused. Sorting by CPU puts the busy one first, the paused row says paused (no zeros), and a
// hidden page makes no stats calls (counted on the page's api WebSocket, as performance.spec.ts does).
// Screenshots, light and dark, in /tmp/shots-list-stats/.
import { mkdir } from 'node:fs/promises';
import type { Page, WebSocket } from '@playwright/test';
import { defineTestGuest, expect, GRUB_ISO, removeTestGuest, test, virsh } from './fixtures';

test.describe.configure({ mode: 'serial' });

const PREFIX = `kvmdesk-test-liststats-${process.pid}-`;
const BUSY = `${PREFIX}a-busy`;
const PAUSED = `${PREFIX}b-paused`;
const SHOTS = '/tmp/shots-list-stats';

test.beforeAll(async ({ server: _server }) => {
  await mkdir(SHOTS, { recursive: true });
  await defineTestGuest(BUSY, { iso: GRUB_ISO, memoryMiB: 64, start: true });
  await defineTestGuest(PAUSED, { iso: GRUB_ISO, memoryMiB: 64, start: true });
  await virsh('suspend', PAUSED);
});
test.afterAll(async () => {
  await removeTestGuest(BUSY);
  await removeTestGuest(PAUSED);
});

/** stats calls the page sends and stats ticks it receives */
function statsTraffic(page: Page) {
  const seen = { calls: 0, unwatch: 0, ticks: 0 };
  page.on('websocket', (ws: WebSocket) => {
    ws.on('framesent', (f) => {
      const text = String(f.payload);
      if (text.includes('"stats.')) seen.calls++;
      if (text.includes('"stats.unwatch"')) seen.unwatch++;
    });
    ws.on('framereceived', (f) => {
      if (String(f.payload).startsWith('{"event":"vm.stats"')) seen.ticks++;
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

const rowNames = (page: Page) =>
  page
    .locator('[data-testid="guest-list"] [role="option"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')?.slice('vm-'.length)));

test('sorting by CPU puts the busy guest first; the paused one says paused', async ({ page }) => {
  await page.getByTestId('guest-search').fill(PREFIX);
  await expect(page.getByTestId(`vm-${PAUSED}-cpu`)).toHaveText('paused');
  await expect(page.getByTestId(`vm-${PAUSED}-memory`)).toHaveText('paused');
  await expect(page.getByTestId(`vm-${BUSY}-cpu`)).toHaveAttribute('data-value', /\d/, { timeout: 20_000 });
  await expect(page.getByTestId(`vm-${BUSY}-memory`)).toContainText('host RSS');
  await page.getByTestId('list-sort-cpu').click(); // descending
  expect(await rowNames(page)).toEqual([BUSY, PAUSED]);
  await page.getByTestId('list-sort-cpu').click(); // ascending: the paused guest has no number, still last
  await expect(page.getByTestId('list-sort-cpu')).toHaveAttribute('data-sort', 'ascending');
  expect(await rowNames(page)).toEqual([BUSY, PAUSED]);
  await page.getByTestId('list-sort-name').click();
  await page.getByTestId('list-sort-name').click(); // name, descending
  expect(await rowNames(page)).toEqual([PAUSED, BUSY]);
  await page.getByTestId('list-sort-cpu').click();
  const cpu = await page.getByTestId(`vm-${BUSY}-cpu`).getAttribute('data-value');
  console.log(`list CPU of a guest at GRUB's menu: ${cpu} %`);
  await expect(page.getByTestId(`vm-${BUSY}-cpu`).locator('polyline')).toHaveCount(1, { timeout: 10_000 });
  await page.screenshot({ path: `${SHOTS}/list-columns-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/list-columns-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('a hidden page makes no stats calls and gets no ticks', async ({ page }) => {
  const traffic = statsTraffic(page);
  await page.reload(); // the listener sees the page's WebSocket from its start
  await page.getByTestId('guest-search').fill(PREFIX);
  await expect.poll(() => traffic.ticks, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  await setHidden(page, true);
  await expect.poll(() => traffic.unwatch, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
  await page.waitForTimeout(1000); // a tick under way may still arrive
  const calls = traffic.calls;
  const ticks = traffic.ticks;
  await page.waitForTimeout(4000);
  expect(traffic.calls, 'stats calls while hidden').toBe(calls);
  expect(traffic.ticks, 'vm.stats events while hidden').toBe(ticks);
  await setHidden(page, false);
  await expect.poll(() => traffic.ticks, { timeout: 10_000 }).toBeGreaterThan(ticks);
});
