// Helpers for stream procedures (screenshots, volume transfers): read a whole stream, bound it in time.
import type { CallOptions, StreamSink } from '../client.js';
import { LibvirtError } from '../errors.js';
import type { Decoder, Encoder } from '../protocol/common.js';
import type { CallContext } from './context.js';

/** Runs a read-stream procedure: the reply, then every data packet until the end; finishes the stream. */
export async function readStream<T>(
  ctx: CallContext,
  proc: number,
  args: Encoder,
  ret: Decoder<T>,
  o?: CallOptions,
): Promise<{ reply: T; data: Buffer }> {
  const client = ctx.rpc();
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

export function withTimeout<T>(
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
