// The Electron shell: it launches, shows its window, and keeps to Electron's security checklist.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from 'playwright-core';
import { electronBinary, launchApp, NO_BINARY, ROOT } from './electron';

const binary = electronBinary();
if (!binary) console.log(`electron suite skipped: ${NO_BINARY}`);

test.describe('electron shell', () => {
  test.skip(!binary, NO_BINARY);

  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    if (!existsSync(join(ROOT, 'out/main/index.js'))) {
      execFileSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, stdio: 'inherit' });
    }
    app = await launchApp(binary!);
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('launches with one window titled KVM Desk, showing the bundled renderer', async () => {
    await expect(page).toHaveTitle(/KVM Desk/);
    expect(page.url()).toMatch(/^kvmdesk:\/\/app\/index\.html/);
    await expect(page.getByText('test+unix:///default').first()).toBeVisible({ timeout: 30_000 });
    const count = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    expect(count).toBe(1);
  });

  test('every window is isolated, sandboxed and without Node', async () => {
    // getLastWebPreferences is Electron's own (undocumented, so untyped) getter of a window's preferences
    const prefs = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => {
        const p = (
          w.webContents as unknown as { getLastWebPreferences(): Electron.WebPreferences }
        ).getLastWebPreferences();
        return { ci: p.contextIsolation, sandbox: p.sandbox, node: p.nodeIntegration, webview: p.webviewTag };
      }),
    );
    expect(prefs?.length).toBeGreaterThan(0);
    for (const p of prefs ?? []) expect(p).toEqual({ ci: true, sandbox: true, node: false, webview: false });
    const globals = await page.evaluate(() => [
      typeof (globalThis as Record<string, unknown>).require,
      typeof (globalThis as Record<string, unknown>).process,
      typeof (window as unknown as { kvm?: { call?: unknown } }).kvm?.call,
    ]);
    expect(globals).toEqual(['undefined', 'undefined', 'function']);
  });

  test('denies new windows, navigation away, and permission requests', async () => {
    await page.evaluate(() => window.open('https://example.com'));
    await page.evaluate(() => {
      window.location.href = 'https://example.com';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^kvmdesk:\/\/app\//);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    const permission = await page.evaluate(async () => {
      try {
        const s = await navigator.mediaDevices.getUserMedia({ audio: true });
        return s ? 'granted' : 'none';
      } catch (err) {
        return (err as Error).name;
      }
    });
    expect(permission).not.toBe('granted');
  });

  test('serves the renderer with a strict Content-Security-Policy', async () => {
    const blocked = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(blocked).toBe(false);
  });
});
