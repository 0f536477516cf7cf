// Opening a connection against a scripted daemon: the auth types a daemon may ask for (and the error
// naming the one we cannot do), and the keepalive advertisement libvirt's C client makes after opening.
import type { Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, type LibvirtConnection, openConnection } from '../../../main/libvirt/index.js';
import { type Call, frame, KEEPALIVE, PROG, peer, reply } from './scripted-peer.js';

const Proc = { OPEN: 1, CLOSE: 2, SUPPORTS_FEATURE: 60, AUTH_LIST: 66, AUTH_POLKIT: 70 };

interface Script {
  authTypes: number[];
  /** the answer to SUPPORTS_FEATURE: supported or not, or a libvirt error */
  keepalive: boolean | 'error';
  answerPings?: boolean;
}

const servers: Server[] = [];
const conns: LibvirtConnection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) await c.close();
  for (const s of servers.splice(0)) s.close();
});

async function daemon(script: Script) {
  const seen: Call[] = [];
  const features: number[] = [];
  const p = await peer((c, sock) => {
    seen.push(c);
    if (c.prog === KEEPALIVE) {
      if (c.proc === 1 && script.answerPings !== false) sock.write(frame(KEEPALIVE, 2, 2, 0, 0));
      return;
    }
    switch (c.proc) {
      case Proc.AUTH_LIST:
        sock.write(reply(c, (w) => w.array(script.authTypes, (x, t) => x.int(t))));
        break;
      case Proc.AUTH_POLKIT:
        sock.write(reply(c, (w) => w.int(1)));
        break;
      case Proc.SUPPORTS_FEATURE:
        features.push(c.body.int());
        if (script.keepalive === 'error') {
          // remote_error: VIR_ERR_NO_SUPPORT from the remote domain, then the optional fields all empty
          sock.write(
            frame(PROG, c.proc, 1, c.serial, 1, (w) => {
              w.int(ErrorCode.NO_SUPPORT).int(13).optString('this function is not supported').int(2);
              w.int(0).int(0).int(0).int(0).int(0).int(0).int(0);
            }),
          );
        } else {
          sock.write(reply(c, (w) => w.int(script.keepalive ? 1 : 0)));
        }
        break;
      default:
        sock.write(reply(c)); // OPEN, CLOSE: void replies
    }
  });
  servers.push(p.server);
  const procs = () => seen.filter((c) => c.prog === PROG).map((c) => c.proc);
  const keepalives = (proc: number) => seen.filter((c) => c.prog === KEEPALIVE && c.proc === proc).length;
  return {
    uri: `test+unix:///default?socket=${p.path}`,
    procs,
    pings: () => keepalives(1),
    pongs: () => keepalives(2),
    features,
    socks: p.socks,
  };
}

async function open(uri: string, keepaliveIntervalMs = 20) {
  const c = await openConnection(uri, { reconnect: false, keepaliveIntervalMs, keepaliveCount: 3 });
  conns.push(c);
  return c;
}

describe('auth types a daemon asks for', () => {
  it('refuses SASL with an error that names it and says what to do, before opening anything', async () => {
    const d = await daemon({ authTypes: [1], keepalive: true });
    const err = await open(d.uri).catch((e) => e);
    expect(err).toMatchObject({ kind: 'CONNECT', code: ErrorCode.AUTH_UNAVAILABLE });
    expect(err.message).toMatch(/asks for SASL authentication/);
    expect(err.message).toMatch(/qemu\+ssh:\/\/user@host\/system/);
    expect(err.message).toMatch(/auth_unix_rw = "polkit"/);
    expect(d.procs()).toEqual([Proc.AUTH_LIST]);
  });

  it('names an auth type it does not know by its number', async () => {
    const d = await daemon({ authTypes: [1, 7], keepalive: true });
    const err = await open(d.uri).catch((e) => e);
    expect(err.message).toMatch(/asks for SASL or an unknown kind \(7\) authentication/);
  });

  it('does polkit when the daemon asks for it, then opens', async () => {
    const d = await daemon({ authTypes: [2], keepalive: true });
    const c = await open(d.uri);
    expect(c.connected).toBe(true);
    expect(d.procs().slice(0, 3)).toEqual([Proc.AUTH_LIST, Proc.AUTH_POLKIT, Proc.OPEN]);
  });
});

describe('keepalive advertisement', () => {
  it('asks for the keepalive program (feature 10) after opening, then pings a silent daemon', async () => {
    const d = await daemon({ authTypes: [0], keepalive: true });
    const c = await open(d.uri);
    expect(d.procs()).toEqual([Proc.AUTH_LIST, Proc.OPEN, Proc.SUPPORTS_FEATURE]);
    expect(d.features).toEqual([10]);
    expect(c.keepalive.active).toBe(true);
    await expect.poll(() => c.keepalive.pongsReceived, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(c.connected).toBe(true);
  });

  it('answers the daemon pings it asked for', async () => {
    const d = await daemon({ authTypes: [0], keepalive: true });
    const c = await open(d.uri, 60_000);
    d.socks[0].write(frame(KEEPALIVE, 1, 2, 0, 0));
    await expect.poll(() => d.pongs()).toBe(1);
    expect(c.keepalive.pingsReceived).toBe(1);
  });

  it('never pings a daemon without keepalive (it would not answer), and keeps the connection', async () => {
    const d = await daemon({ authTypes: [0], keepalive: false, answerPings: false });
    const c = await open(d.uri);
    expect(c.keepalive.active).toBe(false);
    await new Promise((r) => setTimeout(r, 200)); // 10 keepalive intervals
    expect(d.pings()).toBe(0);
    expect(c.connected).toBe(true);
  });

  it('opens anyway when the daemon answers the feature question with an error', async () => {
    const d = await daemon({ authTypes: [0], keepalive: 'error', answerPings: false });
    const c = await open(d.uri);
    expect(c.connected).toBe(true);
    expect(c.keepalive.active).toBe(false);
  });
});
