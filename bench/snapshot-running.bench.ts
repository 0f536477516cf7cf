// Snapshots of a running 256 MiB guest (a BIOS guest at GRUB's menu from the grub-rescue CD, a 64 MiB
// qcow2 disk: internal snapshots with memory), on qemu:///system under the host-wide guest lock:
// - snapshot-take-running: the api's snapshots.take until its job is done, against the whole
//   `virsh snapshot-create-as` process (goal <= 1.1x); each snapshot is deleted again, untimed, so every
//   run starts from the same qcow2 and guest state.
// - snapshot-revert-running: snapshots.revert to one snapshot taken at the menu until its job is done,
//   against the whole `virsh snapshot-revert` process (goal <= 1.1x).
// virsh's process start (some tens of ms) is part of its cost; python3-libvirt doing the same calls
// (lookup + virDomainSnapshotCreateXML / virDomainRevertToSnapshot, timed in the script) is measured
// beside it so the figures say how much of the gap that is. The three take turns, each round starting
// with the next (none always runs first on this shared machine).
import { unlink } from 'node:fs/promises';
import { grubMenuShown } from '../e2e/browser/grub-menu';
import { defineTestGuest, GRUB_ISO, removeTestGuest, virsh } from '../e2e/browser/test-guests';
import { startTestBackend, type TestBackend, URI } from '../tests/integration/api/backend';
import { takeGuestLock } from '../tests/integration/create/support';
import { PythonPeer } from './libvirt-peer';
import { median, report, rotated } from './report';

const NAME = 'kvmdesk-test-bench-snapshot';
const RUNS = Number(process.env.KVMDESK_BENCH_SNAPSHOT_RUNS ?? 6);

const PY = `
import json, sys, time, libvirt
c = libvirt.open('${URI}')
d = c.lookupByName('${NAME}')
print('ready')
for line in sys.stdin:
    kind, name = line.split(None, 1)
    name = name.strip()
    t0 = time.perf_counter()
    if kind == 'take':
        d.snapshotCreateXML('<domainsnapshot><name>%s</name></domainsnapshot>' % name, 0)
    else:
        d.revertToSnapshot(d.snapshotLookupByName(name, 0), 0)
    print(json.dumps((time.perf_counter() - t0) * 1000))
`;

async function timeVirsh(...args: string[]): Promise<number> {
  const t0 = performance.now();
  await virsh(...args);
  return performance.now() - t0;
}

export default async function bench(): Promise<void> {
  const release = await takeGuestLock();
  let t: TestBackend | undefined;
  let py: PythonPeer | undefined;
  let disk: string | undefined;
  try {
    await removeTestGuest(NAME);
    t = await startTestBackend();
    const g = await defineTestGuest(NAME, { iso: GRUB_ISO, diskMiB: 64, memoryMiB: 256 });
    disk = g.disk;
    const ref = { connection: URI, uuid: g.uuid };
    await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);
    await t.ok('vms.start', ref);
    await grubMenuShown(NAME);
    await virsh('send-key', NAME, 'KEY_DOWN'); // stops GRUB's countdown: the guest stays at its menu
    py = new PythonPeer(PY);
    await py.ready();
    const backend = t.backend;
    const api = async (method: 'snapshots.take' | 'snapshots.revert', name: string) => {
      const t0 = performance.now();
      const job = await t!.ok(method, { ...ref, name });
      const end = await backend.ctx.jobs.wait(job.id);
      const ms = performance.now() - t0;
      if (end.state !== 'done') throw new Error(`${method} ${end.state}: ${end.error?.message}`);
      return ms;
    };
    const drop = (name: string) => virsh('snapshot-delete', NAME, '--snapshotname', name);

    const sides = ['ours', 'virsh', 'python'] as const;
    const take = { ours: [] as number[], virsh: [] as number[], python: [] as number[] };
    const takeBy = {
      ours: (name: string) => api('snapshots.take', name),
      virsh: (name: string) => timeVirsh('snapshot-create-as', NAME, name),
      python: (name: string) => py!.run(`take ${name}`),
    };
    for (let i = 0; i < RUNS; i++) {
      for (const side of rotated(sides, i)) {
        take[side].push(await takeBy[side](`${side}-${i}`));
        await drop(`${side}-${i}`);
      }
    }

    await virsh('snapshot-create-as', NAME, 'at-menu');
    const revert = { ours: [] as number[], virsh: [] as number[], python: [] as number[] };
    const revertBy = {
      ours: () => api('snapshots.revert', 'at-menu'),
      virsh: () => timeVirsh('snapshot-revert', NAME, 'at-menu'),
      python: () => py!.run('revert at-menu'),
    };
    for (let i = 0; i < RUNS; i++)
      for (const side of rotated(sides, i)) revert[side].push(await revertBy[side]());
    if ((await virsh('domstate', NAME)) !== 'running') throw new Error(`${NAME} is not running after revert`);

    for (const [name, r, peerCmd] of [
      ['snapshot-take-running', take, 'virsh snapshot-create-as'],
      ['snapshot-revert-running', revert, 'virsh snapshot-revert'],
    ] as const) {
      const o = median(r.ours);
      const p = median(r.virsh);
      const pyMs = median(r.python);
      report({
        name,
        unit: 'ms',
        ours: o,
        peer: p,
        peerName: peerCmd,
        ratio: o / p,
        goal: 'ratio <= 1.1',
        met: o / p <= 1.1,
        runs: RUNS,
        extra: {
          guest: '256 MiB, BIOS, at GRUB’s menu, 64 MiB qcow2 disk, internal snapshot with memory, TCG',
          oursTimed: `api.call('${name.includes('take') ? 'snapshots.take' : 'snapshots.revert'}') -> its job done`,
          peerTimed: 'the virsh process, spawn to exit (its start and connection open included)',
          python3Libvirt: Math.round(pyMs * 100) / 100,
          ratioToPython3Libvirt: Math.round((o / pyMs) * 100) / 100,
          order: 'ours, virsh, python3-libvirt in turn, each round starting with the next',
          oursRuns: r.ours,
          peerRuns: r.virsh,
          pythonRuns: r.python,
        },
      });
    }
  } finally {
    py?.close();
    await removeTestGuest(NAME);
    if (disk) await unlink(disk).catch(() => undefined);
    await virsh('pool-refresh', 'default').catch(() => undefined);
    await t?.stop();
    release();
  }
}
