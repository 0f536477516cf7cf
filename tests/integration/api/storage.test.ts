// The storage browser on qemu:///system: a dir pool made in a temporary folder, a volume in it, a 50 MiB
// file uploaded and downloaded back (same sha256), a cancelled upload that leaves nothing, a crash-
// interrupted upload cleaned up from the journal, and the refusals that keep guests' disks: a volume and a
// pool used by a (shut-off, never started) guest refuse delete, naming it. Only kvmdesk-test-* objects.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageService } from '../../../main/services/storage';
import type { Job } from '../../../preload/contract';
import { startTestBackend, type TestBackend, URI } from './backend';

const POOL = 'kvmdesk-test-storage-pool';
const GUEST = 'kvmdesk-test-storage-user';
const MiB = 1024 * 1024;

let t: TestBackend;
let dir: string;
let file: string;
let fileSha: string;

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

async function jobEnd(job: Job): Promise<Job> {
  return (await t.waitEvent('job', (j) => j.id === job.id && j.state !== 'running', { timeoutMs: 60_000 }))
    .payload;
}

async function volumeNames(): Promise<string[]> {
  return (await t.ok('storage.listVolumes', { connection: URI, pool: POOL })).map((v) => v.name);
}

async function cleanup(): Promise<void> {
  const c = t.backend.ctx.connections.client(URI);
  const dom = await c.lookupDomainByName(GUEST).catch(() => undefined);
  if (dom) await c.domainUndefine(dom, 0).catch(() => undefined);
  const pool = await c.lookupStoragePoolByName(POOL).catch(() => undefined);
  if (!pool) return;
  for (const v of await c.listAllVolumes(pool, 0).catch(() => []))
    await c.volumeDelete(v, 0).catch(() => undefined);
  await c.storagePoolDestroy(pool).catch(() => undefined);
  await c.storagePoolUndefine(pool).catch(() => undefined);
}

beforeAll(async () => {
  t = await startTestBackend(URI);
  await cleanup();
  dir = await mkdtemp(join(tmpdir(), 'kvmdesk-test-storage-'));
  file = join(dir, 'kvmdesk-test-50m.img');
  await writeFile(file, randomBytes(50 * MiB));
  fileSha = await sha256(file);
});

afterAll(async () => {
  await cleanup();
  await t.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('storage pools and volumes on qemu:///system', () => {
  it('creates a dir pool (the folder built by libvirt), a volume, uploads 50 MiB and downloads it back', async () => {
    const since = Date.now();
    const pool = await t.ok('storage.createPool', {
      connection: URI,
      name: POOL,
      type: 'dir',
      path: join(dir, 'pool'),
      autostart: false,
    });
    expect(pool).toMatchObject({ name: POOL, type: 'dir', state: 'running', path: join(dir, 'pool') });
    expect(pool.capacityBytes).toBeGreaterThan(0);
    // libvirt's pool lifecycle event (defined, started) reaches the UI as storage.changed
    await t.waitEvent('storage.changed', (e) => e.pool === POOL, { since });
    const types = await t.ok('storage.poolTypes', { connection: URI });
    expect(types.find((x) => x.type === 'dir')).toMatchObject({ supported: true });
    for (const x of types) if (!x.supported) expect(x.reason).toBeTruthy();

    const made = await t.ok('storage.createVolume', {
      connection: URI,
      pool: POOL,
      name: 'kvmdesk-test-disk.qcow2',
      format: 'qcow2',
      sizeBytes: 1024 * MiB,
    });
    expect(made).toMatchObject({ format: 'qcow2', capacityBytes: 1024 * MiB, usedBy: [] });
    const tooBig = await t.call('storage.createVolume', {
      connection: URI,
      pool: POOL,
      name: 'kvmdesk-test-huge.raw',
      format: 'raw',
      sizeBytes: 60 * 1024 ** 4,
    });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!tooBig.ok && tooBig.error.message).toMatch(/does not fit/);

    const up = await t.ok('storage.upload', {
      connection: URI,
      pool: POOL,
      name: 'kvmdesk-test-upload.img',
      from: { path: file },
    });
    expect(await jobEnd(up.job)).toMatchObject({ state: 'done' });
    const vols = await t.ok('storage.listVolumes', { connection: URI, pool: POOL });
    expect(vols.find((v) => v.name === 'kvmdesk-test-upload.img')).toMatchObject({ capacityBytes: 50 * MiB });

    const back = join(dir, 'kvmdesk-test-back.img');
    const down = await t.ok('storage.download', {
      connection: URI,
      pool: POOL,
      name: 'kvmdesk-test-upload.img',
      to: { path: back },
    });
    expect(await jobEnd(down.job!)).toMatchObject({ state: 'done' });
    expect(await sha256(back)).toBe(fileSha);
    // never over an existing file
    const again = await t.call('storage.download', {
      connection: URI,
      pool: POOL,
      name: 'kvmdesk-test-upload.img',
      to: { path: back },
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'NAME_TAKEN' } });
  });

  it('a cancelled upload leaves no volume and no journal entry', async () => {
    const up = await t.ok('storage.upload', {
      connection: URI,
      pool: POOL,
      name: 'kvmdesk-test-cancelled.img',
      from: { path: file },
    });
    await t.waitEvent('job', (j) => j.id === up.job.id && (j.progress ?? 0) > 0);
    await t.ok('jobs.cancel', { id: up.job.id });
    expect(await jobEnd(up.job)).toMatchObject({ state: 'cancelled' });
    expect(await volumeNames()).not.toContain('kvmdesk-test-cancelled.img');
    expect(await t.backend.ctx.storage.journal.list()).toEqual([]);
  });

  it('an upload a crash interrupted is recognised from the journal and removed at the next listing', async () => {
    const c = t.backend.ctx.connections.client(URI);
    await t.ok('storage.createVolume', {
      connection: URI,
      pool: POOL,
      name: 'kvmdesk-test-crashed.img',
      format: 'raw',
      sizeBytes: 8 * MiB,
    });
    const entry = { connection: URI, pool: POOL, name: 'kvmdesk-test-crashed.img', sizeBytes: 8 * MiB };
    const journal = t.backend.ctx.storage.journal;
    // as a KVM Desk process that died mid-upload would have left it: another pid
    await writeFile(
      join(t.configDir, 'uploads-in-progress.json'),
      JSON.stringify([{ ...entry, pid: 999999, startedAt: Date.now() }]),
    );
    const listed = await t.ok('storage.listVolumes', { connection: URI, pool: POOL });
    expect(listed.find((v) => v.name === entry.name)).toMatchObject({ incompleteUpload: true });
    // a new backend (the next start) cleans up on its first listing
    const next = new StorageService(
      t.backend.ctx.connections,
      t.backend.ctx.events,
      t.backend.ctx.jobs,
      t.configDir,
    );
    await next.listPools(URI);
    expect(await volumeNames()).not.toContain(entry.name);
    expect(await journal.list()).toEqual([]);
    void c;
  });

  it('a volume and a pool a guest uses refuse delete, naming the guest', async () => {
    const c = t.backend.ctx.connections.client(URI);
    const [vol] = (await t.ok('storage.listVolumes', { connection: URI, pool: POOL })).filter(
      (v) => v.name === 'kvmdesk-test-disk.qcow2',
    );
    const xml = `<domain type='qemu'><name>${GUEST}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${vol.path}'/><target dev='vda' bus='virtio'/></disk></devices></domain>`;
    const dom = await c.domainDefineXML(xml, 0);
    const listed = await t.ok('storage.listVolumes', { connection: URI, pool: POOL });
    expect(listed.find((v) => v.name === vol.name)?.usedBy).toEqual([GUEST]);

    const delVol = await t.call('storage.deleteVolume', { connection: URI, pool: POOL, name: vol.name });
    expect(delVol).toMatchObject({ ok: false, error: { code: 'WRONG_STATE' } });
    expect(!delVol.ok && delVol.error.message).toContain(GUEST);
    const delPool = await t.call('storage.deletePool', { connection: URI, pool: POOL });
    expect(delPool).toMatchObject({ ok: false, error: { code: 'WRONG_STATE' } });
    expect(!delPool.ok && delPool.error.message).toContain(GUEST);

    await c.domainUndefine(dom, 0);
    // not in use any more, but not empty: still refused, naming what is in it
    const notEmpty = await t.call('storage.deletePool', { connection: URI, pool: POOL });
    expect(!notEmpty.ok && notEmpty.error.message).toMatch(/still has 2 volumes/);
    for (const name of await volumeNames())
      await t.ok('storage.deleteVolume', { connection: URI, pool: POOL, name });
    await t.ok('storage.deletePool', { connection: URI, pool: POOL });
    expect((await t.ok('storage.listPools', { connection: URI })).map((p) => p.name)).not.toContain(POOL);
  });
});
