import type { Duplex, Writable } from 'node:stream';
import type { TransferOptions, UploadSource } from './streams.js';

// The typed facade the services use. main/libvirt/connection.ts implements it over the RPC client.
// Knows nothing of the app. Names follow libvirt's API (virDomainCreate -> domainCreate) so a reader
// can look each one up in libvirt's docs.

/** A domain as libvirt identifies it on the wire (remote_nonnull_domain). uuid is canonical 8-4-4-4-12 hex. */
export interface DomainRef {
  name: string;
  uuid: string;
  id: number; // -1 when inactive
}
export interface NetworkRef {
  name: string;
  uuid: string;
}
export interface PoolRef {
  name: string;
  uuid: string;
}
export interface VolumeRef {
  pool: string;
  name: string;
  key: string;
}
export interface SnapshotRef {
  dom: DomainRef;
  name: string;
}

export type TypedValue = number | bigint | boolean | string;
export type TypedParams = Record<string, TypedValue>;

export interface NodeInfo {
  model: string;
  memoryKiB: bigint;
  cpus: number;
  mhz: number;
  nodes: number;
  sockets: number;
  cores: number;
  threads: number;
}
export interface DomainInfo {
  state: number;
  maxMemKiB: bigint;
  memoryKiB: bigint;
  nrVirtCpu: number;
  cpuTimeNs: bigint;
}
/** virDomainGetBlockInfo, bytes */
export interface BlockInfo {
  capacity: bigint;
  allocation: bigint;
  physical: bigint;
}
export interface PoolInfo {
  state: number;
  capacity: bigint;
  allocation: bigint;
  available: bigint;
}
export interface VolumeInfo {
  type: number;
  capacity: bigint;
  allocation: bigint;
}
export interface InterfaceAddress {
  name: string;
  hwaddr?: string;
  addrs: { type: number; addr: string; prefix: number }[];
}
export interface DhcpLease {
  iface: string;
  expiryTime: bigint;
  type: number;
  mac?: string;
  iaid?: string;
  ipaddr: string;
  prefix: number;
  hostname?: string;
  clientid?: string;
}

/** Decoded events. `event`/`detail` are libvirt's numbers; the *Name fields their enum names in lower case. */
export interface DomainLifecycleEvent {
  dom: DomainRef;
  event: number; // VIR_DOMAIN_EVENT_* (0 defined, 1 undefined, 2 started, 3 suspended, 4 resumed, 5 stopped, ...)
  detail: number;
  eventName: string; // "started"
  detailName: string; // "booted"
}
export interface LibvirtEvents {
  disconnected: (error: Error) => void;
  reconnected: () => void;
  domainLifecycle: (e: DomainLifecycleEvent) => void;
  domainReboot: (e: { dom: DomainRef }) => void;
  domainDeviceAdded: (e: { dom: DomainRef; devAlias: string }) => void;
  domainDeviceRemoved: (e: { dom: DomainRef; devAlias: string }) => void;
  domainMetadataChange: (e: { dom: DomainRef; type: number; nsuri?: string }) => void;
  domainTrayChange: (e: { dom: DomainRef; devAlias: string; reason: number }) => void;
  networkLifecycle: (e: { net: NetworkRef; event: number; detail: number; eventName: string }) => void;
  storagePoolLifecycle: (e: { pool: PoolRef; event: number; detail: number; eventName: string }) => void;
  storagePoolRefresh: (e: { pool: PoolRef }) => void;
}

export interface CallOptions {
  /** reject with a TIMEOUT LibvirtError after this many ms (the call may still complete on the server) */
  timeoutMs?: number;
}

export interface OpenOptions {
  /** reconnect with backoff when the daemon goes away, re-registering event callbacks (default true) */
  reconnect?: boolean;
  keepaliveIntervalMs?: number; // default 5000
  keepaliveCount?: number; // missed pings before the peer is declared dead, default 5
  readOnly?: boolean;
}

export interface LibvirtConnectionApi {
  readonly uri: string;
  readonly connected: boolean;
  on<E extends keyof LibvirtEvents>(event: E, listener: LibvirtEvents[E]): this;
  off<E extends keyof LibvirtEvents>(event: E, listener: LibvirtEvents[E]): this;
  close(): Promise<void>;

  // connection
  getVersion(o?: CallOptions): Promise<bigint>;
  getLibVersion(o?: CallOptions): Promise<bigint>;
  getHostname(o?: CallOptions): Promise<string>;
  getCapabilities(o?: CallOptions): Promise<string>;
  getDomainCapabilities(
    args: { emulator?: string; arch?: string; machine?: string; virttype?: string },
    o?: CallOptions,
  ): Promise<string>;
  nodeGetInfo(o?: CallOptions): Promise<NodeInfo>;
  nodeGetFreeMemory(o?: CallOptions): Promise<bigint>;
  /** KiB: total, free, buffers, cached (all NUMA cells unless cellNum); nparams: skip the count query */
  nodeGetMemoryStats(o?: CallOptions, cellNum?: number, nparams?: number): Promise<Record<string, bigint>>;
  /** ns: kernel, user, idle, iowait (all CPUs unless cpuNum); nparams: skip the count query */
  nodeGetCpuStats(o?: CallOptions, cpuNum?: number, nparams?: number): Promise<Record<string, bigint>>;

  // domains
  listAllDomains(flags?: number, o?: CallOptions): Promise<DomainRef[]>;
  lookupDomainByUuid(uuid: string, o?: CallOptions): Promise<DomainRef>;
  lookupDomainByName(name: string, o?: CallOptions): Promise<DomainRef>;
  domainGetXML(dom: DomainRef, flags?: number, o?: CallOptions): Promise<string>;
  domainDefineXML(xml: string, flags?: number, o?: CallOptions): Promise<DomainRef>;
  domainUndefine(dom: DomainRef, flags?: number, o?: CallOptions): Promise<void>;
  domainCreate(dom: DomainRef, flags?: number, o?: CallOptions): Promise<void>;
  domainCreateXML(xml: string, flags?: number, o?: CallOptions): Promise<DomainRef>;
  domainShutdown(dom: DomainRef, flags?: number, o?: CallOptions): Promise<void>;
  domainDestroy(dom: DomainRef, flags?: number, o?: CallOptions): Promise<void>;
  domainReboot(dom: DomainRef, flags?: number, o?: CallOptions): Promise<void>;
  domainReset(dom: DomainRef, o?: CallOptions): Promise<void>;
  domainSuspend(dom: DomainRef, o?: CallOptions): Promise<void>;
  domainResume(dom: DomainRef, o?: CallOptions): Promise<void>;
  domainManagedSave(dom: DomainRef, flags?: number, o?: CallOptions): Promise<void>;
  domainManagedSaveRemove(dom: DomainRef, o?: CallOptions): Promise<void>;
  /** virDomainRestoreFlags (SaveFlags RUNNING / PAUSED): a save image, optionally with another definition */
  domainRestore(from: string, dxml?: string, flags?: number, o?: CallOptions): Promise<void>;
  domainHasManagedSaveImage(dom: DomainRef, o?: CallOptions): Promise<boolean>;
  domainGetState(dom: DomainRef, o?: CallOptions): Promise<{ state: number; reason: number }>;
  domainGetInfo(dom: DomainRef, o?: CallOptions): Promise<DomainInfo>;
  domainIsActive(dom: DomainRef, o?: CallOptions): Promise<boolean>;
  domainIsPersistent(dom: DomainRef, o?: CallOptions): Promise<boolean>;
  domainGetAutostart(dom: DomainRef, o?: CallOptions): Promise<boolean>;
  domainSetAutostart(dom: DomainRef, autostart: boolean, o?: CallOptions): Promise<void>;
  /** virDomainRename (shut-off, persistent guests only); the uuid stays */
  domainRename(dom: DomainRef, newName: string, flags?: number, o?: CallOptions): Promise<void>;
  domainSendKey(
    dom: DomainRef,
    codeset: number,
    holdtimeMs: number,
    keycodes: number[],
    o?: CallOptions,
  ): Promise<void>;
  domainAttachDevice(dom: DomainRef, xml: string, flags?: number, o?: CallOptions): Promise<void>;
  domainDetachDevice(dom: DomainRef, xml: string, flags?: number, o?: CallOptions): Promise<void>;
  domainUpdateDevice(dom: DomainRef, xml: string, flags?: number, o?: CallOptions): Promise<void>;
  /** flags: VcpuFlags (LIVE, CONFIG, MAXIMUM) */
  domainSetVcpusFlags(dom: DomainRef, nvcpus: number, flags: number, o?: CallOptions): Promise<void>;
  domainGetVcpusFlags(dom: DomainRef, flags: number, o?: CallOptions): Promise<number>;
  /** the balloon's target (LIVE) or the saved current memory (CONFIG); MAXIMUM: the maximum */
  domainSetMemoryFlags(dom: DomainRef, memoryKiB: number, flags: number, o?: CallOptions): Promise<void>;
  /** grows a running guest's disk to `bytes` (its target name, e.g. vda) */
  domainBlockResize(dom: DomainRef, disk: string, bytes: number, o?: CallOptions): Promise<void>;
  /** a disk's size as the guest sees it (capacity), what its file takes (allocation, physical); bytes */
  domainGetBlockInfo(dom: DomainRef, disk: string, o?: CallOptions): Promise<BlockInfo>;
  domainInterfaceAddresses(dom: DomainRef, source: number, o?: CallOptions): Promise<InterfaceAddress[]>;
  /** one bulk call for every domain's stats (virConnectGetAllDomainStats) */
  getAllDomainStats(
    stats: number,
    flags?: number,
    o?: CallOptions,
  ): Promise<{ dom: DomainRef; params: TypedParams }[]>;
  /** the same bulk call for the listed domains only (virDomainListGetStats); flags: 0 */
  domainListGetStats(
    doms: DomainRef[],
    stats: number,
    flags?: number,
    o?: CallOptions,
  ): Promise<{ dom: DomainRef; params: TypedParams }[]>;
  /** how often the guest's balloon driver reports its memory (unused, usable); flags: LIVE 1, CONFIG 2 */
  domainSetMemoryStatsPeriod(dom: DomainRef, periodS: number, flags: number, o?: CallOptions): Promise<void>;
  /** virDomainSetMetadata: type 0 description, 1 title, 2 element (key + uri name the namespace) */
  domainSetMetadata(
    dom: DomainRef,
    type: number,
    metadata: string | undefined,
    key?: string,
    uri?: string,
    flags?: number,
    o?: CallOptions,
  ): Promise<void>;
  domainGetMetadata(
    dom: DomainRef,
    type: number,
    uri?: string,
    flags?: number,
    o?: CallOptions,
  ): Promise<string>;
  /** PNG/PPM bytes of the screen (a stream under the hood); mime as libvirt reports it */
  domainScreenshot(dom: DomainRef, screen?: number, o?: CallOptions): Promise<{ mime: string; data: Buffer }>;

  /**
   * The guest's text console (serial/virtio) as a byte stream: write what is typed, read what the guest
   * prints; end() closes it. devName picks a console by alias (default: the first); flags 1 = FORCE
   * (take the console over from another client), 2 = SAFE.
   */
  domainOpenConsole(dom: DomainRef, devName?: string, flags?: number): Promise<Duplex>;

  // snapshots
  snapshotCreateXML(dom: DomainRef, xml: string, flags?: number, o?: CallOptions): Promise<SnapshotRef>;
  listAllSnapshots(dom: DomainRef, flags?: number, o?: CallOptions): Promise<SnapshotRef[]>;
  snapshotGetXML(snap: SnapshotRef, flags?: number, o?: CallOptions): Promise<string>;
  snapshotCurrent(dom: DomainRef, o?: CallOptions): Promise<SnapshotRef | undefined>;
  snapshotRevert(snap: SnapshotRef, flags?: number, o?: CallOptions): Promise<void>;
  snapshotDelete(snap: SnapshotRef, flags?: number, o?: CallOptions): Promise<void>;

  // storage
  listAllStoragePools(flags?: number, o?: CallOptions): Promise<PoolRef[]>;
  lookupStoragePoolByName(name: string, o?: CallOptions): Promise<PoolRef>;
  storagePoolGetXML(pool: PoolRef, flags?: number, o?: CallOptions): Promise<string>;
  storagePoolDefineXML(xml: string, flags?: number, o?: CallOptions): Promise<PoolRef>;
  storagePoolCreate(pool: PoolRef, flags?: number, o?: CallOptions): Promise<void>;
  storagePoolBuild(pool: PoolRef, flags?: number, o?: CallOptions): Promise<void>;
  storagePoolDestroy(pool: PoolRef, o?: CallOptions): Promise<void>;
  storagePoolUndefine(pool: PoolRef, o?: CallOptions): Promise<void>;
  storagePoolRefresh(pool: PoolRef, flags?: number, o?: CallOptions): Promise<void>;
  storagePoolSetAutostart(pool: PoolRef, autostart: boolean, o?: CallOptions): Promise<void>;
  storagePoolGetAutostart(pool: PoolRef, o?: CallOptions): Promise<boolean>;
  storagePoolGetInfo(pool: PoolRef, o?: CallOptions): Promise<PoolInfo>;
  storagePoolIsActive(pool: PoolRef, o?: CallOptions): Promise<boolean>;
  listAllVolumes(pool: PoolRef, flags?: number, o?: CallOptions): Promise<VolumeRef[]>;
  lookupVolumeByPath(path: string, o?: CallOptions): Promise<VolumeRef>;
  lookupVolumeByName(pool: PoolRef, name: string, o?: CallOptions): Promise<VolumeRef>;
  volumeGetXML(vol: VolumeRef, flags?: number, o?: CallOptions): Promise<string>;
  volumeGetInfo(vol: VolumeRef, o?: CallOptions): Promise<VolumeInfo>;
  volumeGetPath(vol: VolumeRef, o?: CallOptions): Promise<string>;
  volumeCreateXML(pool: PoolRef, xml: string, flags?: number, o?: CallOptions): Promise<VolumeRef>;
  volumeCreateXMLFrom(
    pool: PoolRef,
    xml: string,
    clonevol: VolumeRef,
    flags?: number,
    o?: CallOptions,
  ): Promise<VolumeRef>;
  volumeDelete(vol: VolumeRef, flags?: number, o?: CallOptions): Promise<void>;
  volumeResize(vol: VolumeRef, capacity: bigint, flags?: number, o?: CallOptions): Promise<void>;
  volumeUpload(vol: VolumeRef, data: Buffer, offset?: bigint, o?: CallOptions): Promise<void>;
  volumeDownload(vol: VolumeRef, offset?: bigint, length?: bigint, o?: CallOptions): Promise<Buffer>;
  volumeUploadFrom(
    vol: VolumeRef,
    source: UploadSource,
    length: bigint,
    t?: TransferOptions & { offset?: bigint },
  ): Promise<number>;
  volumeDownloadTo(
    vol: VolumeRef,
    dest: Writable,
    t?: TransferOptions & { offset?: bigint; length?: bigint },
  ): Promise<number>;
  connectGetStoragePoolCapabilities(flags?: number, o?: CallOptions): Promise<string>;

  // networks
  listAllNetworks(flags?: number, o?: CallOptions): Promise<NetworkRef[]>;
  lookupNetworkByName(name: string, o?: CallOptions): Promise<NetworkRef>;
  networkGetXML(net: NetworkRef, flags?: number, o?: CallOptions): Promise<string>;
  networkDefineXML(xml: string, o?: CallOptions): Promise<NetworkRef>;
  networkCreate(net: NetworkRef, o?: CallOptions): Promise<void>;
  networkDestroy(net: NetworkRef, o?: CallOptions): Promise<void>;
  networkUndefine(net: NetworkRef, o?: CallOptions): Promise<void>;
  networkIsActive(net: NetworkRef, o?: CallOptions): Promise<boolean>;
  networkIsPersistent(net: NetworkRef, o?: CallOptions): Promise<boolean>;
  networkGetAutostart(net: NetworkRef, o?: CallOptions): Promise<boolean>;
  networkSetAutostart(net: NetworkRef, autostart: boolean, o?: CallOptions): Promise<void>;
  networkGetDhcpLeases(net: NetworkRef, mac?: string, o?: CallOptions): Promise<DhcpLease[]>;
}

/** libvirt's numbers the services need, from include/libvirt/libvirt-domain.h */
export const DomainState = {
  NOSTATE: 0,
  RUNNING: 1,
  BLOCKED: 2,
  PAUSED: 3,
  SHUTDOWN: 4,
  SHUTOFF: 5,
  CRASHED: 6,
  PMSUSPENDED: 7,
} as const;

/** virConnectListAllDomainsFlags (libvirt-domain.h): state filters are 1 << 4..7, then saved state, autostart */
export const ListDomainsFlags = {
  ACTIVE: 1,
  INACTIVE: 2,
  PERSISTENT: 4,
  TRANSIENT: 8,
  SHUTOFF: 1 << 6,
  MANAGEDSAVE: 1 << 8,
  AUTOSTART: 1 << 10,
} as const;
export const DomainXMLFlags = { SECURE: 1, INACTIVE: 2, UPDATE_CPU: 4, MIGRATABLE: 8 } as const;
export const DefineFlags = { VALIDATE: 1 } as const;
export const UndefineFlags = {
  MANAGED_SAVE: 1,
  SNAPSHOTS_METADATA: 2,
  NVRAM: 4,
  KEEP_NVRAM: 8,
  CHECKPOINTS_METADATA: 16,
  TPM: 32,
  KEEP_TPM: 64,
} as const;
export const DeviceModifyFlags = { CURRENT: 0, LIVE: 1, CONFIG: 2 } as const;
/** virDomainVcpuFlags / virDomainMemoryModFlags: AFFECT_LIVE, AFFECT_CONFIG, and the maximum */
export const VcpuFlags = { LIVE: 1, CONFIG: 2, MAXIMUM: 4 } as const;
export const MemoryFlags = { LIVE: 1, CONFIG: 2, MAXIMUM: 4 } as const;
/** virDomainShutdownFlagValues: how domainShutdown asks the guest (0 lets the hypervisor choose) */
export const ShutdownFlags = {
  DEFAULT: 0,
  ACPI_POWER_BTN: 1,
  GUEST_AGENT: 2,
  INITCTL: 4,
  SIGNAL: 8,
  PARAVIRT: 16,
} as const;
/** virDomainDestroyFlagsValues: GRACEFUL stops QEMU with SIGTERM only, never SIGKILL */
export const DestroyFlags = { DEFAULT: 0, GRACEFUL: 1 } as const;
/** virDomainSaveRestoreFlags, for domainManagedSave: the state the guest comes back in on start */
export const SaveFlags = { BYPASS_CACHE: 1, RUNNING: 2, PAUSED: 4 } as const;
/** virDomainInterfaceAddressesSource: where domainInterfaceAddresses looks */
export const InterfaceAddressSource = { LEASE: 0, AGENT: 1, ARP: 2 } as const;
/** virIPAddrType, the `type` of an InterfaceAddress's addrs and of a DhcpLease */
export const IpAddrType = { IPV4: 0, IPV6: 1 } as const;

// snapshot flags (libvirt-domain-snapshot.h)
/** virDomainSnapshotCreateFlags */
export const SnapshotCreateFlags = {
  REDEFINE: 1,
  CURRENT: 2,
  NO_METADATA: 4,
  HALT: 8,
  DISK_ONLY: 16,
  REUSE_EXT: 32,
  QUIESCE: 64,
  ATOMIC: 128,
  LIVE: 256,
  VALIDATE: 512,
} as const;
/** virDomainSnapshotXMLFlags */
export const SnapshotXMLFlags = { SECURE: 1 } as const;
/** virDomainSnapshotRevertFlags */
export const SnapshotRevertFlags = { RUNNING: 1, PAUSED: 2, FORCE: 4, RESET_NVRAM: 8 } as const;
/** virDomainSnapshotDeleteFlags */
export const SnapshotDeleteFlags = { CHILDREN: 1, METADATA_ONLY: 2, CHILDREN_ONLY: 4 } as const;
