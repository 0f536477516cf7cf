// Losing the daemon: pending calls reject with DISCONNECTED within 1 s, the client says 'disconnected',
// reconnects with backoff when the daemon is back, re-registers its event callbacks, says 'reconnected',
// and events flow again.
//  - always: the client reaches libvirtd through a relay socket this test owns; cutting the relay is the
//    daemon going away, reopening it is the daemon coming back (nothing on the host is disturbed);
//  - CI only (CI=true or KVMDESK_DISTURB_HOST=1): libvirtd itself is killed, then started again exactly
//    as scripts/setup-host.sh starts it (`libvirtd -d`).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type DomainLifecycleEvent,
  type LibvirtConnection,
  openConnection,
} from '../../../main/libvirt/index.js';
import { disturbHost, virsh, virshQuiet, waitFor } from './helpers.js';

const run = promisify(execFile);
const SYSTEM = 'qemu:///system';
const DAEMON_SOCKET = '/var/run/libvirt/libvirt-sock';
const NAME = `kvmdesk-test-reconnect-${process.pid}`;
const XML = `<domain type='qemu'><name>${NAME}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`;

/** A unix socket that forwards every connection to libvirtd's; close() cuts them all. */
class Relay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  constructor(readonly path: string) {}

  open(): Promise<void> {
    rmSync(this.path, { force: true });
    this.server = createServer((client) => {
      const daemon = connect(DAEMON_SOCKET);
      for (const s of [client, daemon]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => {
          this.sockets.delete(s);
          client.destroy();
          daemon.destroy();
        });
      }
      client.pipe(daemon);
      daemon.pipe(client);
    });
    return new Promise((r) => this.server!.listen(this.path, r));
  }

  close(): void {
    this.server?.close();
    for (const s of this.sockets) s.destroy();
    rmSync(this.path, { force: true });
  }
}

/** Starts many calls, waits until the daemon is working on them, and returns their settled results. */
function manyCalls(conn: LibvirtConnection, n: number) {
  return Array.from({ length: n }, () =>
    conn.getCapabilities().then(
      () => 'ok',
      (e) => e.kind as string,
    ),
  );
}

async function exerciseLoss(
  conn: LibvirtConnection,
  breakIt: () => Promise<void> | void,
  restore: () => Promise<void>,
): Promise<void> {
  const life: DomainLifecycleEvent[] = [];
  conn.on('domainLifecycle', (e) => e.dom.name === NAME && life.push(e));
  let disconnects = 0;
  let reconnects = 0;
  conn.on('disconnected', () => disconnects++);
  conn.on('reconnected', () => reconnects++);
  await conn.eventsReady();

  const pending = manyCalls(conn, 3000);
  await pending[0]; // the daemon is answering; most calls are still queued
  const t0 = Date.now();
  await breakIt();
  const results = await Promise.all(pending);
  expect(Date.now() - t0).toBeLessThan(1000);
  expect(results.filter((r) => r === 'DISCONNECTED').length).toBeGreaterThan(0);
  expect(results.every((r) => r === 'ok' || r === 'DISCONNECTED')).toBe(true);
  await waitFor(() => disconnects === 1, 5000, "'disconnected'");
  expect(conn.connected).toBe(false);
  // while it is away, a call fails at once instead of hanging
  expect(await conn.getVersion().catch((e) => e.kind)).toBe('DISCONNECTED');

  await restore();
  await waitFor(() => reconnects === 1, 60_000, "'reconnected'");
  expect(conn.connected).toBe(true);
  expect(await conn.getVersion()).toBeGreaterThan(0n);

  // the event callbacks were registered again on the new connection
  const file = join(mkdtempSync(join(tmpdir(), 'kvmdesk-test-xml-')), `${NAME}.xml`);
  writeFileSync(file, XML);
  await virsh(SYSTEM, 'define', file);
  await waitFor(() => life.some((e) => e.eventName === 'defined'), 15_000, 'defined event after reconnect');
  await virsh(SYSTEM, 'undefine', NAME);
  await waitFor(
    () => life.some((e) => e.eventName === 'undefined'),
    15_000,
    'undefined event after reconnect',
  );
}

afterAll(async () => {
  await virshQuiet(SYSTEM, 'undefine', NAME);
});

describe('when the connection to the daemon breaks', () => {
  it('fails pending calls at once, reconnects, and events flow again', async () => {
    const relay = new Relay(join(mkdtempSync(join(tmpdir(), 'kvmdesk-test-relay-')), 'sock'));
    await relay.open();
    const conn = await openConnection(`qemu:///system?socket=${relay.path}`);
    try {
      await exerciseLoss(
        conn,
        () => relay.close(),
        async () => {
          await new Promise((r) => setTimeout(r, 300)); // stays down across a few reconnect attempts
          await relay.open();
        },
      );
    } finally {
      await conn.close();
      relay.close();
    }
  });
});

async function ensureLibvirtd(): Promise<void> {
  // as scripts/setup-host.sh does
  const running = await run('pgrep', ['-x', 'libvirtd']).then(
    () => true,
    () => false,
  );
  if (!running) await run('libvirtd', ['-d']);
  await waitFor(() => virsh(SYSTEM, 'version').then(() => true), 30_000, 'libvirtd to answer');
}

/** gone, or a zombie waiting to be reaped: either way it no longer holds the daemon's sockets */
function exited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

describe.skipIf(!disturbHost)('when libvirtd is killed', () => {
  afterAll(ensureLibvirtd, 60_000);

  it('fails pending calls within 1 s, reconnects after libvirtd starts again, and events flow', async () => {
    const conn = await openConnection(SYSTEM);
    const pid = Number(readFileSync('/var/run/libvirtd.pid', 'utf8').trim());
    try {
      await exerciseLoss(
        conn,
        () => {
          process.kill(pid, 'SIGKILL');
        },
        async () => {
          await waitFor(() => exited(pid), 30_000, 'the killed libvirtd to exit');
          await run('libvirtd', ['-d']); // exactly as scripts/setup-host.sh starts it
          await waitFor(() => virsh(SYSTEM, 'version').then(() => true), 60_000, 'libvirtd to answer');
        },
      );
    } finally {
      await conn.close();
    }
  });
});

if (!disturbHost) {
  console.log(
    'reconnect.test: the libvirtd-kill case is skipped; it stops the host daemon (set CI=true or KVMDESK_DISTURB_HOST=1)',
  );
}
