// Host status, the software-emulation setting, networks, and the inactive-network answer a user can act on.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTestGuest, removeTestGuest, virsh } from '../../../e2e/browser/test-guests';
import { buildXml, h } from '../../../main/model/xml';
import { startTestBackend, type TestBackend, URI } from './backend';

const NET = 'kvmdesk-test-net';
const GUEST = `kvmdesk-test-netguest-${process.pid}`;
let t: TestBackend;

async function removeNetwork() {
  await virsh('net-destroy', NET).catch(() => undefined);
  await virsh('net-undefine', NET).catch(() => undefined);
}

beforeAll(async () => {
  t = await startTestBackend();
  await removeNetwork();
});
afterAll(async () => {
  await removeTestGuest(GUEST);
  await removeNetwork();
  await t?.stop();
});

describe('host', () => {
  it("reports the host's CPUs and memory as libvirt sees them", async () => {
    const host = await t.ok('host.status', { connection: URI });
    const info = await virsh('nodeinfo');
    expect(host.cpus).toBe(Number(/CPU\(s\):\s+(\d+)/.exec(info)?.[1]));
    // the whole host's memory across NUMA cells (node info's "Memory size" can count one cell only)
    const memTotal = Number(/MemTotal:\s+(\d+) kB/.exec(await readFile('/proc/meminfo', 'utf8'))?.[1]);
    expect(Math.abs(host.memoryKiB - memTotal) / memTotal).toBeLessThan(0.01);
    expect(host.hostname).toBe(await virsh('hostname'));
    expect(host.accelerator).toBe(host.kvmUsable ? 'kvm' : 'qemu');
    if (!host.kvmUsable) expect(host.kvmReason).toBeTruthy();
  });

  it('forcing software emulation is saved and changes the accelerator for new guests', async () => {
    const since = Date.now();
    // the answer and the file hold every setting (tray, shutdown timeout...); this one is changed
    expect(await t.ok('settings.set', { forceSoftwareEmulation: true })).toMatchObject({
      forceSoftwareEmulation: true,
    });
    const saved = JSON.parse(await readFile(join(t.configDir, 'settings.json'), 'utf8'));
    expect(saved).toMatchObject({ forceSoftwareEmulation: true });
    const host = await t.ok('host.status', { connection: URI });
    expect(host).toMatchObject({ forceSoftwareEmulation: true, accelerator: 'qemu' });
    const pushed = await t.waitEvent('host', (hs) => hs.forceSoftwareEmulation, { since });
    expect(pushed.payload.accelerator).toBe('qemu');
    expect(await t.ok('settings.get', {})).toMatchObject({ forceSoftwareEmulation: true });
    await t.ok('settings.set', { forceSoftwareEmulation: false });
  });
});

describe('networks', () => {
  it('lists the networks virsh lists, with their state', async () => {
    const nets = await t.ok('networks.list', { connection: URI });
    const names = (await virsh('net-list', '--all', '--name')).split('\n').filter(Boolean).sort();
    expect(nets.map((n) => n.name).sort()).toEqual(names);
    for (const n of nets) {
      const active = /Active:\s+yes/.test(await virsh('net-info', n.name));
      expect(n.active).toBe(active);
    }
  });

  it("starting a guest on an inactive network answers NETWORK_INACTIVE with libvirt's message; starting the network fixes it", async () => {
    const xml = buildXml(
      h(
        'network',
        {},
        h('name', {}, NET),
        h('forward', { mode: 'nat' }),
        h('bridge', { stp: 'on', delay: '0' }),
        h('ip', { address: '192.168.231.1', netmask: '255.255.255.0' }),
      ),
    );
    const file = `/tmp/${NET}-${process.pid}.xml`;
    const { writeFile, unlink } = await import('node:fs/promises');
    await writeFile(file, xml);
    await virsh('net-define', file);
    await unlink(file);
    const g = await defineTestGuest(GUEST, { network: NET });
    await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);

    const r = await t.call('vms.start', { connection: URI, uuid: g.uuid });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('NETWORK_INACTIVE');
    expect(r.error.message).toContain(`network '${NET}' is not active`);
    expect(r.error.detail?.network).toBe(NET);

    await t.ok('networks.start', { connection: URI, name: NET });
    expect(await virsh('net-info', NET)).toMatch(/Active:\s+yes/);
    const listed = await t.ok('networks.list', { connection: URI });
    expect(listed.find((n) => n.name === NET)).toMatchObject({ active: true, forward: 'nat' });
    // the guest would start now; it is not started here (no guest needs to run for this)
    expect(
      await t.call('networks.start', { connection: URI, name: 'kvmdesk-test-no-such-net' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('networks on the test driver', () => {
  it("creates the NAT network 'default' when it is missing", async () => {
    // the test driver's state belongs to this connection alone: the host's networks are untouched
    const td = await startTestBackend('test+unix:///default');
    try {
      const c = td.backend.ctx.connections.client('test+unix:///default');
      const net = await c.lookupNetworkByName('default');
      await c.networkDestroy(net);
      await c.networkUndefine(net);
      expect(
        (await td.ok('networks.list', { connection: 'test+unix:///default' })).some(
          (n) => n.name === 'default',
        ),
      ).toBe(false);
      await td.ok('networks.createDefault', { connection: 'test+unix:///default' });
      const nets = await td.ok('networks.list', { connection: 'test+unix:///default' });
      expect(nets.find((n) => n.name === 'default')).toMatchObject({
        active: true,
        autostart: true,
        forward: 'nat',
      });
    } finally {
      await td.stop();
    }
  });
});
