// Create clicked -> guest running, for a 20 GiB qcow2 disk (goal <= 0.5x the peer; the OS's boot is not
// counted): the api's create.start (the spec validated by its schema and validateForCreate, host features
// probed, then the job: pool, volume, define, start) until its job is done and the guest runs, against the
// whole `virt-install --import --noautoconsole` process for the same guest (a new 20 GiB qcow2, the
// grub-rescue ISO on a CD-ROM, 256 MiB, software emulation). Nothing is warmed before ours' clock: each run
// has a fresh backend and libvirt connection (no host features remembered) and osinfo-db's in-memory copy
// is dropped (it is read again from KVM Desk's parsed copy on disk, as at every launch but the first).
// Starts guests: holds the machine-wide guest lock, and stops and removes every guest it made.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { forgetLoadedOsinfo } from '../main/services/osinfo-db';
import { startBackend } from '../main/shells/boot';
import { takeGuestLock } from '../tests/integration/create/support';
import { poolNames, removePoolsInto } from '../tests/support/virt-install-pools';
import { median, report } from './report';

const run = promisify(execFile);
const RUNS = 5;
const IMAGES = '/var/lib/libvirt/images';
const ISO = `${IMAGES}/kvmdesk-test-bench-grub.iso`;
const virsh = (...a: string[]) => run('virsh', ['-c', 'qemu:///system', ...a]).then((r) => r.stdout.trim());

async function remove(name: string, volume: string): Promise<void> {
  await virsh('destroy', name).catch(() => undefined);
  await virsh('undefine', name, '--nvram').catch(() => undefined);
  await virsh('vol-delete', '--pool', 'default', volume).catch(() => undefined);
}

export default async function bench(): Promise<void> {
  const release = await takeGuestLock();
  const configDir = mkdtempSync(join(tmpdir(), 'kvmdesk-bench-create-'));
  const tcg = process.env.KVMDESK_FORCE_TCG;
  process.env.KVMDESK_FORCE_TCG = '1'; // software emulation, as the peer's --virt-type qemu
  copyFileSync(join(import.meta.dirname, '../fixtures/grub-rescue-cdrom.iso'), ISO);
  try {
    const ours: number[] = [];
    const peer: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const name = `kvmdesk-test-bench-ours-${i}`;
      await remove(name, `${name}.qcow2`);
      const backend = await startBackend({ kind: 'browser' }, { uris: ['qemu:///system'], configDir });
      forgetLoadedOsinfo();
      const t0 = performance.now();
      const res = await backend.api.call('create.start', {
        connection: 'qemu:///system',
        name,
        osId: 'debian11',
        source: { kind: 'iso', path: ISO },
        memoryMiB: 256,
        vcpus: 1,
        diskGiB: 20,
        firmware: 'bios',
        tpm: false,
        network: { kind: 'none' },
        startAfterCreate: true,
      });
      if (!res.ok) throw new Error(`create.start: ${res.error.message}`);
      const job = await backend.ctx.jobs.wait((res.value as { id: string }).id);
      if (job.state !== 'done') throw new Error(`create job ${job.state}: ${JSON.stringify(job)}`);
      ours.push(performance.now() - t0);
      await backend.close();
      if ((await virsh('domstate', name)) !== 'running') throw new Error(`${name} is not running`);
      await remove(name, `${name}.qcow2`);

      const vi = `kvmdesk-test-bench-vi-${i}`;
      await remove(vi, `${vi}.qcow2`);
      const pools = await poolNames();
      const t1 = performance.now();
      await run('virt-install', [
        ...[
          '--connect',
          'qemu:///system',
          '--import',
          '--noautoconsole',
          '--name',
          vi,
          '--osinfo',
          'debian11',
        ],
        ...['--virt-type', 'qemu', '--memory', '256', '--vcpus', '1', '--network', 'none'],
        ...['--disk', `path=/var/lib/libvirt/images/${vi}.qcow2,size=20,format=qcow2`],
        ...['--disk', `${ISO},device=cdrom`, '--boot', 'cdrom,hd', '--graphics', 'vnc,listen=127.0.0.1'],
      ]).finally(() => removePoolsInto(IMAGES, pools));
      // (virt-install defines a pool for a folder no pool covers; only one it made here is removed)
      peer.push(performance.now() - t1);
      if ((await virsh('domstate', vi)) !== 'running') throw new Error(`${vi} is not running`);
      await remove(vi, `${vi}.qcow2`);
    }
    const o = median(ours);
    const p = median(peer);
    report({
      name: 'create-running',
      unit: 'ms',
      ours: o,
      peer: p,
      peerName: 'virt-install --import --noautoconsole',
      ratio: o / p,
      goal: 'ratio <= 0.5',
      met: o / p <= 0.5,
      runs: RUNS,
      extra: {
        oursTimed: "api.call('create.start') -> its job done (guest running), fresh backend and connection",
        peerTimed: 'the virt-install process, spawn to exit',
        order: 'ours then virt-install, alternating',
        disk: '20 GiB qcow2',
        accelerator: 'qemu (TCG)',
        oursRuns: ours,
        peerRuns: peer,
      },
    });
  } finally {
    if (tcg === undefined) delete process.env.KVMDESK_FORCE_TCG;
    else process.env.KVMDESK_FORCE_TCG = tcg;
    rmSync(ISO, { force: true });
    rmSync(configDir, { recursive: true, force: true });
    await virsh('pool-refresh', 'default').catch(() => undefined);
    release();
  }
}
