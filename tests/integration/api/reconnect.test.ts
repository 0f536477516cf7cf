// When libvirtd goes away the api says so plainly and recovers by itself when it comes back: the guest
// list is re-listed and events flow again. Stops the host's libvirtd, so it runs only in CI or with
// KVMDESK_DISTURB_HOST=1.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTestGuest, removeTestGuest, virsh, waitFor } from '../../../e2e/browser/test-guests';
import { startTestBackend, type TestBackend, URI } from './backend';

const DISTURB = process.env.CI === 'true' || process.env.KVMDESK_DISTURB_HOST === '1';
const WHY = 'stops and restarts the host libvirtd: runs only with CI=true or KVMDESK_DISTURB_HOST=1';
if (!DISTURB) console.log(`reconnect test skipped: ${WHY}`);

const NAME = `kvmdesk-test-reconnect-${process.pid}`;
let t: TestBackend;

function libvirtdPid(): number | undefined {
  try {
    return Number(execFileSync('pidof', ['-s', 'libvirtd'], { encoding: 'utf8' }).trim()) || undefined;
  } catch {
    return undefined;
  }
}

describe.skipIf(!DISTURB)('reconnecting after libvirtd restarts', () => {
  beforeAll(async () => {
    t = await startTestBackend();
  });
  afterAll(async () => {
    // whatever happened, leave a running daemon behind
    if (!libvirtdPid()) execFileSync('libvirtd', ['-d']);
    await waitFor('libvirtd to answer', async () => (await virsh('version')).length > 0, 60_000);
    await removeTestGuest(NAME);
    await t?.stop();
  });

  it('says it is disconnected, answers DISCONNECTED, then reconnects and follows events again', async () => {
    const pid = libvirtdPid();
    expect(pid).toBeDefined();
    const since = Date.now();
    process.kill(pid!, 'SIGTERM');
    const down = await t.waitEvent('connection', (s) => s.state === 'disconnected', {
      since,
      timeoutMs: 30_000,
    });
    expect(down.payload.message).toMatch(/reconnecting/);
    await waitFor('libvirtd to exit', () => libvirtdPid() === undefined, 30_000);

    const r = await t.call('host.status', { connection: URI });
    expect(r).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });

    execFileSync('libvirtd', ['-d']);
    await t.waitEvent('connection', (s) => s.state === 'connected', { since: down.at, timeoutMs: 90_000 });
    expect((await t.call('host.status', { connection: URI })).ok).toBe(true);

    const after = Date.now();
    const g = await defineTestGuest(NAME);
    await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid, { since: after, timeoutMs: 15_000 });
  });
});
