// Helpers for the guest-list specs: find a guest's row through the search box (the list is
// virtualised and other suites' guests may be there too), read its state, time UI updates.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { ARTIFACTS, URI } from './fixtures';

/** shows only this guest in the list, selects it, and returns its row */
export async function selectGuest(page: Page, name: string) {
  await page.getByTestId('guest-search').fill(name);
  const row = page.getByTestId(`vm-${name}`);
  await row.click();
  await expect(page.getByTestId('details-name')).toHaveText(name);
  return row;
}

/** shows one of the selected guest's details tabs */
export async function showTab(
  page: Page,
  tab: 'overview' | 'hardware' | 'snapshots' | 'console' | 'xml' | 'performance',
) {
  await page.getByTestId(`details-tab-${tab}`).click();
  await expect(page.getByTestId(`details-tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
}

/** the libvirt state the row shows: running, paused, shutoff, ... */
export function rowState(page: Page, name: string) {
  return page.getByTestId(`vm-${name}-state`);
}

/** starts watching the row; `seenAt()` answers Date.now() in the page when it first showed `state` */
export async function watchRowState(page: Page, name: string, state: string) {
  await page.evaluate(
    ([name, state]) => {
      const w = window as unknown as { kdSeen?: Record<string, number> };
      w.kdSeen ??= {};
      const key = `${name}\n${state}`;
      delete w.kdSeen[key];
      const selector = `[data-testid="vm-${CSS.escape(name)}-state"]`;
      const obs = new MutationObserver(() => {
        if (document.querySelector(selector)?.getAttribute('data-state') === state) {
          w.kdSeen![key] = Date.now();
          obs.disconnect();
        }
      });
      obs.observe(document.body, { subtree: true, childList: true, attributes: true });
    },
    [name, state],
  );
  return {
    seenAt: () =>
      page.evaluate(
        ([name, state]) =>
          (window as unknown as { kdSeen: Record<string, number> }).kdSeen[`${name}\n${state}`],
        [name, state],
      ),
  };
}

/** appends one measured latency to e2e/artifacts/ui-latency.json (read by the report) */
export async function recordLatency(what: string, ms: number) {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, 'ui-latency.json');
  const all = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, number[]>;
  all[what] = [...(all[what] ?? []), ms];
  await writeFile(file, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`latency ${what}: ${ms} ms`);
}

/** waits until Mantine's open/close transitions are over, so a screenshot shows the final picture */
export async function settle(page: Page) {
  // two frames first: a transition started by the last action may not have begun yet
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

/** resolves with virsh's output once libvirt reports `event` for the guest (virsh event --timeout) */
export function virshEvent(uuid: string, event: string, timeoutS = 60) {
  return new Promise<string>((resolve, reject) => {
    execFile(
      'virsh',
      ['-c', URI, 'event', '--domain', uuid, '--event', event, '--timeout', String(timeoutS)],
      (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout)),
    );
  });
}
