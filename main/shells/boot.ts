// Builds what both shells share: the event bus, settings, jobs, the libvirt connection and the api.
import { type Api, createApi } from '../api';
import { stopConsole } from '../api/console';
import type { ApiContext, ShellHooks } from '../api/context';
import { openConnection } from '../libvirt';
import { loadOsinfoDb } from '../model/osinfo';
import { Connections, candidateUris, type OpenConnection } from '../services/connections';
import { EventBus } from '../services/events';
import { Jobs } from '../services/jobs';
import { SettingsStore } from '../services/settings';

export interface Backend {
  ctx: ApiContext;
  api: Api;
  close(): Promise<void>;
}

/** exact OS names and families for the guest list, from osinfo-db (cached as JSON after the first parse) */
function osLookup() {
  try {
    return loadOsinfoDb().lookup;
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
  await settings.load();
  const jobs = new Jobs(events);
  const connections = new Connections(opts.open ?? openConnection, events, osLookup());
  const ctx: ApiContext = { events, settings, jobs, connections, shell };
  // resolves after the first attempt; when libvirtd is away it keeps trying and says so
  const first = connections.start(opts.uris ?? candidateUris());
  if (!opts.background) await first;
  return {
    ctx,
    api: createApi(ctx),
    close: async () => {
      await stopConsole(ctx);
      await connections.close();
    },
  };
}
