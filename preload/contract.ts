// THE contract between the UI and the rest of KVM Desk: every call, event and error that crosses into
// the renderer. Types only (plus the method/event name lists the shells generate invokers from).
// Both shells (Electron IPC, browser WebSocket) carry exactly this.

import type {
  CreateDefaults,
  CreateVmSpec,
  FieldProblem,
  FileEntry,
  FilePickArgs,
  Firmware,
  InstallSource,
  IsoDetection,
  Job,
  OsEntry,
  OsNearest,
} from './creation';
import type {
  CloneVmArgs,
  DeletePlan,
  DeleteVmArgs,
  DeleteVmResult,
  NetworkInfo,
  StoragePoolInfo,
  VmDetails,
  VmRef,
  VmSummary,
} from './guests';
import type { DefineXmlArgs, EditArgs, EditOutcome, GuestXml } from './hardware-edit';
import type {
  DeleteSnapshotArgs,
  SnapshotArgs,
  SnapshotDescriptionArgs,
  SnapshotList,
  TakeSnapshotArgs,
} from './snapshots';
import type { StatsWatchArgs, VmStatsBatch, VmStatsSample } from './stats';

export type * from './creation';
export type * from './guests';
export type * from './stats';

export type ConnectionId = string; // the libvirt URI, e.g. "qemu:///system"

export type * from './hardware-edit';
export type * from './snapshots';

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
  /** a shut-off linked clone on full copies of its disks: it no longer needs its base */
  'vms.makeIndependent': (args: VmRef) => Job;
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
  'vms.makeIndependent',
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
