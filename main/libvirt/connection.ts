// LibvirtConnection: the typed facade (facade.ts) over the RPC client. Owns the life of the connection:
// open (transport, auth, CONNECT_OPEN), event registration by callback id, and reconnecting with backoff
// when the daemon goes away (re-registering the event callbacks that have listeners). The calls themselves
// live by family in calls/*.ts and are put on the prototype at the end of this file.
import { EventEmitter } from 'node:events';
import { type ConnectCalls, connectCalls } from './calls/connect.js';
import type { CallContext } from './calls/context.js';
import { type DomainCalls, domainCalls } from './calls/domain.js';
import { type NetworkCalls, networkCalls } from './calls/network.js';
import { type SnapshotCalls, snapshotCalls } from './calls/snapshot.js';
import { type StatsCalls, statsCalls } from './calls/stats.js';
import { type StorageCalls, storageCalls } from './calls/storage.js';
import { type CallOptions, RpcClient } from './client.js';
import { ErrorCode, LibvirtError } from './errors.js';
import type { LibvirtConnectionApi, LibvirtEvents, OpenOptions } from './facade.js';
import { type Decoder, type Encoder, getBool, getVoid } from './protocol/common.js';
import { AuthType, authTypeNames, ConnectFlags, ConnectProc, DrvFeature } from './protocol/connect.js';
import { type EventFamily, EventProc, eventDecoders, eventRegistrations } from './protocol/events.js';
import { openTransport, type ParsedUri, parseUri } from './transport.js';
import type { XdrReader } from './xdr.js';

type EventName = keyof LibvirtEvents;

const PERMISSION_HINT = 'add yourself to the libvirt group, or use qemu:///session';
const AUTH_HINT =
  'Connect with qemu+ssh://user@host/system instead (ssh does the authentication), or set ' +
  'auth_unix_rw = "polkit" (or "none") in the host\'s libvirtd.conf and restart libvirt';
const RECONNECT_DELAYS_MS = [100, 200, 400, 800, 1600, 3200, 5000];
const callbackKey = (family: EventFamily, callbackId: number) => `${family}:${callbackId}`;

/** The (de)register procedures of each event family: libvirt keeps one pair per object type. */
const EVENT_PROCS: Record<EventFamily, { register: number; deregister: number }> = {
  domain: {
    register: EventProc.DOMAIN_CALLBACK_REGISTER_ANY,
    deregister: EventProc.DOMAIN_CALLBACK_DEREGISTER_ANY,
  },
  network: { register: EventProc.NETWORK_REGISTER_ANY, deregister: EventProc.NETWORK_DEREGISTER_ANY },
  pool: {
    register: EventProc.STORAGE_POOL_REGISTER_ANY,
    deregister: EventProc.STORAGE_POOL_DEREGISTER_ANY,
  },
};

export class LibvirtConnection implements LibvirtConnectionApi {
  readonly uri: string;
  private readonly parsed: ParsedUri;
  private readonly opts: OpenOptions;
  private readonly emitter = new EventEmitter();
  private client: RpcClient | null = null;
  private closing = false;
  private reconnecting = false;
  /**
   * "family:callback id" (of the current client) -> the facade event it feeds. The id alone is not
   * unique: libvirtd counts each object type's callbacks apart (a fresh daemon answers 1 to the first
   * domain registration and 1 to the first network one), so keyed by id alone, registering network
   * events silently dropped every domain event.
   */
  private readonly callbackEvents = new Map<string, EventName>();
  /** facade event -> its callback id on the current client */
  private readonly eventCallbacks = new Map<EventName, number>();
  private readonly registering = new Map<EventName, Promise<void>>();
  /** deregistrations sent and not yet answered: close() waits for them (see there) */
  private readonly deregistering = new Set<Promise<void>>();

  private constructor(uri: string, opts: OpenOptions) {
    this.uri = uri;
    this.opts = opts;
    this.parsed = parseUri(uri);
    // a listener-less 'disconnected' must not throw the way an unhandled 'error' would; it is just news
    this.emitter.setMaxListeners(100);
  }

  static async open(uri: string, opts: OpenOptions = {}): Promise<LibvirtConnection> {
    const conn = new LibvirtConnection(uri, opts);
    conn.client = await conn.connect();
    return conn;
  }

  get connected(): boolean {
    return this.client !== null && !this.client.closed;
  }

  /**
   * Keepalive on the current connection: `active` when the daemon agreed to it (it then pings us when
   * we are silent, and we ping it), with the pings and pongs heard from it. For diagnostics and tests.
   */
  get keepalive(): { active: boolean; pingsReceived: number; pongsReceived: number } {
    const c = this.client;
    return {
      active: c?.keepaliveActive ?? false,
      pingsReceived: c?.pingsReceived ?? 0,
      pongsReceived: c?.pongsReceived ?? 0,
    };
  }

  on<E extends EventName>(event: E, listener: LibvirtEvents[E]): this {
    this.emitter.on(event, listener);
    if (eventRegistrations[event] && !this.eventCallbacks.has(event) && !this.registering.has(event)) {
      this.registerEvent(event);
    }
    return this;
  }

  off<E extends EventName>(event: E, listener: LibvirtEvents[E]): this {
    this.emitter.off(event, listener);
    if (this.emitter.listenerCount(event) === 0) this.deregisterEvent(event);
    return this;
  }

  /** Resolves when every event subscribed with on() is registered with the daemon (events flow). */
  async eventsReady(): Promise<void> {
    await Promise.all([...this.registering.values()]);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const c = this.client;
    if (!c || c.closed) return;
    // libvirt 9.0 frees a closing client's event callbacks in one worker thread while another still runs
    // a deregister of the same client: a double free that crashed libvirtd (segfault in libvirt.so, seen
    // here after "could not find event callback … for deletion"). So the registrations and
    // deregistrations in flight are answered before CONNECT_CLOSE goes out (2 s at most).
    await Promise.race([
      Promise.all([...this.registering.values()]).then(() => Promise.all([...this.deregistering])),
      new Promise((r) => setTimeout(r, 2000).unref?.()),
    ]);
    try {
      await c.call(ConnectProc.CLOSE, undefined, getVoid, { timeoutMs: 2000 });
    } catch {
      // closing anyway
    }
    c.end();
  }

  // --- plumbing ---

  private async connect(): Promise<RpcClient> {
    const transport = await openTransport(this.parsed, { readOnly: this.opts.readOnly });
    let client!: RpcClient;
    client = new RpcClient(transport, {
      onEvent: (proc, r) => this.onEvent(proc, r),
      onClose: (err) => this.onClientClose(client, err),
      keepaliveIntervalMs: this.opts.keepaliveIntervalMs ?? 5000,
      keepaliveCount: this.opts.keepaliveCount ?? 5,
    });
    let keepalive = false;
    try {
      await this.authenticate(client);
      await client.call(
        ConnectProc.OPEN,
        (w) => {
          w.optString(this.parsed.daemonUri);
          w.uint(this.opts.readOnly ? ConnectFlags.RO : 0);
        },
        getVoid,
        { timeoutMs: 60000 },
      );
      keepalive = await this.advertiseKeepalive(client);
    } catch (err) {
      client.destroy();
      throw this.openError(err, transport as { sshStderr?: () => string });
    }
    // as libvirt's C client: ping only a daemon that speaks keepalive (another would never answer)
    if (keepalive) client.startKeepalive();
    return client;
  }

  /**
   * Tells the daemon we speak keepalive, as libvirt's C client does after opening: asking whether it
   * supports the keepalive program makes it start pinging us. False when it does not.
   */
  private async advertiseKeepalive(client: RpcClient): Promise<boolean> {
    try {
      return await client.call(
        ConnectProc.SUPPORTS_FEATURE,
        (w) => w.int(DrvFeature.PROGRAM_KEEPALIVE),
        getBool,
        { timeoutMs: 30000 },
      );
    } catch (err) {
      // a daemon that refuses the question is one without keepalive; a lost connection is a failed open
      if (err instanceof LibvirtError && err.kind === 'LIBVIRT') return false;
      throw err;
    }
  }

  private async authenticate(client: RpcClient): Promise<void> {
    const types = await client.call(ConnectProc.AUTH_LIST, undefined, (r) => r.array((x) => x.int(), 20), {
      timeoutMs: 30000,
    });
    if (types.length === 0 || types.includes(AuthType.NONE)) return;
    if (types.includes(AuthType.POLKIT)) {
      try {
        await client.call(ConnectProc.AUTH_POLKIT, undefined, getBool, { timeoutMs: 60000 });
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new LibvirtError(
          'CONNECT',
          `libvirt refused access to ${this.uri} (${msg}): ${PERMISSION_HINT}.`,
          {
            code: ErrorCode.AUTH_FAILED,
            cause: err,
          },
        );
      }
      return;
    }
    const names = types.map((t) => authTypeNames[t] ?? `an unknown kind (${t})`).join(' or ');
    throw new LibvirtError(
      'CONNECT',
      `libvirt at ${this.uri} asks for ${names} authentication, which KVM Desk does not support ` +
        `(it supports none and polkit). ${AUTH_HINT}.`,
      { code: ErrorCode.AUTH_UNAVAILABLE },
    );
  }

  private openError(err: unknown, transport: { sshStderr?: () => string }): LibvirtError {
    const stderr = transport.sshStderr?.();
    if (stderr && err instanceof LibvirtError && err.kind === 'DISCONNECTED') {
      return new LibvirtError('CONNECT', `ssh to ${this.parsed.host} failed: ${stderr}`, {
        code: 85,
        cause: err,
      });
    }
    if (err instanceof LibvirtError) {
      if (
        err.kind === 'LIBVIRT' &&
        (err.code === ErrorCode.ACCESS_DENIED || err.code === ErrorCode.AUTH_FAILED)
      ) {
        return new LibvirtError('CONNECT', `${err.message}: ${PERMISSION_HINT}.`, {
          code: err.code,
          cause: err,
        });
      }
      return err;
    }
    return new LibvirtError('CONNECT', String(err));
  }

  private onClientClose(client: RpcClient, err: LibvirtError): void {
    if (client !== this.client) return;
    this.callbackEvents.clear();
    this.eventCallbacks.clear();
    if (this.closing) return;
    this.emit('disconnected', err);
    if (this.opts.reconnect !== false) void this.reconnectLoop();
  }

  private async reconnectLoop(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    try {
      for (let attempt = 0; !this.closing; attempt++) {
        await new Promise((r) =>
          setTimeout(r, RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]),
        );
        if (this.closing) return;
        let client: RpcClient;
        try {
          client = await this.connect();
        } catch {
          continue;
        }
        if (this.closing) {
          client.end();
          return;
        }
        this.client = client;
        this.registering.clear();
        for (const event of Object.keys(eventRegistrations) as EventName[]) {
          if (this.emitter.listenerCount(event) > 0) this.registerEvent(event);
        }
        await this.eventsReady();
        if (client.closed) continue; // lost again while re-registering: onClientClose starts over
        this.emit('reconnected');
        return;
      }
    } finally {
      this.reconnecting = false;
    }
  }

  /** The current client (the call families' streams use it); throws DISCONNECTED when there is none. */
  rpc(): RpcClient {
    const c = this.client;
    if (!c || c.closed) {
      throw this.closing
        ? LibvirtError.disconnected('The connection was closed.')
        : LibvirtError.disconnected('Not connected to libvirt (reconnecting).');
    }
    return c;
  }

  /** One call through the current client; a missing connection rejects at once with DISCONNECTED. */
  call<T>(proc: number, args: Encoder | undefined, ret: Decoder<T>, o?: CallOptions): Promise<T> {
    const c = this.client;
    if (!c || c.closed) {
      try {
        this.rpc();
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return (c as RpcClient).call(proc, args, ret, o);
  }

  // --- events ---

  private registerEvent(event: EventName): void {
    const reg = eventRegistrations[event];
    if (!reg) return;
    const client = this.client;
    if (!client || client.closed) return;
    const p = this.registerCall(client, reg.family, reg.id)
      .then((callbackId) => {
        if (client !== this.client) return;
        if (this.emitter.listenerCount(event) === 0) {
          void this.deregisterCallback(client, reg.family, callbackId);
          return;
        }
        this.callbackEvents.set(callbackKey(reg.family, callbackId), event);
        this.eventCallbacks.set(event, callbackId);
      })
      .catch(() => {
        // the connection dropped mid-registration: reconnect registers again
      })
      .finally(() => {
        if (this.registering.get(event) === p) this.registering.delete(event);
      });
    this.registering.set(event, p);
  }

  private registerCall(client: RpcClient, family: EventFamily, id: number): Promise<number> {
    const proc = EVENT_PROCS[family].register;
    // args: eventID, then an optional object to filter on (none: every object)
    return client.call(
      proc,
      (w) => {
        w.int(id);
        w.int(0);
      },
      (r) => r.int(),
    );
  }

  private deregisterEvent(event: EventName): void {
    const reg = eventRegistrations[event];
    const callbackId = this.eventCallbacks.get(event);
    if (!reg || callbackId === undefined) return;
    this.eventCallbacks.delete(event);
    this.callbackEvents.delete(callbackKey(reg.family, callbackId));
    const client = this.client;
    if (client && !client.closed) void this.deregisterCallback(client, reg.family, callbackId);
  }

  private deregisterCallback(client: RpcClient, family: EventFamily, callbackId: number): Promise<void> {
    const p = client
      .call(EVENT_PROCS[family].deregister, (w) => w.int(callbackId), getVoid)
      .catch(() => undefined);
    this.deregistering.add(p);
    void p.finally(() => this.deregistering.delete(p));
    return p;
  }

  /** a listener's bug must not cut the connection or stop the reconnecting: it is logged, not thrown */
  private emit(event: EventName, ...args: unknown[]): void {
    try {
      this.emitter.emit(event, ...args);
    } catch (err) {
      console.error(`libvirt ${event} listener failed:`, err);
    }
  }

  private onEvent(proc: number, r: XdrReader): void {
    const decode = eventDecoders[proc];
    if (!decode) return;
    const e = decode(r);
    const family = eventRegistrations[e.event]?.family;
    // a callback we no longer want
    if (!family || this.callbackEvents.get(callbackKey(family, e.callbackId)) !== e.event) return;
    this.emit(e.event, e.payload);
  }
}

// The call families' methods, declared here and put on the prototype below (non-enumerable, as class
// methods are); `implements LibvirtConnectionApi` checks the whole, `_context` that `this` fits them.
export interface LibvirtConnection
  extends ConnectCalls,
    DomainCalls,
    SnapshotCalls,
    StorageCalls,
    StatsCalls,
    NetworkCalls {}
for (const family of [connectCalls, domainCalls, snapshotCalls, storageCalls, statsCalls, networkCalls]) {
  for (const [name, method] of Object.entries(family)) {
    Object.defineProperty(LibvirtConnection.prototype, name, {
      value: method,
      writable: true,
      configurable: true,
    });
  }
}
const _context: CallContext = null as unknown as LibvirtConnection;
void _context;
