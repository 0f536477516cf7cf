// Deleting guests: forced off first, undefined with snapshot metadata, exactly the listed disks deleted
// (pool volumes through libvirt, other files directly), ISOs never, and a file that cannot go is named.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defineTestGuest,
  GRUB_ISO,
  LIBVIRT_GRUB_ISO,
  removeTestGuest,
  virsh,
  virshState,
} from '../../../e2e/browser/test-guests';
import { startTestBackend, type TestBackend, URI } from './backend';

const P = `kvmdesk-test-delete-${process.pid}`;
let t: TestBackend;
const made: string[] = [];

async function guest(suffix: string, o: Parameters<typeof defineTestGuest>[1]) {
  const g = await defineTestGuest(`${P}-${suffix}`, o);
  made.push(g.name);
  await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);
  return g;
}

async function gone(uuid: string) {
  await t.waitEvent('vm.removed', (r) => r.uuid === uuid);
  expect((await t.ok('app.snapshot', {})).vms.some((v) => v.uuid === uuid)).toBe(false);
}

beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(async () => {
  for (const n of made) await removeTestGuest(n);
  await t?.stop();
});

describe('deleting a guest', () => {
  it('forces a running guest off and deletes its disk volume, but never the ISO', async () => {
    const g = await guest('running', { iso: GRUB_ISO, diskMiB: 16, start: true });
    expect(await virshState(g.name)).toBe('running');
    const r = await t.ok('vms.delete', { connection: URI, uuid: g.uuid, deleteDisks: [g.disk!, g.iso!] });
    expect(r.deleted).toEqual([g.disk]);
    expect(r.remaining).toEqual([{ path: g.iso, message: expect.stringMatching(/never deleted/) }]);
    await gone(g.uuid);
    expect(await virshState(g.name)).toBeUndefined();
    expect(existsSync(g.disk!)).toBe(false);
    expect(existsSync(LIBVIRT_GRUB_ISO)).toBe(true);
    await expect(virsh('vol-info', g.disk!)).rejects.toThrow();
  });

  it('keeps every disk when none is listed', async () => {
    const g = await guest('keep', { diskMiB: 16 });
    const r = await t.ok('vms.delete', { connection: URI, uuid: g.uuid, deleteDisks: [] });
    expect(r).toEqual({ deleted: [], remaining: [] });
    await gone(g.uuid);
    expect(existsSync(g.disk!)).toBe(true);
    await removeTestGuest(g.name);
    await virsh('vol-delete', g.disk!);
  });

  it('deletes a disk outside any storage pool, and removes snapshot metadata with the guest', async () => {
    const disk = `/tmp/${P}-nopool.qcow2`;
    const g = await guest('snap', { diskMiB: 16, diskPath: disk });
    await virsh('snapshot-create-as', g.name, 'kvmdesk-test-snap');
    const r = await t.ok('vms.delete', { connection: URI, uuid: g.uuid, deleteDisks: [disk] });
    expect(r).toEqual({ deleted: [disk], remaining: [] });
    await gone(g.uuid);
    expect(existsSync(disk)).toBe(false);
  });

  it('removes the guest even when a disk file cannot be deleted, and names the file', async () => {
    const missing = `/tmp/${P}-missing.qcow2`; // never created: unlink fails
    const g = await guest('missing', { diskPath: missing });
    const r = await t.ok('vms.delete', {
      connection: URI,
      uuid: g.uuid,
      deleteDisks: [missing, '/etc/passwd'],
    });
    expect(r.deleted).toEqual([]);
    expect(r.remaining).toEqual([
      { path: missing, message: expect.stringMatching(/^Could not delete it: .*ENOENT/) },
      { path: '/etc/passwd', message: expect.stringMatching(/not a disk of this guest/) },
    ]);
    await gone(g.uuid);
    expect(existsSync('/etc/passwd')).toBe(true);
  });

  it('destroys a transient guest (there is nothing to undefine)', async () => {
    const g = await guest('transient', { iso: GRUB_ISO });
    const xml = await virsh('dumpxml', g.name);
    await virsh('undefine', g.name);
    await t.waitEvent('vm.removed', (r) => r.uuid === g.uuid);
    const { writeFile, unlink } = await import('node:fs/promises');
    const file = `/tmp/${P}-transient.xml`;
    await writeFile(file, xml);
    await virsh('create', file);
    await unlink(file);
    const vm = await t.waitEvent('vm.changed', (v) => v.uuid === g.uuid && v.state === 'running');
    expect(vm.payload.persistent).toBe(false);
    const r = await t.ok('vms.delete', { connection: URI, uuid: g.uuid, deleteDisks: [] });
    expect(r).toEqual({ deleted: [], remaining: [] });
    await t.waitEvent('vm.removed', (ref) => ref.uuid === g.uuid, { since: vm.at });
    expect(await virshState(g.name)).toBeUndefined();
  });
});
