// Keepalive with the real daemon on qemu:///system: the client advertises the keepalive program after
// opening (as libvirt's C client does), so the daemon answers our pings and pings us when we are silent.
import { afterEach, describe, expect, it } from 'vitest';
import { type LibvirtConnection, openConnection } from '../../../main/libvirt/index.js';
import { waitFor } from './helpers.js';

const URI = 'qemu:///system';
const conns: LibvirtConnection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) await c.close();
});

async function open(keepaliveIntervalMs: number, keepaliveCount: number) {
  const c = await openConnection(URI, { keepaliveIntervalMs, keepaliveCount, reconnect: false });
  conns.push(c);
  const drops: Error[] = [];
  c.on('disconnected', (e) => drops.push(e));
  return { c, drops };
}

describe('keepalive with libvirtd', () => {
  it('stays connected through 2 s of silence with 200 ms x 3 keepalive: the daemon answers', async () => {
    const { c, drops } = await open(200, 3);
    expect(c.keepalive.active).toBe(true);
    // silent for 10 intervals: a daemon that did not answer our pings is dropped after about 0.8 s
    await new Promise((r) => setTimeout(r, 2000));
    expect(drops).toEqual([]);
    expect(c.connected).toBe(true);
    expect(c.keepalive.pongsReceived).toBeGreaterThanOrEqual(2);
    expect(await c.getHostname()).not.toBe('');
    expect(drops).toEqual([]);
  });

  it('is pinged by the daemon when it has been silent (libvirtd keepalive_interval, 5 s by default)', async () => {
    const { c, drops } = await open(60_000, 5); // our own pings out of the way
    await waitFor(() => c.keepalive.pingsReceived > 0, 20_000, "the daemon's keepalive ping");
    expect(c.connected).toBe(true);
    expect(await c.getLibVersion()).toBeGreaterThan(0n);
    expect(drops).toEqual([]);
  }, 30_000);
});
