// Builds what both shells share: the event bus, settings, jobs, the libvirt connection and the api.
import type { ConnectionStatus } from '../../preload/contract';
import { type Api, createApi } from '../api';
import { withActionLog } from '../api/action-log';
import { stopConsole } from '../api/console';
import type { ApiContext, ShellHooks } from '../api/context';
import { openConnection } from '../libvirt';
import { GuestAddressService } from '../services/addresses';
import { Connections, type OpenConnection } from '../services/connections';
import { EventLog } from '../services/event-log';
import { EventBus } from '../services/events';
import { HostList } from '../services/hosts/host-list';
import { Jobs } from '../services/jobs';
import { NetworksHub } from '../services/networks';
import { loadOsinfoDb } from '../services/osinfo-db';
import { RecentGuests } from '../services/recent-guests';
import { configDir, SettingsStore } from '../services/settings';
import { StatsHub } from '../services/stats';
import { StorageService } from '../services/storage';

export interface Backend {
  ctx: ApiContext;
  api: Api;
  /** where each connection stands now (no wait for a first listing): what a page learns on connecting */
  statuses(): ConnectionStatus[];
  close(): Promise<void>;
}

/** exact OS names and families for the guest list, from osinfo-db (cached as JSON after the first parse) */
async function osLookup() {
  try {
    return (await loadOsinfoDb()).lookup;
  } catch (err) {
    console.error(
      `osinfo-db could not be read (${(err as Error).message}); OS names are guessed from their ids`,
    );
    return undefined;
  }
}

export async function startBackend(
  shell: ShellHooks,
  opts: {
    uris?: string[];
    open?: OpenConnection;
    configDir?: string;
    /** resolve before the first connection is made (it goes on; app.snapshot waits for it) */
    background?: boolean;
  } = {},
): Promise<Backend> {
  const events = new EventBus();
  const settings = new SettingsStore(opts.configDir);
  // libvirt opens while osinfo-db loads (the store waits for its names before it lists)
  const lookup = osLookup();
  const recent = new RecentGuests(opts.configDir);
  await Promise.all([settings.load(), recent.load()]);
  const jobs = new Jobs(events);
  const open = opts.open ?? openConnection;
  const connections = new Connections(open, events, lookup);
  const stats = new StatsHub(connections, events);
  // made before the first connection, so its first 'connection' and lifecycle events are logged
  const eventLog = new EventLog(events, guestFacts(connections));
  // a guest started by anyone counts as used; console.open records the other use
  events.on('vm.lifecycle', (e) => {
    if (e.event === 'started') void recent.markUsed(e);
  });
  const storage = new StorageService(connections, events, jobs, opts.configDir ?? configDir());
  const list = new HostList(connections, open, opts.configDir ?? configDir());
  const networks = new NetworksHub(connections, events);
  const addresses = new GuestAddressService(connections, events);
  const ctx: ApiContext = {
    events,
    settings,
    jobs,
    connections,
    stats,
    networks,
    addresses,
    storage,
    shell,
    hosts: { list, opener: open },
    eventLog,
    recent,
  };
  // resolves after each connection's first attempt; a host that is away is retried and says so.
  // KVMDESK_URI (or the caller's URIs) is exactly that one connection, nothing saved
  const fixed = opts.uris ?? (process.env.KVMDESK_URI ? [process.env.KVMDESK_URI] : undefined);
  const first = connections.track(list.start(fixed));
  connections.whenListed(list.listed);
  if (!opts.background) await first;
  return {
    ctx,
    api: withActionLog(createApi(ctx), eventLog),
    statuses: () => connections.list().map((c) => c.getStatus()),
    close: async () => {
      await stopConsole(ctx);
      stats.close();
      networks.close();
      addresses.close();
      eventLog.close();
      await connections.close();
    },
  };
}

/** what the event log asks of the guest lists: a name, and whether a Shut down is still pending */
function guestFacts(connections: Connections) {
  const find = (ref: { connection: string; uuid: string }) => {
    try {
      return connections.get(ref.connection).store.get(ref.uuid);
    } catch {
      return undefined; // a connection no longer known
    }
  };
  return {
    name: (ref: { connection: string; uuid: string }) => find(ref)?.name,
    shutdownPending: (ref: { connection: string; uuid: string }) =>
      find(ref)?.pendingRequest?.action === 'shutdown',
  };
}
