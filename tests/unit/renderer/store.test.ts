import { describe, expect, it } from 'vitest';
import { feedStore } from '../../../renderer/app/feed';
import { createGuestStore } from '../../../renderer/app/store';
import { bridgeWith, CONNECTED, FakeBridge, guest, URI } from './fake-bridge';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the guest store', () => {
  it('is filled by the snapshot, then events replace, add and remove guests', async () => {
    const a = guest('alpha');
    const b = guest('beta');
    const bridge = bridgeWith([a, b]);
    const store = createGuestStore();
    feedStore(store, bridge);
    await flush();
    expect(store.getState().loaded).toBe(true);
    expect(Object.keys(store.getState().vms[URI])).toEqual([a.uuid, b.uuid]);

    const before = store.getState().vms[URI][b.uuid];
    bridge.emit('vm.changed', { ...a, state: 'running', reason: 'booted' });
    expect(store.getState().vms[URI][a.uuid].state).toBe('running');
    // untouched guests keep their object, so their rows do not re-render
    expect(store.getState().vms[URI][b.uuid]).toBe(before);

    const c = guest('gamma');
    bridge.emit('vm.changed', c);
    expect(store.getState().vms[URI][c.uuid].name).toBe('gamma');

    bridge.emit('vm.removed', { connection: URI, uuid: b.uuid });
    expect(store.getState().vms[URI][b.uuid]).toBeUndefined();
    expect(Object.keys(store.getState().vms[URI])).toHaveLength(2);
  });

  it('shows a burst of changes at most once a frame, its state current at every moment', async () => {
    const many = Array.from({ length: 100 }, (_, i) => guest(`g${i}`));
    const bridge = bridgeWith(many);
    const store = createGuestStore();
    feedStore(store, bridge);
    await flush();
    let renders = 0;
    store.subscribe(() => renders++);
    for (const vm of many) bridge.emit('vm.changed', { ...vm, state: 'running', reason: 'booted' });
    expect(renders).toBe(1); // the first at once
    expect(Object.values(store.getState().vms[URI]).every((vm) => vm.state === 'running')).toBe(true);
    await new Promise((r) => setTimeout(r, 50)); // past the frame
    expect(renders).toBe(2); // the other 99 together
    bridge.emit('vm.removed', { connection: URI, uuid: many[0].uuid });
    expect(renders).toBe(3); // a lone change after the burst is again at once
  });

  it('lets events that arrive while the snapshot is on its way win over the snapshot', async () => {
    const a = guest('alpha');
    const b = guest('beta');
    let answer: (() => void) | undefined;
    const bridge = new FakeBridge().handle(
      'app.snapshot',
      () =>
        new Promise((resolve) => {
          answer = () => resolve({ connections: [CONNECTED], vms: [a, b] });
        }),
    );
    const store = createGuestStore();
    feedStore(store, bridge);
    await flush();
    bridge.emit('vm.changed', { ...a, state: 'running', reason: 'booted' });
    bridge.emit('vm.removed', { connection: URI, uuid: b.uuid });
    answer!();
    await flush();
    expect(store.getState().vms[URI][a.uuid].state).toBe('running');
    expect(store.getState().vms[URI][b.uuid]).toBeUndefined();
  });

  it('takes one more snapshot when the connection finished loading while the first was on its way', async () => {
    // a page opened while the backend was still reading the guests: the first snapshot has none yet
    const a = guest('alpha');
    const answers: Array<() => void> = [];
    const bridge = new FakeBridge().handle(
      'app.snapshot',
      () =>
        new Promise((resolve) => {
          const loaded = answers.length > 0;
          answers.push(() =>
            resolve(
              loaded
                ? { connections: [CONNECTED], vms: [a] }
                : { connections: [{ ...CONNECTED, state: 'connecting' }], vms: [] },
            ),
          );
        }),
    );
    const store = createGuestStore();
    feedStore(store, bridge);
    await flush();
    bridge.emit('connection', CONNECTED);
    answers[0]();
    await flush();
    expect(bridge.callsOf('app.snapshot')).toHaveLength(2);
    answers[1]();
    await flush();
    expect(store.getState().vms[URI][a.uuid]?.name).toBe('alpha');
    expect(store.getState().connections[URI].state).toBe('connected');
  });

  it('takes no second snapshot when the connection was loaded already when the first was taken', async () => {
    const bridge = bridgeWith([guest('alpha')]);
    const store = createGuestStore();
    feedStore(store, bridge);
    // the socket's announcement of the connection arrives while the snapshot is on its way
    bridge.emit('connection', CONNECTED);
    await flush();
    await flush();
    expect(bridge.callsOf('app.snapshot')).toHaveLength(1);
  });

  it('takes a fresh snapshot when libvirtd comes back, and only then', async () => {
    const a = guest('alpha');
    let vms = [a];
    const bridge = new FakeBridge().handle('app.snapshot', () => ({ connections: [CONNECTED], vms }));
    const store = createGuestStore();
    feedStore(store, bridge);
    await flush();
    expect(bridge.callsOf('app.snapshot')).toHaveLength(1);

    bridge.emit('connection', { ...CONNECTED, state: 'disconnected', message: 'libvirtd stopped' });
    expect(store.getState().connections[URI].state).toBe('disconnected');
    // while libvirtd was away a guest was defined with virsh
    const b = guest('beta');
    vms = [a, b];
    bridge.emit('connection', CONNECTED);
    await flush();
    expect(bridge.callsOf('app.snapshot')).toHaveLength(2);
    expect(store.getState().vms[URI][b.uuid]?.name).toBe('beta');

    // a repeated "connected" is not a reason to read everything again
    bridge.emit('connection', CONNECTED);
    await flush();
    expect(bridge.callsOf('app.snapshot')).toHaveLength(2);
  });

  it('retries the snapshot once the connection is up when the first attempt failed', async () => {
    let up = false;
    const errors: string[] = [];
    const bridge = new FakeBridge().handle('app.snapshot', () =>
      up
        ? { connections: [CONNECTED], vms: [guest('alpha')] }
        : { code: 'DISCONNECTED', message: 'libvirtd is not running.' },
    );
    const store = createGuestStore();
    feedStore(store, bridge, (e) => errors.push(e.message));
    await flush();
    expect(store.getState().loaded).toBe(false);
    expect(errors).toEqual(['libvirtd is not running.']);
    up = true;
    bridge.emit('connection', CONNECTED);
    await flush();
    expect(store.getState().loaded).toBe(true);
  });

  it('stops listening when disposed', async () => {
    const bridge = bridgeWith([]);
    const store = createGuestStore();
    const dispose = feedStore(store, bridge);
    await flush();
    dispose();
    bridge.emit('vm.changed', guest('late'));
    expect(store.getState().vms[URI]).toEqual({});
  });
});
