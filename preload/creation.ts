// The contract's part for creating guests (the wizard's OS list, ISO detection, file picking, defaults,
// validation) and for the jobs that do long work; contract.ts re-exports it, so callers import from the
// contract as for everything else.
import type { ApiError, ConnectionId, VmRef } from './contract';

export interface OsEntry {
  id: string; // short id: "win11", "debian11"
  name: string; // "Microsoft Windows 11"
  version?: string;
  vendor?: string;
  family: 'linux' | 'windows' | 'bsd' | 'other';
  distro?: string;
  releaseDate?: string;
  eolDate?: string;
  eol: boolean;
}

export interface OsResources {
  memoryMiB: number;
  vcpus: number;
  diskGiB: number;
  minMemoryMiB?: number;
  minVcpus?: number;
  minDiskGiB?: number;
  /** where the numbers came from: "recommended", "twice the minimum", "KVM Desk's default" */
  source: string;
  /** values lowered to fit this host, each with why ("Memory capped at 5 059 MiB: ...") */
  capped?: string[];
}

export interface IsoDetection {
  path: string;
  volumeId: string;
  systemId: string;
  publisher: string;
  applicationId: string;
  /** the matched OS, or undefined when the media is unknown */
  os?: OsEntry;
  /** when the media is newer than the osinfo-db on this host: which older entry we use and why */
  note?: string;
}

export interface FileEntry {
  name: string;
  path: string;
  kind: 'dir' | 'file';
  size?: number;
}

/** what the desktop's file picker is asked (the Electron shell's pickFile hook) */
export interface FilePickerOptions {
  title: string;
  /** which files the picker offers: installer ISOs or disk images (qcow2, raw, img) */
  filters: 'iso' | 'disk';
}

export interface FilePickArgs extends FilePickerOptions {
  /** the guest's connection: the desktop's picker sees this machine's files, so only a local one has it */
  connection: ConnectionId;
}

/** install media or a disk image in one of the host's storage pools (its path is the path on that host) */
export interface MediaVolume {
  pool: string;
  name: string;
  path: string;
  /** libvirt's format: iso, qcow2, raw ... */
  format: string;
  capacityBytes: number;
}

export interface MediaPool {
  name: string;
  /** a pool that is not running lists no volumes (libvirt knows them only then) */
  active: boolean;
  volumes: MediaVolume[];
}

/** What the wizard may choose a file from on the guest's host. */
export interface InstallMedia {
  /** the host is this machine: its files can be browsed too; a remote host's media are its pools' volumes */
  files: boolean;
  /** every pool, with its volumes of the kind asked (ISO images, or qcow2/raw disk images) */
  pools: MediaPool[];
}

export interface InstallMediaArgs {
  connection: ConnectionId;
  kind: 'iso' | 'disk';
}

export type Firmware = 'bios' | 'uefi' | 'uefi-secure';
export type InstallSource =
  | { kind: 'iso'; path: string }
  | { kind: 'import'; path: string }
  | { kind: 'pxe' }
  | { kind: 'kernel'; kernel: string; initrd: string; cmdline?: string };

export interface CreateVmSpec {
  connection: ConnectionId;
  name: string;
  osId?: string;
  source: InstallSource;
  memoryMiB: number;
  vcpus: number;
  diskGiB: number; // ignored for import
  firmware: Firmware;
  tpm: boolean;
  network: { kind: 'nat'; name: string } | { kind: 'bridge'; name: string } | { kind: 'none' };
  virtioWinIso?: string;
  /** the storage pool for the new disk; the default pool when absent */
  pool?: string;
  /** start the chosen NAT network as the job's first step when it is not running */
  startNetwork?: boolean;
  startAfterCreate: boolean;
}

export interface CreateDefaults {
  name: string;
  os?: OsEntry;
  resources: OsResources;
  firmware: Firmware;
  tpm: boolean;
  /** the reasons behind the hardware choices, shown in the summary */
  reasons: string[];
  accelerator: 'kvm' | 'qemu';
  acceleratorWarning?: string;
  note?: string;
}

export interface FieldProblem {
  field: keyof CreateVmSpec | 'source.path' | 'virtioWinIso';
  severity: 'error' | 'warning';
  message: string;
  /** characters the field refuses, for a readable list (the name's "<", '"', "/") */
  refused?: string[];
}

/** An OS searched for by name and version that is newer than this host's osinfo-db. */
export interface OsNearest {
  /** the newer release as the wizard names it ("debian12", "Debian 12"), with the older one's settings */
  os: OsEntry;
  /** the newest older release the db knows ("Debian 11") */
  basedOn: OsEntry;
  /** the db's version (its VERSION file, "20221203"), undefined when it has none */
  dbVersion?: string;
}

export interface Job {
  id: string;
  title: string;
  /** 0..1, or undefined while indeterminate */
  progress?: number;
  step: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  error?: ApiError;
  /** what the job made, e.g. the new guest's ref */
  result?: VmRef;
}
