// qemu+ssh: an sshd started by this test on 127.0.0.1 (Debian's openssh-server, its own config, host key
// and a key made for the test) in front of the same daemon; the client runs the system ssh and talks
// through virt-ssh-helper, or nc -U when asked for the netcat proxy.
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainLifecycleEvent, openConnection } from '../../../main/libvirt/index.js';
import { startLoopbackSshd } from '../../support/loopback-sshd.js';
import { virsh, virshQuiet, waitFor } from './helpers.js';

const NAME = `kvmdesk-test-ssh-${process.pid}`;
let dir = '';
let sshd: ChildProcess | undefined;
let port = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-sshd-'));
  chmodSync(dir, 0o700);
  ({ port, child: sshd } = await startLoopbackSshd(dir));
});

afterAll(async () => {
  await virshQuiet('qemu:///system', 'undefine', NAME);
  sshd?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const uri = (proxy: string) =>
  `qemu+ssh://root@127.0.0.1:${port}/system?keyfile=${join(dir, 'client_key')}&no_verify=1&known_hosts=${join(dir, 'known_hosts')}&proxy=${proxy}`;

describe('qemu+ssh://', () => {
  it('drives the same daemon through virt-ssh-helper, events included', async () => {
    const local = await openConnection('qemu:///system');
    const remote = await openConnection(uri('native'));
    try {
      expect(await remote.getHostname()).toBe(await local.getHostname());
      expect(await remote.getLibVersion()).toBe(await local.getLibVersion());
      const events: DomainLifecycleEvent[] = [];
      remote.on('domainLifecycle', (e) => e.dom.name === NAME && events.push(e));
      await remote.eventsReady();
      const xml = `<domain type='qemu'><name>${NAME}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`;
      const dom = await local.domainDefineXML(xml);
      await waitFor(() => events.some((e) => e.eventName === 'defined'), 15_000, 'defined event over ssh');
      expect((await remote.lookupDomainByName(NAME)).uuid).toBe(dom.uuid);
      await virsh('qemu:///system', 'undefine', NAME);
      await waitFor(
        () => events.some((e) => e.eventName === 'undefined'),
        15_000,
        'undefined event over ssh',
      );
    } finally {
      await remote.close();
      await local.close();
    }
  });

  it('falls back to nc -U on the daemon socket', async () => {
    const conn = await openConnection(uri('netcat'));
    try {
      expect(await conn.getCapabilities()).toContain('<capabilities>');
      const doms = await conn.listAllDomains();
      expect(Array.isArray(doms)).toBe(true);
    } finally {
      await conn.close();
    }
  });

  it('says why when ssh cannot log in', async () => {
    const err = await openConnection(
      `qemu+ssh://root@127.0.0.1:${port}/system?keyfile=${join(dir, 'host_key')}&no_verify=1&known_hosts=${join(dir, 'known_hosts')}`,
    ).catch((e) => e);
    expect(err).toMatchObject({ kind: 'CONNECT' });
    expect(err.message).toMatch(/ssh to 127\.0\.0\.1 failed.*Permission denied/s);
  });
});
