// What every api handler can reach: the connections (each with its live guest list), settings, jobs,
// the event bus and what the running shell can do. Built once per process by main/shells/boot.ts.
import type { FilePickerOptions, VmRef } from '../../preload/contract';
import type { GuestAddressService } from '../services/addresses';
import type { Connections, OpenConnection } from '../services/connections';
import type { EventLog } from '../services/event-log';
import type { EventBus } from '../services/events';
import type { HostList } from '../services/hosts/host-list';
import type { Jobs } from '../services/jobs';
import type { NetworksHub } from '../services/networks';
import type { RecentGuests } from '../services/recent-guests';
import type { SettingsStore } from '../services/settings';
import type { StatsHub } from '../services/stats';
import type { StorageService } from '../services/storage';

export interface ShellHooks {
  kind: 'electron' | 'browser';
  /** Electron opens (or focuses) the guest's console window; the browser shell answers with a URL */
  /** `name` is the guest's, for the window's title */
  openConsoleWindow?: (ref: VmRef, name?: string) => Promise<{ url?: string }> | { url?: string };
  /** Electron: the native file picker on the window that called; absent in the browser shell */
  pickFile?: (args: FilePickerOptions) => Promise<{ path?: string }>;
}

export interface ApiContext {
  connections: Connections;
  settings: SettingsStore;
  jobs: Jobs;
  events: EventBus;
  /** live stats: the watches of every window and one timer per watched connection */
  stats: StatsHub;
  /** network lifecycle events relayed, and the shown lease tables' watches */
  networks: NetworksHub;
  /** guests' network addresses: agent, leases, ARP; kept per guest while it runs */
  addresses: GuestAddressService;
  /** pools and volumes of every connection, upload/download tickets, the upload journal */
  storage: StorageService;
  shell: ShellHooks;
  /** the user's saved list of connections, and how a connection is opened (the Add-host Test) */
  hosts: { list: HostList; opener: OpenConnection };
  /** the session's event log (lifecycle, jobs, failed actions, connection changes) */
  eventLog: EventLog;
  /** when each guest was last started or had its console opened (the tray's order) */
  recent: RecentGuests;
}
