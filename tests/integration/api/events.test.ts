// The guest list follows libvirt's events: changes made with virsh reach the api's listeners, no polling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTestGuest, GRUB_ISO, removeTestGuest, virsh } from '../../../e2e/browser/test-guests';
import { startTestBackend, type TestBackend, URI } from './backend';

const NAME = `kvmdesk-test-events-${process.pid}`;
let t: TestBackend;

beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(async () => {
  await removeTestGuest(NAME);
  await virsh('undefine', `${NAME}-transient`).catch(() => undefined);
  await t?.stop();
});

describe('guest list events', () => {
  it('lists every guest virsh lists, with the connection connected', async () => {
    const list = async () => new Set((await virsh('list', '--all', '--name')).split('\n').filter(Boolean));
    const before = await list();
    const snap = await t.ok('app.snapshot', {});
    const after = await list();
    expect(snap.connections).toMatchObject([
      { id: URI, state: 'connected', libvirtVersion: expect.any(String) },
    ]);
    // other suites may add or remove their guests meanwhile: compare what was there before and after
    const ours = new Set(snap.vms.map((v) => v.name));
    for (const n of before) if (after.has(n)) expect(ours).toContain(n);
    for (const n of ours) expect(before.has(n) || after.has(n)).toBe(true);
  });

  it('a guest defined with virsh appears, with its name, memory and state', async () => {
    const since = Date.now();
    const g = await defineTestGuest(NAME, { iso: GRUB_ISO });
    const e = await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid, { since });
    console.log(`vm.changed arrived ${e.at - since} ms after virsh define returned`);
    expect(e.payload).toMatchObject({
      connection: URI,
      name: NAME,
      state: 'shutoff',
      persistent: true,
      memoryKiB: 256 * 1024,
      vcpus: 1,
      domainType: 'qemu',
    });
    const snap = await t.ok('app.snapshot', {});
    expect(snap.vms.find((v) => v.uuid === g.uuid)?.name).toBe(NAME);
  });

  it('a title set with virsh (a metadata change) updates the guest', async () => {
    const since = Date.now();
    await virsh('desc', NAME, '--title', 'Events <&> test');
    const e = await t.waitEvent('vm.changed', (vm) => vm.name === NAME && vm.title === 'Events <&> test', {
      since,
    });
    expect(e.payload.title).toBe('Events <&> test');
  });

  it('a name with XML special characters and non-ASCII letters arrives exactly', async () => {
    const name = `kvmdesk-test-<&>'"-Größe-日本-${process.pid}`;
    const since = Date.now();
    const g = await defineTestGuest(name);
    try {
      const e = await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid, { since });
      expect(e.payload.name).toBe(name);
      expect((await t.ok('vms.details', { connection: URI, uuid: g.uuid })).name).toBe(name);
    } finally {
      await removeTestGuest(g.uuid);
    }
    await t.waitEvent('vm.removed', (ref) => ref.uuid === g.uuid, { since });
  });

  it('undefining with virsh removes the guest', async () => {
    const uuid = await virsh('domuuid', NAME);
    const since = Date.now();
    await virsh('undefine', NAME);
    await t.waitEvent('vm.removed', (ref) => ref.uuid === uuid, { since });
    expect((await t.ok('app.snapshot', {})).vms.some((v) => v.uuid === uuid)).toBe(false);
  });
});
