// Deleting a guest never removes what is not only its own: a block device (a loop device here) is
// kept, a qcow2 another guest also uses is kept until its last user goes, a pool volume is deleted
// through libvirt (a file path and a pool/volume reference naming the same file count as one), and
// the ISO and files outside the guest stay. vms.deletePlan says all this before the user confirms.
// Guests are only defined, never started: no guest lock needed.
import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTestGuest, GRUB_ISO, removeTestGuest, virsh } from '../../../e2e/browser/test-guests';
import type { DeletePlanDisk } from '../../../preload/contract';
import { CAN_SSHD, startLoopbackSshd } from '../../support/loopback-sshd';
import { startTestBackend, type TestBackend, URI } from './backend';

const run = promisify(execFile);
const P = `kvmdesk-test-delsafe-${process.pid}`;
const DIR = join('/tmp', P);
const POOL = `${P}-pool`;
const POOL_DIR = join(DIR, 'pool');
const CAN_LOOP = process.getuid?.() === 0 || process.env.CI === 'true';
if (!CAN_LOOP) {
  console.log('delete-safety: skipping the loop-device test: it needs root (or CI=true) for losetup');
}
if (!CAN_SSHD) {
  console.log('delete-safety: skipping the remote-host test: it starts its own sshd, which needs root');
}

let t: TestBackend;
const guests: string[] = [];
let loopDev: string | undefined;
let poolMade = false;

beforeAll(async () => {
  await mkdir(POOL_DIR, { recursive: true });
  await virsh('pool-define-as', POOL, 'dir', '--target', POOL_DIR);
  poolMade = true;
  await virsh('pool-start', POOL);
  t = await startTestBackend();
}, 120_000);

afterAll(async () => {
  for (const n of guests) await removeTestGuest(n);
  if (loopDev) await run('losetup', ['-d', loopDev]).catch(() => undefined);
  if (poolMade) {
    await virsh('pool-destroy', POOL).catch(() => undefined);
    await virsh('pool-undefine', POOL).catch(() => undefined);
  }
  await rm(DIR, { recursive: true, force: true });
  await t?.stop();
}, 120_000);

/** Defines a shut-off guest (never started) with these <disk> elements. */
async function defineGuest(suffix: string, disks: string): Promise<{ name: string; uuid: string }> {
  const name = `${P}-${suffix}`;
  const file = join(DIR, `${suffix}.xml`);
  await writeFile(
    file,
    `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>${disks}</devices>
</domain>`,
  );
  await virsh('define', file);
  await unlink(file);
  guests.push(name);
  return { name, uuid: await virsh('domuuid', name) };
}

const fileDisk = (path: string, dev: string) =>
  `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${path}'/><target dev='${dev}' bus='virtio'/></disk>`;

async function qcow2(name: string): Promise<string> {
  const path = join(DIR, name);
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', path, '16M']);
  return path;
}

async function plan(uuid: string): Promise<DeletePlanDisk[]> {
  return (await t.ok('vms.deletePlan', { connection: URI, uuid })).disks;
}

async function gone(uuid: string) {
  await t.waitEvent('vm.removed', (r) => r.uuid === uuid);
  expect(await virsh('domuuid', uuid).catch(() => undefined)).toBeUndefined();
}

describe('deleting a guest keeps what is not only its own', () => {
  it.skipIf(!CAN_LOOP)('keeps a block device (a loop device) and says so in the plan', async () => {
    const img = join(DIR, 'loop.img');
    await writeFile(img, Buffer.alloc(1024 * 1024));
    loopDev = (await run('losetup', ['-f', '--show', img])).stdout.trim();
    expect(loopDev).toMatch(/^\/dev\/loop\d+$/);
    const g = await defineGuest(
      'block',
      `<disk type='block' device='disk'><driver name='qemu' type='raw'/><source dev='${loopDev}'/><target dev='vda' bus='virtio'/></disk>`,
    );

    const [disk] = await plan(g.uuid);
    expect(disk).toMatchObject({
      target: 'vda',
      path: loopDev,
      deletable: false,
      keptReason: 'block device',
    });

    // the renderer's list is not trusted: asking for it anyway keeps it
    const r = await t.ok('vms.delete', { connection: URI, uuid: g.uuid, deleteDisks: [loopDev] });
    expect(r).toEqual({ deleted: [], remaining: [{ path: loopDev, message: 'It was kept: block device.' }] });
    await gone(g.uuid);
    expect((await stat(loopDev)).isBlockDevice()).toBe(true);
    expect((await run('losetup', ['-j', img])).stdout).toContain(loopDev);
    expect(existsSync(img)).toBe(true);
  });

  it('keeps a qcow2 another guest uses, and deletes it with its last user', async () => {
    const shared = await qcow2('shared.qcow2');
    const a = await defineGuest('share-a', fileDisk(shared, 'vda'));
    const b = await defineGuest('share-b', fileDisk(shared, 'vdb'));

    const [disk] = await plan(a.uuid);
    expect(disk).toMatchObject({
      path: shared,
      deletable: false,
      keptReason: `also used by ${b.name}`,
      sharedWith: [b.name],
    });
    expect(disk.sizeBytes).toBe((await stat(shared)).blocks * 512);
    expect(disk.sizeBytes).toBeGreaterThan(0);

    const r = await t.ok('vms.delete', { connection: URI, uuid: a.uuid, deleteDisks: [shared] });
    expect(r).toEqual({
      deleted: [],
      remaining: [{ path: shared, message: `It was kept: also used by ${b.name}.` }],
    });
    await gone(a.uuid);
    expect(existsSync(shared)).toBe(true);

    // b is now its only user
    expect(await plan(b.uuid)).toEqual([
      expect.objectContaining({ path: shared, deletable: true, sharedWith: [] }),
    ]);
    const r2 = await t.ok('vms.delete', { connection: URI, uuid: b.uuid, deleteDisks: [shared] });
    expect(r2).toEqual({ deleted: [shared], remaining: [] });
    await gone(b.uuid);
    expect(existsSync(shared)).toBe(false);
  });

  it('deletes a pool volume through the pool; a path and a pool/volume naming it are one file', async () => {
    await virsh('vol-create-as', POOL, 'vol1.qcow2', '16M', '--format', 'qcow2');
    await virsh('vol-create-as', POOL, 'vol2.qcow2', '16M', '--format', 'qcow2');
    const vol1 = join(POOL_DIR, 'vol1.qcow2');
    const vol2 = join(POOL_DIR, 'vol2.qcow2');
    const byRef = await defineGuest(
      'vol-ref',
      `<disk type='volume' device='disk'><driver name='qemu' type='qcow2'/><source pool='${POOL}' volume='vol1.qcow2'/><target dev='vda' bus='virtio'/></disk>`,
    );
    const byPath = await defineGuest('vol-path', fileDisk(vol1, 'vda'));
    const alone = await defineGuest('vol-alone', fileDisk(vol2, 'vda'));

    // the pool/volume reference is resolved to its file, so each guest sees the other
    const [refDisk] = await plan(byRef.uuid);
    expect(refDisk).toMatchObject({
      path: vol1,
      volume: { pool: POOL, name: 'vol1.qcow2' },
      deletable: false,
      keptReason: `also used by ${byPath.name}`,
      capacityBytes: 16 * 1024 * 1024,
    });
    expect(refDisk.sizeBytes).toBeGreaterThan(0);
    expect((await plan(byPath.uuid))[0]).toMatchObject({
      path: vol1,
      volume: { pool: POOL, name: 'vol1.qcow2' },
      keptReason: `also used by ${byRef.name}`,
    });

    const kept = await t.ok('vms.delete', { connection: URI, uuid: byPath.uuid, deleteDisks: [vol1] });
    expect(kept.remaining).toEqual([{ path: vol1, message: `It was kept: also used by ${byRef.name}.` }]);
    await gone(byPath.uuid);

    // now the sole user, by reference: the volume goes through libvirt (no pool refresh needed to see it)
    expect((await plan(byRef.uuid))[0]).toMatchObject({ path: vol1, deletable: true, sharedWith: [] });
    expect(await t.ok('vms.delete', { connection: URI, uuid: byRef.uuid, deleteDisks: [vol1] })).toEqual({
      deleted: [vol1],
      remaining: [],
    });
    await gone(byRef.uuid);
    expect(await virsh('vol-list', POOL)).not.toContain('vol1.qcow2');
    expect(existsSync(vol1)).toBe(false);

    // a guest naming the volume by its path: the plan knows it is a pool volume, deleted the same way
    expect((await plan(alone.uuid))[0]).toMatchObject({
      path: vol2,
      volume: { pool: POOL, name: 'vol2.qcow2' },
      deletable: true,
    });
    expect(await t.ok('vms.delete', { connection: URI, uuid: alone.uuid, deleteDisks: [vol2] })).toEqual({
      deleted: [vol2],
      remaining: [],
    });
    await gone(alone.uuid);
    expect(await virsh('vol-list', POOL)).not.toContain('vol2.qcow2');
  });

  it('keeps the ISO and a file that is not the guest’s', async () => {
    const outside = join(DIR, 'notes.txt');
    await writeFile(outside, 'the user’s own file\n');
    const own = await qcow2('own.qcow2');
    const g = await defineTestGuest(`${P}-iso`, { iso: GRUB_ISO, diskPath: own });
    guests.push(g.name);

    const disks = await plan(g.uuid);
    expect(disks).toEqual([
      expect.objectContaining({ path: own, deletable: true }),
      expect.objectContaining({ path: g.iso, deletable: false, keptReason: 'read-only media' }),
    ]);
    const r = await t.ok('vms.delete', {
      connection: URI,
      uuid: g.uuid,
      deleteDisks: [own, g.iso!, outside],
    });
    expect(r).toEqual({
      deleted: [own],
      remaining: [
        { path: g.iso, message: 'Read-only media such as ISO images are never deleted.' },
        { path: outside, message: 'This file is not a disk of this guest, so it was left alone.' },
      ],
    });
    await gone(g.uuid);
    expect(existsSync(own)).toBe(false);
    expect(existsSync(g.iso!)).toBe(true);
    expect(existsSync(outside)).toBe(true);
  });
});

describe.skipIf(!CAN_SSHD)('deleting a guest on a remote host (qemu+ssh)', () => {
  let sshd: ChildProcess | undefined;
  let remote: TestBackend | undefined;
  let uri = '';

  beforeAll(async () => {
    const dir = join(DIR, 'sshd');
    await mkdir(dir, { mode: 0o700 });
    ({ uri, child: sshd } = await startLoopbackSshd(dir));
    remote = await startTestBackend(uri);
  }, 120_000);
  afterAll(async () => {
    await remote?.stop();
    sshd?.kill();
  });

  it('deletes a pool volume, but keeps a file outside any pool and says why; its size is unknown', async () => {
    await virsh('vol-create-as', POOL, 'remote.qcow2', '16M', '--format', 'qcow2');
    const vol = join(POOL_DIR, 'remote.qcow2');
    const loose = await qcow2('remote-loose.qcow2');
    const g = await defineGuest('remote', fileDisk(vol, 'vda') + fileDisk(loose, 'vdb'));

    const disks = (await remote!.ok('vms.deletePlan', { connection: uri, uuid: g.uuid })).disks;
    expect(disks[0]).toMatchObject({
      path: vol,
      volume: { pool: POOL, name: 'remote.qcow2' },
      deletable: true,
    });
    expect(disks[0].sizeBytes).toBeGreaterThan(0);
    expect(disks[1]).toMatchObject({
      path: loose,
      deletable: false,
      keptReason: 'not in a storage pool on the remote host, so KVM Desk cannot delete it safely',
    });
    expect(disks[1]).not.toHaveProperty('sizeBytes');

    const r = await remote!.ok('vms.delete', { connection: uri, uuid: g.uuid, deleteDisks: [vol, loose] });
    expect(r).toEqual({
      deleted: [vol],
      remaining: [
        {
          path: loose,
          message: 'It is not in a storage pool on the remote host, so KVM Desk cannot delete it safely.',
        },
      ],
    });
    await remote!.waitEvent('vm.removed', (ref) => ref.uuid === g.uuid);
    expect(await virsh('vol-list', POOL)).not.toContain('remote.qcow2');
    expect(existsSync(loose)).toBe(true);
  });
});
