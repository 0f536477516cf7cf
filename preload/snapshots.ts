// The contract's snapshot types (contract.ts re-exports them): a guest's snapshot tree, how KVM Desk
// takes snapshots of it (the mechanism), and the arguments of the snapshot calls. Types only.
import type { VmRef } from './contract';

/** what the guest was doing when the snapshot was taken */
export type SnapshotGuestState = 'running' | 'paused' | 'shutoff' | 'other';

export interface SnapshotInfo {
  name: string;
  /** '' when it has none */
  description: string;
  /** when it was taken, ms since the epoch */
  createdAt: number;
  state: SnapshotGuestState;
  /** 'memory': reverting resumes the guest where it was; 'disk': the disks' state only */
  kind: 'memory' | 'disk';
  /** where libvirt keeps its data: inside the qcow2 files, in new overlay files, or some of each */
  location: 'internal' | 'external' | 'mixed';
  /** the snapshot the guest's current state descends from (libvirt's current snapshot) */
  current: boolean;
  parent?: string;
  /** the memory state stored inside the guest's qcow2 files (qemu-img's VM SIZE), when known */
  sizeBytes?: number;
  /** what the size counts, or why it is not known, in the user's words */
  sizeNote?: string;
}

export interface SnapshotNode extends SnapshotInfo {
  children: SnapshotNode[];
}

export interface SnapshotMechanism {
  /** internal: libvirt keeps the state in the qcow2 files; external: overlay files (a later version) */
  kind: 'internal' | 'external';
  /** false: this version cannot take snapshots of this guest (the line says so and why) */
  supported: boolean;
  /** one line for the tab: which mechanism and why */
  line: string;
  /** what the mechanism leaves out (a UEFI guest's NVRAM), when anything */
  note?: string;
}

export interface SnapshotList {
  mechanism: SnapshotMechanism;
  /** roots first; each node's children oldest first */
  tree: SnapshotNode[];
  count: number;
  /** the name the Take dialog offers ("Snapshot 3") */
  suggestedName: string;
  /** the guest's state now: a running guest's snapshot can keep its memory */
  guestRunning: boolean;
  /** the QEMU guest agent: connected (answers), not connected (a channel but no agent), none */
  agent: 'connected' | 'disconnected' | 'none';
}

export interface TakeSnapshotArgs extends VmRef {
  name: string;
  description?: string;
  /** a running guest: keep its memory too (the default); false: the disks only */
  memory?: boolean;
}

export interface SnapshotArgs extends VmRef {
  name: string;
}

export interface DeleteSnapshotArgs extends SnapshotArgs {
  /** delete its children (the whole subtree) too; without, they are kept and take its parent */
  children?: boolean;
}

export interface SnapshotDescriptionArgs extends SnapshotArgs {
  /** '' removes it */
  description: string;
}
