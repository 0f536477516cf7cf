// Splits a byte stream into libvirt RPC packets: a 4-byte big-endian length (counting itself), then the
// packet. Packets that arrive whole inside one chunk are handed on as views of that chunk (no copy); a
// packet split across chunks is assembled once into a buffer of its exact size.
import { HEADER_SIZE, MESSAGE_MAX } from './protocol/common.js';

export class FramingError extends Error {
  override name = 'FramingError';
}

/**
 * A transport that hands each read to one receiver as a view into a buffer it reuses, instead of emitting
 * 'data' with a new buffer (transport.ts's unix socket). The view is valid only during the receiver's call:
 * FrameDecoder copies what it keeps (a split packet), and packets handed on must be read at once.
 */
export interface DirectReads {
  setReceiver(onChunk: (chunk: Buffer) => void): void;
}

export function hasDirectReads(t: object): t is DirectReads {
  return typeof (t as Partial<DirectReads>).setReceiver === 'function';
}

/** Called for each packet with the buffer and the packet's bounds (after the length word). */
export type PacketHandler = (buf: Buffer, start: number, end: number) => void;

export class FrameDecoder {
  private head: Buffer | null = null; // fewer than 4 bytes of a length word
  private big: Buffer | null = null; // a packet being assembled
  private fill = 0;
  private stopped = false;

  constructor(
    private readonly onPacket: PacketHandler,
    private readonly maxPacket = MESSAGE_MAX + 4,
  ) {}

  /** stop handing out packets (the connection is closing); later pushes are ignored */
  stop(): void {
    this.stopped = true;
    this.head = null;
    this.big = null;
  }

  /** Throws FramingError on a length libvirt would never send; the caller must drop the connection. */
  push(chunk: Buffer): void {
    if (this.stopped) return;
    let off = 0;
    if (this.big) {
      const big = this.big;
      const n = Math.min(chunk.length, big.length - this.fill);
      chunk.copy(big, this.fill, 0, n);
      this.fill += n;
      off = n;
      if (this.fill < big.length) return;
      this.big = null;
      this.onPacket(big, 4, big.length);
    } else if (this.head) {
      chunk = Buffer.concat([this.head, chunk]);
      this.head = null;
    }
    while (off < chunk.length && !this.stopped) {
      const avail = chunk.length - off;
      if (avail < 4) {
        this.head = Buffer.from(chunk.subarray(off));
        return;
      }
      const len = chunk.readUInt32BE(off);
      if (len < 4 + HEADER_SIZE || len > this.maxPacket) {
        throw new FramingError(
          len > this.maxPacket
            ? `libvirt sent a packet of ${len} bytes, over the ${this.maxPacket}-byte limit`
            : `libvirt sent a packet of ${len} bytes, too short for a header`,
        );
      }
      if (avail >= len) {
        this.onPacket(chunk, off + 4, off + len);
        off += len;
        continue;
      }
      const big = Buffer.allocUnsafe(len);
      chunk.copy(big, 0, off);
      this.big = big;
      this.fill = avail;
      return;
    }
  }
}
