// vms.edit on network adapters against real libvirtd (qemu:///system), two shut-off guests: a typed MAC
// is saved as typed, and refused on the other guest with the first one's name (libvirt itself checks only
// within one guest); a model and a source (a host bridge) changed, checked with virsh dumpxml.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestNetwork,
  defineTestGuest,
  GRUB_ISO,
  removeTestGuest,
  virsh,
} from '../../../e2e/browser/test-guests';
import type { HardwareEdit } from '../../../preload/contract';
import { startTestBackend, type TestBackend, URI } from './backend';

const A = `kvmdesk-test-nic-a-${process.pid}`;
const B = `kvmdesk-test-nic-b-${process.pid}`;
const NET = `kvmdesk-test-nicnet-${process.pid}`;
// a locally administered unicast address no other tool hands out
const hex = (n: number) => (n & 0xff).toString(16).padStart(2, '0');
const MAC = `52:54:00:7e:${hex(process.pid >> 8)}:${hex(process.pid)}`;
let t: TestBackend;
const refs: Record<string, { connection: string; uuid: string }> = {};

const edit = (name: string, e: HardwareEdit) => t.call('vms.edit', { ...refs[name], edit: e });

beforeAll(async () => {
  t = await startTestBackend();
  // an isolated network of our own (the host's 'default' may be inactive, and is not ours)
  await createTestNetwork(NET);
  for (const name of [A, B]) {
    const g = await defineTestGuest(name, { iso: GRUB_ISO, network: NET });
    refs[name] = { connection: URI, uuid: g.uuid };
  }
});
afterAll(async () => {
  for (const name of [A, B]) await removeTestGuest(name);
  await virsh('net-destroy', NET).catch(() => undefined);
  await t?.stop();
});

describe('network adapters', () => {
  it('a typed MAC is saved as typed; the same MAC on another guest is refused, naming the first', async () => {
    expect(MAC).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    const added = await edit(A, { kind: 'addNic', source: { network: NET }, model: 'virtio', mac: MAC });
    expect(added).toMatchObject({ ok: true, value: { applied: 'saved' } });
    expect(await virsh('dumpxml', '--inactive', A)).toContain(`<mac address='${MAC}'/>`);
    const before = await virsh('dumpxml', '--inactive', B);
    const again = await edit(B, {
      kind: 'addNic',
      source: { network: NET },
      model: 'virtio',
      mac: MAC.toUpperCase(),
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { field: 'mac' } } });
    if (!again.ok) expect(again.error.message).toContain(`already used by the guest ${A}`);
    expect(await virsh('dumpxml', '--inactive', B)).toBe(before);
  });

  it("an adapter's model and source: only that <interface> changes", async () => {
    const r = await edit(A, { kind: 'nicModel', mac: MAC, model: 'e1000e' });
    expect(r.ok).toBe(true);
    const s = await edit(A, { kind: 'nicSource', mac: MAC, source: { bridge: 'kvmdtbr0' } });
    expect(s.ok).toBe(true);
    const d = await t.ok('vms.details', refs[A]);
    expect(d.nics.find((n) => n.mac === MAC)).toMatchObject({
      type: 'bridge',
      source: 'kvmdtbr0',
      model: 'e1000e',
    });
    // the fixture's own adapter is as it was
    expect(d.nics.filter((n) => n.mac !== MAC)).toEqual([
      expect.objectContaining({ type: 'network', source: NET }),
    ]);
  });
});
