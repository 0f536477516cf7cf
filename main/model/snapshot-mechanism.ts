// How KVM Desk takes a guest's snapshots, and the one line the Snapshots tab says about it. libvirt 9.0
// (QEMU 7.2) takes internal snapshots (memory and disk state inside the qcow2 files) of a BIOS guest whose
// writable disks are all qcow2, running or shut off; a UEFI guest only while shut off ("internal snapshots
// of a VM with pflash based firmware are not supported" while it runs), and then its NVRAM (the firmware's
// variables) is not in the snapshot (libvirt 10.9 adds it). Raw disks, UEFI and TPM guests get external
// snapshots (overlay files, a memory file, KVM Desk's copies of the NVRAM and TPM state:
// services/snapshots/external.ts), on this machine's system libvirt only (KVM Desk copies those files).
//
// Exports:
//   chooseSnapshotMechanism(guest): SnapshotMechanism
//   snapshotDisks(disks): the disks a snapshot covers (writable, not shareable)
//   guestAgentState(liveXml): 'connected' | 'disconnected' | 'none'
//   quiesceChoice({ memory, running, agent }): { quiesce, note }
import type { DiskInfo } from '../../preload/contract';
import type { SnapshotList, SnapshotMechanism } from '../../preload/snapshots';
import { attr, child, findAll, parseXml } from './xml';

export interface SnapshotGuest {
  firmware: 'bios' | 'efi';
  disks: DiskInfo[];
  /** running, paused or suspended: a live QEMU process */
  active: boolean;
}

/** the disks whose state a snapshot keeps: CDs and read-only or shareable disks are left out (libvirt: snapshot='no') */
export function snapshotDisks(disks: DiskInfo[]): DiskInfo[] {
  return disks.filter(
    (d) =>
      (d.device === 'disk' || d.device === 'lun') && !d.readonly && d.keptReason !== 'shared (shareable)',
  );
}

export interface SnapshotGuestOnHost extends SnapshotGuest {
  /** the guest has an emulated TPM (swtpm), whose state lives beside the disks */
  tpm?: boolean;
  /** KVM Desk can make external snapshots here: the guest's files are on this machine (system libvirt) */
  externalHere: boolean;
}

const EXTERNAL_KEEPS =
  'overlay files beside the disks and, while it runs, a memory file; KVM Desk keeps the UEFI variables (NVRAM) and the TPM’s state with each';

export function chooseSnapshotMechanism(guest: SnapshotGuestOnHost): SnapshotMechanism {
  const disks = snapshotDisks(guest.disks);
  if (disks.length === 0)
    return {
      kind: 'external',
      supported: false,
      line: 'This guest has no writable disk to keep a snapshot in; snapshots of memory alone are not offered.',
    };
  const notQcow2 = disks.filter((d) => d.format !== 'qcow2');
  // UEFI and TPM guests always get external ones: internal snapshots leave the NVRAM and the TPM out,
  // and a UEFI guest's internal ones work only while it is shut off (one mechanism per guest, not two)
  const why =
    notQcow2.length > 0
      ? `raw disk: ${notQcow2.map((d) => `${d.target} (${d.format ?? 'unknown format'})`).join(', ')}`
      : guest.firmware === 'efi'
        ? 'UEFI guest'
        : guest.tpm
          ? 'TPM'
          : undefined;
  if (!why)
    return {
      kind: 'internal',
      supported: true,
      line: guest.active
        ? 'Internal snapshots: the memory and disk state are kept inside the guest’s qcow2 files.'
        : 'Internal snapshots: the disks’ state (and the memory, when taken while running) is kept inside the guest’s qcow2 files.',
    };
  if (!guest.externalHere)
    return {
      kind: 'external',
      supported: false,
      line: `This guest needs external snapshots (${why}), which KVM Desk makes only for guests of this machine’s system libvirt: it copies the NVRAM and TPM state itself.`,
    };
  return { kind: 'external', supported: true, line: `External snapshots (${why}): ${EXTERNAL_KEEPS}.` };
}

const AGENT = 'org.qemu.guest_agent.0';

/** The guest agent as the live XML shows it: libvirt marks its channel's target state='connected'. */
export function guestAgentState(liveXml: string): SnapshotList['agent'] {
  const root = parseXml(liveXml).documentElement!;
  const channel = findAll(root, 'devices/channel').find((c) => attr(child(c, 'target'), 'name') === AGENT);
  if (!channel) return 'none';
  return attr(child(channel, 'target'), 'state') === 'connected' ? 'connected' : 'disconnected';
}

/**
 * Whether to ask the guest agent to freeze the file systems. A snapshot with memory needs no quiesce: the
 * guest resumes exactly where it was. A disk-only snapshot of a running guest is consistent only with
 * the agent's help; without it, it is as if the power had been cut at that moment.
 */
export function quiesceChoice(o: { memory: boolean; running: boolean; agent: SnapshotList['agent'] }): {
  quiesce: boolean;
  note: string;
} {
  if (!o.running) return { quiesce: false, note: 'The guest is shut off: its disks are at rest.' };
  if (o.memory)
    return { quiesce: false, note: 'The memory is kept too: no need to quiesce the file systems.' };
  if (o.agent === 'connected')
    return { quiesce: true, note: 'The guest agent freezes the file systems while the disks are saved.' };
  return {
    quiesce: false,
    note:
      o.agent === 'none'
        ? 'This guest has no guest agent: the disks are saved as if the power were cut at that moment.'
        : 'The guest agent does not answer: the disks are saved as if the power were cut at that moment.',
  };
}
