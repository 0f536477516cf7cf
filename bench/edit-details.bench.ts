// An edit applied -> the details show it, through the browser shell in Debian Chromium, on a host of
// 1,000 test-driver guests (goal: median under 100 ms, libvirt's own time included). The clock starts at
// the click on Save (a capture listener in the page) and stops at the frame after the Hardware tab shows
// the new memory: vms.edit (read, define with VALIDATE, the live change), libvirt's event, the guest's
// refetch, the event to the page, vms.details and the render. The backend runs in this process, its
// libvirt connection counted by procedure, so the report also proves that editing one guest does not
// re-list the others (no list call, a handful of calls per edit, not ~1,000).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { openConnection } from '../main/libvirt';
import { ConnectProc } from '../main/libvirt/protocol/connect';
import { DomainProc } from '../main/libvirt/protocol/domain';
import { startBackend } from '../main/shells/boot';
import { newToken } from '../main/shells/browser/security';
import { startBrowserShell } from '../main/shells/browser/server';
import { CHROMIUM_ARGS } from '../playwright.config';
import { median, percentile, report } from './report';
import { benchGuestName, writeDriverXml } from './test-driver';

const ROOT = join(import.meta.dirname, '..');
const GUESTS = 1000;
const EDITS = 30;
const PROC_NAMES = new Map(
  [...Object.entries(ConnectProc), ...Object.entries(DomainProc)].map(([name, n]) => [n as number, name]),
);

/** click Save with the memory field at `mib` and time until the card shows it (the next frame) */
async function timeEdit(page: Page, mib: number): Promise<number> {
  const card = page.getByTestId('details-resources');
  await card.getByTestId('resources-edit').click();
  await card.getByTestId('resources-memoryMiB').fill(String(mib));
  const shown = page.evaluate(
    (want) =>
      new Promise<number>((resolve, reject) => {
        const save = document.querySelector('[data-testid="resources-save"]')!;
        let t0 = 0;
        save.addEventListener('click', () => (t0 = performance.now()), { capture: true, once: true });
        const timer = setTimeout(() => reject(new Error(`the details never showed ${want}`)), 10_000);
        const obs = new MutationObserver(() => {
          const text = document.querySelector('[data-testid="resources-memory"]')?.textContent ?? '';
          if (!t0 || !text.startsWith(want)) return;
          obs.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => resolve(performance.now() - t0));
        });
        obs.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
    `${mib} MiB`,
  );
  await card.getByTestId('resources-save').click();
  return shown;
}

export default async function bench(): Promise<void> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', 'web'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const uri = writeDriverXml(GUESTS, '/tmp/kvmdesk-bench-edit-1000.xml');
  const calls = new Map<number, number>();
  let counting = false;
  const backend = await startBackend(
    { kind: 'browser' },
    {
      uris: [uri],
      open: async (u, o) => {
        const c = await openConnection(u, o);
        const call = c.call.bind(c);
        c.call = (proc, ...rest) => {
          if (counting) calls.set(proc, (calls.get(proc) ?? 0) + 1);
          return call(proc, ...rest);
        };
        return c;
      },
    },
  );
  const shell = await startBrowserShell({
    api: backend.api,
    events: backend.ctx.events,
    statuses: backend.statuses,
    token: newToken(),
    root: join(ROOT, 'out/renderer-web'),
    host: '127.0.0.1',
    port: 0,
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript({ content: 'window.__name = (f) => f;' }); // tsx keeps function names
    await page.goto(shell.url);
    await page.getByTestId(`vm-${benchGuestName(0)}`).click();
    await page.getByRole('tab', { name: 'Hardware' }).click();
    await timeEdit(page, 768); // warm-up: the card's code and the first define
    counting = true;
    const times: number[] = [];
    for (let i = 0; i < EDITS; i++) times.push(await timeEdit(page, i % 2 ? 768 : 512));
    counting = false;
    const total = [...calls.values()].reduce((a, b) => a + b, 0);
    const lists = calls.get(DomainProc.LIST_ALL) ?? 0;
    const ms = median(times);
    report({
      name: 'edit-details',
      unit: 'ms',
      ours: ms,
      goal: 'median < 100 ms; no re-listing (no list call, a handful of libvirt calls per edit)',
      met: ms < 100 && lists === 0 && total / EDITS < 30,
      runs: EDITS,
      extra: {
        p95: percentile(times, 95),
        guests: GUESTS,
        libvirtCallsPerEdit: total / EDITS,
        listCalls: lists,
        callsPerEdit: Object.fromEntries(
          [...calls].map(([proc, n]) => [PROC_NAMES.get(proc) ?? proc, n / EDITS]),
        ),
        timed: 'click on Save (in the page) -> the frame after the Hardware tab shows the new memory',
      },
    });
  } finally {
    await browser.close();
    await shell.close();
    await backend.close();
  }
}
