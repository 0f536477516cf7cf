// Builds what both shells share: the event bus, settings, jobs, the libvirt connection and the api.
import type { ConnectionStatus } from '../../preload/contract';
import { type Api, createApi } from '../api';
import { stopConsole } from '../api/console';
import type { ApiContext, ShellHooks } from '../api/context';
import { openConnection } from '../libvirt';
import { Connections, candidateUris, type OpenConnection } from '../services/connections';
import { EventBus } from '../services/events';
import { Jobs } from '../services/jobs';
import { loadOsinfoDb } from '../services/osinfo-db';
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
  await settings.load();
  const jobs = new Jobs(events);
  const connections = new Connections(opts.open ?? openConnection, events, lookup);
  const stats = new StatsHub(connections, events);
  const storage = new StorageService(connections, events, jobs, opts.configDir ?? configDir());
  const ctx: ApiContext = { events, settings, jobs, connections, stats, storage, shell };
  // resolves after the first attempt; when libvirtd is away it keeps trying and says so
  const first = connections.start(opts.uris ?? candidateUris());
  if (!opts.background) await first;
  return {
    ctx,
    api: createApi(ctx),
    statuses: () => connections.list().map((c) => c.getStatus()),
    close: async () => {
      await stopConsole(ctx);
      stats.close();
      await connections.close();
    },
  };
}
