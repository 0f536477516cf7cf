// A snapshot and a clone when the storage pool is full, on real libvirtd (qemu:///system): the pool is
// a dir pool on a 64 MiB tmpfs of the test's own (mounting needs root: skipped otherwise), filled to the
// last byte after the guest's disk was made. Each attempt fails with the cause in the user's words
// (a refusal before anything is written, or "The storage is full …" instead of qemu-img's child-process
// text), leaves no volume, guest or snapshot behind, and the guest is as it was (shut off, its disk's
// bytes unchanged). No guest boots here.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTestGuest, removeTestGuest, virsh } from '../../../e2e/browser/test-guests';
import { startTestBackend, type TestBackend, URI } from './backend';

const run = promisify(execFile);
const ROOT = process.getuid?.() === 0;
const ID = `${process.pid}`;
const NAME = `kvmdesk-test-fullsrc-${ID}`;
const POOL = `kvmdesk-test-fullpool-${ID}`;
const DIR = `/tmp/${POOL}`;
const DISK = `${DIR}/${NAME}.qcow2`;
const FULL_STORAGE = /^The storage is full: there is no space left/;

let t: TestBackend;
let ref: { connection: string; uuid: string };
let mounted = false;

const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
const volumes = async () => {
  await virsh('pool-refresh', POOL);
  return (await virsh('vol-list', POOL))
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean)
    .sort();
};
const guests = async () => (await virsh('list', '--all', '--name')).split('\n').map((s) => s.trim());
const free = async () => Number((await run('df', ['-B1', '--output=avail', DIR])).stdout.split('\n')[1]);

describe.skipIf(!ROOT)('a full storage pool (runs as root only: it mounts a 64 MiB tmpfs)', () => {
  beforeAll(async () => {
    t = await startTestBackend();
    await mkdir(DIR, { recursive: true });
    await run('mount', ['-t', 'tmpfs', '-o', 'size=64m,mode=0755', 'tmpfs', DIR]);
    mounted = true;
    await virsh('pool-create-as', POOL, 'dir', '--target', DIR);
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', DISK, '256M']);
    await run('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x77 0 16M', DISK]);
    await virsh('pool-refresh', POOL); // so libvirt knows the disk as the pool's volume
    const g = await defineTestGuest(NAME, { diskPath: DISK });
    ref = { connection: URI, uuid: g.uuid };
    await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);
    // every byte that is left, taken by a file of the pool's (libvirt lists it as a volume)
    await run('fallocate', ['-l', String(await free()), `${DIR}/kvmdesk-test-filler.img`]);
    expect(await free()).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await removeTestGuest(NAME);
    await virsh('pool-destroy', POOL).catch(() => undefined);
    if (mounted) await run('umount', [DIR]).catch(() => undefined);
    await rm(DIR, { recursive: true, force: true });
    await t?.stop();
  });

  it('refuses a snapshot before qemu-img touches the disk, saying why, leaving no snapshot', async () => {
    // qemu-img itself, on a full disk, fails half-way with a refcount of the file already changed
    const before = await sha(DISK);
    const r = await t.call('snapshots.take', { ...ref, name: 'kvmdesk-test-full' });
    expect(r.ok ? undefined : r.error.message).toMatch(
      /^There is not enough space in storage pool “kvmdesk-test-fullpool-\d+” for the snapshot: it has 0 KiB free/,
    );
    expect((await t.ok('snapshots.list', ref)).tree).toEqual([]);
    expect(await virsh('snapshot-list', NAME, '--name')).toBe('');
    expect(await virsh('domstate', NAME)).toBe('shut off');
    expect(await sha(DISK)).toBe(before);
  });

  it('fails a linked clone with “The storage is full”, naming the file, and leaves nothing behind', async () => {
    const before = await volumes();
    const job = await t.ok('vms.clone', { ...ref, name: `${NAME}-linked`, mode: 'linked' });
    const end = await t.backend.ctx.jobs.wait(job.id);
    expect(end.state).toBe('failed');
    expect(end.error?.message).toMatch(FULL_STORAGE);
    expect(end.error?.message).toContain(`${DIR}/${NAME}-linked.qcow2`);
    expect(await volumes()).toEqual(before);
    expect(await guests()).not.toContain(`${NAME}-linked`);
    expect(await virsh('domstate', NAME)).toBe('shut off');
  });

  it('refuses a full copy at once, saying how much it needs and how much is free', async () => {
    const before = await volumes();
    const r = await t.call('vms.clone', { ...ref, name: `${NAME}-full`, mode: 'full' });
    expect(r.ok ? undefined : r.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(
        /do not fit in storage pool “kvmdesk-test-fullpool-\d+”: it has 0 KiB free\. A linked clone takes almost no space\./,
      ),
    });
    expect(await volumes()).toEqual(before);
    expect(await guests()).not.toContain(`${NAME}-full`);
  });
});
