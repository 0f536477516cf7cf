// The remote path, end to end: a private sshd on 127.0.0.1 (its own host key, key-only login, gone after
// the test) stands in for a remote libvirt host, and a small RFB-speaking server for the guest's display.
// The bridge reaches it with `ssh -W` built from a qemu+ssh:// URI, exactly as for a real remote host.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConsoleBridge } from '../../../main/services/console/bridge';
import { dialVnc } from '../../../main/services/console/dial';
import { sshEndpointFromUri } from '../../../main/services/console/ssh-tunnel';
import { CAN_SSHD, startLoopbackSshd } from '../../support/loopback-sshd';

const canRun = CAN_SSHD;

let dir = '';
let sshd: ChildProcess | undefined;
let sshPort = 0;
let display: Server;
let displayPort = 0;

beforeAll(async () => {
  if (!canRun) return;
  dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-sshd-'));
  ({ port: sshPort, child: sshd } = await startLoopbackSshd(dir));
  display = createServer((s) => {
    s.write('RFB 003.008\n');
    s.on('data', (d) => s.write(d));
  });
  display.listen(0, '127.0.0.1');
  await once(display, 'listening');
  displayPort = (display.address() as AddressInfo).port;
});

afterAll(() => {
  sshd?.kill();
  display?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!canRun)('console of a guest on a remote host (qemu+ssh)', () => {
  it('reaches the display through ssh -W with the connection URI', async () => {
    const uri = `qemu+ssh://root@127.0.0.1:${sshPort}/system?keyfile=${join(dir, 'client_key')}&no_verify=1&known_hosts=${join(dir, 'known_hosts')}`;
    const ssh = sshEndpointFromUri(uri);
    expect(ssh?.host).toBe('127.0.0.1');
    const bridge = new ConsoleBridge(() =>
      dialVnc({ kind: 'tcp', host: '127.0.0.1', port: displayPort }, ssh),
    );
    try {
      const url = await bridge.sessionUrl({ connection: uri, uuid: '11111111-2222-3333-4444-555555555555' });
      const ws = new WebSocket(url);
      const first = await new Promise<Buffer>((resolve, reject) => {
        ws.once('message', (d) => resolve(d as Buffer));
        ws.once('error', reject);
      });
      expect(first.toString()).toBe('RFB 003.008\n');
      const echoed = new Promise<Buffer>((r) => ws.once('message', (d) => r(d as Buffer)));
      ws.send(Buffer.from('hello over ssh'));
      expect((await echoed).toString()).toBe('hello over ssh');
      ws.close();
    } finally {
      await bridge.stop();
    }
  });

  it('ends the console with the reason when ssh cannot get through', async () => {
    const uri = `qemu+ssh://root@127.0.0.1:${sshPort}/system?keyfile=/nonexistent&no_verify=1&known_hosts=${join(dir, 'known_hosts')}`;
    const bridge = new ConsoleBridge(() =>
      dialVnc({ kind: 'tcp', host: '127.0.0.1', port: displayPort }, sshEndpointFromUri(uri)),
    );
    try {
      const ws = new WebSocket(
        await bridge.sessionUrl({ connection: uri, uuid: '11111111-2222-3333-4444-555555555555' }),
      );
      const [code, reason] = await once(ws, 'close');
      expect(code).toBe(1011);
      expect(String(reason)).toMatch(/^ssh to 127\.0\.0\.1 ended \(255\)/);
    } finally {
      await bridge.stop();
    }
  });
});
