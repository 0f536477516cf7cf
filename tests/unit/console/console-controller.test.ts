import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult, EventName, Events, KvmBridge } from '../../../preload/contract';
import {
  ConsoleController,
  type ConsoleStatus,
  consoleSocketUrl,
  type RfbLike,
} from '../../../renderer/features/console/console-controller';

const ref = { connection: 'qemu:///system', uuid: '11111111-2222-3333-4444-555555555555' };

class FakeRfb extends EventTarget implements RfbLike {
  disconnected = false;
  constructor(readonly url: string) {
    super();
  }
  disconnect() {
    this.disconnected = true;
  }
  sendCredentials() {}
  emit(type: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function setup(openResult: () => ApiResult<{ url: string }>) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const opens: string[] = [];
  const bridge: KvmBridge = {
    shell: 'browser',
    call: (async (method: string) => {
      opens.push(method);
      return openResult();
    }) as KvmBridge['call'],
    on: ((event: EventName, l: (p: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(l);
      return () => listeners.get(event)!.delete(l);
    }) as KvmBridge['on'],
  };
  const emit = <E extends EventName>(e: E, p: Events[E]) => {
    for (const l of listeners.get(e) ?? []) l(p);
  };
  const rfbs: FakeRfb[] = [];
  const statuses: ConsoleStatus['kind'][] = [];
  const c = new ConsoleController(
    bridge,
    ref,
    {} as HTMLElement,
    (_el, url) => {
      const r = new FakeRfb(url);
      rfbs.push(r);
      return r;
    },
    (s) => statuses.push(s.kind),
  );
  return { c, rfbs, statuses, opens, emit, listeners };
}

const ok = () => ({ ok: true as const, value: { url: 'ws://127.0.0.1:1/console?token=t' } });
const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('the console connection', () => {
  it('shows the guest as off and connects when it starts', async () => {
    const t = setup(ok);
    t.c.setGuestState('shutoff');
    expect(t.c.status.kind).toBe('off');
    expect(t.rfbs).toHaveLength(0);
    t.c.setGuestState('running');
    await tick();
    expect(t.rfbs).toHaveLength(1);
    expect(t.c.status.kind).toBe('connecting');
    t.rfbs[0].emit('connect');
    expect(t.c.status.kind).toBe('connected');
  });

  it('says why the display went away and reconnects by itself', async () => {
    vi.useFakeTimers();
    const t = setup(ok);
    t.c.setGuestState('running');
    await vi.advanceTimersByTimeAsync(0);
    t.rfbs[0].emit('connect');
    t.rfbs[0].emit('disconnect', { clean: false });
    expect(t.c.status).toEqual({
      kind: 'disconnected',
      reason: "The connection to the guest's display was lost.",
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.rfbs).toHaveLength(2);
    t.rfbs[1].emit('connect');
    expect(t.c.status.kind).toBe('connected');
  });

  it('shows the api reason when no session can be opened, and keeps trying while the guest runs', async () => {
    vi.useFakeTimers();
    let fail = true;
    const t = setup(() =>
      fail
        ? { ok: false, error: { code: 'NOT_FOUND', message: 'This guest has no display to show.' } }
        : ok(),
    );
    t.c.setGuestState('running');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.c.status).toEqual({ kind: 'disconnected', reason: 'This guest has no display to show.' });
    fail = false;
    await vi.advanceTimersByTimeAsync(400);
    expect(t.rfbs).toHaveLength(1);
  });

  it('goes back to off (no retries) when the guest is forced off, and reconnects when it starts again', async () => {
    vi.useFakeTimers();
    const t = setup(ok);
    t.c.setGuestState('running');
    await vi.advanceTimersByTimeAsync(0);
    t.rfbs[0].emit('connect');
    t.c.setGuestState('shutoff');
    expect(t.rfbs[0].disconnected).toBe(true);
    t.rfbs[0].emit('disconnect', { clean: true }); // late event of the old session is ignored
    expect(t.c.status.kind).toBe('off');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.rfbs).toHaveLength(1);
    t.c.setGuestState('running');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.rfbs).toHaveLength(2);
  });

  it('stays connected across pause and resume', async () => {
    const t = setup(ok);
    t.c.setGuestState('running');
    await tick();
    t.rfbs[0].emit('connect');
    t.c.setGuestState('paused');
    t.c.setGuestState('running');
    expect(t.rfbs).toHaveLength(1);
    expect(t.c.status.kind).toBe('connected');
  });

  it('retries at once when the guest restarts or libvirt is back, instead of waiting', async () => {
    vi.useFakeTimers();
    const t = setup(ok);
    t.c.setGuestState('running');
    await vi.advanceTimersByTimeAsync(0);
    t.rfbs[0].emit('disconnect', { clean: false });
    t.emit('vm.lifecycle', { ...ref, event: 'started', detail: 'booted' });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.rfbs).toHaveLength(2);
    t.rfbs[1].emit('disconnect', { clean: false });
    t.emit('connection', { id: ref.connection, uri: ref.connection, state: 'connected' });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.rfbs).toHaveLength(3);
  });

  it('asks for a password when the display wants one', async () => {
    const t = setup(ok);
    t.c.setGuestState('running');
    await tick();
    t.rfbs[0].emit('credentialsrequired', { types: ['password'] });
    expect(t.c.status.kind).toBe('password');
  });

  it('stops listening and disconnects when disposed', async () => {
    const t = setup(ok);
    t.c.setGuestState('running');
    await tick();
    t.c.dispose();
    expect(t.rfbs[0].disconnected).toBe(true);
    expect([...t.listeners.values()].every((s) => s.size === 0)).toBe(true);
  });
});

describe("the console's WebSocket address", () => {
  it("keeps Electron's loopback bridge URL as it is", () => {
    const url = 'ws://127.0.0.1:4567/console?token=abc';
    expect(consoleSocketUrl(url, 'kvmdesk://app/index.html#/console/x/y')).toBe(url);
    expect(consoleSocketUrl(url)).toBe(url);
  });

  it("turns the browser shell's path into the page's own host and port, ws or wss as the page", () => {
    const path = '/console?token=abc-_1';
    expect(consoleSocketUrl(path, 'http://192.168.1.20:8390/?token=t#/console/q/u')).toBe(
      'ws://192.168.1.20:8390/console?token=abc-_1',
    );
    expect(consoleSocketUrl(path, 'https://desk.example:8443/#/')).toBe(
      'wss://desk.example:8443/console?token=abc-_1',
    );
    expect(consoleSocketUrl(path, 'http://[::1]:9000/')).toBe('ws://[::1]:9000/console?token=abc-_1');
    expect(() => consoleSocketUrl(path)).toThrow();
  });

  it('connects noVNC to the resolved address', async () => {
    vi.stubGlobal('location', new URL('http://10.0.0.5:8390/?token=t'));
    try {
      const t = setup(() => ({ ok: true as const, value: { url: '/console?token=xyz' } }));
      t.c.setGuestState('running');
      await tick();
      expect(t.rfbs[0].url).toBe('ws://10.0.0.5:8390/console?token=xyz');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
