// console.open and console.openWindow through the real api and backend, on libvirt's test driver
// (through the daemon): its stock guest "test" runs but has no display.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend, type TestBackend } from '../api/backend';

const URI = 'test+unix:///default';
let b: TestBackend;
let uuid = '';

beforeAll(async () => {
  b = await startTestBackend(URI);
  const snap = await b.ok('app.snapshot', {});
  uuid = snap.vms.find((v) => v.name === 'test')!.uuid;
});
afterAll(async () => {
  await b?.stop();
});

describe('console calls', () => {
  it('say plainly why a running guest without a VNC display has no console', async () => {
    const r = await b.call('console.open', { connection: URI, uuid });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    if (!r.ok) expect(r.error.message).toMatch(/no display|VNC/);
  });

  it('say the guest is off when it is', async () => {
    await b.ok('vms.forceOff', { connection: URI, uuid });
    const r = await b.call('console.open', { connection: URI, uuid });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'The guest is off. Start it to see its screen.' },
    });
    await b.ok('vms.start', { connection: URI, uuid });
  });

  it('tell which consoles a guest has, and refuse a serial session of one that has none', async () => {
    expect(await b.ok('console.devices', { connection: URI, uuid })).toEqual({ graphics: [], serial: false });
    const r = await b.call('console.open', { connection: URI, uuid, kind: 'serial', force: true });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'This guest has no serial console.' },
    });
    const bad = await b.call('console.open', { connection: URI, uuid, kind: 'spice' as never });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuse malformed guests and unknown ones', async () => {
    const bad = await b.call('console.open', { connection: URI, uuid: 'nope' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unknown = await b.call('console.open', {
      connection: URI,
      uuid: '00000000-0000-0000-0000-000000000000',
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it("answer the browser shell's console window with the console route", async () => {
    const r = await b.ok('console.openWindow', { connection: URI, uuid });
    expect(r).toEqual({ url: `#/console/${encodeURIComponent(URI)}/${uuid}` });
  });
});
