// Clones that boot, and clones that must not leave anything behind, on real libvirtd (qemu:///system)
// with real TCG guests (hold the guest lock). The source is a BIOS guest that boots GRUB from its CD,
// with a qcow2 disk of 512 MiB, all of it written with qemu-io (so a full copy takes long enough to be
// caught half-way), in a storage pool of the test's own:
// - a full copy boots to GRUB on its own disk (another path, MAC and uuid), the source's file unchanged;
// - a linked clone, made in under a second on an overlay whose backing file is the source's, boots;
// - a running source is paused for a full copy and resumed after, also when the copy is cancelled; a
//   source the user paused is copied as it is and stays paused;
// - a full copy cancelled half-way leaves no guest, no volume and no NVRAM copy (a UEFI source).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grubMenuShown } from '../../../e2e/browser/grub-menu';
import {
  createTestNetwork,
  defineTestGuest,
  GRUB_ISO,
  removeTestGuest,
  type TestNetwork,
  virsh,
  waitFor,
} from '../../../e2e/browser/test-guests';
import type { Job, VmSummary } from '../../../preload/contract';
import { startTestBackend, type TestBackend, URI } from './backend';

const run = promisify(execFile);
const ID = `${process.pid}`;
const NAME = `kvmdesk-test-cbsrc-${ID}`;
const POOL = `kvmdesk-test-cbpool-${ID}`;
const DIR = `/var/lib/libvirt/images/${POOL}`;
const DISK = `${DIR}/${NAME}.qcow2`;
const FULL = `${NAME}-full`;
const LINKED = `${NAME}-linked`;
const HOT = `${NAME}-hot`;
const HOT_CANCELLED = `${NAME}-hotcancel`;
const PAUSED_COPY = `${NAME}-pausedcopy`;
const EFI = `kvmdesk-test-cbfw-${ID}`;
const EFI_CANCELLED = `${EFI}-cancelled`;
const NVRAM_DIR = '/var/lib/libvirt/qemu/nvram';
const MiB = 1024 ** 2;

let t: TestBackend;
let net: TestNetwork | undefined;
let ref: { connection: string; uuid: string };

const sha = (path: string) =>
  new Promise<string>((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (b) => h.update(b))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
const liveDisk = async (name: string) => /\svda\s+(\/\S+)\s*$/m.exec(await virsh('domblklist', name))?.[1];
const macOf = (xml: string) => /<mac address='([^']+)'/.exec(xml)?.[1];
const guests = async () => (await virsh('list', '--all', '--name')).split('\n').map((s) => s.trim());
const volumes = async () => {
  await virsh('pool-refresh', POOL);
  return (await virsh('vol-list', POOL))
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean)
    .sort();
};
const state = (name: string) => virsh('domstate', name);
const backingOf = async (file: string) =>
  JSON.parse((await run('qemu-img', ['info', '-U', '--output=json', file])).stdout)['backing-filename'];
const steps = (id: string) =>
  t.events
    .filter((e) => e.event === 'job' && (e.payload as Job).id === id)
    .map((e) => (e.payload as Job).step);
/** the job's steps that said how far the copy was, as fractions */
const copySteps = (id: string) =>
  t.events
    .filter((e) => e.event === 'job' && (e.payload as Job).id === id)
    .map((e) => e.payload as Job)
    .filter((j) => /^Copying vda \(/.test(j.step) && j.progress !== undefined);

beforeAll(async () => {
  t = await startTestBackend();
  await mkdir(DIR, { recursive: true });
  await virsh('pool-create-as', POOL, 'dir', '--target', DIR);
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', DISK, '512M']);
  // every cluster written (not zeros, which qcow2 would not store): a full copy has 512 MiB to copy
  await run('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x5a 0 512M', DISK]);
  net = await createTestNetwork(`kvmdesk-test-cbnet-${ID}`);
  const g = await defineTestGuest(NAME, { iso: GRUB_ISO, diskPath: DISK, network: net.name });
  ref = { connection: URI, uuid: g.uuid };
  await virsh('pool-refresh', POOL);
  await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);
}, 180_000);

afterAll(async () => {
  for (const n of [LINKED, FULL, HOT, HOT_CANCELLED, PAUSED_COPY, NAME, EFI_CANCELLED, EFI])
    await removeTestGuest(n);
  for (const n of [EFI, EFI_CANCELLED]) await rm(`${NVRAM_DIR}/${n}_VARS.fd`, { force: true });
  await virsh('pool-destroy', POOL).catch(() => undefined);
  await rm(DIR, { recursive: true, force: true });
  await net?.remove();
  await t?.stop();
}, 120_000);

describe('clones that boot', () => {
  it('boots a full copy to GRUB on its own disk, with its own MAC and uuid; the source’s file unchanged', async () => {
    const before = await sha(DISK);
    const job = await t.ok('vms.clone', { ...ref, name: FULL, mode: 'full' });
    const end = await t.backend.ctx.jobs.wait(job.id);
    expect(end).toMatchObject({ state: 'done' });
    await virsh('start', FULL);
    await grubMenuShown(FULL);
    // what the running QEMU has open, not only what the definition says
    expect(await liveDisk(FULL)).toBe(`${DIR}/${FULL}.qcow2`);
    const src = await virsh('dumpxml', NAME);
    const live = await virsh('dumpxml', FULL);
    expect(macOf(live)).toMatch(/^52:54:00:/);
    expect(macOf(live)).not.toBe(macOf(src));
    expect(await virsh('domuuid', FULL)).toBe(end.result?.uuid);
    expect(end.result?.uuid).not.toBe(ref.uuid);
    await virsh('destroy', FULL);
    expect(await sha(DISK)).toBe(before);
  }, 240_000);

  it('makes a linked clone in under a second on the source’s disk, and it boots to GRUB', async () => {
    const since = Date.now();
    const job = await t.ok('vms.clone', { ...ref, name: LINKED, mode: 'linked' });
    expect(await t.backend.ctx.jobs.wait(job.id)).toMatchObject({ state: 'done' });
    expect(Date.now() - since).toBeLessThan(1000);
    const overlay = `${DIR}/${LINKED}.qcow2`;
    expect(await backingOf(overlay)).toBe(DISK);
    await virsh('start', LINKED);
    await grubMenuShown(LINKED);
    expect(await liveDisk(LINKED)).toBe(overlay);
    // the source may not go while the clone reads it, nor start (it would write under it)
    const del = await t.call('vms.delete', { ...ref, deleteDisks: [DISK] });
    expect(del.ok ? undefined : del.error).toMatchObject({
      code: 'WRONG_STATE',
      message: expect.stringContaining(LINKED),
    });
    expect(await guests()).toContain(NAME);
    await virsh('destroy', LINKED);
    await removeTestGuest(LINKED);
    await virsh('vol-delete', overlay);
  }, 240_000);
});

describe('a running source paused for a full copy', () => {
  beforeAll(async () => {
    await virsh('start', NAME);
    await grubMenuShown(NAME);
  }, 120_000);
  afterAll(async () => {
    await virsh('destroy', NAME).catch(() => undefined);
  });

  it('refuses a linked clone of a running guest, and a full copy without the pause, saying why', async () => {
    const linked = await t.call('vms.clone', { ...ref, name: HOT, mode: 'linked' });
    expect(linked.ok ? undefined : linked.error).toMatchObject({
      code: 'WRONG_STATE',
      message: expect.stringContaining('would keep writing to them'),
    });
    const full = await t.call('vms.clone', { ...ref, name: HOT, mode: 'full' });
    expect(full.ok ? undefined : full.error.message).toMatch(/let KVM Desk pause it during the copy/);
    expect(await guests()).not.toContain(HOT);
    expect(await state(NAME)).toBe('running');
  });

  it('pauses it while its disk is copied, resumes it after, and the copy holds its data', async () => {
    const before = await volumes();
    const since = t.events.length;
    const job = await t.ok('vms.clone', { ...ref, name: HOT, mode: 'full', pauseSource: true });
    const end = await t.backend.ctx.jobs.wait(job.id);
    expect(end).toMatchObject({ state: 'done' });
    expect(await state(NAME)).toBe('running');
    // libvirt's lifecycle events: paused, then running again, and nothing else in between
    const states = () =>
      t.events
        .slice(since)
        .filter((e) => e.event === 'vm.changed' && (e.payload as VmSummary).uuid === ref.uuid)
        .map((e) => (e.payload as VmSummary).state)
        .filter((s, i, all) => s !== all[i - 1]);
    await waitFor('the resume’s event', () => states().at(-1) === 'running', 30_000);
    expect(states()).toEqual(['paused', 'running']);
    const copy = `${DIR}/${HOT}.qcow2`;
    expect(await volumes()).toEqual([...before, `${HOT}.qcow2`].sort());
    expect(await backingOf(copy)).toBeUndefined();
    // the running source holds its lock: compare it shared (-U), as the copy was made
    await run('qemu-img', ['compare', '-U', '-q', DISK, copy]);
    const info = JSON.parse((await run('qemu-img', ['info', '--output=json', copy])).stdout);
    expect(info['actual-size']).toBeGreaterThan(500 * MiB); // all of it, not an overlay
    expect(steps(job.id)).toContain(`Pausing “${NAME}” for the copy`);
    expect(steps(job.id)).toContain(`Resuming “${NAME}”`);
  }, 180_000);

  it('copies a guest the user paused as it is, and leaves it paused (libvirt’s own copy is refused its lock)', async () => {
    await virsh('suspend', NAME);
    try {
      const job = await t.ok('vms.clone', { ...ref, name: PAUSED_COPY, mode: 'full' });
      expect(await t.backend.ctx.jobs.wait(job.id)).toMatchObject({ state: 'done' });
      expect(await state(NAME)).toBe('paused');
      await run('qemu-img', ['compare', '-U', '-q', DISK, `${DIR}/${PAUSED_COPY}.qcow2`]);
    } finally {
      await virsh('resume', NAME);
    }
  }, 180_000);

  it('resumes it and leaves nothing behind when the copy is cancelled half-way', async () => {
    const before = await volumes();
    const job = await t.ok('vms.clone', { ...ref, name: HOT_CANCELLED, mode: 'full', pauseSource: true });
    // the first “Copying vda” step comes as the disk's copy begins: the cancel lands while it runs
    await waitFor('the copy to be under way', () => copySteps(job.id).length > 0, 60_000);
    expect(await state(NAME)).toBe('paused');
    await t.ok('jobs.cancel', { id: job.id });
    expect(await t.backend.ctx.jobs.wait(job.id)).toMatchObject({ state: 'cancelled' });
    expect(steps(job.id)).toContain('Cancelling: KVM Desk stops the copy and deletes what was made');
    expect(await state(NAME)).toBe('running');
    expect(await guests()).not.toContain(HOT_CANCELLED);
    expect(await volumes()).toEqual(before);
  }, 180_000);
});

describe('a full copy cancelled half-way', () => {
  it('leaves no guest, no volume and no NVRAM copy (a UEFI source, shut off)', async () => {
    const disk = `${DIR}/${EFI}.qcow2`;
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '512M']);
    await run('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x3c 0 512M', disk]);
    await virsh('pool-refresh', POOL);
    const g = await defineTestGuest(EFI, { diskPath: disk, firmware: 'efi' });
    await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);
    // what OVMF would have written at a first start (libvirt 9.0 names the file by the guest's name)
    await writeFile(`${NVRAM_DIR}/${EFI}_VARS.fd`, 'kvmdesk-test NVRAM of the source');
    const before = await volumes();
    const nvramBefore = (await readdir(NVRAM_DIR)).sort();

    const job = await t.ok('vms.clone', { connection: URI, uuid: g.uuid, name: EFI_CANCELLED, mode: 'full' });
    // the first “Copying vda” step comes as the disk's copy begins: the cancel lands while it runs
    await waitFor('the copy to be under way', () => copySteps(job.id).length > 0, 60_000);
    await t.ok('jobs.cancel', { id: job.id });
    expect(await t.backend.ctx.jobs.wait(job.id)).toMatchObject({ state: 'cancelled' });
    expect(steps(job.id)).toContain(
      'Cancelling: libvirt finishes the disk it is copying, then KVM Desk deletes what was made',
    );
    expect(await guests()).not.toContain(EFI_CANCELLED);
    expect(await volumes()).toEqual(before);
    expect((await readdir(NVRAM_DIR)).sort()).toEqual(nvramBefore);
  }, 180_000);
});
