// The RPC engine against a scripted peer on a real unix socket: replies out of order, errors, timeouts,
// keepalive, a peer that vanishes, and packets no libvirt would send.
import type { Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcClient } from '../../../main/libvirt/client.js';
import { LibvirtError } from '../../../main/libvirt/errors.js';
import { connectUnix } from '../../../main/libvirt/transport.js';
import { type Call, frame, KEEPALIVE, PROG, peer } from './scripted-peer.js';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function setup(onCall: (c: Call, sock: Socket) => void, opts = {}) {
  const p = await peer(onCall);
  servers.push(p.server);
  const sock = await connectUnix(p.path, { uri: 'test', path: '/' });
  const closed: LibvirtError[] = [];
  const client = new RpcClient(sock, { onClose: (e) => closed.push(e), ...opts });
  return { client, closed, ...p };
}

const echoInt = (c: Call) => c.body.int();

describe('RpcClient', () => {
  it('matches replies to calls by serial when the daemon answers out of order', async () => {
    const held: Call[] = [];
    const { client } = await setup((c, sock) => {
      held.push(c);
      if (held.length === 50) {
        for (const h of held.reverse()) {
          const v = echoInt(h);
          sock.write(frame(PROG, h.proc, 1, h.serial, 0, (w) => w.int(v * 2)));
        }
      }
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        client.call(
          4,
          (w) => w.int(i),
          (r) => r.int(),
        ),
      ),
    );
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
    client.end();
  });

  it('turns an error reply into a LibvirtError with libvirt numbers', async () => {
    const { client } = await setup((c, sock) => {
      sock.write(
        frame(PROG, c.proc, 1, c.serial, 1, (w) => {
          w.int(42)
            .int(10)
            .optString('Domain not found')
            .int(2)
            .int(0)
            .int(0)
            .int(0)
            .int(0)
            .int(0)
            .int(0)
            .int(0);
        }),
      );
    });
    const err = await client
      .call(
        23,
        (w) => w.string('x'),
        () => 0,
      )
      .catch((e) => e);
    expect(err).toMatchObject({ kind: 'LIBVIRT', code: 42, domain: 10, message: 'Domain not found' });
    client.end();
  });

  it('reads replies larger than its read buffer, and many replies in one read, intact', async () => {
    // the unix socket reads into one reused 64 KiB buffer: nothing decoded may still point into it
    const text = (n: number) =>
      `${n}:`.padEnd(n === 0 ? 200_000 : 300 + n, String.fromCharCode(97 + (n % 26)));
    const held: Call[] = [];
    const { client } = await setup((c, sock) => {
      held.push(c);
      if (held.length < 40) return;
      const replies = held.map((h) => {
        const n = h.body.int();
        return frame(PROG, h.proc, 1, h.serial, 0, (w) => w.string(text(n)));
      });
      sock.write(Buffer.concat(replies)); // coalesced: one write of ~215 KB
    });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        client.call(
          59,
          (w) => w.int(i),
          (r) => r.string(),
        ),
      ),
    );
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => text(i)));
    client.end();
  });

  it('keeps what the socket read before the client took it over', async () => {
    const p = await peer(() => {});
    servers.push(p.server);
    const sock = await connectUnix(p.path, { uri: 'test', path: '/' });
    await expect.poll(() => p.socks.length).toBe(1);
    p.socks[0].write(frame(KEEPALIVE, 1, 2, 0, 0)); // a ping, before any RpcClient listens
    await new Promise((r) => setTimeout(r, 50));
    const client = new RpcClient(sock);
    expect(client.pingsReceived).toBe(1);
    client.end();
  });

  it('rejects a call with TIMEOUT when the daemon does not answer in time, and keeps working', async () => {
    const { client } = await setup((c, sock) => {
      if (c.proc === 4) sock.write(frame(PROG, 4, 1, c.serial, 0, (w) => w.uhyper(7n)));
    });
    const err = await client.call(5, undefined, () => 0, { timeoutMs: 50 }).catch((e) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err.kind).toBe('TIMEOUT');
    expect(await client.call(4, undefined, (r) => r.uhyper())).toBe(7n);
    client.end();
  });

  it('answers keepalive pings with pongs', async () => {
    const pongs: Call[] = [];
    const { client, socks } = await setup((c) => {
      if (c.prog === KEEPALIVE) pongs.push(c);
    });
    await new Promise((r) => setTimeout(r, 20));
    socks[0].write(frame(KEEPALIVE, 1, 2, 0, 0));
    await expect.poll(() => pongs.length).toBe(1);
    expect(pongs[0]).toMatchObject({ prog: KEEPALIVE, proc: 2, type: 2 });
    client.end();
  });

  it('drops a peer that stops answering keepalive pings and fails its calls', async () => {
    const { client, closed } = await setup(() => {});
    client.startKeepalive(20, 2);
    const err = await client.call(4, undefined, () => 0).catch((e) => e);
    expect(err.kind).toBe('DISCONNECTED');
    expect(closed[0].message).toMatch(/stopped answering/);
  });

  it('rejects every pending call with DISCONNECTED at once when the daemon goes away', async () => {
    let seen = 0;
    const { client, socks } = await setup(() => {
      seen++;
    });
    const calls = Array.from({ length: 10 }, () => client.call(4, undefined, () => 0).catch((e) => e));
    await expect.poll(() => seen).toBe(10);
    const t0 = Date.now();
    socks[0].destroy();
    const errs = await Promise.all(calls);
    expect(Date.now() - t0).toBeLessThan(1000);
    for (const e of errs) expect(e.kind).toBe('DISCONNECTED');
    expect(client.closed).toBe(true);
    expect((await client.call(4, undefined, () => 0).catch((e) => e)).kind).toBe('DISCONNECTED');
  });

  it('closes the connection with a PROTOCOL error on an oversized packet, without crashing', async () => {
    const { client, closed } = await setup((c, sock) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(64 * 1024 * 1024);
      sock.write(len);
      void c;
    });
    const err = await client.call(4, undefined, () => 0).catch((e) => e);
    expect(err.kind).toBe('DISCONNECTED');
    expect(closed[0].kind).toBe('PROTOCOL');
    expect(closed[0].message).toMatch(/over the .* limit/);
  });

  it('rejects a call whose reply cannot be decoded, and survives garbage events', async () => {
    const { client } = await setup((c, sock) => {
      sock.write(frame(PROG, 318, 2, 0, 0, (w) => w.int(1))); // a truncated event
      sock.write(frame(PROG, c.proc, 1, c.serial, 0, (w) => w.uint(1000))); // a string that is not there
    });
    const err = await client.call(59, undefined, (r) => r.string()).catch((e) => e);
    expect(err.kind).toBe('PROTOCOL');
    expect(client.closed).toBe(false);
    client.end();
  });
});
