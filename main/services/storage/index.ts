// The storage browser's service, for every connection: keyed by connection id like everything else, so a
// connection added later (the connections manager) gets pools and volumes with no change here. Keeps the
// UI current from libvirt's storage pool events (lifecycle: defined/undefined/started/stopped; refresh),
// subscribed per connection on its first listing, plus a 'storage.changed' after each of our own changes
// (volume create/delete send no libvirt event). Cleans up uploads a crash interrupted (journal.ts).
import type { ConnectionId } from '../../../preload/contract';
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import type { Connections } from '../connections';
import type { EventBus } from '../events';
import type { Jobs } from '../jobs';
import { BrowserTransfers } from './browser-transfers';
import { UploadJournal } from './journal';
import { listStoragePools } from './pools';
import type { TransferDeps } from './transfer';

export class StorageService {
  readonly browser = new BrowserTransfers();
  readonly journal: UploadJournal;
  private readonly watched = new WeakSet<LibvirtConnectionApi>();
  private readonly cleaned = new Set<ConnectionId>();

  constructor(
    private readonly connections: Connections,
    private readonly events: EventBus,
    private readonly jobs: Jobs,
    configDir: string,
  ) {
    this.journal = new UploadJournal(configDir);
  }

  /** the connection's client, with its pool events forwarded once */
  client(connection: ConnectionId): LibvirtConnectionApi {
    const c = this.connections.client(connection);
    if (!this.watched.has(c)) {
      this.watched.add(c);
      const changed = (pool?: string) => this.changed(connection, pool);
      c.on('storagePoolLifecycle', (e) => changed(e.pool.name));
      c.on('storagePoolRefresh', (e) => changed(e.pool.name));
    }
    return c;
  }

  changed(connection: ConnectionId, pool?: string): void {
    this.events.emit('storage.changed', pool ? { connection, pool } : { connection });
  }

  deps(connection: ConnectionId): TransferDeps {
    return {
      jobs: this.jobs,
      journal: this.journal,
      browser: this.browser,
      changed: (pool) => this.changed(connection, pool),
    };
  }

  async listPools(connection: ConnectionId) {
    const c = this.client(connection);
    if (!this.cleaned.has(connection)) {
      this.cleaned.add(connection);
      await this.removeInterruptedUploads(c, connection);
    }
    return listStoragePools(c, connection);
  }

  /** names of this pool's volumes whose upload was interrupted and could not be removed yet */
  async incomplete(connection: ConnectionId, pool: string): Promise<Set<string>> {
    const all = await this.journal.interrupted(connection);
    return new Set(all.filter((e) => e.pool === pool).map((e) => e.name));
  }

  /** deletes each volume the journal names as half-made (only those), then forgets the entry */
  private async removeInterruptedUploads(c: LibvirtConnectionApi, connection: ConnectionId): Promise<void> {
    for (const e of await this.journal.interrupted(connection)) {
      try {
        const pool = await c.lookupStoragePoolByName(e.pool);
        const vol = await c.lookupVolumeByName(pool, e.name).catch(() => undefined);
        if (vol) await c.volumeDelete(vol, 0);
        await this.journal.remove(e);
      } catch {
        // the pool is down or gone: the entry stays, the volume is listed as an incomplete upload
      }
    }
  }
}
