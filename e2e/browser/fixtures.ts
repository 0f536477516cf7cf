// The browser-shell fixture: starts `serve` (the renderer is built by `npm run test:e2e` beforehand)
// against qemu:///system once per worker, opens `page` on its URL, and gives tests virsh and test guests.
// Everything a test defines is named kvmdesk-test-* and removed afterwards (only those).
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BrowserContext, test as base, expect, type Page } from '@playwright/test';
import {
  ARTIFACTS,
  cleanupTestGuests,
  defineTestGuest,
  removeTestGuest,
  type Server,
  startServe,
  stopServe,
  type TestGuest,
  type TestGuestOptions,
  type Virsh,
  virsh,
} from './test-guests';

export * from './test-guests';

/** Saves a screenshot of the page to e2e/artifacts/NAME.png */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * What settings.json in `dir` says now; undefined until the server first saves it (the file appears only
 * then, so a poll must not fail on its absence).
 */
export async function savedSettings(dir: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

interface TestFixtures {
  /** the page, opened on the server's URL (with its token) */
  page: Page;
  virsh: Virsh;
  /** defines a kvmdesk-test-* guest, removed after the test */
  defineTestGuest: (name: string, o?: TestGuestOptions) => Promise<TestGuest>;
}

interface WorkerFixtures {
  server: Server;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright needs the destructuring
    async ({}, use) => {
      await cleanupTestGuests();
      const { server, child } = await startServe();
      await use(server);
      await stopServe(child);
      // what the backend said, for a failure's post-mortem (e2e/artifacts is kept, test-results is not)
      await mkdir(ARTIFACTS, { recursive: true });
      await writeFile(join(ARTIFACTS, 'serve.log'), `${server.log.join('\n')}\n`);
      await cleanupTestGuests();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  // what the browser said (errors, failed and refused loads), kept for a failed test's post-mortem:
  // a page that stays blank says why in e2e/artifacts/<test>.browser.log
  context: async ({ context }, use, testInfo) => {
    const lines = browserLog(context);
    await use(context);
    if (testInfo.status !== testInfo.expectedStatus && lines.length > 0) {
      await mkdir(ARTIFACTS, { recursive: true });
      const name = testInfo.titlePath
        .join(' ')
        .replace(/[^\w-]+/g, '-')
        .slice(0, 120);
      await writeFile(join(ARTIFACTS, `${name}.browser.log`), `${lines.join('\n')}\n`);
    }
  },
  page: async ({ page, server }, use) => {
    await page.goto(server.url);
    await use(page);
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright needs the destructuring
  virsh: async ({}, use) => {
    await use(virsh);
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright needs the destructuring
  defineTestGuest: async ({}, use) => {
    const made: TestGuest[] = [];
    await use(async (name, o) => {
      const g = await defineTestGuest(name, o);
      made.push(g);
      return g;
    });
    for (const g of made) {
      await removeTestGuest(g.uuid);
      // its qcow2 disk (gone already when the test deleted the guest with its disks)
      if (g.disk) await unlink(g.disk).catch(() => undefined);
    }
    if (made.some((g) => g.disk)) await virsh('pool-refresh', 'default').catch(() => undefined);
  },
});

export { expect };

/** the context's console errors and warnings, page errors, failed requests and HTTP errors, timed */
function browserLog(context: BrowserContext): string[] {
  const lines: string[] = [];
  const t0 = Date.now();
  const add = (what: string) =>
    lines.push(`${((Date.now() - t0) / 1000).toFixed(1)} s ${what.replace(/token=[\w-]+/g, 'token=…')}`);
  context.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') add(`console.${m.type()}: ${m.text()}`);
  });
  context.on('weberror', (e) => add(`page error: ${e.error().stack ?? e.error().message}`));
  context.on('requestfailed', (r) => add(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  context.on('response', (r) => {
    if (r.status() >= 400) add(`HTTP ${r.status()}: ${r.url()}`);
  });
  return lines;
}
