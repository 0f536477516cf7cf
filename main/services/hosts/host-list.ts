// Which connections are open and what the user's list remembers of them. KVMDESK_URI (or a caller's
// candidate URIs: tests) means exactly that one connection, nothing saved. Otherwise the saved list
// (saved-hosts.ts); on first launch qemu:///system when this user can reach it, and qemu:///session
// always (a workstation user's own guests), both saved. All connections open in parallel.
import type { AddHostArgs, ConnectionId, ConnectionStatus } from '../../../preload/contract';
import { buildSshUri } from '../../libvirt/uri';
import type { Connections, OpenConnection } from '../connections';
import { ApiFailure } from '../errors';
import { type SavedHost, SavedHosts } from './saved-hosts';

export const SYSTEM = 'qemu:///system';
export const SESSION = 'qemu:///session';

export class HostList {
  /** null: the connections are not the saved list's (KVMDESK_URI): changes stay in memory */
  private saved: SavedHost[] | null = null;
  private readonly store: SavedHosts;
  private markListed!: () => void;
  /** resolves once every connection of the list is in Connections (connected or not yet) */
  readonly listed = new Promise<void>((r) => {
    this.markListed = r;
  });

  constructor(
    private readonly connections: Connections,
    private readonly open: OpenConnection,
    configDir: string,
  ) {
    this.store = new SavedHosts(configDir);
  }

  /** resolves after every connection's first attempt */
  async start(fixedUris?: string[]): Promise<void> {
    try {
      await this.startList(fixedUris);
    } finally {
      this.markListed();
    }
  }

  private async startList(fixedUris?: string[]): Promise<void> {
    if (fixedUris) {
      await this.connections.start(fixedUris); // its id is settled by the first attempt: listed after it
      return;
    }
    let list = await this.store.load();
    if (list === null) {
      list = [
        ...((await this.reachable(SYSTEM)) ? [{ uri: SYSTEM, connectAtStart: true }] : []),
        { uri: SESSION, connectAtStart: true },
      ];
      await this.store.save(list).catch((err) => console.error(`cannot save the connections: ${err}`));
    }
    this.saved = list;
    // add() puts each in the list before its first await
    const adding = Promise.all(
      list.map((h) => this.connections.add(h.uri, this.savedPart(h), h.connectAtStart)),
    );
    this.markListed();
    await adding;
  }

  private async reachable(uri: string): Promise<boolean> {
    try {
      const c = await this.open(uri, { reconnect: false });
      await c.close().catch(() => undefined);
      return true;
    } catch {
      return false;
    }
  }

  private savedPart(h: SavedHost) {
    return { connectAtStart: h.connectAtStart, ...(h.label ? { label: h.label } : {}) };
  }

  private async persist(): Promise<void> {
    if (this.saved) await this.store.save(this.saved);
  }

  async add(args: AddHostArgs): Promise<ConnectionStatus> {
    const built = buildSshUri(args);
    if (!built.ok) {
      const p = built.problems[0];
      throw new ApiFailure('INVALID_INPUT', p.message, { field: p.field });
    }
    const uri = built.uri;
    if (this.connections.has(uri)) {
      throw new ApiFailure('NAME_TAKEN', `${uri} is already in the list.`, { field: 'host' });
    }
    const entry: SavedHost = {
      uri,
      connectAtStart: args.connectAtStart !== false,
      ...(args.label?.trim() ? { label: args.label.trim() } : {}),
    };
    this.saved?.push(entry);
    await this.persist();
    // the dialog closes at once; the header says connecting, then connected (or why not)
    // (add() puts the connection in the list before its first await)
    void this.connections.add(uri, this.savedPart(entry), entry.connectAtStart).catch(() => undefined);
    return this.connections.get(uri).getStatus();
  }

  async remove(id: ConnectionId): Promise<void> {
    await this.connections.remove(id);
    if (this.saved) this.saved = this.saved.filter((h) => h.uri !== id);
    await this.persist();
  }

  async setConnectAtStart(id: ConnectionId, enabled: boolean): Promise<ConnectionStatus> {
    const c = this.connections.get(id);
    const entry = this.saved?.find((h) => h.uri === id);
    if (entry) entry.connectAtStart = enabled;
    c.saved = { ...(c.saved ?? {}), connectAtStart: enabled };
    await this.persist();
    return c.getStatus();
  }
}
