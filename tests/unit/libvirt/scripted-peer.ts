// A scripted libvirt peer on a real unix socket, for unit tests of the RPC engine and the connection:
// every packet the client sends is decoded and handed to the script, which answers with frame().
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameDecoder } from '../../../main/libvirt/framing.js';
import { XdrReader, XdrWriter } from '../../../main/libvirt/xdr.js';

export const PROG = 0x20008086;
export const KEEPALIVE = 0x6b656570;

export interface Call {
  prog: number;
  proc: number;
  type: number;
  serial: number;
  status: number;
  body: XdrReader;
}

export function frame(
  prog: number,
  proc: number,
  type: number,
  serial: number,
  status: number,
  body?: (w: XdrWriter) => void,
) {
  const w = new XdrWriter();
  w.uint(0).uint(prog).uint(1).int(proc).int(type).uint(serial).int(status);
  body?.(w);
  w.buf.writeUInt32BE(w.pos, 0);
  return Buffer.from(w.view());
}

/** The reply (status OK) to a call, with its body. */
export const reply = (c: Call, body?: (w: XdrWriter) => void) => frame(PROG, c.proc, 1, c.serial, 0, body);

export async function peer(
  onCall: (c: Call, sock: Socket) => void,
): Promise<{ server: Server; path: string; socks: Socket[] }> {
  const path = join(mkdtempSync(join(tmpdir(), 'kvmdesk-test-rpc-')), 'sock');
  const socks: Socket[] = [];
  const server = createServer((sock) => {
    socks.push(sock);
    const d = new FrameDecoder((buf, start, end) => {
      onCall(
        {
          prog: buf.readUInt32BE(start),
          proc: buf.readInt32BE(start + 8),
          type: buf.readInt32BE(start + 12),
          serial: buf.readUInt32BE(start + 16),
          status: buf.readInt32BE(start + 20),
          body: new XdrReader(Buffer.from(buf.subarray(start + 24, end))),
        },
        sock,
      );
    });
    sock.on('data', (c) => d.push(c));
    sock.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(path, r));
  return { server, path, socks };
}
