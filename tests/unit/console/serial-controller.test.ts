// The serial console's connection loop: session from the api, bytes both ways, reconnecting by itself
// without taking the console over (only the first connection and the user's "take it over" force).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult, ConsoleOpenArgs, KvmBridge } from '../../../preload/contract';
import {
  SERIAL_BUSY,
  SerialController,
  type SerialStatus,
  type SocketLike,
} from '../../../renderer/features/console/serial-controller';

const ref = { connection: 'qemu:///system', uuid: '11111111-2222-3333-4444-555555555555' };

class FakeSocket implements SocketLike {
  binaryType = 'blob';
  readyState = 0;
  sent: Uint8Array[] = [];
  closed = false;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  constructor(readonly url: string) {}
  send(d: Uint8Array) {
    this.sent.push(d);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  receive(bytes: number[]) {
    this.onmessage?.({ data: new Uint8Array(bytes).buffer } as MessageEvent);
  }
  end(code: number) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' } as CloseEvent);
  }
}

function setup(
  open: () => ApiResult<{ url: string }> = () => ({
    ok: true,
    value: { url: 'ws://127.0.0.1:9/console?token=t' },
  }),
) {
  const opens: ConsoleOpenArgs[] = [];
  const bridge: KvmBridge = {
    shell: 'browser',
    call: (async (_m: string, args: ConsoleOpenArgs) => {
      opens.push(args);
      return open();
    }) as KvmBridge['call'],
    on: (() => () => {}) as KvmBridge['on'],
  };
  const sockets: FakeSocket[] = [];
  const out: number[] = [];
  const statuses: SerialStatus[] = [];
  const c = new SerialController(
    bridge,
    ref,
    (b) => out.push(...b),
    (s) => statuses.push(s),
    (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  );
  return { c, opens, sockets, out, statuses };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

afterEach(() => {
  vi.useRealTimers();
});

describe('SerialController', () => {
  it('connects while the guest runs, taking the console over, and carries bytes both ways', async () => {
    vi.useFakeTimers();
    const { c, opens, sockets, out } = setup();
    c.setGuestState('shutoff');
    expect(c.status).toEqual({ kind: 'off' });
    expect(opens).toEqual([]);
    c.setGuestState('running');
    await flush();
    expect(opens).toEqual([{ ...ref, kind: 'serial', force: true }]);
    expect(sockets[0].binaryType).toBe('arraybuffer');
    c.send('lost'); // not connected yet: dropped
    sockets[0].open();
    expect(c.status).toEqual({ kind: 'connected' });
    sockets[0].receive([0x4c, 0x69, 0x6e, 0x75, 0x78]);
    expect(Buffer.from(out).toString()).toBe('Linux');
    c.send('ls\r');
    c.send(new Uint8Array([3]));
    expect(sockets[0].sent.map((b) => Buffer.from(b).toString('hex'))).toEqual(['6c730d', '03']);
    c.setGuestState('shutoff');
    expect(sockets[0].closed).toBe(true);
    expect(c.status).toEqual({ kind: 'off' });
    c.dispose();
  });

  it('reconnects by itself without forcing, so two windows never take the console from each other', async () => {
    vi.useFakeTimers();
    const { c, opens, sockets } = setup();
    c.setGuestState('running');
    await flush();
    sockets[0].open();
    sockets[0].end(1000); // another client took it over
    expect(c.status).toMatchObject({ kind: 'disconnected' });
    await vi.advanceTimersByTimeAsync(300);
    expect(opens[1]).toEqual({ ...ref, kind: 'serial', force: false });
    sockets[1].end(1006); // refused: still in use
    expect(c.status).toEqual({ kind: 'disconnected', reason: SERIAL_BUSY });
    await vi.advanceTimersByTimeAsync(1000);
    expect(opens).toHaveLength(3);
    expect(opens[2].force).toBe(false);
    c.connectNow(); // the user takes it over
    await flush();
    expect(opens[3].force).toBe(true);
    sockets[3].open();
    expect(c.status).toEqual({ kind: 'connected' });
    c.dispose();
  });

  it("says the api's reason when there is no session, and retries", async () => {
    vi.useFakeTimers();
    const { c, opens } = setup(() => ({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'This guest has no serial console.' },
    }));
    c.setGuestState('running');
    await flush();
    expect(c.status).toEqual({ kind: 'disconnected', reason: 'This guest has no serial console.' });
    await vi.advanceTimersByTimeAsync(300);
    expect(opens).toHaveLength(2);
    c.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(opens).toHaveLength(2);
  });
});
