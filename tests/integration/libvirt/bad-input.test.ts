// Opening with bad input fails with an error that says what to do, never a hang or a crash.
import { describe, expect, it } from 'vitest';
import { LibvirtError, openConnection } from '../../../main/libvirt/index.js';

describe('opening a connection with bad input', () => {
  it('names the URIs to use for an unknown scheme', async () => {
    const err = await openConnection('hyperv://host/').catch((e) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err.kind).toBe('CONNECT');
    expect(err.message).toContain('qemu:///system');
  });

  it('says libvirt is not running when its socket is missing', async () => {
    const err = await openConnection(
      'qemu:///system?socket=/var/run/libvirt/kvmdesk-test-no-such-sock',
    ).catch((e) => e);
    expect(err).toMatchObject({ kind: 'CONNECT' });
    expect(err.message).toMatch(/libvirt is not running: no daemon answers on .*kvmdesk-test-no-such-sock/);
  });

  it('reports a URI the daemon has no driver for as libvirt says it', async () => {
    const err = await openConnection('lxc:///system').catch((e) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err.kind === 'LIBVIRT' || err.kind === 'CONNECT').toBe(true);
    expect(err.message.length).toBeGreaterThan(0);
  });
});
