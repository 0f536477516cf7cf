// As a non-root user this test creates (host-disturbing: only when CI=true or KVMDESK_DISTURB_HOST=1):
// qemu:///session starts the user's own daemon and answers; qemu:///system is refused with an error that
// says what to do.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disturbHost } from './helpers.js';

const run = promisify(execFile);
const USER = 'kvmdesk-test-lvuser';
const HOME = `/home/${USER}`;
const ROOT = resolve(import.meta.dirname, '../../..');

if (!disturbHost) {
  console.log(
    'session-user.test: skipped; it adds a user to this host (set CI=true or KVMDESK_DISTURB_HOST=1)',
  );
}

// runs as the test user; prints one JSON line with what it saw
const SCRIPT = `
import { openConnection } from ${JSON.stringify(join(ROOT, 'main/libvirt/index.ts'))};
const out = {};
const t0 = Date.now();
const s = await openConnection('qemu:///session');
out.sessionMs = Date.now() - t0;
out.hostname = await s.getHostname();
out.uri = s.uri;
out.domains = (await s.listAllDomains()).length;
out.caps = (await s.getCapabilities()).includes('<capabilities>');
await s.close();
try { await openConnection('qemu:///system'); out.system = 'opened'; }
catch (e) { out.system = { kind: e.kind, message: e.message }; }
console.log(JSON.stringify(out));
`;

async function removeUser() {
  try {
    const pid = readFileSync(`${HOME}/.cache/libvirt/libvirtd.pid`, 'utf8').trim();
    if (/^\d+$/.test(pid)) process.kill(Number(pid), 'SIGTERM');
  } catch {
    // no session daemon left
  }
  await new Promise((r) => setTimeout(r, 500));
  await run('userdel', ['-r', '-f', USER]).catch(() => undefined);
}

describe.skipIf(!disturbHost)('a user who is not in the libvirt group', () => {
  beforeAll(async () => {
    await removeUser();
    await run('useradd', ['-m', '-s', '/bin/sh', USER]);
    writeFileSync(`${HOME}/probe.mts`, SCRIPT);
  });
  afterAll(removeUser);

  it('gets their own session daemon started by qemu:///session, and a clear error for qemu:///system', async () => {
    const { stdout } = await run(
      'runuser',
      [
        '-u',
        USER,
        '--',
        'env',
        '-u',
        'XDG_RUNTIME_DIR',
        `HOME=${HOME}`,
        process.execPath,
        '--import',
        'tsx',
        `${HOME}/probe.mts`,
      ],
      { cwd: ROOT, timeout: 90_000 },
    );
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(out.caps).toBe(true);
    expect(out.domains).toBe(0);
    expect(out.hostname.length).toBeGreaterThan(0);
    expect(out.system).toMatchObject({ kind: 'CONNECT' });
    expect(out.system.message).toContain('add yourself to the libvirt group, or use qemu:///session');
    // the daemon the client started is the user's own, running as that user
    const pid = readFileSync(`${HOME}/.cache/libvirt/libvirtd.pid`, 'utf8').trim();
    const { stdout: owner } = await run('ps', ['-o', 'user=', '-p', pid]);
    expect(owner.trim()).toBe(USER);
  });
});
