// The console bridge against a real guest on qemu:///system booting the GRUB rescue ISO.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibvirtConnectionApi } from '../../../main/libvirt/facade';
import { openConnection } from '../../../main/libvirt/index';
import { ConsoleService } from '../../../main/services/console/service';
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
