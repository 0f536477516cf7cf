// Take, revert to and delete snapshots (jobs), and change a snapshot's description (a redefine).
// Everything the user can get wrong is checked before a job starts, so the dialog answers at once in the
// user's words; an internal snapshot's job is one libvirt call, which leaves the guest as it was when it
// fails (ATOMIC for a take); an external one's is KVM Desk's own steps (external.ts). libvirt reports no progress for these, so the job says its step, indeterminate.
// Each end (done or failed) is announced as 'vm.snapshots' so every window's tab reads the tree again.
import type { Job, VmRef } from '../../../preload/contract';
import type {
  DeleteSnapshotArgs,
  SnapshotArgs,
  SnapshotDescriptionArgs,
  TakeSnapshotArgs,
} from '../../../preload/snapshots';
import {
  type LibvirtConnectionApi,
  SnapshotCreateFlags,
  SnapshotDeleteFlags,
  SnapshotXMLFlags,
} from '../../libvirt/facade';
import { isLocalUri, isSystemUri } from '../../libvirt/uri';
import { quiesceChoice } from '../../model/snapshot-mechanism';
import {
  buildSnapshotXml,
  parseSnapshotXml,
  snapshotNameProblem,
  withSnapshotDescription,
} from '../../model/snapshot-xml';
import { ApiFailure } from '../errors';
import type { EventBus } from '../events';
import type { Jobs } from '../jobs';
import { overlayProblem, revertExternal, takeExternal } from './external';
import { deleteExternal } from './external-delete';
import { lookupSnapshot, snapshotGone, snapshotGuest } from './guest';
import { checkSnapshotSpace } from './space';

export interface SnapshotServices {
  client: LibvirtConnectionApi;
  jobs: Jobs;
  events: EventBus;
}

// libvirt's snapshot calls run to their end once made: a "cancelled" job would still have done its work
const UNCANCELLABLE = 'A snapshot job cannot be cancelled: libvirt finishes it (it takes seconds).';

const MIXED =
  'This snapshot keeps part of its state inside the disks and part in overlay files; KVM Desk cannot revert such a snapshot.';

function runJob(
  s: SnapshotServices,
  ref: VmRef,
  title: string,
  work: (report: (step: string) => void) => Promise<void>,
): Job {
  const vm = { connection: ref.connection, uuid: ref.uuid };
  return s.jobs.start(
    title,
    async (job) => {
      try {
        await work((step) => job.report(step));
        return vm;
      } finally {
        s.events.emit('vm.snapshots', vm);
      }
    },
    { uncancellable: UNCANCELLABLE },
  );
}

export async function takeSnapshot(s: SnapshotServices, args: TakeSnapshotArgs): Promise<Job> {
  const c = s.client;
  const problem = snapshotNameProblem(args.name);
  if (problem) throw new ApiFailure('INVALID_INPUT', problem, { field: 'name' });
  const guest = await snapshotGuest(c, args.uuid);
  if (!guest.mechanism.supported) throw new ApiFailure('UNSUPPORTED', guest.mechanism.line);
  const taken = await c.listAllSnapshots(guest.dom, 0);
  if (taken.some((t) => t.name === args.name))
    throw new ApiFailure('NAME_TAKEN', `This guest already has a snapshot named “${args.name}”.`, {
      field: 'name',
    });
  const memory = args.memory !== false;
  const external = guest.mechanism.kind === 'external';
  if (external) {
    const problem = overlayProblem(guest);
    if (problem) throw new ApiFailure('UNSUPPORTED', problem);
  }
  // libvirt 9.0: "active qemu domains require external disk snapshots": disk only needs overlay files
  if (guest.active && !memory && !external)
    throw new ApiFailure(
      'UNSUPPORTED',
      'A disk-only snapshot of a running guest needs overlay files (external snapshots), which KVM Desk makes for UEFI guests and raw disks only: this guest’s are internal. Keep the memory, or shut the guest down first.',
      { field: 'memory' },
    );
  await checkSnapshotSpace(c, guest.diskFiles, guest.active && memory ? guest.memoryKiB * 1024 : 0);
  const quiesce = quiesceChoice({ memory, running: guest.active, agent: guest.agent });
  const flags = SnapshotCreateFlags.ATOMIC | (quiesce.quiesce ? SnapshotCreateFlags.QUIESCE : 0);
  const xml = buildSnapshotXml({ name: args.name, description: args.description });
  return runJob(s, args, `Taking the snapshot “${args.name}”`, async (report) => {
    report(quiesce.note);
    if (external)
      return takeExternal(
        c,
        guest,
        { uuid: args.uuid, name: args.name, description: args.description, memory, quiesce: quiesce.quiesce },
        report,
      );
    report(
      guest.active
        ? 'Saving the memory and disk state (the guest pauses meanwhile)'
        : 'Saving the disks’ state',
    );
    await c.snapshotCreateXML(guest.dom, xml, flags);
  });
}

export async function revertToSnapshot(s: SnapshotServices, args: SnapshotArgs): Promise<Job> {
  const c = s.client;
  const guest = await snapshotGuest(c, args.uuid);
  const snap = await lookupSnapshot(c, guest.dom, args.name);
  const facts = parseSnapshotXml(await c.snapshotGetXML(snap, 0));
  if (facts.location === 'mixed') throw new ApiFailure('UNSUPPORTED', MIXED);
  if (facts.location === 'external') {
    if (!(isLocalUri(c.uri) && isSystemUri(c.uri)))
      throw new ApiFailure(
        'UNSUPPORTED',
        'KVM Desk reverts external snapshots only of guests of this machine’s system libvirt.',
      );
    return runJob(s, args, `Reverting to “${args.name}”`, (report) =>
      revertExternal(c, guest, snap, args.uuid, report).catch((err) => {
        throw snapshotGone(err, args.name);
      }),
    );
  }
  return runJob(s, args, `Reverting to “${args.name}”`, async (report) => {
    report(
      facts.kind === 'memory'
        ? 'Restoring the memory and disk state'
        : guest.active
          ? 'Stopping the guest and restoring the disks’ state'
          : 'Restoring the disks’ state',
    );
    await c.snapshotRevert(snap, 0).catch((err) => {
      throw snapshotGone(err, args.name);
    });
  });
}

export async function deleteSnapshot(s: SnapshotServices, args: DeleteSnapshotArgs): Promise<Job> {
  const c = s.client;
  const guest = await snapshotGuest(c, args.uuid);
  const snap = await lookupSnapshot(c, guest.dom, args.name);
  const facts = parseSnapshotXml(await c.snapshotGetXML(snap, 0));
  const title = args.children
    ? `Deleting “${args.name}” and the snapshots after it`
    : `Deleting the snapshot “${args.name}”`;
  if (facts.location !== 'internal')
    return runJob(s, args, title, async (report) => {
      await deleteExternal(c, guest, snap, args.uuid, args.children === true, report).catch((err) => {
        throw snapshotGone(err, args.name);
      });
    });
  return runJob(s, args, title, async (report) => {
    // libvirt re-parents the children of an internal snapshot deleted alone
    report(args.children ? 'Deleting the snapshots' : 'Deleting the snapshot (its children are kept)');
    await c.snapshotDelete(snap, args.children ? SnapshotDeleteFlags.CHILDREN : 0).catch((err) => {
      throw snapshotGone(err, args.name);
    });
  });
}

/** the snapshot's XML redefined with only its description changed (current stays current) */
export async function setSnapshotDescription(
  s: Pick<SnapshotServices, 'client' | 'events'>,
  args: SnapshotDescriptionArgs,
): Promise<void> {
  const c = s.client;
  const guest = await snapshotGuest(c, args.uuid);
  const snap = await lookupSnapshot(c, guest.dom, args.name);
  const [xml, current] = await Promise.all([
    c.snapshotGetXML(snap, SnapshotXMLFlags.SECURE),
    c.snapshotCurrent(guest.dom),
  ]);
  // a redefine without CURRENT would leave the guest without a current snapshot
  const flags =
    SnapshotCreateFlags.REDEFINE | (current?.name === args.name ? SnapshotCreateFlags.CURRENT : 0);
  await c.snapshotCreateXML(guest.dom, withSnapshotDescription(xml, args.description), flags).catch((err) => {
    throw snapshotGone(err, args.name);
  });
  s.events.emit('vm.snapshots', { connection: args.connection, uuid: args.uuid });
}
