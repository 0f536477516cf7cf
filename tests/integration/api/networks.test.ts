// Virtual networks on qemu:///system through the api, as the Networks panel uses them: an isolated and a
// NAT network made on the suggested subnets and started, an iPXE guest on the NAT one getting a DHCP
// lease that the lease watch shows (the same as `virsh net-dhcp-leases`), and stop/delete refused while
// that guest uses the network, naming it, then allowed once it is gone. Only kvmdesk-test-* networks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTestGuest, IPXE_ISO, removeTestGuest, virsh } from '../../../e2e/browser/test-guests';
import { overlaps, parseCidr } from '../../../preload/network-fields';
import { startTestBackend, type TestBackend, URI } from './backend';

const ISOLATED = `kvmdesk-test-iso-${process.pid}`;
const NAT = `kvmdesk-test-nat-${process.pid}`;
const GUEST = `kvmdesk-test-pxe-${process.pid}`;
let t: TestBackend;

async function removeNetwork(name: string) {
  await virsh('net-destroy', name).catch(() => undefined);
  await virsh('net-undefine', name).catch(() => undefined);
}

beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(async () => {
  await removeTestGuest(GUEST);
  await removeNetwork(NAT);
  await removeNetwork(ISOLATED);
  await t?.stop();
});

describe('networks on qemu:///system', () => {
  let natSubnet: string;

  it('creates an isolated network on the suggested subnet; its events refresh the list', async () => {
    const info = await t.ok('networks.createInfo', { connection: URI });
    const suggested = parseCidr(info.suggestedSubnet)!;
    for (const taken of info.taken) expect(overlaps(suggested, parseCidr(taken.subnet)!)).toBe(false);
    // the host's own route (eth0's) is among what it avoids
    expect(info.taken.some((x) => x.by.startsWith("the host's"))).toBe(true);
    const since = Date.now();
    const made = await t.ok('networks.create', {
      connection: URI,
      name: ISOLATED,
      mode: 'isolated',
      subnet: info.suggestedSubnet,
    });
    expect(made).toMatchObject({ name: ISOLATED, active: true, mode: 'isolated', guests: [] });
    expect(made.dhcp).toBeUndefined();
    await t.waitEvent('networks.changed', (e) => e.name === ISOLATED && e.event === 'started', { since });
    expect(await virsh('net-info', ISOLATED)).toMatch(/Active:\s+yes/);
  });

  it('suggests another subnet next, and refuses a taken one naming its network', async () => {
    const info = await t.ok('networks.createInfo', { connection: URI });
    const isolated = (await t.ok('networks.list', { connection: URI, withGuests: true })).find(
      (n) => n.name === ISOLATED,
    )!;
    const refused = await t.call('networks.create', {
      connection: URI,
      name: NAT,
      mode: 'nat',
      subnet: `${isolated.ipv4!.address.replace(/\.1$/, '.0')}/${isolated.ipv4!.prefix}`,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', detail: { field: 'subnet' } },
    });
    expect(!refused.ok && refused.error.message).toContain(`used by the network '${ISOLATED}'`);
    natSubnet = info.suggestedSubnet;
    const c = parseCidr(natSubnet)!;
    const base = natSubnet.replace(/\.0\/24$/, '');
    expect(c.prefix).toBe(24);
    const made = await t.ok('networks.create', {
      connection: URI,
      name: NAT,
      mode: 'nat',
      subnet: natSubnet,
      dhcp: { start: `${base}.10`, end: `${base}.99` },
    });
    expect(made).toMatchObject({
      mode: 'nat',
      forward: 'nat',
      active: true,
      ipv4: { address: `${base}.1`, prefix: 24 },
      dhcp: { start: `${base}.10`, end: `${base}.99` },
    });
  });

  it('shows the DHCP lease an iPXE guest on the NAT network gets, as virsh does', async () => {
    const since = Date.now();
    const { id } = await t.ok('networks.watchLeases', { connection: URI, name: NAT });
    await defineTestGuest(GUEST, { iso: IPXE_ISO, network: NAT, start: true });
    const pushed = await t.waitEvent(
      'networks.leases',
      (e) => e.name === NAT && e.leases.some((l) => l.guest === GUEST),
      { since, timeoutMs: 40_000 },
    );
    const lease = pushed.payload.leases.find((l) => l.guest === GUEST)!;
    const row = (await virsh('net-dhcp-leases', NAT)).split('\n').find((l) => l.includes(lease.mac));
    expect(row).toContain(`${lease.ip}/${lease.prefix}`);
    expect(lease.expiresAt).toBeGreaterThan(Date.now());
    await t.ok('networks.unwatchLeases', { id });
    expect(t.backend.ctx.networks.polling()).toBe(0);
    const nat = (await t.ok('networks.list', { connection: URI, withGuests: true })).find(
      (n) => n.name === NAT,
    )!;
    expect(nat).toMatchObject({ guests: [GUEST], runningGuests: [GUEST] });
  });

  it('refuses to stop or delete the network while the guest uses it, naming the guest', async () => {
    const stop = await t.call('networks.stop', { connection: URI, name: NAT });
    expect(stop).toMatchObject({ ok: false, error: { code: 'WRONG_STATE', detail: { guests: [GUEST] } } });
    expect(!stop.ok && stop.error.message).toContain(`'${GUEST}' runs on it`);
    const del = await t.call('networks.delete', { connection: URI, name: NAT });
    expect(del).toMatchObject({ ok: false, error: { code: 'WRONG_STATE' } });
    expect(!del.ok && del.error.message).toContain(`'${GUEST}' uses it`);
    expect(await virsh('net-info', NAT)).toMatch(/Active:\s+yes/);
  });

  it('deletes both networks once the guest is gone', async () => {
    await removeTestGuest(GUEST);
    const since = Date.now();
    await t.ok('networks.delete', { connection: URI, name: NAT });
    await t.ok('networks.delete', { connection: URI, name: ISOLATED });
    await t.waitEvent('networks.changed', (e) => e.name === NAT && e.event === 'undefined', { since });
    const names = (await t.ok('networks.list', { connection: URI, withGuests: true })).map((n) => n.name);
    expect(names).not.toContain(NAT);
    expect(names).not.toContain(ISOLATED);
    expect(await virsh('net-list', '--all', '--name')).not.toContain(NAT);
  });
});
