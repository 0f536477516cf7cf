// Clones through vms.clone against real libvirtd (qemu:///system), from a shut-off guest whose qcow2 disk
// (48 MiB written) is in a storage pool of the test's own: a full copy on its own file (another path,
// MAC and uuid; the source's checksum unchanged), a linked clone made in under a second whose backing
// file is the source's (qemu-img info), the source's delete refused naming it, and a cancelled full
// copy that leaves no guest and no volume behind, the linked clone made independent (no backing file,
// both layers' data kept, it starts); a UEFI guest with a TPM: the clone has its own copies
// of the NVRAM file and of the swtpm state.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestNetwork,
  defineTestGuest,
  GRUB_ISO,
  removeTestGuest,
  type TestNetwork,
  virsh,
} from '../../../e2e/browser/test-guests';
import type { Job } from '../../../preload/contract';
import { startTestBackend, type TestBackend, URI } from './backend';

const run = promisify(execFile);
const NAME = `kvmdesk-test-clonesrc-${process.pid}`;
const POOL = `kvmdesk-test-clonepool-${process.pid}`;
const DIR = `/var/lib/libvirt/images/${POOL}`;
const DISK = `${DIR}/${NAME}.qcow2`;
const FULL = `${NAME}-full`;
const LINKED = `${NAME}-linked`;
const CANCELLED = `${NAME}-cancelled`;
const EFI = `kvmdesk-test-clonefw-${process.pid}`;
const EFI_CLONE = `${EFI}-clone`;
const SWTPM = '/var/lib/libvirt/swtpm';
const NVRAM_DIR = '/var/lib/libvirt/qemu/nvram';
const tpmDirs: string[] = [];
const nvramIn = (xml: string) => /<nvram[^>]*>([^<]+)<\/nvram>/.exec(xml)?.[1];
let t: TestBackend;
let net: TestNetwork | undefined;
let ref: { connection: string; uuid: string };

const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
const clone = async (name: string, mode: 'full' | 'linked') => {
  const job = await t.ok('vms.clone', { ...ref, name, mode });
  return { job, done: t.backend.ctx.jobs.wait(job.id) };
};
const dumpxml = (name: string) => virsh('dumpxml', '--inactive', name);
const diskOf = (xml: string) =>
  /<disk type='file' device='disk'>[\s\S]*?<source file='([^']+)'/.exec(xml)?.[1];
const macOf = (xml: string) => /<mac address='([^']+)'/.exec(xml)?.[1];
const guests = async () => (await virsh('list', '--all', '--name')).split('\n').map((s) => s.trim());
const volumes = async () =>
  (await virsh('vol-list', POOL))
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean);

beforeAll(async () => {
  t = await startTestBackend();
  await mkdir(DIR, { recursive: true });
  await virsh('pool-create-as', POOL, 'dir', '--target', DIR);
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', DISK, '256M']);
  // written data, so a full copy has something to copy (and takes long enough to be cancelled)
  await run('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0xab 0 48M', DISK]);
  await virsh('pool-refresh', POOL);
  net = await createTestNetwork(`kvmdesk-test-clonenet-${process.pid}`);
  const g = await defineTestGuest(NAME, { iso: GRUB_ISO, diskPath: DISK, network: net.name });
  ref = { connection: URI, uuid: g.uuid };
  await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);
}, 120_000);
afterAll(async () => {
  for (const n of [LINKED, FULL, CANCELLED, NAME, EFI_CLONE, EFI]) await removeTestGuest(n);
  for (const d of tpmDirs) await rm(d, { recursive: true, force: true });
  for (const n of [EFI, EFI_CLONE]) await rm(`${NVRAM_DIR}/${n}_VARS.fd`, { force: true });
  await virsh('pool-destroy', POOL).catch(() => undefined);
  await rm(DIR, { recursive: true, force: true });
  await net?.remove();
  await t?.stop();
});

describe('cloning a shut-off guest', () => {
  it('refuses a name that is taken, in the wizard’s words, making nothing', async () => {
    const r = await t.call('vms.clone', { ...ref, name: NAME, mode: 'full' });
    expect(r.ok ? undefined : r.error).toMatchObject({ code: 'NAME_TAKEN', detail: { field: 'name' } });
    const bad = await t.call('vms.clone', { ...ref, name: 'a b', mode: 'full' });
    expect(bad.ok ? undefined : bad.error.message).toMatch(/can't contain spaces/);
  });

  it('makes a full copy on its own disk, with a new MAC and uuid, leaving the source’s disk as it was', async () => {
    const before = await sha(DISK);
    const { job, done } = await clone(FULL, 'full');
    const end = await done;
    expect(end).toMatchObject({ state: 'done' });
    const xml = await dumpxml(FULL);
    const src = await dumpxml(NAME);
    expect(diskOf(src)).toBe(DISK);
    expect(diskOf(xml)).toBe(`${DIR}/${FULL}.qcow2`);
    expect(macOf(xml)).toMatch(/^52:54:00:/);
    expect(macOf(xml)).not.toBe(macOf(src));
    expect(end.result?.uuid).toBe(await virsh('domuuid', FULL));
    expect(end.result?.uuid).not.toBe(ref.uuid);
    expect(xml).toContain('kvmdesk-test-grub.iso'); // the ISO is shared, not copied
    expect(await sha(DISK)).toBe(before);
    // the copy is sparse and holds the source's data
    const info = JSON.parse(
      (await run('qemu-img', ['info', '--output=json', `${DIR}/${FULL}.qcow2`])).stdout,
    );
    expect(info['actual-size']).toBeLessThan(128 * 1024 ** 2);
    await run('qemu-img', ['compare', '-q', DISK, `${DIR}/${FULL}.qcow2`]);
    const steps = t.events.filter((e) => e.event === 'job' && (e.payload as Job).id === job.id);
    expect(steps.some((e) => /^Copying vda \(.* of .*\)$/.test((e.payload as Job).step))).toBe(true);
  }, 180_000);

  it('makes a linked clone in under a second, on an overlay whose backing file is the source’s disk', async () => {
    const started = Date.now();
    const { done } = await clone(LINKED, 'linked');
    expect(await done).toMatchObject({ state: 'done' });
    expect(Date.now() - started).toBeLessThan(1000);
    const file = diskOf(await dumpxml(LINKED))!;
    expect(file).toBe(`${DIR}/${LINKED}.qcow2`);
    const info = JSON.parse((await run('qemu-img', ['info', '--output=json', '-U', file])).stdout);
    expect(info['backing-filename']).toBe(DISK);
  });

  it('refuses to delete the source while the linked clone exists, naming it', async () => {
    const r = await t.call('vms.delete', { ...ref, deleteDisks: [DISK] });
    expect(r.ok ? undefined : r.error).toMatchObject({ code: 'WRONG_STATE' });
    expect(r.ok ? '' : r.error.message).toContain(LINKED);
    expect(await guests()).toContain(NAME);
    expect(await volumes()).toContain(`${NAME}.qcow2`);
  });

  it('refuses to start the source while the linked clone exists, naming it and why', async () => {
    const r = await t.call('vms.start', ref);
    expect(r.ok ? undefined : r.error).toMatchObject({ code: 'WRONG_STATE' });
    expect(r.ok ? '' : r.error.message).toContain(LINKED);
    expect(r.ok ? '' : r.error.message).toContain('break them');
    expect(await virsh('domstate', NAME)).toMatch(/shut off/);
  });

  it('leaves no guest and no volume behind when a full copy is cancelled', async () => {
    const before = await volumes();
    const { job, done } = await clone(CANCELLED, 'full');
    await t.ok('jobs.cancel', { id: job.id });
    expect(await done).toMatchObject({ state: 'cancelled' });
    expect(await guests()).not.toContain(CANCELLED);
    await virsh('pool-refresh', POOL);
    expect(await volumes()).toEqual(before);
  }, 180_000);

  it('makes the linked clone independent: no backing file, the base’s and its own data kept, it starts', async () => {
    const overlay = diskOf(await dumpxml(LINKED))!;
    const uuid = await virsh('domuuid', LINKED);
    // KVM Desk's metadata says whose clone it is (for the list), until it is independent
    await t.waitEvent('vm.changed', (vm) => vm.uuid === uuid && vm.linkedCloneOf?.uuid === ref.uuid);
    await run('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0xcd 64M 1M', overlay]); // the clone's own write
    const since = Date.now();
    const job = await t.ok('vms.makeIndependent', { connection: URI, uuid });
    expect(await t.backend.ctx.jobs.wait(job.id)).toMatchObject({ state: 'done' });
    const file = diskOf(await dumpxml(LINKED))!;
    expect(file).not.toBe(overlay);
    expect(file.startsWith(`${DIR}/`)).toBe(true);
    const info = JSON.parse((await run('qemu-img', ['info', '--output=json', '-U', file])).stdout);
    expect(info['backing-filename']).toBeUndefined();
    for (const check of ['read -P 0xab 0 48M', 'read -P 0xcd 64M 1M']) {
      const { stdout } = await run('qemu-io', ['-f', 'qcow2', '-r', '-c', check, file]);
      expect(stdout).not.toMatch(/fail/i);
    }
    await virsh('pool-refresh', POOL);
    expect(await volumes()).not.toContain(overlay.slice(DIR.length + 1));
    await t.waitEvent('vm.changed', (vm) => vm.uuid === uuid && !vm.linkedCloneOf, { since });
    // nothing reads the source's disk any more: its start is no longer refused (not run: a boot costs)
    expect(await t.call('vms.makeIndependent', { connection: URI, uuid })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('independent already') },
    });
    await virsh('start', LINKED);
    expect(await virsh('domstate', LINKED)).toBe('running');
    await virsh('destroy', LINKED);
  }, 180_000);

  it('gives a UEFI guest’s clone its own copy of the NVRAM file and of the TPM’s state', async () => {
    const disk = `${DIR}/${EFI}.qcow2`;
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '64M']);
    await virsh('pool-refresh', POOL);
    const g = await defineTestGuest(EFI, { diskPath: disk, firmware: 'efi' });
    const efiRef = { connection: URI, uuid: g.uuid };
    await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);
    await t.ok('vms.edit', { ...efiRef, edit: { kind: 'tpm', enabled: true } });
    // libvirt 9.0 names the variables file of an autoselected firmware only when the guest starts
    const nvram = nvramIn(await dumpxml(EFI)) ?? `${NVRAM_DIR}/${EFI}_VARS.fd`;
    // what OVMF and swtpm would have written at a first start, made here without booting
    await writeFile(nvram!, 'kvmdesk-test NVRAM of the source');
    const state = `${SWTPM}/${g.uuid}/tpm2`;
    tpmDirs.push(`${SWTPM}/${g.uuid}`);
    await mkdir(state, { recursive: true });
    await writeFile(`${state}/tpm2-00.permall`, 'kvmdesk-test TPM state of the source');

    const job = await t.ok('vms.clone', { ...efiRef, name: EFI_CLONE, mode: 'linked' });
    const end = await t.backend.ctx.jobs.wait(job.id);
    expect(end).toMatchObject({ state: 'done' });
    const uuid = end.result!.uuid;
    tpmDirs.push(`${SWTPM}/${uuid}`);
    const copy = nvramIn(await dumpxml(EFI_CLONE)) ?? `${NVRAM_DIR}/${EFI_CLONE}_VARS.fd`;
    expect(copy).toMatch(new RegExp(`/${EFI_CLONE}_VARS\\.fd$`));
    expect(await readFile(copy!, 'utf8')).toBe('kvmdesk-test NVRAM of the source');
    expect(await readFile(`${SWTPM}/${uuid}/tpm2/tpm2-00.permall`, 'utf8')).toBe(
      'kvmdesk-test TPM state of the source',
    );
    expect(await readFile(nvram!, 'utf8')).toBe('kvmdesk-test NVRAM of the source');
  }, 120_000);
});
