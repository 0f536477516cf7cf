// THE contract between the UI and the rest of KVM Desk: every call, event and error that crosses into
// the renderer. Types only (plus the method/event name lists the shells generate invokers from).
// Both shells (Electron IPC, browser WebSocket) carry exactly this.
import type {
  DefineXmlArgs,
  EditArgs,
  EditOutcome,
  GuestBoot,
  GuestCpu,
  GuestDevices,
  GuestResources,
  GuestXml,
} from './hardware-edit';
import type {
  DeleteSnapshotArgs,
  SnapshotArgs,
  SnapshotDescriptionArgs,
  SnapshotList,
  TakeSnapshotArgs,
} from './snapshots';
import type { StatsWatchArgs, VmStatsBatch, VmStatsSample } from './stats';

export type {
  StatsGuestState,
  StatsInterval,
  StatsWatchArgs,
  VmStatsBatch,
  VmStatsSample,
} from './stats';

export type ConnectionId = string; // the libvirt URI, e.g. "qemu:///system"

export type {
  BootDevice,
  DefineXmlArgs,
  DiskCache,
  DiskDiscard,
  DiskSettings,
  EditArgs,
  EditOutcome,
  GuestBoot,
  GuestCpu,
  GuestDevices,
  GuestResources,
  GuestXml,
  HardwareEdit,
  NewDiskBus,
  NicModel,
} from './hardware-edit';
export type {
  DeleteSnapshotArgs,
  SnapshotArgs,
  SnapshotDescriptionArgs,
  SnapshotGuestState,
  SnapshotInfo,
  SnapshotList,
  SnapshotMechanism,
  SnapshotNode,
  TakeSnapshotArgs,
} from './snapshots';

export type ErrorCode =
  | 'INVALID_INPUT' // the call's arguments failed validation; message says which field and why
  | 'NAME_TAKEN'
  | 'NOT_FOUND'
  | 'DISCONNECTED' // libvirtd went away; the app reconnects by itself
  | 'PERMISSION' // e.g. not in the libvirt group
  | 'NETWORK_INACTIVE' // detail.network names it; the UI offers to start it
  | 'CHANGED_ELSEWHERE' // the guest's definition changed since the editor read it (another tool): reload
  | 'LIBVIRT' // libvirt's own error; detail.libvirtCode / libvirtDomain carry its numbers
  | 'CANCELLED'
  | 'WRONG_STATE' // the guest's state does not allow it now (rename while running); message says what to do
  | 'UNSUPPORTED' // this version of KVM Desk cannot do it for this guest (yet); message says why
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  message: string; // written for the user
  detail?: {
    field?: string;
    libvirtCode?: number;
    libvirtDomain?: number;
    network?: string;
    path?: string;
    [key: string]: unknown;
  };
}

/** The answer of every call: data or an ApiError, never a thrown stack trace. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ---- connection and host ----

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionStatus {
  id: ConnectionId;
  uri: string;
  state: ConnectionState;
  /** why we are disconnected, in the user's words (e.g. "libvirtd stopped; reconnecting") */
  message?: string;
  hostname?: string;
  libvirtVersion?: string;
}

export interface HostStatus {
  connection: ConnectionId;
  hostname: string;
  cpus: number;
  memoryKiB: number;
  /** true when /dev/kvm works and libvirt offers domain type kvm */
  kvmUsable: boolean;
  kvmReason?: string;
  /** the user's setting (or KVMDESK_FORCE_TCG=1): new guests use software emulation */
  forceSoftwareEmulation: boolean;
  /** what new guests will use */
  accelerator: 'kvm' | 'qemu';
}

export interface Settings {
  forceSoftwareEmulation: boolean;
  /** how long a guest may ignore Shut down or Reboot before KVM Desk says so and offers Force off */
  shutdownTimeoutSeconds: number;
  /** Electron: closing the window leaves KVM Desk in the tray (only where the desktop shows a tray) */
  keepRunningInTray: boolean;
}

// ---- guests ----

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

export interface NetworkInfo {
  connection: ConnectionId;
  name: string;
  uuid: string;
  active: boolean;
  autostart: boolean;
  forward?: string; // nat, route, bridge, ...
  bridge?: string;
}

// ---- creation wizard ----

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

// ---- console ----

export interface ConsoleSession {
  /** single use, short lived: ws://127.0.0.1:PORT/console?token=... (Electron), or the path
   *  /console?token=... on the browser shell's own origin */
  url: string;
  width?: number;
  height?: number;
}

/** What a console session carries: the guest's VNC display (noVNC) or its serial console (a terminal). */
export type ConsoleKind = 'vnc' | 'serial';

export interface ConsoleOpenArgs extends VmRef {
  /** 'vnc' when absent */
  kind?: ConsoleKind;
  /** serial: take the console over from another client (libvirt lets one client at a time have it) */
  force?: boolean;
}

/** The consoles a guest has, from its XML (live while it runs). */
export interface ConsoleDevices {
  /** its graphical displays' types, in order ('vnc', 'spice', ...); empty without any */
  graphics: string[];
  /** it has a serial or text console libvirt can stream (a pty <serial> or <console>) */
  serial: boolean;
}

// ---- the call table ----

export interface Snapshot {
  connections: ConnectionStatus[];
  vms: VmSummary[];
}

export interface Calls {
  'app.snapshot': (args: Record<string, never>) => Snapshot;
  'host.status': (args: { connection: ConnectionId }) => HostStatus;
  'settings.get': (args: Record<string, never>) => Settings;
  'settings.set': (args: Partial<Settings>) => Settings;

  'vms.details': (args: VmRef) => VmDetails;
  'vms.start': (args: VmRef) => void;
  'vms.shutdown': (args: VmRef) => void;
  'vms.forceOff': (args: VmRef) => void;
  'vms.reboot': (args: VmRef) => void;
  'vms.reset': (args: VmRef) => void;
  'vms.pause': (args: VmRef) => void;
  'vms.resume': (args: VmRef) => void;
  /** saves the running (or paused) guest's memory to disk and stops it; Start resumes from it */
  'vms.saveState': (args: VmRef) => void;
  /** forgets the saved state: the next Start boots afresh */
  'vms.discardSavedState': (args: VmRef) => void;
  /** one hardware change (HardwareEdit), saved and, on a running guest, applied live where it can be */
  'vms.edit': (args: EditArgs) => EditOutcome;
  /** the guest's domain XML: the saved definition, or the running guest's (`live`) */
  'vms.getXml': (args: VmRef & { live?: boolean }) => GuestXml;
  /** an expert's whole XML, defined with libvirt's validation; the name and uuid cannot change here */
  'vms.defineXml': (args: DefineXmlArgs) => GuestXml;
  /** a transient guest (made with `virsh create`) is defined from its live XML, so it stays when off */
  'vms.makePermanent': (args: VmRef) => void;
  /** what deleting would do to each disk: shown before the user confirms */
  'vms.deletePlan': (args: VmRef) => DeletePlan;
  'vms.delete': (args: DeleteVmArgs) => DeleteVmResult;
  /** a job; its result is the new guest; refused at once when the source is running (WRONG_STATE) */
  'vms.clone': (args: CloneVmArgs) => Job;
  'vms.ejectMedia': (args: VmRef & { target: string }) => void;
  'vms.screenshot': (args: VmRef) => { pngBase64: string };
  /** libvirt's rename (the uuid stays): only a shut-off guest; NAME_TAKEN when another guest has the name */
  'vms.rename': (args: VmRef & { name: string }) => void;
  /**
   * The Overview's text: title and description in the domain's own <title>/<description> ('' removes
   * them), the OS in KVM Desk's metadata (an osinfo-db short id; it changes nothing else). Live and
   * persistent where the guest has both.
   */
  'vms.setInfo': (args: VmRef & { title?: string; description?: string; osId?: string }) => void;
  /** start the guest when the host boots (libvirt's autostart) */
  'vms.setAutostart': (args: VmRef & { enabled: boolean }) => void;

  /** the guest's snapshot tree and how its snapshots are taken */
  'snapshots.list': (args: VmRef) => SnapshotList;
  /** jobs: take, revert to, delete (one, or with its children); UNSUPPORTED where the mechanism is not built */
  'snapshots.take': (args: TakeSnapshotArgs) => Job;
  'snapshots.revert': (args: SnapshotArgs) => Job;
  'snapshots.delete': (args: DeleteSnapshotArgs) => Job;
  /** libvirt's redefine of the snapshot with only its description changed */
  'snapshots.setDescription': (args: SnapshotDescriptionArgs) => void;

  /** live stats of these guests, pushed as `vm.stats` each tick until unwatched (or the window closes) */
  'stats.watch': (args: StatsWatchArgs) => { id: string };
  'stats.unwatch': (args: { id: string }) => void;
  /** the guest's samples of the last 10 minutes, oldest first */
  'stats.history': (args: VmRef) => VmStatsSample[];

  'networks.list': (args: { connection: ConnectionId }) => NetworkInfo[];
  'networks.start': (args: { connection: ConnectionId; name: string }) => void;
  'networks.createDefault': (args: { connection: ConnectionId }) => void;

  'osinfo.list': (args: Record<string, never>) => OsEntry[];
  'osinfo.detectIso': (args: { connection: ConnectionId; path: string }) => IsoDetection;
  'files.list': (args: { connection: ConnectionId; path: string }) => FileEntry[];
  /**
   * Electron: the desktop's own file picker on the calling window ({} when cancelled); the browser shell
   * answers NOT_FOUND (detail.picker 'unavailable') and the UI uses its server-side file browser
   */
  'files.pick': (args: FilePickArgs) => { path?: string };
  /** "Debian 12" when the db stops at Debian 11: Debian 11's settings under Debian 12's name, or null */
  'osinfo.nearest': (args: { query: string }) => OsNearest | null;
  /** the connection's storage pools with their free space */
  'storage.pools': (args: { connection: ConnectionId }) => StoragePoolInfo[];
  'create.defaults': (args: {
    connection: ConnectionId;
    osId?: string;
    source?: InstallSource;
    /** the current choices, so the reasons follow them (a virtio-win ISO, firmware, TPM) */
    virtioWin?: boolean;
    firmware?: Firmware;
    tpm?: boolean;
    /** the pool the disk goes to: the disk suggestion fits its free space */
    pool?: string;
  }) => CreateDefaults;
  'create.validate': (args: CreateVmSpec) => FieldProblem[];
  'create.start': (args: CreateVmSpec) => Job;
  'jobs.cancel': (args: { id: string }) => void;

  'console.open': (args: ConsoleOpenArgs) => ConsoleSession;
  'console.devices': (args: VmRef) => ConsoleDevices;
  /** Electron: a BrowserWindow per guest; browser shell: answered with the URL to open */
  'console.openWindow': (args: VmRef) => { url?: string };
}

export type Method = keyof Calls;
export type ArgsOf<M extends Method> = Parameters<Calls[M]>[0];
export type ResultOf<M extends Method> = ReturnType<Calls[M]>;

export const METHODS = [
  'app.snapshot',
  'host.status',
  'settings.get',
  'settings.set',
  'vms.details',
  'vms.start',
  'vms.shutdown',
  'vms.forceOff',
  'vms.reboot',
  'vms.reset',
  'vms.pause',
  'vms.resume',
  'vms.saveState',
  'vms.discardSavedState',
  'vms.edit',
  'vms.getXml',
  'vms.defineXml',
  'vms.makePermanent',
  'vms.deletePlan',
  'vms.delete',
  'vms.clone',
  'vms.ejectMedia',
  'vms.screenshot',
  'vms.rename',
  'vms.setInfo',
  'vms.setAutostart',
  'snapshots.list',
  'snapshots.take',
  'snapshots.revert',
  'snapshots.delete',
  'snapshots.setDescription',
  'stats.watch',
  'stats.unwatch',
  'stats.history',
  'networks.list',
  'networks.start',
  'networks.createDefault',
  'osinfo.list',
  'osinfo.detectIso',
  'osinfo.nearest',
  'storage.pools',
  'files.list',
  'files.pick',
  'create.defaults',
  'create.validate',
  'create.start',
  'jobs.cancel',
  'console.open',
  'console.devices',
  'console.openWindow',
] as const satisfies readonly Method[];
// `satisfies` proves only a subset: these fail to compile when a call or an event is missing from its list
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyMethodListed: SameKeys<(typeof METHODS)[number], Method> = true;

// ---- events pushed to the UI ----

export interface Events {
  connection: ConnectionStatus;
  /** a guest appeared or changed: the whole summary, replacing the old one */
  'vm.changed': VmSummary;
  'vm.removed': VmRef;
  /** lifecycle events as they came, for consoles and tests: "started", "stopped", "rebooted" ... */
  'vm.lifecycle': VmRef & { event: string; detail: string };
  job: Job;
  host: HostStatus;
  /** a guest's snapshots changed (taken, reverted to, deleted, described): its tab reads them again */
  'vm.snapshots': VmRef;
  /** one stats tick of a connection: every watched guest's sample */
  'vm.stats': VmStatsBatch;
}

export type EventName = keyof Events;
export const EVENTS = [
  'connection',
  'vm.changed',
  'vm.removed',
  'vm.lifecycle',
  'job',
  'host',
  'vm.snapshots',
  'vm.stats',
] as const satisfies readonly EventName[];
const everyEventListed: SameKeys<(typeof EVENTS)[number], EventName> = true;
void everyMethodListed;
void everyEventListed;

/** What the preload exposes as window.kvm (and the browser bridge imitates). */
export interface KvmBridge {
  call<M extends Method>(method: M, args: ArgsOf<M>): Promise<ApiResult<ResultOf<M>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** which shell: the UI hides what one cannot do (e.g. native file picker) */
  shell: 'electron' | 'browser';
}
