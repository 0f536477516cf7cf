// THE contract between the UI and the rest of KVM Desk: every call, event and error that crosses into
// the renderer. Types only (plus the method/event name lists the shells generate invokers from).
// Both shells (Electron IPC, browser WebSocket) carry exactly this.

import type { GuestAddresses } from './addresses';
import type {
  CreateDefaults,
  CreateVmSpec,
  FieldProblem,
  FileEntry,
  FilePickArgs,
  Firmware,
  InstallMedia,
  InstallMediaArgs,
  InstallSource,
  IsoDetection,
  Job,
  OsEntry,
  OsNearest,
} from './creation';
import type { ShortcutArgs, ShortcutResult } from './desktop';
import type { EventLogEntry, NotifySettings } from './event-log';
import type {
  CloneVmArgs,
  DeletePlan,
  DeleteVmArgs,
  DeleteVmResult,
  StoragePoolInfo,
  VmDetails,
  VmRef,
  VmSummary,
} from './guests';
import type { DefineXmlArgs, EditArgs, EditOutcome, GuestXml } from './hardware-edit';
import type { HostInfo, HostStatsBatch, HostStatsSample } from './host';
import type { AddHostArgs, ConnectionArgs, HostTestResult, HostUri, SshHostArgs } from './hosts';
import type {
  CreateNetworkArgs,
  NetworkChange,
  NetworkCreateInfo,
  NetworkInfo,
  NetworkLease,
  NetworkLeases,
  NetworkRefArgs,
} from './networks';
import type {
  DeleteSnapshotArgs,
  SnapshotArgs,
  SnapshotDescriptionArgs,
  SnapshotList,
  TakeSnapshotArgs,
} from './snapshots';
import type { StatsWatchArgs, VmStatsBatch, VmStatsSample } from './stats';
import type {
  CreatePoolArgs,
  CreateVolumeArgs,
  DownloadStarted,
  DownloadVolumeArgs,
  PoolArgs,
  PoolTypeSupport,
  ResizeVolumeArgs,
  StoragePool,
  StorageVolume,
  UploadStarted,
  UploadVolumeArgs,
  VolumeArgs,
} from './storage';

export type * from './addresses';
export type * from './creation';
export type * from './desktop';
export type * from './event-log';
export type * from './guests';
export type * from './host';
export type * from './hosts';
export type * from './networks';
export type * from './stats';
export type * from './storage';

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
  /** the user disconnected it (or it does not connect at start): not retrying; its guests are not shown */
  stopped?: boolean;
  /** from the user's saved list (absent for KVMDESK_URI's connection, which is not saved) */
  label?: string;
  connectAtStart?: boolean;
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
  /** Electron: start KVM Desk in the tray at login (the XDG autostart entry exists; not in settings.json) */
  startAtLogin: boolean;
  /** which desktop notifications are shown (preload/notify-rules.ts) */
  notifications: NotifySettings;
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
  /** the host page's facts: CPU, memory, versions, KVM */
  'host.info': (args: { connection: ConnectionId }) => HostInfo;
  /** the host's CPU and memory each second (`host.stats`) while the host page is shown */
  'host.watchStats': (args: { connection: ConnectionId }) => { id: string };
  'host.unwatchStats': (args: { id: string }) => void;
  /** the host's last 10 minutes, oldest first */
  'host.statsHistory': (args: { connection: ConnectionId }) => HostStatsSample[];
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
  /** a .desktop file that opens the guest's console in KVM Desk (Electron only: it runs `kvm-desk`) */
  'vms.createShortcut': (args: ShortcutArgs) => ShortcutResult;

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
  /** a running guest's addresses: what is known, else libvirt's answer now (agent, leases, ARP) */
  'addresses.get': (args: VmRef) => GuestAddresses;
  /** asks libvirt again */
  'addresses.refresh': (args: VmRef) => GuestAddresses;

  /** `withGuests`: each network's guests too (reads every guest's XML: the Networks panel, not the wizard) */
  'networks.list': (args: { connection: ConnectionId; withGuests?: boolean }) => NetworkInfo[];
  'networks.start': (args: { connection: ConnectionId; name: string }) => void;
  'networks.createDefault': (args: { connection: ConnectionId }) => void;
  'networks.stop': (args: NetworkRefArgs) => void;
  'networks.setAutostart': (args: NetworkRefArgs & { enabled: boolean }) => void;
  /** refused (WRONG_STATE, naming them) while any guest uses it; stops it first when active */
  'networks.delete': (args: NetworkRefArgs) => void;
  /** a suggested free subnet, the subnets taken and the host's bridges, for the Create dialog */
  'networks.createInfo': (args: { connection: ConnectionId }) => NetworkCreateInfo;
  'networks.create': (args: CreateNetworkArgs) => NetworkInfo;
  /** the network's DHCP leases now, then pushed as `networks.leases` every few seconds until unwatched */
  'networks.watchLeases': (args: NetworkRefArgs) => { id: string; leases: NetworkLease[] };
  'networks.unwatchLeases': (args: { id: string }) => void;

  'osinfo.list': (args: Record<string, never>) => OsEntry[];
  /** reads the ISO on the guest's host: a file here, else a pool volume through libvirt's download stream */
  'osinfo.detectIso': (args: { connection: ConnectionId; path: string }) => IsoDetection;
  /** the host's pools and their ISO (or disk image) volumes, for the wizard's pool picker */
  'create.installMedia': (args: InstallMediaArgs) => InstallMedia;
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
  /** the storage browser (StoragePanel): every pool of the connection with its type, state and space */
  'storage.listPools': (args: { connection: ConnectionId }) => StoragePool[];
  /** the pool types the create form offers, from libvirt's storage pool capabilities */
  'storage.poolTypes': (args: { connection: ConnectionId }) => PoolTypeSupport[];
  'storage.createPool': (args: CreatePoolArgs) => StoragePool;
  'storage.startPool': (args: PoolArgs) => void;
  'storage.stopPool': (args: PoolArgs) => void;
  'storage.refreshPool': (args: PoolArgs) => void;
  'storage.setPoolAutostart': (args: PoolArgs & { enabled: boolean }) => void;
  /** refused while it has volumes (naming the guests that use them) */
  'storage.deletePool': (args: PoolArgs) => void;
  'storage.listVolumes': (args: PoolArgs) => StorageVolume[];
  'storage.createVolume': (args: CreateVolumeArgs) => StorageVolume;
  /** refused while a guest uses it (IN_USE, naming the guests) */
  'storage.deleteVolume': (args: VolumeArgs) => void;
  'storage.resizeVolume': (args: ResizeVolumeArgs) => void;
  /** a job: a new volume filled from a file; cancel or failure deletes the half-made volume */
  'storage.upload': (args: UploadVolumeArgs) => UploadStarted;
  'storage.download': (args: DownloadVolumeArgs) => DownloadStarted;
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

  /** the Add-host dialog's fields as a qemu+ssh URI, or what is wrong with them */
  'hosts.buildUri': (args: SshHostArgs) => HostUri;
  /** opens the host for real (<= 10 s) and closes it again; ssh's error classified */
  'hosts.test': (args: SshHostArgs) => HostTestResult;
  /** saves the host and connects to it (or not, connectAtStart false); its status comes as 'connection' */
  'hosts.add': (args: AddHostArgs) => ConnectionStatus;
  /** forgets the connection (the host's guests are not touched) */
  'hosts.remove': (args: ConnectionArgs) => void;
  'hosts.disconnect': (args: ConnectionArgs) => void;
  'hosts.reconnect': (args: ConnectionArgs) => void;
  'hosts.setConnectAtStart': (args: ConnectionArgs & { enabled: boolean }) => ConnectionStatus;
  /** what happened this session (the last 1,000 entries), newest first; new ones arrive as 'eventLog.entry' */
  'eventLog.list': (args: Record<string, never>) => EventLogEntry[];
}

export type Method = keyof Calls;
export type ArgsOf<M extends Method> = Parameters<Calls[M]>[0];
export type ResultOf<M extends Method> = ReturnType<Calls[M]>;

export const METHODS = [
  'app.snapshot',
  'host.status',
  'host.info',
  'host.watchStats',
  'host.unwatchStats',
  'host.statsHistory',
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
  'vms.createShortcut',
  'snapshots.list',
  'snapshots.take',
  'snapshots.revert',
  'snapshots.delete',
  'snapshots.setDescription',
  'stats.watch',
  'stats.unwatch',
  'stats.history',
  'addresses.get',
  'addresses.refresh',
  'networks.list',
  'networks.start',
  'networks.createDefault',
  'networks.stop',
  'networks.setAutostart',
  'networks.delete',
  'networks.createInfo',
  'networks.create',
  'networks.watchLeases',
  'networks.unwatchLeases',
  'osinfo.list',
  'osinfo.detectIso',
  'osinfo.nearest',
  'storage.pools',
  'storage.listPools',
  'storage.poolTypes',
  'storage.createPool',
  'storage.startPool',
  'storage.stopPool',
  'storage.refreshPool',
  'storage.setPoolAutostart',
  'storage.deletePool',
  'storage.listVolumes',
  'storage.createVolume',
  'storage.deleteVolume',
  'storage.resizeVolume',
  'storage.upload',
  'storage.download',
  'files.list',
  'files.pick',
  'create.installMedia',
  'create.defaults',
  'create.validate',
  'create.start',
  'jobs.cancel',
  'console.open',
  'console.devices',
  'console.openWindow',
  'hosts.buildUri',
  'hosts.test',
  'hosts.add',
  'hosts.remove',
  'hosts.disconnect',
  'hosts.reconnect',
  'hosts.setConnectAtStart',
  'eventLog.list',
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
  /** one host-stats tick of a connection (host.watchStats) */
  'host.stats': HostStatsBatch;
  /** a network was defined, undefined, started or stopped (libvirt's lifecycle event): lists read again */
  'networks.changed': NetworkChange;
  /** a watched network's DHCP leases (networks.watchLeases) */
  'networks.leases': NetworkLeases;
  /** a connection was removed from the list (hosts.remove) */
  'connection.removed': { id: ConnectionId };
  /** a new line of the event log */
  'eventLog.entry': EventLogEntry;
  /** a connection's pools or a pool's volumes changed (libvirt's pool events, or a storage call) */
  'storage.changed': { connection: ConnectionId; pool?: string };
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
  'host.stats',
  'networks.changed',
  'networks.leases',
  'connection.removed',
  'eventLog.entry',
  'storage.changed',
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
