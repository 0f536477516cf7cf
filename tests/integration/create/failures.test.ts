// A failed or cancelled create leaves nothing behind, and creating never overwrites an existing file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, LibvirtError } from '../../../main/libvirt/errors';
import { type DomainRef, UndefineFlags } from '../../../main/libvirt/facade';
import type { LibvirtConnection } from '../../../main/libvirt/index';
import { type CreateDeps, createGuest, validateForCreate } from '../../../main/services/create/index';
import { toApiError } from '../../../main/services/errors';
import type { CreateVmSpec } from '../../../preload/contract';
import { connect, domainExists, removeGuest, removeVolume, testSpec, virsh, volumeNames } from './support';

const run = `${process.pid}`;
const TINY_DIR = `/tmp/kvmdesk-test-tiny-${run}`;
const TINY_POOL = 'kvmdesk-test-tiny';
let conn: LibvirtConnection;
let deps: CreateDeps;
let tinyMounted = false;
const names: string[] = [];

function spec(tag: string, over: Partial<CreateVmSpec> = {}): CreateVmSpec {
  const name = `kvmdesk-test-fail-${tag}-${run}`;
  names.push(name);
  return testSpec(name, { kind: 'pxe' }, { osId: 'debian12', memoryMiB: 128, ...over });
}

async function nothingLeft(name: string, pool = 'default'): Promise<void> {
  expect(await domainExists(name)).toBe(false);
  expect((await volumeNames(pool)).filter((v) => v.startsWith(name))).toEqual([]);
}

beforeAll(async () => {
  ({ conn, deps } = await connect());
  // a storage pool far too small for any disk: a 16 MiB tmpfs
  mkdirSync(TINY_DIR, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', TINY_DIR], { stdio: 'pipe' });
    tinyMounted = true;
  } catch (err) {
    console.log(
      `tiny pool test runs on a plain directory: mounting a tmpfs failed (${(err as Error).message.trim()})`,
    );
  }
  await virsh('pool-destroy', TINY_POOL).catch(() => undefined);
  await virsh('pool-undefine', TINY_POOL).catch(() => undefined);
  await virsh('pool-create-as', TINY_POOL, 'dir', '--target', TINY_DIR);
});

afterAll(async () => {
  for (const n of names) await removeGuest(n);
  for (const v of await volumeNames('default'))
    if (names.some((n) => v.startsWith(n))) await removeVolume('default', v);
  await virsh('pool-destroy', TINY_POOL).catch(() => undefined);
  if (tinyMounted) execFileSync('umount', [TINY_DIR]);
  rmSync(TINY_DIR, { recursive: true, force: true });
  await conn?.close();
});

describe('a create that fails or is cancelled leaves nothing behind', () => {
  it('refuses a disk larger than the pool, making nothing (a 16 MiB tmpfs pool)', async (t) => {
    if (!tinyMounted) t.skip('no tmpfs could be mounted here, so no pool is small enough');
    const s = spec('tiny', { pool: TINY_POOL, diskGiB: 1 });
    const problems = await validateForCreate(conn, s, deps);
    const free = Number((await virsh('pool-info', '--bytes', TINY_POOL)).match(/Available:\s+(\d+)/)![1]);
    expect(free).toBeLessThan(17 * 1024 ** 2);
    expect(problems).toContainEqual({
      field: 'diskGiB',
      severity: 'error',
      message: expect.stringMatching(
        /^The disk can be at most \d+ MiB, the free space in storage pool "kvmdesk-test-tiny"\.$/,
      ),
    });
    // the service checks again right before allocating (the pool may have filled since validation)
    const err = await createGuest(conn, s, deps).catch((e) => e);
    expect(toApiError(err)).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(
        /^The disk \(1 GiB\) does not fit in storage pool "kvmdesk-test-tiny": it has \d+ MiB free\.$/,
      ),
    });
    await nothingLeft(s.name, TINY_POOL);
  });

  it('undoes the disk and the guest when the guest cannot start (its network does not exist)', async () => {
    const s = spec('start', {
      startAfterCreate: true,
      network: { kind: 'nat', name: 'kvmdesk-test-no-such-net' },
    });
    const steps: string[] = [];
    const err = await createGuest(conn, s, deps, (step) => steps.push(step)).catch((e) => e);
    expect(steps).toEqual([
      'Preparing the storage pool',
      'Allocating the disk',
      'Defining the guest',
      'Starting the guest',
      'Undoing what was made',
    ]);
    expect(toApiError(err)).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/kvmdesk-test-no-such-net/),
    });
    await nothingLeft(s.name);
  });

  it('undoes the disk when the name is already taken by another guest', async () => {
    const first = spec('taken');
    await createGuest(conn, first, deps);
    const before = await volumeNames('default');
    const err = await createGuest(conn, { ...first }, deps).catch((e) => e);
    expect(toApiError(err).message).toMatch(/already exists/);
    expect(await volumeNames('default')).toEqual(before);
    expect(await domainExists(first.name)).toBe(true);
  });

  it('stops and undoes everything when cancelled', async () => {
    const s = spec('cancel');
    const abort = new AbortController();
    const err = await createGuest(
      conn,
      s,
      deps,
      (step) => {
        if (step === 'Defining the guest') abort.abort(new Error('cancelled by the user'));
      },
      abort.signal,
    ).catch((e) => e);
    expect((err as Error).message).toBe('cancelled by the user');
    await nothingLeft(s.name);
  });

  it('undoes the guest on a libvirt that refuses the TPM flag (before 8.9)', async () => {
    const s = spec('old-libvirt');
    const refusesTpm = new Proxy(conn, {
      get(target, key, receiver) {
        if (key !== 'domainUndefine') return Reflect.get(target, key, receiver);
        return async (dom: DomainRef, flags = 0) => {
          if (flags & UndefineFlags.TPM)
            throw new LibvirtError(
              'LIBVIRT',
              'unsupported flags (0x20) in function qemuDomainUndefineFlags',
              {
                code: ErrorCode.INVALID_ARG,
              },
            );
          return target.domainUndefine(dom, flags);
        };
      },
    });
    const abort = new AbortController();
    const err = await createGuest(
      refusesTpm,
      s,
      deps,
      (step) => {
        if (step === 'Defining the guest') abort.abort(new Error('cancelled by the user'));
      },
      abort.signal,
    ).catch((e) => e);
    expect((err as Error).message).toBe('cancelled by the user');
    await nothingLeft(s.name);
  });
});

describe('creating never overwrites', () => {
  it('keeps an existing file of the same name and gives the new disk another name', async () => {
    const s = spec('exists');
    const existing = `/var/lib/libvirt/images/${s.name}.qcow2`;
    writeFileSync(existing, 'precious data');
    try {
      const mtime = statSync(existing).mtimeMs;
      await createGuest(conn, s, deps);
      expect(readFileSync(existing, 'utf8')).toBe('precious data');
      expect(statSync(existing).mtimeMs).toBe(mtime);
      const disk = (await virsh('domblklist', s.name)).split('\n').find((l) => l.includes('.qcow2'));
      expect(disk).toContain(`/var/lib/libvirt/images/${s.name}-1.qcow2`);
    } finally {
      rmSync(existing, { force: true });
    }
  });
});
