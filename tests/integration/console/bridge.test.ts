// The console bridge against a real guest on qemu:///system booting the GRUB rescue ISO.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../../main/api';
import type { LibvirtConnectionApi } from '../../../main/libvirt/facade';
import { openConnection } from '../../../main/libvirt/index';
import { ConsoleService } from '../../../main/services/console/service';
import { EventBus } from '../../../main/services/events';
import { tokenCookie } from '../../../main/shells/browser/security';
import { type BrowserShell, startBrowserShell } from '../../../main/shells/browser/server';
import { takeGuestLock } from '../../support/guest-lock';
import { openWs, requestFullUpdate, rfbHandshake } from './rfb-client';
import { removeStaleTestGuests, startTestGuest, type TestGuest, URI, virsh, waitFor } from './test-guest';

let release: () => void = () => {};
let guest: TestGuest | undefined;
let service: ConsoleService;
let conn: LibvirtConnectionApi | undefined;

beforeAll(async () => {
  release = await takeGuestLock();
  await removeStaleTestGuests();
  guest = await startTestGuest();
  conn = await openConnection(URI);
  const client = conn;
  service = new ConsoleService(() => client);
}, 20 * 60_000);

afterAll(async () => {
  await service?.stop();
  await conn?.close();
  await guest?.destroy();
  release();
});

const ref = () => ({ connection: URI, uuid: guest!.uuid });

describe('console bridge to a running guest', () => {
  it("speaks RFB with the guest's VNC server through a loopback WebSocket", async () => {
    const { url } = await service.open(ref());
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/console\?token=/);
    const s = await rfbHandshake(url);
    expect(s.version).toBe('RFB 003.008\n');
    expect(s.width).toBeGreaterThanOrEqual(320);
    expect(s.height).toBeGreaterThanOrEqual(200);
    expect(s.name).toContain(guest!.name); // QEMU names the desktop after the guest
    const update = await requestFullUpdate(s);
    expect(update.rects).toBeGreaterThan(0);
    s.ws.close();
  });

  it('refuses a missing, wrong or reused token', async () => {
    const { url } = await service.open(ref());
    await expect(openWs(url.replace(/\?.*/, ''))).rejects.toThrow('HTTP 401');
    await expect(openWs(url.replace(/token=./, 'token=A'))).rejects.toThrow('HTTP 401');
    const s = await rfbHandshake(url);
    s.ws.close();
    await expect(openWs(url)).rejects.toThrow('HTTP 401');
  });

  it('finds the display again after the guest is forced off and started', async () => {
    await virsh('destroy', guest!.name);
    await expect(service.open(ref())).rejects.toThrow(/guest is off/);
    await virsh('start', guest!.name);
    const s = await waitFor('a console session after restart', async () =>
      rfbHandshake((await service.open(ref())).url),
    );
    expect(s.width).toBeGreaterThan(0);
    s.ws.close();
  });
});

describe("console over the browser shell's own port", () => {
  let shell: BrowserShell;
  let viaShell: ConsoleService;
  const token = 'kvmdesk-test-serve-token';
  beforeAll(async () => {
    // the real serve server; its api and statuses are not used here (no api socket is opened)
    shell = await startBrowserShell({
      api: {} as Api,
      events: new EventBus(),
      statuses: () => [],
      token,
      root: '/nonexistent',
      host: '127.0.0.1',
      port: 0,
    });
    const client = conn!;
    viaShell = new ConsoleService(() => client);
    viaShell.serveOn(shell);
  });
  afterAll(async () => {
    await viaShell?.stop();
    await shell?.close();
  });

  it("answers a path on the page's own server and speaks RFB through it, never opening the bridge port", async () => {
    const { url } = await viaShell.open(ref());
    expect(url).toMatch(/^\/console\?token=[\w-]{43}$/);
    const origin = `http://127.0.0.1:${shell.port}`;
    const headers = { Cookie: `${tokenCookie(shell.port)}=${token}`, Origin: origin };
    const s = await rfbHandshake(`ws://127.0.0.1:${shell.port}${url}`, [], 20_000, headers);
    expect(s.version).toBe('RFB 003.008\n');
    expect(s.name).toContain(guest!.name);
    expect((await requestFullUpdate(s)).rects).toBeGreaterThan(0);
    s.ws.close();
    expect(viaShell.bridge.port).toBe(0); // the loopback bridge was never needed
  });

  it("refuses a missing, wrong or reused console token, and anyone without the page's token", async () => {
    const at = (u: string) => `ws://127.0.0.1:${shell.port}${u}`;
    const headers = {
      Cookie: `${tokenCookie(shell.port)}=${token}`,
      Origin: `http://127.0.0.1:${shell.port}`,
    };
    const { url } = await viaShell.open(ref());
    await expect(openWs(at(url), [], { Origin: headers.Origin })).rejects.toThrow('HTTP 401'); // no cookie
    await expect(openWs(at('/console'), [], headers)).rejects.toThrow('HTTP 401');
    await expect(openWs(at(`/console?token=${token}`), [], headers)).rejects.toThrow('HTTP 401');
    await expect(openWs(at(`${url}x`), [], headers)).rejects.toThrow('HTTP 401');
    await expect(openWs(at(url), [], { ...headers, Origin: 'http://evil.example' })).rejects.toThrow(
      'HTTP 403',
    );
    const s = await rfbHandshake(at(url), [], 20_000, headers);
    s.ws.close();
    await expect(openWs(at(url), [], headers)).rejects.toThrow('HTTP 401');
  });
});
