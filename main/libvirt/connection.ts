// LibvirtConnection: the typed facade (facade.ts) over the RPC client. Owns the life of the connection:
// open (transport, auth, CONNECT_OPEN), event registration by callback id, and reconnecting with backoff
// when the daemon goes away (re-registering the event callbacks that have listeners).
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import { type CallOptions, RpcClient, type StreamSink } from './client.js';
import { ErrorCode, LibvirtError } from './errors.js';
import type {
  DhcpLease,
  DomainInfo,
  DomainRef,
  InterfaceAddress,
  LibvirtConnectionApi,
  LibvirtEvents,
  NetworkRef,
  NodeInfo,
  OpenOptions,
  PoolInfo,
  PoolRef,
  SnapshotRef,
  TypedParams,
  VolumeInfo,
  VolumeRef,
} from './facade.js';
import {
  type Decoder,
  type Encoder,
  getBool,
  getDomain,
  getNetwork,
  getPool,
  getSnapshot,
  getString,
  getTypedParams,
  getUhyper,
  getVoid,
  getVolume,
  putDomain,
  putNetwork,
  putPool,
  putSnapshot,
  putUuid,
  putVolume,
} from './protocol/common.js';
import { AuthType, ConnectFlags, ConnectProc, getMemoryStats, getNodeInfo } from './protocol/connect.js';
import { DomainProc, getDomainInfo, getInterface } from './protocol/domain.js';
import { type EventFamily, EventProc, eventDecoders, eventRegistrations } from './protocol/events.js';
import { getDhcpLease, NetworkProc } from './protocol/network.js';
import { SnapshotProc } from './protocol/snapshot.js';
import { getPoolInfo, getVolumeInfo, StorageProc } from './protocol/storage.js';
import { StreamProc } from './protocol/streams.js';
import { openTransport, type ParsedUri, parseUri } from './transport.js';
import type { XdrReader, XdrWriter } from './xdr.js';

type EventName = keyof LibvirtEvents;

const PERMISSION_HINT = 'add yourself to the libvirt group, or use qemu:///session';
const RECONNECT_DELAYS_MS = [100, 200, 400, 800, 1600, 3200, 5000];

const domArgs = (dom: DomainRef) => (w: XdrWriter) => putDomain(w, dom);
const domFlagsArgs = (dom: DomainRef, flags: number) => (w: XdrWriter) => {
  putDomain(w, dom);
  w.uint(flags);
};
const getDomainList: Decoder<DomainRef[]> = (r) => {
  const list = r.array(getDomain);
  r.uint();
  return list;
};

export class LibvirtConnection implements LibvirtConnectionApi {
  readonly uri: string;
  private readonly parsed: ParsedUri;
  private readonly opts: OpenOptions;
  private readonly emitter = new EventEmitter();
  private client: RpcClient | null = null;
  private closing = false;
  private reconnecting = false;
  /** callback id (of the current client) -> the facade event it feeds */
  private readonly callbackEvents = new Map<number, EventName>();
  /** facade event -> its callback id on the current client */
  private readonly eventCallbacks = new Map<EventName, number>();
  private readonly registering = new Map<EventName, Promise<void>>();

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
    } catch (err) {
      client.destroy();
      throw this.openError(err, transport as { sshStderr?: () => string });
    }
    client.startKeepalive();
    return client;
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
    const names = types.map((t) => (t === AuthType.SASL ? 'SASL' : `type ${t}`)).join(', ');
    throw new LibvirtError(
      'CONNECT',
      `libvirt at ${this.uri} asks for ${names} authentication, which KVM Desk does not support (it supports none and polkit).`,
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

  private rpc(): RpcClient {
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
        this.callbackEvents.set(callbackId, event);
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
    const proc =
      family === 'domain'
        ? EventProc.DOMAIN_CALLBACK_REGISTER_ANY
        : family === 'network'
          ? EventProc.NETWORK_REGISTER_ANY
          : EventProc.STORAGE_POOL_REGISTER_ANY;
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
    this.callbackEvents.delete(callbackId);
    const client = this.client;
    if (client && !client.closed) void this.deregisterCallback(client, reg.family, callbackId);
  }

  private deregisterCallback(client: RpcClient, family: EventFamily, callbackId: number): Promise<void> {
    const proc =
      family === 'domain'
        ? EventProc.DOMAIN_CALLBACK_DEREGISTER_ANY
        : family === 'network'
          ? EventProc.NETWORK_DEREGISTER_ANY
          : EventProc.STORAGE_POOL_DEREGISTER_ANY;
    return client.call(proc, (w) => w.int(callbackId), getVoid).catch(() => undefined);
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
    if (this.callbackEvents.get(e.callbackId) !== e.event) return; // a callback we no longer want
    this.emit(e.event, e.payload);
  }

  // --- streams ---

  /** Runs a read-stream procedure: the reply, then every data packet until the end; finishes the stream. */
  private async readStream<T>(
    proc: number,
    args: Encoder,
    ret: Decoder<T>,
    o?: CallOptions,
  ): Promise<{ reply: T; data: Buffer }> {
    const client = this.rpc();
    const chunks: Buffer[] = [];
    let done!: () => void;
    let failed!: (e: LibvirtError) => void;
    const ended = new Promise<void>((res, rej) => {
      done = res;
      failed = rej;
    });
    const sink: StreamSink = { data: (c) => chunks.push(c), end: () => done(), error: (e) => failed(e) };
    const { serial, reply } = client.callWithStream(proc, args, ret, sink);
    ended.catch(() => undefined);
    const work = (async () => {
      const value = await reply;
      await ended;
      // confirm the end as libvirt's client does (virStreamFinish); the daemon's answer needs no waiting
      client.setStreamSink(serial, { data: () => {}, end: () => {}, error: () => {} });
      client.sendStreamEnd(proc, serial);
      setTimeout(() => client.setStreamSink(serial, undefined), 30000).unref();
      return { reply: value, data: Buffer.concat(chunks) };
    })();
    return withTimeout(work, o?.timeoutMs, `stream ${proc}`, () => client.sendStreamEnd(proc, serial, true));
  }

  // --- connection ---

  getVersion(o?: CallOptions): Promise<bigint> {
    return this.call(ConnectProc.GET_VERSION, undefined, getUhyper, o);
  }
  getLibVersion(o?: CallOptions): Promise<bigint> {
    return this.call(ConnectProc.GET_LIB_VERSION, undefined, getUhyper, o);
  }
  getHostname(o?: CallOptions): Promise<string> {
    return this.call(ConnectProc.GET_HOSTNAME, undefined, getString, o);
  }
  getCapabilities(o?: CallOptions): Promise<string> {
    return this.call(ConnectProc.GET_CAPABILITIES, undefined, getString, o);
  }
  getDomainCapabilities(
    args: { emulator?: string; arch?: string; machine?: string; virttype?: string },
    o?: CallOptions,
  ): Promise<string> {
    return this.call(
      ConnectProc.GET_DOMAIN_CAPABILITIES,
      (w) => {
        w.optString(args.emulator);
        w.optString(args.arch);
        w.optString(args.machine);
        w.optString(args.virttype);
        w.uint(0);
      },
      getString,
      o,
    );
  }
  nodeGetInfo(o?: CallOptions): Promise<NodeInfo> {
    return this.call(ConnectProc.NODE_GET_INFO, undefined, getNodeInfo, o);
  }
  nodeGetFreeMemory(o?: CallOptions): Promise<bigint> {
    return this.call(ConnectProc.NODE_GET_FREE_MEMORY, undefined, getUhyper, o);
  }
  async nodeGetMemoryStats(o?: CallOptions): Promise<Record<string, bigint>> {
    // libvirt's two-step: ask how many fields there are, then ask for them (cell -1: all cells)
    const args = (n: number) => (w: XdrWriter) => {
      w.int(n);
      w.int(-1);
      w.uint(0);
    };
    const count = await this.call(
      ConnectProc.NODE_GET_MEMORY_STATS,
      args(0),
      (r) => {
        r.array((x) => [x.string(), x.uhyper()]);
        return r.int();
      },
      o,
    );
    return this.call(ConnectProc.NODE_GET_MEMORY_STATS, args(count), getMemoryStats, o);
  }

  // --- domains ---

  listAllDomains(flags = 0, o?: CallOptions): Promise<DomainRef[]> {
    return this.call(
      DomainProc.LIST_ALL,
      (w) => {
        w.int(1);
        w.uint(flags);
      },
      getDomainList,
      o,
    );
  }
  lookupDomainByUuid(uuid: string, o?: CallOptions): Promise<DomainRef> {
    return this.call(DomainProc.LOOKUP_BY_UUID, (w) => putUuid(w, uuid), getDomain, o);
  }
  lookupDomainByName(name: string, o?: CallOptions): Promise<DomainRef> {
    return this.call(DomainProc.LOOKUP_BY_NAME, (w) => w.string(name), getDomain, o);
  }
  domainGetXML(dom: DomainRef, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(DomainProc.GET_XML_DESC, domFlagsArgs(dom, flags), getString, o);
  }
  domainDefineXML(xml: string, flags = 0, o?: CallOptions): Promise<DomainRef> {
    return this.call(
      DomainProc.DEFINE_XML_FLAGS,
      (w) => {
        w.string(xml);
        w.uint(flags);
      },
      getDomain,
      o,
    );
  }
  domainUndefine(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.UNDEFINE_FLAGS, domFlagsArgs(dom, flags), getVoid, o);
  }
  async domainCreate(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    await this.call(DomainProc.CREATE_WITH_FLAGS, domFlagsArgs(dom, flags), getDomain, o);
  }
  domainCreateXML(xml: string, flags = 0, o?: CallOptions): Promise<DomainRef> {
    return this.call(
      DomainProc.CREATE_XML,
      (w) => {
        w.string(xml);
        w.uint(flags);
      },
      getDomain,
      o,
    );
  }
  domainShutdown(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.SHUTDOWN_FLAGS, domFlagsArgs(dom, flags), getVoid, o);
  }
  domainDestroy(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.DESTROY_FLAGS, domFlagsArgs(dom, flags), getVoid, o);
  }
  domainReboot(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.REBOOT, domFlagsArgs(dom, flags), getVoid, o);
  }
  domainReset(dom: DomainRef, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.RESET, domFlagsArgs(dom, 0), getVoid, o);
  }
  domainSuspend(dom: DomainRef, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.SUSPEND, domArgs(dom), getVoid, o);
  }
  domainResume(dom: DomainRef, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.RESUME, domArgs(dom), getVoid, o);
  }
  domainManagedSave(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.MANAGED_SAVE, domFlagsArgs(dom, flags), getVoid, o);
  }
  domainManagedSaveRemove(dom: DomainRef, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.MANAGED_SAVE_REMOVE, domFlagsArgs(dom, 0), getVoid, o);
  }
  domainHasManagedSaveImage(dom: DomainRef, o?: CallOptions): Promise<boolean> {
    return this.call(DomainProc.HAS_MANAGED_SAVE_IMAGE, domFlagsArgs(dom, 0), getBool, o);
  }
  domainGetState(dom: DomainRef, o?: CallOptions): Promise<{ state: number; reason: number }> {
    return this.call(
      DomainProc.GET_STATE,
      domFlagsArgs(dom, 0),
      (r) => ({ state: r.int(), reason: r.int() }),
      o,
    );
  }
  domainGetInfo(dom: DomainRef, o?: CallOptions): Promise<DomainInfo> {
    return this.call(DomainProc.GET_INFO, domArgs(dom), getDomainInfo, o);
  }
  domainIsActive(dom: DomainRef, o?: CallOptions): Promise<boolean> {
    return this.call(DomainProc.IS_ACTIVE, domArgs(dom), getBool, o);
  }
  domainIsPersistent(dom: DomainRef, o?: CallOptions): Promise<boolean> {
    return this.call(DomainProc.IS_PERSISTENT, domArgs(dom), getBool, o);
  }
  domainGetAutostart(dom: DomainRef, o?: CallOptions): Promise<boolean> {
    return this.call(DomainProc.GET_AUTOSTART, domArgs(dom), getBool, o);
  }
  domainSetAutostart(dom: DomainRef, autostart: boolean, o?: CallOptions): Promise<void> {
    return this.call(
      DomainProc.SET_AUTOSTART,
      (w) => {
        putDomain(w, dom);
        w.int(autostart ? 1 : 0);
      },
      getVoid,
      o,
    );
  }
  domainSendKey(
    dom: DomainRef,
    codeset: number,
    holdtimeMs: number,
    keycodes: number[],
    o?: CallOptions,
  ): Promise<void> {
    return this.call(
      DomainProc.SEND_KEY,
      (w) => {
        putDomain(w, dom);
        w.uint(codeset);
        w.uint(holdtimeMs);
        w.array(keycodes, (x, k) => x.uint(k));
        w.uint(0);
      },
      getVoid,
      o,
    );
  }
  private deviceCall(
    proc: number,
    dom: DomainRef,
    xml: string,
    flags: number,
    o?: CallOptions,
  ): Promise<void> {
    return this.call(
      proc,
      (w) => {
        putDomain(w, dom);
        w.string(xml);
        w.uint(flags);
      },
      getVoid,
      o,
    );
  }
  domainAttachDevice(dom: DomainRef, xml: string, flags = 0, o?: CallOptions): Promise<void> {
    return this.deviceCall(DomainProc.ATTACH_DEVICE_FLAGS, dom, xml, flags, o);
  }
  domainDetachDevice(dom: DomainRef, xml: string, flags = 0, o?: CallOptions): Promise<void> {
    return this.deviceCall(DomainProc.DETACH_DEVICE_FLAGS, dom, xml, flags, o);
  }
  domainUpdateDevice(dom: DomainRef, xml: string, flags = 0, o?: CallOptions): Promise<void> {
    return this.deviceCall(DomainProc.UPDATE_DEVICE_FLAGS, dom, xml, flags, o);
  }
  domainInterfaceAddresses(dom: DomainRef, source: number, o?: CallOptions): Promise<InterfaceAddress[]> {
    return this.call(
      DomainProc.INTERFACE_ADDRESSES,
      (w) => {
        putDomain(w, dom);
        w.uint(source);
        w.uint(0);
      },
      (r) => r.array(getInterface),
      o,
    );
  }
  getAllDomainStats(
    stats: number,
    flags = 0,
    o?: CallOptions,
  ): Promise<{ dom: DomainRef; params: TypedParams }[]> {
    return this.call(
      DomainProc.GET_ALL_DOMAIN_STATS,
      (w) => {
        w.uint(0); // no domain list: every domain (filtered by flags)
        w.uint(stats);
        w.uint(flags);
      },
      (r) => r.array((x) => ({ dom: getDomain(x), params: getTypedParams(x) })),
      o,
    );
  }
  domainSetMetadata(
    dom: DomainRef,
    type: number,
    metadata: string | undefined,
    key?: string,
    uri?: string,
    flags = 0,
    o?: CallOptions,
  ): Promise<void> {
    return this.call(
      DomainProc.SET_METADATA,
      (w) => {
        putDomain(w, dom);
        w.int(type);
        w.optString(metadata);
        w.optString(key);
        w.optString(uri);
        w.uint(flags);
      },
      getVoid,
      o,
    );
  }
  domainGetMetadata(dom: DomainRef, type: number, uri?: string, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(
      DomainProc.GET_METADATA,
      (w) => {
        putDomain(w, dom);
        w.int(type);
        w.optString(uri);
        w.uint(flags);
      },
      getString,
      o,
    );
  }
  async domainScreenshot(
    dom: DomainRef,
    screen = 0,
    o?: CallOptions,
  ): Promise<{ mime: string; data: Buffer }> {
    const { reply, data } = await this.readStream(
      StreamProc.DOMAIN_SCREENSHOT,
      (w) => {
        putDomain(w, dom);
        w.uint(screen);
        w.uint(0);
      },
      (r) => r.optString(),
      o,
    );
    return { mime: reply ?? 'application/octet-stream', data };
  }

  async domainOpenConsole(dom: DomainRef, devName?: string, flags = 0): Promise<Duplex> {
    const client = this.rpc();
    const proc = StreamProc.DOMAIN_OPEN_CONSOLE;
    let finished = false;
    const stream: Duplex = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        client.sendStreamData(proc, serial, chunk).then(() => cb(), cb);
      },
      final(cb) {
        finished = true;
        client.sendStreamEnd(proc, serial);
        cb();
      },
      destroy(err, cb) {
        if (!finished) client.sendStreamEnd(proc, serial, true);
        finished = true;
        cb(err);
      },
    });
    const sink: StreamSink = {
      data: (c) => stream.push(c),
      end: () => {
        finished = true;
        stream.push(null);
      },
      error: (e) => {
        finished = true;
        stream.destroy(e);
      },
    };
    const { serial, reply } = client.callWithStream(
      proc,
      (w) => {
        putDomain(w, dom);
        w.optString(devName);
        w.uint(flags);
      },
      getVoid,
      sink,
    );
    await reply;
    return stream;
  }

  // --- snapshots ---

  snapshotCreateXML(dom: DomainRef, xml: string, flags = 0, o?: CallOptions): Promise<SnapshotRef> {
    return this.call(
      SnapshotProc.CREATE_XML,
      (w) => {
        putDomain(w, dom);
        w.string(xml);
        w.uint(flags);
      },
      getSnapshot,
      o,
    );
  }
  listAllSnapshots(dom: DomainRef, flags = 0, o?: CallOptions): Promise<SnapshotRef[]> {
    return this.call(
      SnapshotProc.LIST_ALL,
      (w) => {
        putDomain(w, dom);
        w.int(1);
        w.uint(flags);
      },
      (r) => {
        const list = r.array(getSnapshot);
        r.int();
        return list;
      },
      o,
    );
  }
  snapshotGetXML(snap: SnapshotRef, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(SnapshotProc.GET_XML_DESC, snapArgs(snap, flags), getString, o);
  }
  async snapshotCurrent(dom: DomainRef, o?: CallOptions): Promise<SnapshotRef | undefined> {
    try {
      return await this.call(SnapshotProc.CURRENT, domFlagsArgs(dom, 0), getSnapshot, o);
    } catch (err) {
      if (err instanceof LibvirtError && err.code === ErrorCode.NO_DOMAIN_SNAPSHOT) return undefined;
      throw err;
    }
  }
  snapshotRevert(snap: SnapshotRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(SnapshotProc.REVERT, snapArgs(snap, flags), getVoid, o);
  }
  snapshotDelete(snap: SnapshotRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(SnapshotProc.DELETE, snapArgs(snap, flags), getVoid, o);
  }

  // --- storage ---

  listAllStoragePools(flags = 0, o?: CallOptions): Promise<PoolRef[]> {
    return this.call(StorageProc.LIST_ALL_POOLS, listArgs(flags), listOf(getPool), o);
  }
  lookupStoragePoolByName(name: string, o?: CallOptions): Promise<PoolRef> {
    return this.call(StorageProc.POOL_LOOKUP_BY_NAME, (w) => w.string(name), getPool, o);
  }
  storagePoolGetXML(pool: PoolRef, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(StorageProc.POOL_GET_XML_DESC, poolFlagsArgs(pool, flags), getString, o);
  }
  storagePoolDefineXML(xml: string, flags = 0, o?: CallOptions): Promise<PoolRef> {
    return this.call(StorageProc.POOL_DEFINE_XML, xmlFlagsArgs(xml, flags), getPool, o);
  }
  storagePoolCreate(pool: PoolRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_CREATE, poolFlagsArgs(pool, flags), getVoid, o);
  }
  storagePoolBuild(pool: PoolRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_BUILD, poolFlagsArgs(pool, flags), getVoid, o);
  }
  storagePoolDestroy(pool: PoolRef, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_DESTROY, (w) => putPool(w, pool), getVoid, o);
  }
  storagePoolUndefine(pool: PoolRef, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_UNDEFINE, (w) => putPool(w, pool), getVoid, o);
  }
  storagePoolRefresh(pool: PoolRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_REFRESH, poolFlagsArgs(pool, flags), getVoid, o);
  }
  storagePoolSetAutostart(pool: PoolRef, autostart: boolean, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_SET_AUTOSTART, poolFlagsArgs(pool, autostart ? 1 : 0), getVoid, o);
  }
  storagePoolGetAutostart(pool: PoolRef, o?: CallOptions): Promise<boolean> {
    return this.call(StorageProc.POOL_GET_AUTOSTART, (w) => putPool(w, pool), getBool, o);
  }
  storagePoolGetInfo(pool: PoolRef, o?: CallOptions): Promise<PoolInfo> {
    return this.call(StorageProc.POOL_GET_INFO, (w) => putPool(w, pool), getPoolInfo, o);
  }
  storagePoolIsActive(pool: PoolRef, o?: CallOptions): Promise<boolean> {
    return this.call(StorageProc.POOL_IS_ACTIVE, (w) => putPool(w, pool), getBool, o);
  }
  listAllVolumes(pool: PoolRef, flags = 0, o?: CallOptions): Promise<VolumeRef[]> {
    return this.call(
      StorageProc.POOL_LIST_ALL_VOLUMES,
      (w) => {
        putPool(w, pool);
        w.int(1);
        w.uint(flags);
      },
      listOf(getVolume),
      o,
    );
  }
  lookupVolumeByPath(path: string, o?: CallOptions): Promise<VolumeRef> {
    return this.call(StorageProc.VOL_LOOKUP_BY_PATH, (w) => w.string(path), getVolume, o);
  }
  lookupVolumeByName(pool: PoolRef, name: string, o?: CallOptions): Promise<VolumeRef> {
    return this.call(
      StorageProc.VOL_LOOKUP_BY_NAME,
      (w) => {
        putPool(w, pool);
        w.string(name);
      },
      getVolume,
      o,
    );
  }
  volumeGetXML(vol: VolumeRef, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(StorageProc.VOL_GET_XML_DESC, volFlagsArgs(vol, flags), getString, o);
  }
  volumeGetInfo(vol: VolumeRef, o?: CallOptions): Promise<VolumeInfo> {
    return this.call(StorageProc.VOL_GET_INFO, (w) => putVolume(w, vol), getVolumeInfo, o);
  }
  volumeGetPath(vol: VolumeRef, o?: CallOptions): Promise<string> {
    return this.call(StorageProc.VOL_GET_PATH, (w) => putVolume(w, vol), getString, o);
  }
  volumeCreateXML(pool: PoolRef, xml: string, flags = 0, o?: CallOptions): Promise<VolumeRef> {
    return this.call(
      StorageProc.VOL_CREATE_XML,
      (w) => {
        putPool(w, pool);
        w.string(xml);
        w.uint(flags);
      },
      getVolume,
      o,
    );
  }
  volumeCreateXMLFrom(
    pool: PoolRef,
    xml: string,
    clonevol: VolumeRef,
    flags = 0,
    o?: CallOptions,
  ): Promise<VolumeRef> {
    return this.call(
      StorageProc.VOL_CREATE_XML_FROM,
      (w) => {
        putPool(w, pool);
        w.string(xml);
        putVolume(w, clonevol);
        w.uint(flags);
      },
      getVolume,
      o,
    );
  }
  volumeDelete(vol: VolumeRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.VOL_DELETE, volFlagsArgs(vol, flags), getVoid, o);
  }
  volumeResize(vol: VolumeRef, capacity: bigint, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(
      StorageProc.VOL_RESIZE,
      (w) => {
        putVolume(w, vol);
        w.uhyper(capacity);
        w.uint(flags);
      },
      getVoid,
      o,
    );
  }
  async volumeUpload(vol: VolumeRef, data: Buffer, offset = 0n, o?: CallOptions): Promise<void> {
    const client = this.rpc();
    const proc = StreamProc.STORAGE_VOL_UPLOAD;
    let done!: () => void;
    let failed!: (e: LibvirtError) => void;
    let serverError: LibvirtError | undefined;
    const ended = new Promise<void>((res, rej) => {
      done = res;
      failed = rej;
    });
    ended.catch(() => undefined);
    const sink: StreamSink = {
      data: () => {},
      end: () => done(),
      error: (e) => {
        serverError = e;
        failed(e);
      },
    };
    const { serial, reply } = client.callWithStream(
      proc,
      (w) => {
        putVolume(w, vol);
        w.uhyper(offset);
        w.uhyper(BigInt(data.length));
        w.uint(0);
      },
      getVoid,
      sink,
    );
    const work = (async () => {
      await reply;
      await client.sendStreamData(proc, serial, data);
      if (serverError) throw serverError;
      client.sendStreamEnd(proc, serial);
      await ended; // the daemon confirms the end once the data is written
    })();
    return withTimeout(work, o?.timeoutMs, 'the upload', () => client.sendStreamEnd(proc, serial, true));
  }
  async volumeDownload(vol: VolumeRef, offset = 0n, length = 0n, o?: CallOptions): Promise<Buffer> {
    const { data } = await this.readStream(
      StreamProc.STORAGE_VOL_DOWNLOAD,
      (w) => {
        putVolume(w, vol);
        w.uhyper(offset);
        w.uhyper(length);
        w.uint(0);
      },
      getVoid,
      o,
    );
    return data;
  }

  // --- networks ---

  listAllNetworks(flags = 0, o?: CallOptions): Promise<NetworkRef[]> {
    return this.call(NetworkProc.LIST_ALL, listArgs(flags), listOf(getNetwork), o);
  }
  lookupNetworkByName(name: string, o?: CallOptions): Promise<NetworkRef> {
    return this.call(NetworkProc.LOOKUP_BY_NAME, (w) => w.string(name), getNetwork, o);
  }
  networkGetXML(net: NetworkRef, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(
      NetworkProc.GET_XML_DESC,
      (w) => {
        putNetwork(w, net);
        w.uint(flags);
      },
      getString,
      o,
    );
  }
  networkDefineXML(xml: string, o?: CallOptions): Promise<NetworkRef> {
    return this.call(NetworkProc.DEFINE_XML, (w) => w.string(xml), getNetwork, o);
  }
  networkCreate(net: NetworkRef, o?: CallOptions): Promise<void> {
    return this.call(NetworkProc.CREATE, (w) => putNetwork(w, net), getVoid, o);
  }
  networkDestroy(net: NetworkRef, o?: CallOptions): Promise<void> {
    return this.call(NetworkProc.DESTROY, (w) => putNetwork(w, net), getVoid, o);
  }
  networkUndefine(net: NetworkRef, o?: CallOptions): Promise<void> {
    return this.call(NetworkProc.UNDEFINE, (w) => putNetwork(w, net), getVoid, o);
  }
  networkIsActive(net: NetworkRef, o?: CallOptions): Promise<boolean> {
    return this.call(NetworkProc.IS_ACTIVE, (w) => putNetwork(w, net), getBool, o);
  }
  networkGetAutostart(net: NetworkRef, o?: CallOptions): Promise<boolean> {
    return this.call(NetworkProc.GET_AUTOSTART, (w) => putNetwork(w, net), getBool, o);
  }
  networkSetAutostart(net: NetworkRef, autostart: boolean, o?: CallOptions): Promise<void> {
    return this.call(
      NetworkProc.SET_AUTOSTART,
      (w) => {
        putNetwork(w, net);
        w.int(autostart ? 1 : 0);
      },
      getVoid,
      o,
    );
  }
  networkGetDhcpLeases(net: NetworkRef, mac?: string, o?: CallOptions): Promise<DhcpLease[]> {
    return this.call(
      NetworkProc.GET_DHCP_LEASES,
      (w) => {
        putNetwork(w, net);
        w.optString(mac);
        w.int(1);
        w.uint(0);
      },
      (r) => {
        const leases = r.array(getDhcpLease);
        r.uint();
        return leases;
      },
      o,
    );
  }
}

const listArgs = (flags: number) => (w: XdrWriter) => {
  w.int(1); // need_results
  w.uint(flags);
};
const listOf =
  <T>(item: Decoder<T>): Decoder<T[]> =>
  (r) => {
    const list = r.array(item);
    r.uint();
    return list;
  };
const xmlFlagsArgs = (xml: string, flags: number) => (w: XdrWriter) => {
  w.string(xml);
  w.uint(flags);
};
const poolFlagsArgs = (pool: PoolRef, flags: number) => (w: XdrWriter) => {
  putPool(w, pool);
  w.uint(flags);
};
const volFlagsArgs = (vol: VolumeRef, flags: number) => (w: XdrWriter) => {
  putVolume(w, vol);
  w.uint(flags);
};
const snapArgs = (snap: SnapshotRef, flags: number) => (w: XdrWriter) => {
  putSnapshot(w, snap);
  w.uint(flags);
};

function withTimeout<T>(
  work: Promise<T>,
  ms: number | undefined,
  what: string,
  onTimeout: () => void,
): Promise<T> {
  if (!ms || ms <= 0) return work;
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => {
      onTimeout();
      reject(LibvirtError.timeout(what, ms));
    }, ms);
    work.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
