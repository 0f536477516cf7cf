// The RPC engine over one transport: frames calls, matches replies by serial (many calls in flight at
// once), routes events and stream packets, answers and sends keepalive pings, and fails every pending call
// at once when the transport goes away. Knows procedure numbers only as numbers.
import type { Duplex } from 'node:stream';
import { decodeRemoteError, LibvirtError } from './errors.js';
import { FrameDecoder, hasDirectReads } from './framing.js';
import {
  type Decoder,
  type Encoder,
  HEADER_SIZE,
  KEEPALIVE_PROGRAM,
  KEEPALIVE_PROTOCOL_VERSION,
  KeepaliveProc,
  MESSAGE_MAX,
  MessageStatus,
  MessageType,
  REMOTE_PROGRAM,
  REMOTE_PROTOCOL_VERSION,
  STREAM_CHUNK,
} from './protocol/common.js';
import { XdrReader, XdrWriter } from './xdr.js';

export interface RpcClientOptions {
  /** an event message (type MESSAGE) from the remote program */
  onEvent?: (proc: number, r: XdrReader) => void;
  /** the transport is gone; called once, after every pending call has been rejected */
  onClose?: (err: LibvirtError) => void;
  keepaliveIntervalMs?: number;
  keepaliveCount?: number;
}

export interface CallOptions {
  timeoutMs?: number;
}

/** Receives the STREAM packets that follow a stream procedure's reply. */
export interface StreamSink {
  data(chunk: Buffer): void;
  end(): void;
  error(err: LibvirtError): void;
}

interface Pending {
  proc: number;
  decode: Decoder<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: LibvirtError) => void;
  timer?: NodeJS.Timeout;
}

const settled = Promise.resolve();
const WRITER_KEEP = 1 << 20;
const STREAM_WINDOW = 4 << 20; // bytes of stream data queued in the transport before we wait for a drain // give back the batch buffer when a big message made it grow past this

export class RpcClient {
  private serial = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly streams = new Map<number, StreamSink>();
  private readonly out = new XdrWriter(64 * 1024);
  private flushQueued = false;
  private readonly decoder: FrameDecoder;
  private keepaliveTimer?: NodeJS.Timeout;
  private heardFromPeer = true;
  private missedPings = 0;
  private closedWith: LibvirtError | null = null;
  /** keepalive messages heard from the peer (for diagnostics and tests) */
  pingsReceived = 0;
  pongsReceived = 0;

  constructor(
    private readonly transport: Duplex,
    private readonly opts: RpcClientOptions = {},
  ) {
    this.decoder = new FrameDecoder(this.onPacket);
    const onChunk = (chunk: Buffer) => {
      try {
        this.decoder.push(chunk);
      } catch (err) {
        this.fail(new LibvirtError('PROTOCOL', (err as Error).message, { cause: err }));
      }
    };
    // a unix socket hands us views into its one read buffer: nothing below keeps a view past the packet
    if (hasDirectReads(transport)) transport.setReceiver(onChunk);
    else transport.on('data', onChunk);
    transport.on('error', (err) => this.fail(LibvirtError.disconnected(describeTransportError(err), err)));
    transport.on('close', () => this.fail(LibvirtError.disconnected()));
    transport.on('end', () => this.fail(LibvirtError.disconnected()));
  }

  get closed(): boolean {
    return this.closedWith !== null;
  }

  /** whether startKeepalive() runs (we ping a silent peer and drop it when it stops answering) */
  get keepaliveActive(): boolean {
    return this.keepaliveTimer !== undefined && !this.closed;
  }

  /** Start sending pings when the peer has been silent for an interval; drop it after `count` misses. */
  startKeepalive(
    intervalMs = this.opts.keepaliveIntervalMs ?? 5000,
    count = this.opts.keepaliveCount ?? 5,
  ): void {
    if (intervalMs <= 0 || this.closed) return;
    clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = setInterval(() => {
      if (this.heardFromPeer) {
        this.heardFromPeer = false;
        this.missedPings = 0;
        return;
      }
      if (this.missedPings >= count) {
        this.fail(
          LibvirtError.disconnected(`libvirt stopped answering (no reply to ${count} keepalive pings).`),
        );
        return;
      }
      this.missedPings++;
      this.sendKeepalive(KeepaliveProc.PING);
    }, intervalMs);
    this.keepaliveTimer.unref();
  }

  call<T>(proc: number, args: Encoder | undefined, ret: Decoder<T>, o?: CallOptions): Promise<T> {
    return this.start(proc, args, ret, o, undefined);
  }

  /**
   * A call whose reply is followed by STREAM packets; `sink` is attached before the call is sent so no
   * packet can slip past. Resolves with the reply; the sink then receives the data.
   */
  callWithStream<T>(
    proc: number,
    args: Encoder | undefined,
    ret: Decoder<T>,
    sink: StreamSink,
  ): {
    serial: number;
    reply: Promise<T>;
  } {
    const serial = this.nextSerial();
    this.streams.set(serial, sink);
    const reply = this.start(proc, args, ret, undefined, serial);
    reply.catch(() => this.streams.delete(serial));
    return { serial, reply };
  }

  /**
   * Sends stream data (CONTINUE packets of at most 256 KiB). The payload is written as it is, after its
   * header (no copy); `data` must not change until the transport has written it. Up to STREAM_WINDOW bytes
   * may wait in the transport before we wait for a drain: waiting after every packet let the socket run
   * dry between packets (0.8x virsh's upload throughput). `written` is called once the transport has
   * written all of `data` (or failed to): from then on its memory may be reused.
   */
  async sendStreamData(proc: number, serial: number, data: Buffer, written?: () => void): Promise<void> {
    for (let off = 0; off < data.length; off += STREAM_CHUNK) {
      this.throwIfClosed();
      const chunk = data.subarray(off, Math.min(off + STREAM_CHUNK, data.length));
      this.streamFrame(proc, serial, MessageStatus.CONTINUE);
      this.out.buf.writeUInt32BE(this.out.pos - this.frameStart + chunk.length, this.frameStart);
      this.flush();
      // writes complete in order: the last packet's callback means all of data is out
      this.transport.write(chunk, off + STREAM_CHUNK >= data.length ? written : undefined);
      if (this.transport.writableLength > STREAM_WINDOW) await this.drained();
    }
  }

  /** Sends the end of a stream (status OK) or an abort (status ERROR with no payload). */
  sendStreamEnd(proc: number, serial: number, abort = false): void {
    if (this.closed) return;
    this.streamFrame(proc, serial, abort ? MessageStatus.ERROR : MessageStatus.OK);
    this.endFrame();
    this.queueFlush();
  }

  private streamFrame(proc: number, serial: number, status: number): void {
    this.frame(REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, proc, MessageType.STREAM, serial, status);
  }

  /** Stop (false) or go on (true) reading the transport: a stream's slow consumer pushes back on the daemon. */
  setReading(on: boolean): void {
    if (on) this.transport.resume();
    else this.transport.pause();
  }

  /** Replace the sink of a stream (e.g. to swallow the server's confirmation of our finish). */
  setStreamSink(serial: number, sink: StreamSink | undefined): void {
    if (sink) this.streams.set(serial, sink);
    else this.streams.delete(serial);
  }

  /** Close the transport after what is queued has been written. Pending calls fail with DISCONNECTED. */
  end(): void {
    if (this.closed) return;
    this.flush();
    this.transport.end();
    this.fail(LibvirtError.disconnected('The connection was closed.'), false);
    setTimeout(() => this.transport.destroy(), 1000).unref();
  }

  /** Drop the transport now. */
  destroy(err: LibvirtError = LibvirtError.disconnected('The connection was closed.')): void {
    this.fail(err);
  }

  // --- sending ---

  private nextSerial(): number {
    this.serial = (this.serial + 1) >>> 0;
    if (this.serial === 0) this.serial = 1;
    return this.serial;
  }

  private start<T>(
    proc: number,
    args: Encoder | undefined,
    ret: Decoder<T>,
    o: CallOptions | undefined,
    presetSerial: number | undefined,
  ): Promise<T> {
    if (this.closedWith) return Promise.reject(LibvirtError.disconnected(this.closedWith.message));
    const serial = presetSerial ?? this.nextSerial();
    const mark = this.out.pos;
    try {
      this.frame(REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, proc, MessageType.CALL, serial, MessageStatus.OK);
      if (args) args(this.out);
      this.endFrame();
    } catch (err) {
      this.out.pos = mark; // drop the half-written call; calls queued before it stay
      return Promise.reject(
        err instanceof LibvirtError
          ? err
          : new LibvirtError('LIBVIRT', `Cannot encode the call: ${(err as Error).message}`, {
              code: 8,
              cause: err,
            }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { proc, decode: ret, resolve: resolve as (v: unknown) => void, reject };
      if (o?.timeoutMs !== undefined && o.timeoutMs > 0) {
        const ms = o.timeoutMs;
        p.timer = setTimeout(() => {
          this.pending.delete(serial);
          reject(LibvirtError.timeout(`call ${proc}`, ms));
        }, ms);
      }
      this.pending.set(serial, p);
      this.queueFlush();
    });
  }

  private frameStart = 0;

  private frame(
    prog: number,
    vers: number,
    proc: number,
    type: number,
    serial: number,
    status: number,
  ): void {
    this.frameStart = this.out.pos;
    this.out.uint(0); // length, patched by endFrame
    this.out.uint(prog).uint(vers).int(proc).int(type).uint(serial).int(status);
  }

  private endFrame(): void {
    const len = this.out.pos - this.frameStart;
    if (len > MESSAGE_MAX + 4) {
      this.out.pos = this.frameStart;
      const why = `The call is too large for libvirt (${len} bytes, limit ${MESSAGE_MAX}).`;
      throw new LibvirtError('LIBVIRT', why, { code: 8 });
    }
    this.out.buf.writeUInt32BE(len, this.frameStart);
  }

  // Calls made in one turn go out in one write, after it: a reaction on a settled promise, as queueMicrotask
  // makes an AsyncResource and a bound function for every call (~300 bytes, ~0.5 µs)
  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    void settled.then(this.flushNow);
  }

  private readonly flushNow = () => this.flush();

  /** Writes everything batched so far in one write; returns false when the transport wants a drain. */
  private flush(): boolean {
    this.flushQueued = false;
    if (this.out.pos === 0 || this.closedWith) {
      this.out.reset();
      return true;
    }
    const bytes = Buffer.from(this.out.view());
    this.out.reset();
    if (this.out.buf.length > WRITER_KEEP) this.out.buf = Buffer.allocUnsafe(64 * 1024);
    return this.transport.write(bytes);
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        this.transport.off('close', onClose);
        resolve();
      };
      const onClose = () => {
        this.transport.off('drain', onDrain);
        reject(LibvirtError.disconnected());
      };
      this.transport.once('drain', onDrain);
      this.transport.once('close', onClose);
    });
  }

  private sendKeepalive(proc: number): void {
    if (this.closed) return;
    this.frame(KEEPALIVE_PROGRAM, KEEPALIVE_PROTOCOL_VERSION, proc, MessageType.MESSAGE, 0, MessageStatus.OK);
    this.endFrame();
    this.queueFlush();
  }

  private throwIfClosed(): void {
    if (this.closedWith) throw LibvirtError.disconnected(this.closedWith.message);
  }

  // --- receiving ---

  private readonly onPacket = (buf: Buffer, start: number, end: number): void => {
    this.heardFromPeer = true;
    const prog = buf.readUInt32BE(start);
    const proc = buf.readInt32BE(start + 8);
    const type = buf.readInt32BE(start + 12);
    const serial = buf.readUInt32BE(start + 16);
    const status = buf.readInt32BE(start + 20);
    const r = new XdrReader(buf, start + HEADER_SIZE, end);

    if (prog === KEEPALIVE_PROGRAM) {
      if (proc === KeepaliveProc.PING) {
        this.pingsReceived++;
        this.sendKeepalive(KeepaliveProc.PONG);
      } else if (proc === KeepaliveProc.PONG) {
        this.pongsReceived++;
      }
      return;
    }
    if (prog !== REMOTE_PROGRAM) return; // another program's packet: nothing of ours

    if (type === MessageType.REPLY || type === MessageType.REPLY_WITH_FDS) {
      const p = this.pending.get(serial);
      if (!p) return; // timed out earlier: the late answer is dropped
      this.pending.delete(serial);
      if (p.timer) clearTimeout(p.timer);
      if (type === MessageType.REPLY_WITH_FDS) r.uint(); // fd count; fds never travel over our transports
      this.settle(p, status, r);
    } else if (type === MessageType.MESSAGE) {
      if (!this.opts.onEvent) return;
      try {
        this.opts.onEvent(proc, r);
      } catch {
        // a malformed or unknown event must not take the connection down; it is skipped
      }
    } else if (type === MessageType.STREAM) {
      const sink = this.streams.get(serial);
      if (!sink) return;
      if (status === MessageStatus.CONTINUE && end > start + HEADER_SIZE) {
        sink.data(Buffer.from(buf.subarray(start + HEADER_SIZE, end)));
      } else if (status === MessageStatus.CONTINUE) {
        // libvirt marks the end of data it sends with an empty CONTINUE packet; the reader then finishes
        this.streams.delete(serial);
        sink.end();
      } else if (status === MessageStatus.OK) {
        this.streams.delete(serial);
        sink.end();
      } else {
        this.streams.delete(serial);
        sink.error(this.decodeError(r));
      }
    }
  };

  private settle(p: Pending, status: number, r: XdrReader): void {
    if (status === MessageStatus.OK) {
      let value: unknown;
      try {
        value = p.decode(r);
      } catch (err) {
        const why = `Cannot read libvirt's answer to call ${p.proc}: ${(err as Error).message}`;
        p.reject(new LibvirtError('PROTOCOL', why, { cause: err }));
        return;
      }
      p.resolve(value);
    } else {
      p.reject(this.decodeError(r));
    }
  }

  private decodeError(r: XdrReader): LibvirtError {
    try {
      return decodeRemoteError(r);
    } catch (err) {
      return new LibvirtError('PROTOCOL', 'libvirt sent an error that cannot be read.', { cause: err });
    }
  }

  /** Tear down once: stop reading, reject everything pending, tell the owner. */
  private fail(err: LibvirtError, destroyTransport = true): void {
    if (this.closedWith) return;
    this.closedWith = err;
    clearInterval(this.keepaliveTimer);
    this.decoder.stop();
    this.out.reset();
    if (destroyTransport && !this.transport.destroyed) this.transport.destroy();
    const calls = [...this.pending.values()];
    this.pending.clear();
    const sinks = [...this.streams.values()];
    this.streams.clear();
    const callErr = err.kind === 'DISCONNECTED' ? err : LibvirtError.disconnected(err.message, err);
    for (const p of calls) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(callErr);
    }
    for (const s of sinks) s.error(callErr);
    this.opts.onClose?.(err);
  }
}

function describeTransportError(err: Error & { code?: string }): string {
  if (err.code === 'EPIPE' || err.code === 'ECONNRESET') return 'libvirt closed the connection.';
  return `The connection to libvirt failed: ${err.message}`;
}
