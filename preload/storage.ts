// The contract's storage types (contract.ts re-exports them): a host's pools and their volumes, the pool
// types it can make, and the arguments of the storage calls. Every call names its connection. Types only.
import type { ConnectionId } from './contract';

export type PoolState = 'inactive' | 'building' | 'running' | 'degraded' | 'inaccessible';

export interface StoragePool {
  connection: ConnectionId;
  name: string;
  uuid: string;
  /** libvirt's pool type: dir, netfs, logical, fs, disk, iscsi ... */
  type: string;
  state: PoolState;
  autostart: boolean;
  /** bytes; 0 while the pool is not running (libvirt knows them only then) */
  capacityBytes: number;
  allocationBytes: number;
  availableBytes: number;
  /** the target path (a folder, /dev/<vg>, a mount point), when it has one */
  path?: string;
  /** netfs: host:/export; logical: the volume group */
  source?: string;
  /** its volume count while running */
  volumeCount?: number;
}

/** A pool type the create form offers, or names with the reason it cannot be made on this host. */
export interface PoolTypeSupport {
  type: 'dir' | 'netfs' | 'logical';
  label: string;
  supported: boolean;
  /** why not, in the user's words */
  reason?: string;
}

export interface StorageVolume {
  connection: ConnectionId;
  pool: string;
  name: string;
  path: string;
  /** qcow2, raw, iso ... as libvirt reports it */
  format: string;
  capacityBytes: number;
  allocationBytes: number;
  /** the guests whose disks (saved or live definition, backing chains) use this volume's file */
  usedBy: string[];
  /** an upload that did not finish (KVM Desk was stopped mid-way); delete it or upload again */
  incompleteUpload?: boolean;
}

export interface CreatePoolArgs {
  connection: ConnectionId;
  name: string;
  type: 'dir' | 'netfs' | 'logical';
  /** dir: the folder (made when missing); netfs: the mount point; logical: not used (/dev/<name>) */
  path?: string;
  /** netfs: the NFS server's host name */
  sourceHost?: string;
  /** netfs: the exported folder */
  sourcePath?: string;
  /** logical: the existing volume group's name (libvirt's source name) */
  volumeGroup?: string;
  autostart?: boolean;
}

export interface PoolArgs {
  connection: ConnectionId;
  pool: string;
}

export interface VolumeArgs extends PoolArgs {
  name: string;
}

export interface CreateVolumeArgs extends VolumeArgs {
  format: 'qcow2' | 'raw';
  sizeBytes: number;
}

export interface ResizeVolumeArgs extends VolumeArgs {
  sizeBytes: number;
}

/**
 * Upload a file into a new volume. `path`: a file on the machine the backend runs on (Electron: the
 * file picker's). `browser`: the bytes come from the page by an HTTP PUT to the answered `uploadUrl`.
 */
export interface UploadVolumeArgs extends VolumeArgs {
  from: { path: string } | { browser: { sizeBytes: number } };
}

export interface UploadStarted {
  job: import('./creation').Job;
  /** browser uploads: where the page PUTs the file's bytes (same origin, the session's cookie) */
  uploadUrl?: string;
}

/** Download a volume: into a new file on the backend's machine, or to the page as an HTTP download. */
export interface DownloadVolumeArgs extends VolumeArgs {
  to: { path: string } | { browser: true };
}

export interface DownloadStarted {
  job?: import('./creation').Job;
  /** browser downloads: a one-time address the page opens (the browser's own download) */
  downloadUrl?: string;
}
