// A local file as the source of an upload: 1 MiB reads (four libvirt stream packets each), several in
// flight at once, into a few buffers used over and over. fs.createReadStream keeps one read ahead, so
// each time the socket drained the upload waited for a thread-pool read to come back; and it reads into
// fresh memory each time, a page fault per 4 KiB. With reads queued ahead the next packets are in memory
// when the socket asks for them, and the upload hands each buffer back (recycle) once it is written.
import { open } from 'node:fs/promises';
import type { UploadSource } from '../../libvirt/streams';

export const READ_SIZE = 1 << 20;
/** reads in flight: 4 MiB ahead, as much as the client queues on the socket before waiting for a drain */
export const READS_AHEAD = 4;
/** buffers kept for reuse: those ahead, those queued on the socket, and some slack */
const KEEP = 12;

/**
 * The file's bytes from `start`, in chunks of READ_SIZE (the last shorter), in order, until the end of
 * the file; the file is closed when the loop over it ends, early or not. A chunk handed back with
 * recycle() is read into again: the caller must be done with it.
 */
export function fileChunks(path: string, start = 0): UploadSource & AsyncIterable<Buffer> {
  const free: Buffer[] = [];
  async function* chunks(): AsyncGenerator<Buffer> {
    const fh = await open(path, 'r');
    const queued: Promise<Buffer>[] = [];
    let next = start;
    let eof = false;
    const readAt = (pos: number) =>
      fh
        .read(free.pop() ?? Buffer.allocUnsafe(READ_SIZE), 0, READ_SIZE, pos)
        .then((r) => r.buffer.subarray(0, r.bytesRead));
    const topUp = () => {
      while (!eof && queued.length < READS_AHEAD) {
        const p = readAt(next);
        p.catch(() => undefined); // awaited in turn below; a failure before that is not unhandled
        queued.push(p);
        next += READ_SIZE;
      }
    };
    try {
      topUp();
      while (queued.length) {
        const chunk = await (queued.shift() as Promise<Buffer>);
        if (chunk.length < READ_SIZE) eof = true; // the reads queued past the end come back empty
        if (chunk.length) yield chunk;
        if (eof) break;
        topUp();
      }
    } finally {
      await Promise.allSettled(queued); // no read lands in a closed handle
      await fh.close();
    }
  }
  return {
    [Symbol.asyncIterator]: () => chunks(),
    recycle(b: Buffer) {
      // a full chunk is its whole buffer (allocUnsafe of 1 MiB is never a slice of node's pool)
      if (b.length === READ_SIZE && b.byteOffset === 0 && free.length < KEEP) free.push(b);
    },
  };
}
