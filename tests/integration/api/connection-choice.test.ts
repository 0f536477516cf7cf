// Which libvirt KVM Desk talks to, and what the UI hears meanwhile. A user who may not reach the system
// daemon gets their session; a daemon that is not there yet is waited for. The refusals are simulated
// (this machine runs as root); the connection that answers is a real one (the test driver).
import { describe, expect, it } from 'vitest';
import { openConnection } from '../../../main/libvirt';
import { LibvirtError } from '../../../main/libvirt/errors';
import { candidateUris, type OpenConnection } from '../../../main/services/connections';
import { startBackend } from '../../../main/shells/boot';
import type { ConnectionStatus, Snapshot } from '../../../preload/contract';

const TEST = 'test+unix:///default';

function refused(uri: string) {
  return new LibvirtError('CONNECT', `Permission denied on /var/run/libvirt/libvirt-sock (${uri}).`);
}

describe('choosing the connection', () => {
  it('prefers qemu:///system, then qemu:///session; KVMDESK_URI overrides both', () => {
    expect(candidateUris({})).toEqual(['qemu:///system', 'qemu:///session']);
    expect(candidateUris({ KVMDESK_URI: TEST })).toEqual([TEST]);
  });

  it('falls back to the session when the system daemon refuses this user', async () => {
    const tried: string[] = [];
    // the "session" here is the test driver: a real daemon connection standing in for it
    const open: OpenConnection = async (uri, o) => {
      tried.push(uri);
      if (uri === 'qemu:///system') throw refused(uri);
      return openConnection(TEST, o);
    };
    const b = await startBackend({ kind: 'browser' }, { uris: ['qemu:///system', TEST], open });
    try {
      expect(tried).toEqual(['qemu:///system', TEST]);
      const snap = await b.api.call('app.snapshot', {});
      expect(snap).toMatchObject({ ok: true, value: { connections: [{ id: TEST, state: 'connected' }] } });
      if (snap.ok) expect((snap.value as Snapshot).vms.map((v) => v.name)).toContain('test');
    } finally {
      await b.close();
    }
  });

  it('says plainly that libvirt cannot be reached, keeps trying, and connects when it answers', async () => {
    let attempts = 0;
    const open: OpenConnection = async (uri, o) => {
      attempts++;
      if (attempts <= 2)
        throw new LibvirtError(
          'CONNECT',
          'Cannot reach libvirt at /var/run/libvirt/libvirt-sock: no such file.',
        );
      return openConnection(uri, o);
    };
    const statuses: ConnectionStatus[] = [];
    const b = await startBackend({ kind: 'browser' }, { uris: [TEST], open });
    b.ctx.events.on('connection', (s) => statuses.push(s));
    try {
      const first = await b.api.call('app.snapshot', {});
      expect(first).toMatchObject({
        ok: true,
        value: {
          connections: [{ id: TEST, state: 'disconnected', message: expect.stringMatching(/keeps trying/) }],
        },
      });
      const r = await b.api.call('host.status', { connection: TEST });
      expect(r).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });
      await expect.poll(() => statuses.at(-1)?.state, { timeout: 15_000 }).toBe('connected');
      const snap = await b.api.call('app.snapshot', {});
      expect(snap).toMatchObject({ ok: true, value: { connections: [{ id: TEST, state: 'connected' }] } });
      expect(attempts).toBe(3);
    } finally {
      await b.close();
    }
  });
});
