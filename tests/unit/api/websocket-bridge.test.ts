// The browser shell's server and the renderer's WebSocket bridge, talking for real over 127.0.0.1:
// calls answered by id, events pushed to every page, the token required, and a page told plainly when
// the server goes away.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Api } from '../../../main/api';
import { EventBus } from '../../../main/services/events';
import { type BrowserShell, startBrowserShell } from '../../../main/shells/browser/server';
import type { ConnectionStatus, Events } from '../../../preload/contract';
import { createWebSocketBridge } from '../../../renderer/bridge/websocket';

const STATUS: ConnectionStatus = { id: 'test:///default', uri: 'test:///default', state: 'connected' };
let shell: BrowserShell | undefined;
const events = new EventBus();

async function start(port = 0) {
  const api: Api = {
    methods: [],
    call: async (method, args) => ({ ok: true, value: { method, args } }),
  };
  shell = await startBrowserShell({
    api,
    events,
    statuses: () => [STATUS],
    token: 'secret',
    root: '/nonexistent',
    host: '127.0.0.1',
    port,
  });
  return shell;
}

function bridgeFor(s: BrowserShell, token = 'secret') {
  const location = { protocol: 'http:', host: `127.0.0.1:${s.port}`, search: `?token=${token}` };
  return createWebSocketBridge(location, WebSocket as unknown as typeof globalThis.WebSocket);
}

afterEach(async () => {
  await shell?.close();
  shell = undefined;
});

describe('the WebSocket bridge', () => {
  it('answers calls and delivers events, starting with where each connection stands', async () => {
    const s = await start();
    const bridge = bridgeFor(s);
    const seen: Events['connection'][] = [];
    bridge.on('connection', (c) => seen.push(c));
    const r = await bridge.call('vms.start', { connection: 'test:///default', uuid: 'u' });
    expect(r).toEqual({
      ok: true,
      value: { method: 'vms.start', args: { connection: 'test:///default', uuid: 'u' } },
    });
    await expect.poll(() => seen).toEqual([STATUS]);

    const removed: Events['vm.removed'][] = [];
    const off = bridge.on('vm.removed', (ref) => removed.push(ref));
    events.emit('vm.removed', { connection: 'test:///default', uuid: 'x' });
    await expect.poll(() => removed).toEqual([{ connection: 'test:///default', uuid: 'x' }]);
    off();
    events.emit('vm.removed', { connection: 'test:///default', uuid: 'y' });
    await bridge.call('app.snapshot', {}); // a round trip: the event, if still delivered, would be here by now
    expect(removed).toHaveLength(1);
  });

  it('says the server is gone, fails calls meanwhile, and recovers when it is back', async () => {
    const s = await start();
    const port = s.port;
    const bridge = bridgeFor(s);
    const seen: Events['connection'][] = [];
    bridge.on('connection', (c) => seen.push(c));
    await bridge.call('app.snapshot', {});
    await expect.poll(() => seen.length).toBe(1);
    await s.close();
    shell = undefined;
    await expect
      .poll(() => seen.at(-1))
      .toMatchObject({ state: 'disconnected', message: expect.stringMatching(/reconnecting/) });

    await start(port);
    await expect.poll(() => seen.at(-1), { timeout: 10_000 }).toEqual(STATUS);
    expect((await bridge.call('settings.get', {})).ok).toBe(true);
  });

  it('gets nothing without the token', async () => {
    const s = await start();
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api?token=nope`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
    const res = await fetch(`http://127.0.0.1:${s.port}/`);
    expect(res.status).toBe(401);
  });
});
