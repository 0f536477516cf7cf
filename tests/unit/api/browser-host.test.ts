// The browser shell answers only to the address it is bound to: a page on a foreign name that resolves
// to 127.0.0.1 (DNS rebinding) sends a matching Origin, but its Host gives it away.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Api } from '../../../main/api';
import { EventBus } from '../../../main/services/events';
import { allowedHosts } from '../../../main/shells/browser/security';
import { type BrowserShell, startBrowserShell } from '../../../main/shells/browser/server';

describe('allowedHosts', () => {
  it('on loopback: the bound address and the loopback names, with the port only', () => {
    const hosts = allowedHosts({ address: '127.0.0.1', port: 8390 }, '127.0.0.1', () => ['10.1.2.3']);
    expect([...hosts].sort()).toEqual(['127.0.0.1:8390', '[::1]:8390', 'localhost:8390']);
  });

  it('on one address: that address (and the name it was given), not loopback', () => {
    const hosts = allowedHosts({ address: '192.168.1.5', port: 9000 }, 'desk.lan');
    expect([...hosts].sort()).toEqual(['192.168.1.5:9000', 'desk.lan:9000']);
  });

  it('on every address: each local address, IPv6 in brackets', () => {
    const hosts = allowedHosts({ address: '::', port: 80 }, '::', () => ['10.1.2.3', 'fe80::1']);
    for (const h of ['[::]:80', '10.1.2.3:80', '10.1.2.3', '[fe80::1]:80', 'localhost:80', '127.0.0.1']) {
      expect(hosts.has(h), h).toBe(true);
    }
    expect(hosts.has('evil.example:80')).toBe(false);
  });
});

describe('the browser shell refuses a foreign Host', () => {
  let shell: BrowserShell | undefined;
  afterEach(async () => {
    await shell?.close();
    shell = undefined;
  });

  async function start() {
    const api: Api = { methods: [], call: async () => ({ ok: true, value: null }) };
    shell = await startBrowserShell({
      api,
      events: new EventBus(),
      statuses: () => [],
      token: 'secret',
      root: '/nonexistent',
      host: '127.0.0.1',
      port: 0,
    });
    return shell;
  }

  function wsStatus(port: number, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=secret`, { headers });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', reject);
    });
  }

  function httpStatus(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/?token=secret', headers: { Host: host } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('over WebSocket, even with the token and an Origin matching the forged Host', async () => {
    const { port } = await start();
    const forged = `rebound.example:${port}`;
    expect(await wsStatus(port, { Host: forged, Origin: `http://${forged}` })).toBe(421);
    expect(
      await wsStatus(port, { Host: `127.0.0.1:${port + 1}`, Origin: `http://127.0.0.1:${port + 1}` }),
    ).toBe(421);
    expect(await wsStatus(port, { Origin: `http://127.0.0.1:${port}` })).toBe(101);
    expect(await wsStatus(port, { Host: `localhost:${port}`, Origin: `http://localhost:${port}` })).toBe(101);
  });

  it('over HTTP', async () => {
    const { port } = await start();
    expect(await httpStatus(port, `rebound.example:${port}`)).toBe(421);
    // the right Host gets past the check (the interface is not built here: 404)
    expect(await httpStatus(port, `127.0.0.1:${port}`)).not.toBe(421);
  });
});

describe('two browser shells in one browser', () => {
  const shells: BrowserShell[] = [];
  afterEach(async () => {
    for (const s of shells.splice(0)) await s.close();
  });

  const start = async (token: string) => {
    const api: Api = { methods: [], call: async () => ({ ok: true, value: null }) };
    const s = await startBrowserShell({
      api,
      events: new EventBus(),
      statuses: () => [],
      token,
      root: '/nonexistent',
      host: '127.0.0.1',
      port: 0,
    });
    shells.push(s);
    return s;
  };

  /** a GET with these cookies; answers the status and the cookie the server set, if any */
  const get = (port: number, path: string, cookies: Map<string, string>) =>
    new Promise<{ status: number; set?: [string, string] }>((resolve, reject) => {
      const Cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const req = request({ host: '127.0.0.1', port, path, headers: Cookie ? { Cookie } : {} }, (res) => {
        res.resume();
        const raw = res.headers['set-cookie']?.[0]?.split(';')[0];
        const eq = raw?.indexOf('=') ?? -1;
        resolve({
          status: res.statusCode ?? 0,
          set: raw && eq > 0 ? [raw.slice(0, eq), raw.slice(eq + 1)] : undefined,
        });
      });
      req.on('error', reject);
      req.end();
    });

  it('each keeps its own token cookie: opening the second does not lock the first page out', async () => {
    const a = await start('token-a');
    const b = await start('token-b');
    // cookies belong to the host, whatever the port: one jar for both, as a browser has
    const jar = new Map<string, string>();
    for (const [s, token] of [
      [a, 'token-a'],
      [b, 'token-b'],
    ] as const) {
      const page = await get(s.port, `/?token=${token}`, jar);
      expect(page.set).toBeDefined();
      jar.set(...page.set!);
    }
    expect(jar.size).toBe(2);
    // the first page's later loads (a lazy chunk) carry only cookies: still let in
    expect((await get(a.port, '/assets/chunk.js', jar)).status).not.toBe(401);
    expect((await get(b.port, '/assets/chunk.js', jar)).status).not.toBe(401);
    expect((await get(a.port, '/assets/chunk.js', new Map())).status).toBe(401);
  });
});
