// The bridge against a small real TCP server standing in for a guest's VNC server.
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConsoleBridge } from '../../../main/services/console/bridge';
import { dialVnc } from '../../../main/services/console/dial';

const grant = { connection: 'qemu:///system', uuid: '11111111-2222-3333-4444-555555555555' };
let vnc: Server;
let bridge: ConsoleBridge;

beforeAll(async () => {
  // Speaks the first step of RFB, then echoes what the client sends.
  vnc = createServer((s) => {
    s.write('RFB 003.008\n');
    s.on('data', (d) => s.write(d));
  });
  vnc.listen(0, '127.0.0.1');
  await once(vnc, 'listening');
  const port = (vnc.address() as AddressInfo).port;
  bridge = new ConsoleBridge(() => dialVnc({ kind: 'tcp', host: '127.0.0.1', port }), { tokenTtlMs: 500 });
  await bridge.start();
});
afterAll(async () => {
  await bridge.stop();
  vnc.close();
});

/** Opens a WebSocket and resolves with the first message, or rejects with the HTTP status. */
function firstMessage(url: string): Promise<{ ws: WebSocket; data: Buffer }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('message', (data) => resolve({ ws, data: data as Buffer }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('the console bridge', () => {
  it('listens on loopback only', () => {
    expect(bridge.port).toBeGreaterThan(0);
    const addr = (bridge as unknown as { server: { address(): AddressInfo } }).server.address();
    expect(addr.address).toBe('127.0.0.1');
  });

  it('carries binary frames both ways with a valid token', async () => {
    const url = await bridge.sessionUrl(grant);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/console\?token=[\w-]{43}$/);
    const { ws, data } = await firstMessage(url);
    expect(data.toString()).toBe('RFB 003.008\n');
    const echoed = new Promise<Buffer>((r) => ws.once('message', (d) => r(d as Buffer)));
    ws.send(Buffer.from('RFB 003.008\n'));
    expect((await echoed).toString()).toBe('RFB 003.008\n');
    ws.close();
  });

  it('refuses a missing, wrong, reused or expired token with 401', async () => {
    const url = await bridge.sessionUrl(grant);
    const base = url.replace(/\?.*/, '');
    await expect(firstMessage(base)).rejects.toThrow('HTTP 401');
    await expect(firstMessage(`${url}x`)).rejects.toThrow('HTTP 401');
    await expect(firstMessage(url.replace('/console', '/other'))).rejects.toThrow('HTTP 401');
    const { ws } = await firstMessage(url); // wrong attempts do not burn the real token...
    ws.close();
    await expect(firstMessage(url)).rejects.toThrow('HTTP 401'); // ...but using it does
    const late = await bridge.sessionUrl(grant);
    await new Promise((r) => setTimeout(r, 600));
    await expect(firstMessage(late)).rejects.toThrow('HTTP 401');
  });

  it('answers 502 with the reason when the display cannot be reached', async () => {
    const closed = new ConsoleBridge(() => dialVnc({ kind: 'tcp', host: '127.0.0.1', port: 1 }));
    const url = await closed.sessionUrl(grant);
    await expect(firstMessage(url)).rejects.toThrow('HTTP 502');
    await closed.stop();
  });

  it('ends the browser side when the guest display goes away', async () => {
    const { ws } = await firstMessage(await bridge.sessionUrl(grant));
    const closed = once(ws, 'close');
    bridge.closeSessions((g) => g.uuid === grant.uuid);
    const [code] = await closed;
    expect(code).toBe(1001);
  });

  it('serves plain HTTP requests nothing', async () => {
    const sock = connect(bridge.port, '127.0.0.1');
    sock.write('GET /console HTTP/1.1\r\nHost: x\r\n\r\n');
    const [reply] = await once(sock, 'data');
    expect(String(reply)).toMatch(/^HTTP\/1.1 404/);
    sock.destroy();
  });
});

describe("the bridge behind another server's upgrades (the browser shell's port)", () => {
  it('takes /console upgrades with the same single-use token rules, without listening itself', async () => {
    const vncPort = (vnc.address() as AddressInfo).port;
    const own = new ConsoleBridge(() => dialVnc({ kind: 'tcp', host: '127.0.0.1', port: vncPort }));
    const http = createHttpServer((_q, res) => res.writeHead(404).end());
    http.on('upgrade', (req, socket, head) => own.handleUpgrade(req, socket, head));
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const at = (path: string) => `ws://127.0.0.1:${(http.address() as AddressInfo).port}${path}`;
    try {
      const path = own.sessionPath(grant);
      expect(path).toMatch(/^\/console\?token=[\w-]{43}$/);
      expect(own.port).toBe(0); // no loopback port was opened for it
      await expect(firstMessage(at('/console'))).rejects.toThrow('HTTP 401');
      await expect(firstMessage(at('/console?token=wrong'))).rejects.toThrow('HTTP 401');
      await expect(firstMessage(at(path.replace('/console', '/other')))).rejects.toThrow('HTTP 401');
      const { ws, data } = await firstMessage(at(path));
      expect(data.toString()).toBe('RFB 003.008\n');
      ws.close();
      await expect(firstMessage(at(path))).rejects.toThrow('HTTP 401');
      // a token another bridge issued means nothing here
      const other = new URL(await bridge.sessionUrl(grant));
      const fromOtherBridge = `${other.pathname}${other.search}`;
      await expect(firstMessage(at(fromOtherBridge))).rejects.toThrow('HTTP 401');
    } finally {
      http.close();
      await own.stop();
    }
  });
});
