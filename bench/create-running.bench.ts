// Create clicked -> guest running, for a 20 GiB qcow2 disk (goal < 2 s; the OS's boot is not counted):
// the create service's job (pool, volume, define, start) against `virt-install --import --noautoconsole`
// of the same guest (a new 20 GiB qcow2, the grub-rescue ISO on a CD-ROM, 256 MiB, software emulation).
// Starts guests: holds the machine-wide guest lock, and stops and removes every guest it made.
import { execFile } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openConnection } from '../main/libvirt/index';
import { loadOsinfoDb } from '../main/model/osinfo';
import { createGuest, hostFeatures } from '../main/services/create/index';
import { takeGuestLock } from '../tests/integration/create/support';
import { poolNames, removePoolsInto } from '../tests/support/virt-install-pools';
import { median, report } from './report';

const run = promisify(execFile);
const RUNS = 3;
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
  const conn = await openConnection('qemu:///system');
  copyFileSync(join(import.meta.dirname, '../fixtures/grub-rescue-cdrom.iso'), ISO);
  try {
    const deps = { db: loadOsinfoDb(), host: await hostFeatures(conn, { forceSoftwareEmulation: true }) };
    const ours: number[] = [];
    const peer: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const name = `kvmdesk-test-bench-ours-${i}`;
      await remove(name, `${name}.qcow2`);
      const t0 = performance.now();
      await createGuest(
        conn,
        {
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
        },
        deps,
      );
      ours.push(performance.now() - t0);
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
      goal: 'ours < 2000 ms',
      met: o < 2000,
      runs: RUNS,
      extra: { disk: '20 GiB qcow2', accelerator: 'qemu (TCG)', oursRuns: ours, peerRuns: peer },
    });
  } finally {
    rmSync(ISO, { force: true });
    await virsh('pool-refresh', 'default').catch(() => undefined);
    await conn.close();
    release();
  }
}
