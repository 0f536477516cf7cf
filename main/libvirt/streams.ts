// Data streams with flow control (volume upload and download, and any other @writestream/@readstream
// procedure): bytes go from a source to libvirt, or from libvirt to a sink, without ever holding the whole
// transfer in memory. Upload sends a 256 KiB CONTINUE packet only when the socket has drained (the daemon
// stops reading when its disk is slower: that backpressure reaches the source). Download stops reading the
// socket while the sink is over its high-water mark and goes on when it drains. The RPC client (client.ts)
// frames and routes packets; this file decides when to send and when to read. Knows nothing of the app.
import type { Writable } from 'node:stream';
import type { RpcClient, StreamSink } from './client.js';
import { LibvirtError } from './errors.js';
import type { Decoder, Encoder } from './protocol/common.js';
import { STREAM_CHUNK } from './protocol/common.js';

export interface TransferOptions {
  /** aborting sends libvirt a stream abort (the daemon drops what it had not written) */
  signal?: AbortSignal;
  /** bytes so far, called at most once per packet */
  onProgress?: (bytes: number) => void;
}

function aborted(signal: AbortSignal | undefined): LibvirtError | undefined {
  if (!signal?.aborted) return undefined;
  const reason = signal.reason;
  return reason instanceof LibvirtError
    ? reason
    : new LibvirtError('LIBVIRT', reason instanceof Error ? reason.message : 'The transfer was cancelled.', {
        code: 1,
        cause: reason,
      });
}

/** Splits chunks into packets of at most STREAM_CHUNK bytes (views, no copies). */
function* packets(chunk: Buffer): Generator<Buffer> {
  for (let off = 0; off < chunk.length; off += STREAM_CHUNK) {
    yield chunk.subarray(off, Math.min(off + STREAM_CHUNK, chunk.length));
  }
}

/**
 * What an upload reads from. A source that can take its buffers back (recycle) gets each one again once
 * the socket has written it: a file source then reads into a few buffers over and over instead of a
 * fresh one per read (fresh memory costs a page fault per 4 KiB: a third of the client's CPU per upload).
 */
export type UploadSource = (AsyncIterable<Buffer> | Iterable<Buffer>) & { recycle?: (b: Buffer) => void };

/**
 * A write-stream procedure: the call, then every chunk of `source`, then the end; resolves when the daemon
 * confirms that everything was written. Any failure (ours, the source's, the daemon's) aborts the stream.
 */
export async function uploadFrom<T>(
  client: RpcClient,
  proc: number,
  args: Encoder,
  ret: Decoder<T>,
  source: UploadSource,
  o: TransferOptions = {},
): Promise<number> {
  const recycle = source.recycle?.bind(source);
  let serverError: LibvirtError | undefined;
  let done!: () => void;
  let failed!: (e: LibvirtError) => void;
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
  const { serial, reply } = client.callWithStream(proc, args, ret, sink);
  let sent = 0;
  try {
    await reply;
    for await (const chunk of source) {
      for (const packet of packets(chunk)) {
        const stop = serverError ?? aborted(o.signal);
        if (stop) throw stop;
        const last = packet.byteOffset + packet.length === chunk.byteOffset + chunk.length;
        await client.sendStreamData(proc, serial, packet, last && recycle ? () => recycle(chunk) : undefined);
        sent += packet.length;
      }
      o.onProgress?.(sent);
    }
    const stop = serverError ?? aborted(o.signal);
    if (stop) throw stop;
    client.sendStreamEnd(proc, serial);
    await ended; // the daemon confirms the end once the data is on its disk
    return sent;
  } catch (err) {
    if (!serverError) {
      client.setStreamSink(serial, undefined);
      client.sendStreamEnd(proc, serial, true);
    }
    throw err;
  }
}

/**
 * A read-stream procedure into `dest`: the call, then every data packet written to it; the socket stops
 * being read while `dest` is full. Resolves with the byte count once the data has ended and `dest` is
 * finished (its 'finish': the bytes were handed to the file). `dest` is not destroyed on failure.
 */
export async function downloadTo<T>(
  client: RpcClient,
  proc: number,
  args: Encoder,
  ret: Decoder<T>,
  dest: Writable,
  o: TransferOptions = {},
): Promise<number> {
  let received = 0;
  let paused = false;
  let done!: () => void;
  let failed!: (e: Error) => void;
  const ended = new Promise<void>((res, rej) => {
    done = res;
    failed = rej;
  });
  ended.catch(() => undefined);
  const onDrain = () => {
    if (paused) {
      paused = false;
      client.setReading(true);
    }
  };
  dest.on('drain', onDrain);
  const onDestError = (e: Error) => failed(e);
  dest.on('error', onDestError);
  const sink: StreamSink = {
    data: (chunk) => {
      received += chunk.length;
      o.onProgress?.(received);
      if (!dest.write(chunk) && !paused) {
        paused = true;
        client.setReading(false);
      }
    },
    end: () => done(),
    error: (e) => failed(e),
  };
  const { serial, reply } = client.callWithStream(proc, args, ret, sink);
  const onAbort = () => failed(aborted(o.signal) ?? new Error('cancelled'));
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await reply;
    await ended;
    // confirm the end as libvirt's client does (virStreamFinish); its answer needs no waiting
    client.setStreamSink(serial, { data: () => {}, end: () => {}, error: () => {} });
    client.sendStreamEnd(proc, serial);
    setTimeout(() => client.setStreamSink(serial, undefined), 30000).unref();
    await new Promise<void>((res, rej) => {
      dest.once('error', rej);
      dest.end(res);
    });
    return received;
  } catch (err) {
    client.setStreamSink(serial, undefined);
    client.sendStreamEnd(proc, serial, true);
    throw err;
  } finally {
    if (paused) client.setReading(true);
    dest.off('drain', onDrain);
    dest.off('error', onDestError);
    o.signal?.removeEventListener('abort', onAbort);
  }
}
