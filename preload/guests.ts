// The contract's part for guests: their summary, details, disks and NICs, deleting and cloning, and the
// host's pools and networks they stand on; contract.ts re-exports it, so callers import from the
// contract as for everything else.
import type { ConnectionId } from './contract';
import type { GuestBoot, GuestCpu, GuestDevices, GuestResources } from './hardware-edit';

export type VmState =
  | 'running'
  | 'blocked'
  | 'paused'
  | 'shutdown' // shutting down
  | 'shutoff'
  | 'crashed'
  | 'pmsuspended'
  | 'nostate';

export interface VmRef {
  connection: ConnectionId;
  uuid: string;
}

export interface VmSummary extends VmRef {
  name: string;
  title?: string;
  state: VmState;
  /** libvirt's state reason in words: "booted", "destroyed", "paused by user", ... */
  reason: string;
  persistent: boolean;
  autostart?: boolean;
  vcpus: number;
  memoryKiB: number;
  /** osinfo-db short id from KVM Desk's metadata or libosinfo's (e.g. "win11", "debian12") */
  osId?: string;
  /** OS family for the icon: linux, windows, bsd, other */
  osFamily: 'linux' | 'windows' | 'bsd' | 'other';
  osName?: string;
  domainType: string; // kvm | qemu
  hasConsole: boolean;
  /** off with a saved state (libvirt's managed save): Start resumes where it was; absent means none */
  savedState?: boolean;
  /** a Shut down or Reboot KVM Desk asked for that the guest has not acted on yet */
  pendingRequest?: PendingRequest;
  /** vms.clone made it as a linked clone of this guest (KVM Desk's metadata says so) */
  linkedCloneOf?: { uuid: string; name: string };
}

/** Cleared by the lifecycle event that follows (shutdown, stopped, or libvirt's reboot event). */
export interface PendingRequest {
  action: 'shutdown' | 'reboot';
  /** when it was asked, in ms since the epoch by the backend's clock */
  since: number;
  /** the guest has not reacted within Settings.shutdownTimeoutSeconds */
  overdue: boolean;
}

export interface DiskInfo {
  target: string; // vda, sda, hdc
  device: 'disk' | 'cdrom' | 'floppy' | 'lun';
  bus?: string;
  /** file or device path; for a pool volume "pool/volume" here, its resolved file path in a DeletePlan */
  path?: string;
  /** the storage pool and volume when the XML names them (`<source pool='..' volume='..'/>`) */
  volume?: { pool: string; name: string };
  format?: string;
  readonly: boolean;
  /** the driver's cache and discard modes when the XML states them */
  cache?: string;
  discard?: string;
  /** the size the guest sees, bytes (libvirt's block info; absent for an empty drive or when unknown) */
  capacityBytes?: number;
  /** a running guest's drive that its saved definition no longer has ('removed') or has new ('added') */
  nextStart?: 'added' | 'removed';
  /** why deleting the guest keeps this disk, in the user's words ("block device", "read-only media") */
  keptReason?: string;
  /** !keptReason: only pool volumes and regular files can be deleted */
  deletable: boolean;
}

export interface NicInfo {
  mac: string;
  type: string; // network | bridge | user | direct
  source?: string; // network or bridge name
  model?: string;
  /** the virtual cable is unplugged (<link state='down'/>) */
  linkDown?: boolean;
  /** a running guest's NIC that its saved definition no longer has ('removed') or has new ('added') */
  nextStart?: 'added' | 'removed';
}

export interface VmDetails extends VmSummary {
  /** the domain's own <description>, exactly as stored (plain text) */
  description?: string;
  machine?: string;
  arch?: string;
  firmware: 'bios' | 'efi';
  secureBoot: boolean;
  tpm: boolean;
  disks: DiskInfo[];
  nics: NicInfo[];
  graphics?: { type: string; listen?: string; port?: number };
  installSource?: string;
  /** KVM Desk started the guest from its install source (its metadata says so); see EjectIsoPrompt */
  startedSinceInstall?: boolean;
  /** the saved definition's fingerprint: an edit made from these details passes it (`vms.edit`) */
  version: string;
  /** hardware changes saved for the next start that the running guest does not have yet, in words */
  pendingChanges: string[];
  /** processors and memory as saved (what the guest has at its next start; what an edit changes) */
  resources: GuestResources;
  /** processor mode and topology as saved, and the models on offer */
  cpu: GuestCpu;
  /** boot order and menu as saved (firmware: `firmware` and `secureBoot`) */
  boot: GuestBoot;
  /** TPM, video, sound, tablet, guest agent, RNG and watchdog as saved */
  devices: GuestDevices;
}

/** A guest's disk as deleting sees it, checked against the host and every other guest of the connection. */
export interface DeletePlanDisk extends DiskInfo {
  /** other guests on the same connection whose disks (inactive or live) name the same file */
  sharedWith: string[];
  /** space the file takes on disk; undefined when unknown (a file outside any pool on a remote host) */
  sizeBytes?: number;
  /** a pool volume's capacity (what the guest sees) */
  capacityBytes?: number;
}

export interface DeletePlan {
  disks: DeletePlanDisk[];
}

/** a new guest from a shut-off one: its writable disks copied (full) or overlaid on the source's (linked) */
export interface CloneVmArgs extends VmRef {
  name: string;
  mode: 'full' | 'linked';
  /**
   * a running source, for a full copy: pause it while its disks are copied and resume it after (also
   * when the job fails or is cancelled); without it a running source is refused (virt-clone's rule)
   */
  pauseSource?: boolean;
}

export interface DeleteVmArgs extends VmRef {
  /** exactly the disk paths to delete (DeletePlan's deletable paths); rechecked when deleting */
  deleteDisks: string[];
}

export interface DeleteVmResult {
  deleted: string[];
  /** files the user asked to delete that remain, with the reason */
  remaining: { path: string; message: string }[];
}

/** A storage pool, for the wizard's choice of where a new disk goes. */
export interface StoragePoolInfo {
  name: string;
  active: boolean;
  /** free bytes; undefined while the pool is not running */
  availableBytes?: number;
  capacityBytes?: number;
  /** the pool 'default' does not exist yet: creating a guest makes it (as virt-install does) */
  missing?: boolean;
}
