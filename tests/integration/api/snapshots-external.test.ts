// External snapshots through the api on a real UEFI (OVMF) guest with an emulated TPM (swtpm) and a qcow2
// disk, one guest booted for the whole file: OVMF's UEFI shell (the grub-rescue ISO boots BIOS only, and
// OVMF without a bootable disk stops at its shell: a steady text screen, like GRUB's menu).
// Running: the NVRAM file and the swtpm directory hashed while the guest is paused, a snapshot with
// memory, then a reset (OVMF writes its variables and talks to the TPM as it boots) and typing, revert:
// both hashes are the snapshot's again and the screen is pixel for pixel what it was. Shut off: the same
// with a disk-only snapshot. The tree after each step, against virsh. Delete: each one, the guest's disks
// intact. libvirt 9.0 cannot revert external snapshots: KVM Desk's own revert does it. Under the guest lock.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { virshScreen } from '../../../e2e/browser/grub-menu';
import { defineTestGuest, IMAGES, removeTestGuest, virsh, waitFor } from '../../../e2e/browser/test-guests';
import { hasYellow, typeAtShell, shellPrompt as uefiShellPrompt } from '../../../e2e/browser/uefi-shell';
import type { Job, SnapshotList, SnapshotNode } from '../../../preload/contract';
import { startTestBackend, type TestBackend, URI } from './backend';

const run = promisify(execFile);
const NAME = `kvmdesk-test-snapext-${process.pid}`;
const SHOTS = '/tmp/shots-snapshots-external';
const STATE = '/var/lib/libvirt/qemu/snapshot-state';
let t: TestBackend;
let ref: { connection: string; uuid: string };
let disk: string;
let nvram: string;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  t = await startTestBackend();
  const g = await defineTestGuest(NAME, { firmware: 'efi', tpm: true, diskMiB: 16, start: true });
  disk = g.disk!;
  ref = { connection: URI, uuid: g.uuid };
  nvram = /<nvram[^>]*>([^<]+)<\/nvram>/.exec(await virsh('dumpxml', NAME))![1];
  await shellPrompt();
}, 180_000);
afterAll(async () => {
  await removeTestGuest(NAME);
  await rm(`/var/lib/libvirt/swtpm/${ref?.uuid}`, { recursive: true, force: true });
  if (ref) await rm(join(STATE, ref.uuid), { recursive: true, force: true });
  for (const f of await readdir(IMAGES))
    if (
      f.startsWith(
        disk
          .split('/')
          .pop()!
          .replace(/\.qcow2$/, ''),
      )
    )
      await rm(join(IMAGES, f), { force: true });
  await virsh('pool-refresh', 'default').catch(() => undefined);
  await t?.stop();
});

async function done(job: Promise<Job>): Promise<Job> {
  const j = await job;
  const end = (
    await t.waitEvent('job', (e) => e.id === j.id && e.state !== 'running', { timeoutMs: 180_000 })
  ).payload;
  expect(end.error, end.error?.message).toBeUndefined();
  expect(end.state).toBe('done');
  return end;
}

const list = (): Promise<SnapshotList> => t.ok('snapshots.list', ref);

function shape(nodes: SnapshotNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.name}${n.current ? ' *' : ''}`,
    ...shape(n.children, depth + 1),
  ]);
}

/** virsh's own tree (snapshot-list --tree), its lines trimmed of the drawing */
async function virshTree(): Promise<string[]> {
  const out = await virsh('snapshot-list', NAME, '--tree');
  return out
    .split('\n')
    .map((l) => l.replace(/[|+\- ]+/g, ' ').trim())
    .filter(Boolean);
}

const shellPrompt = (keepAs?: string) => uefiShellPrompt(NAME, keepAs);
const typeKeys = (...keys: string[]) => typeAtShell(NAME, ...keys);

/** sha256 of the NVRAM file and of the swtpm directory (every file's path and bytes) */
async function hashes(): Promise<{ nvram: string; tpm: string }> {
  const dirHash = async (dir: string) => {
    const h = createHash('sha256');
    const walk = async (d: string): Promise<void> => {
      for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        const p = join(d, e.name);
        h.update(relative(dir, p));
        if (e.isDirectory()) await walk(p);
        else h.update(await readFile(p));
      }
    };
    await walk(dir);
    return h.digest('hex');
  };
  return {
    nvram: createHash('sha256')
      .update(await readFile(nvram))
      .digest('hex'),
    tpm: await dirHash(`/var/lib/libvirt/swtpm/${ref.uuid}`),
  };
}

/** the hashes read while the guest is paused (nothing writes them meanwhile) */
async function pausedHashes(): Promise<{ nvram: string; tpm: string }> {
  await virsh('suspend', NAME);
  try {
    return await hashes();
  } finally {
    await virsh('resume', NAME);
  }
}

async function backingOf(file: string): Promise<string | undefined> {
  const { stdout } = await run('qemu-img', ['info', '-U', '--output=json', file]);
  return (JSON.parse(stdout) as { 'backing-filename'?: string })['backing-filename'];
}

const diskNow = async () => /vda\s+(\S+)/.exec(await virsh('domblklist', NAME))![1];

let atSnapshot: { nvram: string; tpm: string };

describe('external snapshots of a UEFI guest with a TPM (libvirt 9.0: KVM Desk reverts them)', () => {
  it('says the mechanism is external and why', async () => {
    const l = await list();
    expect(l).toMatchObject({ count: 0, guestRunning: true });
    expect(l.mechanism).toMatchObject({ kind: 'external', supported: true });
    expect(l.mechanism.line).toMatch(/^External snapshots \(UEFI guest\).*NVRAM.*TPM/);
  });

  it('takes a running snapshot with memory; after a reset, reverting brings back the screen, the NVRAM and the TPM', async () => {
    await typeKeys('KEY_E', 'KEY_C', 'KEY_H', 'KEY_O');
    const before = await shellPrompt(join(SHOTS, '1-at-snapshot'));
    expect(hasYellow(before)).toBe(true);
    atSnapshot = await pausedHashes();

    const t0 = Date.now();
    await done(t.ok('snapshots.take', { ...ref, name: 'Running', description: 'at the shell' }));
    const tookMs = Date.now() - t0;
    expect(tookMs).toBeLessThan(60_000);
    expect(await virsh('domstate', NAME)).toBe('running');
    const l = await list();
    expect(shape(l.tree)).toEqual(['Running *']);
    expect(l.tree[0]).toMatchObject({ state: 'running', kind: 'memory', location: 'external' });
    expect(l.tree[0]).toMatchObject({ sizeNote: 'the memory file' });
    expect(l.tree[0].sizeBytes).toBeGreaterThan(1_000_000);
    expect(await virshTree()).toEqual(['Running']);
    expect(await virsh('snapshot-current', NAME, '--name')).toBe('Running');
    // the guest now writes to an overlay beside its disk, named after the snapshot; the pool sees it
    const overlay = await diskNow();
    expect(overlay).toBe(disk.replace(/\.qcow2$/, '.Running.qcow2'));
    expect(await backingOf(overlay)).toBe(disk);
    expect(await virsh('vol-list', 'default')).toContain(overlay);
    // KVM Desk's copies are of the moment the memory keeps
    const sidecar = JSON.parse(await readFile(join(STATE, ref.uuid, 'snapshots.json'), 'utf8'));
    const kept = sidecar.snapshots.Running;
    expect(existsSync(kept.memory)).toBe(true);
    expect(
      createHash('sha256')
        .update(await readFile(kept.nvram.copy))
        .digest('hex'),
    ).toBe(atSnapshot.nvram);

    // the guest boots again (OVMF writes its variables, the TPM is started) and the screen changes
    await virsh('reset', NAME);
    await waitFor('the screen cleared by the reset', async () => !hasYellow(await virshScreen(NAME)), 60_000);
    await shellPrompt();
    await typeKeys('KEY_L', 'KEY_S');
    const moved = await shellPrompt(join(SHOTS, '2-changed'));
    expect(moved.data.equals(before.data)).toBe(false);
    const changed = await pausedHashes();
    expect(changed.nvram).not.toBe(atSnapshot.nvram);

    const r0 = Date.now();
    await done(t.ok('snapshots.revert', { ...ref, name: 'Running' }));
    console.log(
      `external snapshot: take ${tookMs} ms, revert ${Date.now() - r0} ms; TPM changed by the reset: ${changed.tpm !== atSnapshot.tpm}`,
    );
    expect(await virsh('domstate', NAME)).toBe('running');
    const after = await virshScreen(NAME, join(SHOTS, '3-reverted'));
    expect(after.data.equals(before.data)).toBe(true);
    expect(await pausedHashes()).toEqual(atSnapshot);
    // a new overlay on the snapshot's disk state; the discarded one (the changes since) is gone
    const now = await diskNow();
    expect(now).not.toBe(overlay);
    expect(await backingOf(now)).toBe(disk);
    expect(existsSync(overlay)).toBe(false);
    expect(shape((await list()).tree)).toEqual(['Running *']);
    expect(await virsh('snapshot-current', NAME, '--name')).toBe('Running');
    expect(await virsh('dominfo', NAME)).toMatch(/Managed save:\s+no/);
    // the saved definition is on the new overlay too
    expect(await virsh('dumpxml', '--inactive', NAME)).toContain(`file='${now}'`);
  });

  it('takes a snapshot of the guest shut off; after a boot, reverting brings back the NVRAM and the TPM', async () => {
    await virsh('destroy', NAME);
    const off = await hashes();
    await done(t.ok('snapshots.take', { ...ref, name: 'Off' }));
    const l = await list();
    expect(shape(l.tree)).toEqual(['Running', '  Off *']);
    expect(l.tree[0].children[0]).toMatchObject({ state: 'shutoff', kind: 'disk', location: 'external' });
    expect(await virshTree()).toEqual(['Running', 'Off']);

    await virsh('start', NAME);
    await shellPrompt();
    await virsh('destroy', NAME);
    const booted = await hashes();
    expect(booted.nvram).not.toBe(off.nvram);

    await done(t.ok('snapshots.revert', { ...ref, name: 'Off' }));
    expect(await virsh('domstate', NAME)).toBe('shut off');
    expect(await hashes()).toEqual(off);
    expect(shape((await list()).tree)).toEqual(['Running', '  Off *']);
    expect(await virsh('snapshot-current', NAME, '--name')).toBe('Off');

    // back to the running one from here: the screen of that moment again
    await done(t.ok('snapshots.revert', { ...ref, name: 'Running' }));
    expect(await virsh('domstate', NAME)).toBe('running');
    expect(await pausedHashes()).toEqual(atSnapshot);
    expect(shape((await list()).tree)).toEqual(['Running *', '  Off']);
  });

  it('deletes them: the metadata, memory file and copies go, the disks stay whole', async () => {
    const sidecar = JSON.parse(await readFile(join(STATE, ref.uuid, 'snapshots.json'), 'utf8'));
    await done(t.ok('snapshots.delete', { ...ref, name: 'Off' }));
    expect(shape((await list()).tree)).toEqual(['Running *']);
    expect(existsSync(sidecar.snapshots.Off.dir)).toBe(false);
    await done(t.ok('snapshots.delete', { ...ref, name: 'Running' }));
    expect((await list()).count).toBe(0);
    expect(await virsh('snapshot-list', NAME, '--name')).toBe('');
    expect(existsSync(sidecar.snapshots.Running.memory)).toBe(false);
    expect(existsSync(sidecar.snapshots.Running.dir)).toBe(false);
    // the guest still runs on a sound chain down to its first disk
    const { stdout } = await run('qemu-img', ['check', '-U', await diskNow()]);
    expect(stdout).toMatch(/No errors/);
    expect(await virsh('domstate', NAME)).toBe('running');
  });

  it('merges by libvirt where the chain is linear: a disk-only snapshot, then one with memory, each deleted', async () => {
    const beforeA = await diskNow();
    await done(t.ok('snapshots.take', { ...ref, name: 'A', memory: false }));
    const a = await diskNow();
    expect(a).toMatch(/\.A\.qcow2$/);
    await done(t.ok('snapshots.take', { ...ref, name: 'B' }));
    const b = await diskNow();
    expect(await backingOf(b)).toBe(a);
    let l = await list();
    expect(shape(l.tree)).toEqual(['A', '  B *']);
    expect(l.tree[0]).toMatchObject({ state: 'running', kind: 'disk', location: 'external' });
    expect(await virshTree()).toEqual(['A', 'B']);

    await done(t.ok('snapshots.delete', { ...ref, name: 'A' }));
    l = await list();
    expect(shape(l.tree)).toEqual(['B *']);
    const chain = JSON.parse(
      (await run('qemu-img', ['info', '-U', '--backing-chain', '--output=json', await diskNow()])).stdout,
    ) as { filename: string }[];
    // merged, not only forgotten: A's overlay is out of the chain, B's overlay now sits on A's disk state
    expect(chain[0].filename).toBe(b);
    expect(chain.map((c) => c.filename)).not.toContain(a);
    expect(chain[1].filename).toBe(beforeA);
    await done(t.ok('snapshots.delete', { ...ref, name: 'B' }));
    expect((await list()).count).toBe(0);
    expect(await virsh('domstate', NAME)).toBe('running');
    const { stdout } = await run('qemu-img', ['check', '-U', await diskNow()]);
    expect(stdout).toMatch(/No errors/);
    await shellPrompt();
  });

  it('deleting the guest with its disk takes its snapshots along: memory files, copies and every layer of the disk', async () => {
    await done(t.ok('snapshots.take', { ...ref, name: 'Last' }));
    const top = await diskNow();
    const chain = (
      JSON.parse((await run('qemu-img', ['info', '-U', '--backing-chain', '--output=json', top])).stdout) as {
        filename: string;
      }[]
    ).map((l) => l.filename);
    // the overlays of every take and revert so far, down to the disk the guest was made with
    expect(chain.length).toBeGreaterThan(2);
    expect(chain.at(-1)).toBe(disk);
    const sidecar = JSON.parse(await readFile(join(STATE, ref.uuid, 'snapshots.json'), 'utf8'));
    expect(existsSync(sidecar.snapshots.Last.memory)).toBe(true);

    const result = await t.ok('vms.delete', { ...ref, deleteDisks: [top] });
    expect(result.remaining).toEqual([]);
    expect([...result.deleted].sort()).toEqual([...chain].sort());
    for (const f of chain) expect(existsSync(f), f).toBe(false);
    expect(existsSync(join(STATE, ref.uuid))).toBe(false);
    expect(existsSync(nvram)).toBe(false);
    await expect(virsh('dominfo', NAME)).rejects.toThrow();
  });
});
