// The browser shell as a stranger and as the user sees it: the token, Origin and Host refusals, no Node in
// the page, the security headers, and the app showing its connection.
import WebSocket from 'ws';
import { expect, saveScreenshot, test } from './fixtures';

/** opens the api WebSocket and resolves with the HTTP status of a refusal, or 101 when accepted */
function wsStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', (err) => reject(err));
  });
}

test.describe('browser shell', () => {
  test('refuses a missing or wrong token with 401, over HTTP and WebSocket', async ({ server }) => {
    expect((await fetch(`${server.origin}/`)).status).toBe(401);
    expect((await fetch(`${server.origin}/?token=wrong`)).status).toBe(401);
    expect((await fetch(`${server.origin}/assets/index.js?token=${server.token}x`)).status).toBe(401);
    expect((await fetch(server.url)).status).toBe(200);

    const ws = `ws://127.0.0.1:${server.port}/api`;
    expect(await wsStatus(ws)).toBe(401);
    expect(await wsStatus(`${ws}?token=wrong`)).toBe(401);
    expect(await wsStatus(`${ws}?token=${server.token}`, { Origin: server.origin })).toBe(101);
  });

  test('refuses a WebSocket from a foreign Origin with 403, even with the token', async ({ server }) => {
    const ws = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
    expect(await wsStatus(ws, { Origin: 'http://evil.example' })).toBe(403);
    expect(await wsStatus(ws, { Origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
  });

  test('refuses a WebSocket with a forged Host (DNS rebinding), even with a matching Origin', async ({
    server,
  }) => {
    const ws = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
    const forged = `rebound.example:${server.port}`;
    expect(await wsStatus(ws, { Host: forged, Origin: `http://${forged}` })).toBe(421);
    expect(await wsStatus(ws, { Origin: server.origin })).toBe(101);
  });

  test('sends a strict Content-Security-Policy and keeps the token out of referrers', async ({ server }) => {
    const res = await fetch(server.url);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });

  test('serves only the built interface, never other files', async ({ server }) => {
    for (const path of [
      '/../../../../etc/passwd',
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/package.json',
    ]) {
      const res = await fetch(`${server.origin}${path}?token=${server.token}`);
      const body = await res.text();
      expect(body).not.toContain('root:x:0');
      expect(body).not.toContain('"devDependencies"');
    }
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });

  test('the page has no Node globals', async ({ page }) => {
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
      module: typeof (globalThis as Record<string, unknown>).module,
      Buffer: typeof (globalThis as Record<string, unknown>).Buffer,
    }));
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
    });
  });

  test('the app loads and shows its connection', async ({ page }) => {
    await expect(page.getByText('qemu:///system').first()).toBeVisible();
    await saveScreenshot(page, 'shell-connected');
  });

  // Chromium aborts loads in flight with ERR_NETWORK_CHANGED when an interface appears (a guest's tap, a
  // network's bridge): a page opened at that moment lost its UI's stylesheet and stayed blank
  test('a UI load the network cut short reloads once and shows the app', async ({ browser, server }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let cut = 0;
    await page.route(/\/assets\/ui-[^/]+\.css$/, (route) => {
      if (cut++ === 0) return route.abort('internetdisconnected');
      return route.continue();
    });
    const navigations: string[] = [];
    page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));
    await page.goto(server.url);
    await expect(page.getByTestId('guest-search')).toBeVisible({ timeout: 60_000 });
    expect(cut).toBe(2); // refused once, then loaded by the reload
    expect(navigations.length).toBe(2); // the page's own reload
    await context.close();
  });

  test('the api answers over the WebSocket and pushes events for guests defined with virsh', async ({
    server,
    defineTestGuest,
  }) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
      headers: { Origin: server.origin },
    });
    const messages: { id?: number; event?: string; payload?: { name?: string }; result?: unknown }[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ id: 1, method: 'app.snapshot', args: {} }));
    await expect
      .poll(() => messages.find((m) => m.id === 1)?.result)
      .toMatchObject({
        ok: true,
        value: { connections: [{ id: 'qemu:///system', state: 'connected' }] },
      });
    ws.send(
      JSON.stringify({ id: 2, method: 'vms.start', args: { connection: 'qemu:///system', uuid: 'x' } }),
    );
    await expect
      .poll(() => messages.find((m) => m.id === 2)?.result)
      .toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', detail: { field: 'uuid' } },
      });
    const g = await defineTestGuest('kvmdesk-test-shell-event');
    await expect
      .poll(() => messages.some((m) => m.event === 'vm.changed' && m.payload?.name === g.name), {
        timeout: 5000,
      })
      .toBe(true);
    ws.close();
  });
});
