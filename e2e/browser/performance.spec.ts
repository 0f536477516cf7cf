// The Performance tab on a real guest at GRUB's menu (TCG keeps its vCPU busy): the charts draw and
// move, the latest values are in words, a paused guest says paused (no zeros), and a hidden page stops
// the stats ticks: counted at the api, on the page's own WebSocket (its stats.watch / stats.unwatch
// calls and the vm.stats events it receives). Screenshots in /tmp/shots-stats/.
import { mkdir } from 'node:fs/promises';
import type { Page, WebSocket } from '@playwright/test';
import { defineTestGuest, expect, GRUB_ISO, removeTestGuest, type TestGuest, test, virsh } from './fixtures';
import { selectGuest, showTab } from './guest-ui';

test.describe.configure({ mode: 'serial' });

const NAME = `kvmdesk-test-perf-${process.pid}`;
const SHOTS = '/tmp/shots-stats';
let guest: TestGuest;

test.beforeAll(async ({ server: _server }) => {
  await mkdir(SHOTS, { recursive: true });
  guest = await defineTestGuest(NAME, { iso: GRUB_ISO, diskMiB: 16, start: true });
});
test.afterAll(async () => {
  await removeTestGuest(NAME);
});

/** what crosses the page's api WebSocket about stats */
function statsTraffic(page: Page) {
  const seen = { watch: 0, unwatch: 0, ticks: [] as number[] };
  page.on('websocket', (ws: WebSocket) => {
    ws.on('framesent', (f) => {
      const text = String(f.payload);
      if (text.includes('"stats.watch"')) seen.watch++;
      if (text.includes('"stats.unwatch"')) seen.unwatch++;
    });
    ws.on('framereceived', (f) => {
      const text = String(f.payload);
      if (text.startsWith('{"event":"vm.stats"') && text.includes(guest.uuid)) seen.ticks.push(Date.now());
    });
  });
  return seen;
}

async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (h ? 'hidden' : 'visible'),
    });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('the Performance tab draws CPU, memory, disk and network charts that move', async ({ page }) => {
  const traffic = statsTraffic(page);
  await page.reload(); // the listener sees the page's WebSocket from its start
  await selectGuest(page, NAME);
  await showTab(page, 'performance');
  for (const id of ['cpu', 'memory', 'disk', 'network'])
    await expect(page.getByTestId(`chart-${id}`).locator('canvas')).toBeVisible();
  await expect(page.getByTestId('performance-cpu-now')).toContainText(/Guest \(of its vCPUs\): \d/, {
    timeout: 20_000,
  });
  await expect(page.getByTestId('performance-memory-now')).toContainText('not reported by the guest');
  const plot = page.getByTestId('chart-cpu').locator('canvas');
  const first = await plot.screenshot();
  await page.waitForTimeout(3000);
  const second = await plot.screenshot();
  expect(first.equals(second), 'the CPU chart changed in 3 s').toBe(false);
  const mem = await page.getByTestId('chart-memory').locator('canvas').screenshot();
  await page.waitForTimeout(2000);
  expect(mem.equals(await page.getByTestId('chart-memory').locator('canvas').screenshot())).toBe(false);
  // hover: uPlot's legend shows the values at the cursor in the chart's unit
  const box = await plot.boundingBox();
  if (!box) throw new Error('no chart box');
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
  await expect(page.getByTestId('chart-cpu').locator('.u-legend')).toContainText('%');
  await page.screenshot({ path: `${SHOTS}/performance-running.png`, fullPage: true });
  const cpu = await page.getByTestId('performance-cpu-now').textContent();
  console.log(`Performance tab of a guest at GRUB's menu: ${cpu}`);
  expect(traffic.watch).toBeGreaterThanOrEqual(1);
  expect(traffic.ticks.length).toBeGreaterThanOrEqual(4);
});

test('a hidden page unwatches: no more stats ticks until it is visible again', async ({ page }) => {
  const traffic = statsTraffic(page);
  await page.reload();
  await selectGuest(page, NAME);
  await showTab(page, 'performance');
  await expect.poll(() => traffic.ticks.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  await setHidden(page, true);
  await expect.poll(() => traffic.unwatch, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
  await page.waitForTimeout(1500); // a tick under way may still arrive
  const hiddenAt = traffic.ticks.length;
  await page.waitForTimeout(4000);
  expect(traffic.ticks.length, 'vm.stats events while hidden').toBe(hiddenAt);
  await setHidden(page, false);
  await expect.poll(() => traffic.ticks.length, { timeout: 10_000 }).toBeGreaterThan(hiddenAt + 1);
});

test('a paused guest says paused instead of drawing zeros', async ({ page }) => {
  await selectGuest(page, NAME);
  await showTab(page, 'performance');
  await expect(page.getByTestId('performance-cpu-now')).toContainText(/Guest \(of its vCPUs\): \d/, {
    timeout: 20_000,
  });
  await virsh('suspend', NAME);
  try {
    await expect(page.getByTestId('performance-state')).toContainText('Paused', { timeout: 10_000 });
    await expect(page.getByTestId('performance-cpu-now')).toHaveText('paused', { timeout: 10_000 });
    await page.waitForTimeout(2500); // a gap in the lines, not a drop to zero
    await page.screenshot({ path: `${SHOTS}/performance-paused.png`, fullPage: true });
  } finally {
    await virsh('resume', NAME);
  }
});
