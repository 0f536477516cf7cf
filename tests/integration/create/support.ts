// Shared pieces of the create service's integration tests: the connection, the guest lock, cleanup of
// what a test made (only kvmdesk-test-* names), and virsh for looking from the outside.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type LibvirtConnection, openConnection } from '../../../main/libvirt/index';
import { type CreateDeps, hostFeatures } from '../../../main/services/create/index';
import { loadOsinfoDb } from '../../../main/services/osinfo-db';

const run = promisify(execFile);
export const URI = 'qemu:///system';
export const PREFIX = 'kvmdesk-test-';
const _LOCK = '/tmp/kvmdesk-guest.lock';

export async function virsh(...args: string[]): Promise<string> {
  const { stdout } = await run('virsh', ['-c', URI, ...args], { timeout: 60_000 });
  return stdout.trim();
}

export async function domainExists(name: string): Promise<boolean> {
  return virsh('domuuid', name).then(
    () => true,
    () => false,
  );
}

export async function volumeNames(pool: string): Promise<string[]> {
  await virsh('pool-refresh', pool).catch(() => undefined);
  const out = await virsh('vol-list', '--pool', pool).catch(() => '');
  return out
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean);
}

export async function connect(): Promise<{ conn: LibvirtConnection; deps: CreateDeps }> {
  const conn = await openConnection(URI);
  // guests under test run in software emulation (KVM does not work on the development machines)
  const host = await hostFeatures(conn, { forceSoftwareEmulation: true });
  return { conn, deps: { db: await loadOsinfoDb(), host } };
}

/** Removes a test guest (stopping it, with its NVRAM and TPM state) and the given volumes. Only kvmdesk-test-*. */
export async function removeGuest(name: string): Promise<void> {
  if (!name.startsWith(PREFIX)) throw new Error(`refusing to remove ${name}: not a test guest`);
  await virsh('destroy', name).catch(() => undefined);
  await virsh('undefine', name, '--nvram', '--tpm').catch(() =>
    virsh('undefine', name, '--nvram').catch(() => undefined),
  );
}

export async function removeVolume(pool: string, vol: string): Promise<void> {
  if (!vol.startsWith(PREFIX)) throw new Error(`refusing to delete ${vol}: not a test volume`);
  await virsh('vol-delete', '--pool', pool, vol).catch(() => undefined);
}

export { testSpec } from '../../support/create-spec';
export { takeGuestLock } from '../../support/guest-lock';

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
