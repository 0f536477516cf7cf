// Just enough of the RFB protocol (RFC 6143) to prove a console stream reaches a real VNC server:
// version, security "None", init, and one framebuffer update.
import WebSocket from 'ws';

/** Reads bytes from a WebSocket as a stream. */
export class Reader {
  // chunks as they came; joined only as far as a read needs (frames are megabytes: no quadratic copying)
  private chunks: Buffer[] = [];
  private queued = 0;
  private wake?: () => void;
  bytes = 0;
  constructor(ws: WebSocket) {
    ws.on('message', (d: Buffer) => {
      this.bytes += d.length;
      this.queued += d.length;
      this.chunks.push(d);
      this.wake?.();
    });
  }
  async read(n: number): Promise<Buffer> {
    while (this.queued < n) await new Promise<void>((r) => (this.wake = r));
    const parts: Buffer[] = [];
    let need = n;
    while (need > 0) {
      const c = this.chunks[0];
      if (c.length <= need) {
        parts.push(c);
        this.chunks.shift();
        need -= c.length;
      } else {
        parts.push(c.subarray(0, need));
        this.chunks[0] = c.subarray(need);
        need = 0;
      }
    }
    this.queued -= n;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, n);
  }
  /** skips n bytes without copying them */
  async skip(n: number): Promise<void> {
    while (n > 0) {
      while (this.queued === 0) await new Promise<void>((r) => (this.wake = r));
      const c = this.chunks[0];
      const take = Math.min(c.length, n);
      if (take === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(take);
      this.queued -= take;
      n -= take;
    }
  }
}

export interface RfbSession {
  ws: WebSocket;
  version: string;
  width: number;
  height: number;
  name: string;
  reader: Reader;
}

export function openWs(
  url: string,
  protocols: string[] = [],
  headers: Record<string, string> = {},
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { perMessageDeflate: false, headers });
    // the server may speak first in the same packet as the upgrade: buffer from the start
    (ws as WebSocket & { reader?: Reader }).reader = new Reader(ws);
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

export async function rfbHandshake(
  url: string,
  protocols: string[] = [],
  timeoutMs = 20_000,
  headers: Record<string, string> = {},
): Promise<RfbSession> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the RFB handshake did not finish in time')), timeoutMs);
  });
  try {
    return await Promise.race([handshake(url, protocols, headers), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function handshake(
  url: string,
  protocols: string[],
  headers: Record<string, string>,
): Promise<RfbSession> {
  const ws = await openWs(url, protocols, headers);
  const reader = (ws as WebSocket & { reader: Reader }).reader;
  const version = (await reader.read(12)).toString();
  if (!version.startsWith('RFB ')) throw new Error(`not an RFB server: ${JSON.stringify(version)}`);
  ws.send(Buffer.from('RFB 003.008\n'));
  const count = (await reader.read(1))[0];
  const types = [...(await reader.read(count))];
  if (!types.includes(1)) throw new Error(`the server offers no "None" security: ${types}`);
  ws.send(Buffer.from([1]));
  const result = (await reader.read(4)).readUInt32BE(0);
  if (result !== 0) throw new Error(`security failed (${result})`);
  ws.send(Buffer.from([1])); // shared
  const init = await reader.read(24);
  const name = (await reader.read(init.readUInt32BE(20))).toString();
  return { ws, version, width: init.readUInt16BE(0), height: init.readUInt16BE(2), name, reader };
}

/** Asks for the whole screen and resolves with the byte count of the update's header and rectangles count. */
export async function requestFullUpdate(s: RfbSession): Promise<{ rects: number }> {
  const req = Buffer.alloc(10);
  req[0] = 3; // FramebufferUpdateRequest
  req[1] = 0; // not incremental
  req.writeUInt16BE(s.width, 6);
  req.writeUInt16BE(s.height, 8);
  s.ws.send(req);
  const head = await s.reader.read(4);
  if (head[0] !== 0) throw new Error(`expected a FramebufferUpdate, got message type ${head[0]}`);
  return { rects: head.readUInt16BE(2) };
}
