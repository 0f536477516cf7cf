// Snapshots through the api on real guests (domain type qemu): a BIOS guest booting GRUB from its CD with
// a qcow2 disk (internal snapshots): take one while GRUB's menu shows, move the highlight, revert, and
// libvirt's screenshot shows the highlight where it was; the tree after every change, checked against
// virsh and qemu-img; a description edited by redefine; delete one (its child re-parented) and a subtree.
// An external snapshot virsh made is reverted by KVM Desk's own revert; a UEFI guest's are external.
// Run under the guest lock.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grubMenuShown, highlightTop, steadyGrubMenu } from '../../../e2e/browser/grub-menu';
import { defineTestGuest, GRUB_ISO, IMAGES, removeTestGuest, virsh } from '../../../e2e/browser/test-guests';
import type { Job, SnapshotList, SnapshotNode } from '../../../preload/contract';
import { startTestBackend, type TestBackend, URI } from './backend';

const run = promisify(execFile);
const NAME = `kvmdesk-test-snapshots-${process.pid}`;
const UEFI = `kvmdesk-test-snapshots-uefi-${process.pid}`;
/** the overlay of an external snapshot virsh makes (KVM Desk does not make them yet) */
const OVERLAY = join(IMAGES, `${NAME}-overlay.qcow2`);
const SHOTS = '/tmp/shots-snapshots';
let t: TestBackend;
let ref: { connection: string; uuid: string };
let disk: string;
let uefiDisk: string | undefined;
let revertOverlay: string | undefined;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  t = await startTestBackend();
  const g = await defineTestGuest(NAME, { iso: GRUB_ISO, diskMiB: 64 });
  disk = g.disk!;
  ref = { connection: URI, uuid: g.uuid };
  await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);
});
afterAll(async () => {
  await removeTestGuest(NAME);
  await removeTestGuest(UEFI);
  // KVM Desk's sidecar of the revert of virsh's external snapshot
  if (ref) await rm(`/var/lib/libvirt/qemu/snapshot-state/${ref.uuid}`, { recursive: true, force: true });
  for (const f of [disk, uefiDisk, OVERLAY, revertOverlay]) if (f) await unlink(f).catch(() => undefined);
  await virsh('pool-refresh', 'default').catch(() => undefined);
  await t?.stop();
});

async function jobEnd(job: Job): Promise<Job> {
  const e = await t.waitEvent('job', (j) => j.id === job.id && j.state !== 'running', { timeoutMs: 120_000 });
  return e.payload;
}

/** runs a snapshot job and expects it done */
async function done(job: Promise<Job>): Promise<void> {
  const end = await jobEnd(await job);
  expect(end.error, end.error?.message).toBeUndefined();
  expect(end.state).toBe('done');
}

const list = (): Promise<SnapshotList> => t.ok('snapshots.list', ref);

/** the tree as "name(current)" with children indented, for one readable comparison */
function shape(nodes: SnapshotNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.name}${n.current ? ' *' : ''}`,
    ...shape(n.children, depth + 1),
  ]);
}

async function virshTree(): Promise<string[]> {
  const names = (await virsh('snapshot-list', NAME, '--name')).split('\n').filter(Boolean);
  const parents = await Promise.all(
    names.map((n) => virsh('snapshot-parent', NAME, '--snapshotname', n).catch(() => '')),
  );
  return names.map((n, i) => `${n} <- ${parents[i] || '(root)'}`).sort();
}

async function qcow2Snapshots(file: string): Promise<string[]> {
  const { stdout } = await run('qemu-img', ['info', '-U', '--output=json', file]);
  return ((JSON.parse(stdout).snapshots ?? []) as { name: string }[]).map((s) => s.name).sort();
}

describe('snapshots of a running BIOS guest with a qcow2 disk', () => {
  it('has none yet; the mechanism is internal and the name offered is Snapshot 1', async () => {
    const l = await list();
    expect(l).toMatchObject({
      count: 0,
      tree: [],
      suggestedName: 'Snapshot 1',
      guestRunning: false,
      agent: 'none',
    });
    expect(l.mechanism).toMatchObject({ kind: 'internal', supported: true });
    expect(l.mechanism.line).toMatch(/Internal snapshots/);
  });

  it('takes a snapshot with memory at GRUB’s menu; reverting brings back the highlight where it was', async () => {
    await t.ok('vms.start', ref);
    await grubMenuShown(NAME);
    // a key stops the 30 s countdown (and moves the highlight one down): the state to come back to
    await virsh('send-key', NAME, 'KEY_DOWN');
    const before = await steadyGrubMenu(NAME, join(SHOTS, '1-at-snapshot'));
    const at = highlightTop(before);

    await done(t.ok('snapshots.take', { ...ref, name: 'Snapshot 1', description: 'at the menu' }));
    const l = await list();
    expect(l.guestRunning).toBe(true);
    expect(shape(l.tree)).toEqual(['Snapshot 1 *']);
    expect(l.tree[0]).toMatchObject({
      description: 'at the menu',
      state: 'running',
      kind: 'memory',
      location: 'internal',
    });
    expect(Math.abs(l.tree[0].createdAt - Date.now())).toBeLessThan(120_000);
    expect(l.tree[0].sizeBytes).toBeGreaterThan(100_000);
    expect(l.suggestedName).toBe('Snapshot 2');
    expect(await virshTree()).toEqual(['Snapshot 1 <- (root)']);
    expect(await virsh('snapshot-current', NAME, '--name')).toBe('Snapshot 1');
    expect(await qcow2Snapshots(disk)).toEqual(['Snapshot 1']);

    await virsh('send-key', NAME, 'KEY_DOWN');
    await virsh('send-key', NAME, 'KEY_DOWN');
    const moved = await steadyGrubMenu(NAME, join(SHOTS, '2-moved'));
    expect(highlightTop(moved)).toBeGreaterThan(at);

    const since = Date.now();
    await done(t.ok('snapshots.revert', { ...ref, name: 'Snapshot 1' }));
    // libvirt's lifecycle events say where the state came from
    await t.waitEvent('vm.lifecycle', (e) => e.uuid === ref.uuid && e.detail === 'from_snapshot', { since });
    expect(await t.waitEvent('vm.snapshots', (e) => e.uuid === ref.uuid, { since })).toBeDefined();
    const after = await steadyGrubMenu(NAME, join(SHOTS, '3-reverted'));
    expect(highlightTop(after)).toBe(at);
    expect(after.data.equals(before.data)).toBe(true);
    expect(await virsh('domstate', NAME)).toBe('running');
    expect(shape((await list()).tree)).toEqual(['Snapshot 1 *']);
  });

  it('refuses what it cannot do, in the user’s words, before any job starts', async () => {
    const taken = await t.call('snapshots.take', { ...ref, name: 'Snapshot 1' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'NAME_TAKEN', detail: { field: 'name' } } });
    const bad = await t.call('snapshots.take', { ...ref, name: 'a/b' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The name must not contain “/”.' },
    });
    const diskOnly = await t.call('snapshots.take', { ...ref, name: 'disk only', memory: false });
    expect(diskOnly).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED', message: expect.stringMatching(/this guest’s are internal/) },
    });
    const gone = await t.call('snapshots.revert', { ...ref, name: 'kvmdesk-test-no-such-snapshot' });
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await virshTree()).toEqual(['Snapshot 1 <- (root)']);
  });

  it('edits a description by redefine: the rest stays, the current snapshot stays current', async () => {
    await done(t.ok('snapshots.take', { ...ref, name: 'Snapshot 2' }));
    await t.ok('snapshots.setDescription', {
      ...ref,
      name: 'Snapshot 1',
      description: 'GRUB menu, <second> entry',
    });
    await t.ok('snapshots.setDescription', { ...ref, name: 'Snapshot 2', description: 'now current' });
    expect(await virsh('snapshot-current', NAME, '--name')).toBe('Snapshot 2');
    const xml = await virsh('snapshot-dumpxml', NAME, 'Snapshot 1');
    expect(xml).toContain('<description>GRUB menu, &lt;second&gt; entry</description>');
    expect(xml).toMatch(/<memory snapshot='internal'\/>/);
    const l = await list();
    expect(shape(l.tree)).toEqual(['Snapshot 1', '  Snapshot 2 *']);
    expect(l.tree[0].description).toBe('GRUB menu, <second> entry');
    expect(l.tree[0].children[0].description).toBe('now current');
  });

  it('deletes one snapshot: its child is kept and takes its parent; then a subtree', async () => {
    await done(t.ok('snapshots.take', { ...ref, name: 'Snapshot 3' }));
    expect(shape((await list()).tree)).toEqual(['Snapshot 1', '  Snapshot 2', '    Snapshot 3 *']);

    await done(t.ok('snapshots.delete', { ...ref, name: 'Snapshot 2' }));
    expect(shape((await list()).tree)).toEqual(['Snapshot 1', '  Snapshot 3 *']);
    expect(await virshTree()).toEqual(['Snapshot 1 <- (root)', 'Snapshot 3 <- Snapshot 1']);
    expect(await qcow2Snapshots(disk)).toEqual(['Snapshot 1', 'Snapshot 3']);

    await done(t.ok('snapshots.delete', { ...ref, name: 'Snapshot 1', children: true }));
    const l = await list();
    expect(l).toMatchObject({ count: 0, tree: [] });
    expect(await virsh('snapshot-list', NAME, '--name')).toBe('');
    expect(await qcow2Snapshots(disk)).toEqual([]);
    expect(await virsh('domstate', NAME)).toBe('running');
  });

  it('takes a snapshot of the guest shut off: the disks’ state only; reverting to it stops the running guest', async () => {
    await virsh('destroy', NAME);
    await done(t.ok('snapshots.take', { ...ref, name: 'Off' }));
    const l = await list();
    expect(l.tree[0]).toMatchObject({
      name: 'Off',
      state: 'shutoff',
      kind: 'disk',
      current: true,
      sizeBytes: 0,
    });
    await t.ok('vms.start', ref);
    await done(t.ok('snapshots.revert', { ...ref, name: 'Off' }));
    expect(await virsh('domstate', NAME)).toBe('shut off');
  });

  it('shows an external snapshot made by virsh, and reverts to it (KVM Desk’s own revert: libvirt 9.0 cannot)', async () => {
    await virsh('start', NAME);
    await virsh(
      'snapshot-create-as',
      NAME,
      'by virsh',
      '--disk-only',
      '--atomic',
      '--diskspec',
      `vda,snapshot=external,file=${OVERLAY}`,
      '--diskspec',
      'sdb,snapshot=no',
    );
    const l = await list();
    expect(shape(l.tree)).toEqual(['Off', '  by virsh *']);
    const ext = l.tree[0].children[0];
    expect(ext).toMatchObject({ location: 'external', kind: 'disk', state: 'running' });
    expect(ext.sizeBytes).toBeUndefined();
    expect(ext.sizeNote).toMatch(/overlay/);
    // the overlay is qcow2 too: internal snapshots still work for this guest
    expect(l.mechanism).toMatchObject({ kind: 'internal', supported: true });
    // a disk-only snapshot of a running guest: the guest boots again from a new overlay on that state
    await done(t.ok('snapshots.revert', { ...ref, name: 'by virsh' }));
    expect(await virsh('domstate', NAME)).toBe('running');
    const now = /vda\s+(\S+)/.exec(await virsh('domblklist', NAME))![1];
    expect(now).toBe(disk.replace(/\.qcow2$/, '.by_virsh.qcow2'));
    revertOverlay = now;
    expect(shape((await list()).tree)).toEqual(['Off', '  by virsh *']);
    // virsh's overlay is not KVM Desk's: it stays
    expect(existsSync(OVERLAY)).toBe(true);
  });

  it('renames the guest with its snapshots (virt-manager #877): the tree, the current one and a revert hold', async () => {
    await virsh('destroy', NAME);
    const renamed = `${NAME}-renamed`;
    await t.ok('vms.rename', { ...ref, name: renamed });
    try {
      expect(shape((await list()).tree)).toEqual(['Off', '  by virsh *']);
      expect((await virsh('snapshot-list', renamed, '--name')).split('\n').sort()).toEqual([
        'Off',
        'by virsh',
      ]);
      expect(await virsh('snapshot-current', renamed, '--name')).toBe('by virsh');
      await done(t.ok('snapshots.revert', { ...ref, name: 'Off' }));
      expect(await virsh('domstate', renamed)).toBe('shut off');
      expect(shape((await list()).tree)).toEqual(['Off *', '  by virsh']);
    } finally {
      await t.ok('vms.rename', { ...ref, name: NAME });
    }
  });
});

describe('snapshots of a UEFI guest', () => {
  it('are external (the NVRAM kept with each: snapshots-external.test.ts proves them)', async () => {
    const g = await defineTestGuest(UEFI, { firmware: 'efi', diskMiB: 16 });
    uefiDisk = g.disk!;
    const off = await t.ok('snapshots.list', { connection: URI, uuid: g.uuid });
    expect(off.mechanism).toMatchObject({ kind: 'external', supported: true });
    expect(off.mechanism.line).toMatch(/^External snapshots \(UEFI guest\).*NVRAM/);
  });
});
