// Volume upload of 512 MiB over the local connection (qemu:///system): ours (libvirt/streams.ts through
// volumeUploadFrom, from the storage service's file source, storage/file-source.ts) against `virsh vol-upload` (the C library's stream), in the same run,
// alternating, each into a fresh raw volume of a kvmdesk-test pool in a temporary folder. Throughput in
// MiB/s, median of the runs; the goal is at least 0.95x virsh's. The file is random bytes (nothing sparse)
// and read once before, so both read it from the page cache. The pool is in /dev/shm where there is one.
import { execFile } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openConnection } from '../main/libvirt/index';
import { fileChunks } from '../main/services/storage/file-source';
import { volumeXml } from '../main/services/storage/volumes';
import { median, report } from './report';

const run = promisify(execFile);
const URI = 'qemu:///system';
const POOL = 'kvmdesk-test-bench-upload';
const SIZE = 512 * 1024 * 1024;
const RUNS = 6;

async function writeRandomFile(path: string): Promise<void> {
  const f = await open(path, 'w');
  const block = Buffer.alloc(16 * 1024 * 1024);
  for (let off = 0; off < SIZE; off += block.length) {
    for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, i);
    await f.write(block);
  }
  await f.close();
}

export default async function bench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kvmdesk-test-bench-'));
  const file = join(dir, 'upload.img');
  await writeRandomFile(file);
  for await (const _ of createReadStream(file)) {
    // warm the page cache
  }
  const c = await openConnection(URI);
  const old = await c.lookupStoragePoolByName(POOL).catch(() => undefined);
  if (old) {
    await c.storagePoolDestroy(old).catch(() => undefined);
    await c.storagePoolUndefine(old).catch(() => undefined);
  }
  // the pool in RAM where there is /dev/shm: the bench measures the stream path, not this machine's shared disk
  const poolDir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : dir, 'kvmdesk-test-bench-pool-'));
  const poolXml = `<pool type='dir'><name>${POOL}</name><target><path>${poolDir}</path></target></pool>`;
  const pool = await c.storagePoolDefineXML(poolXml, 0);
  await c.storagePoolBuild(pool, 0);
  await c.storagePoolCreate(pool, 0);
  const ours: number[] = [];
  const peer: number[] = [];
  // CPU seconds per GiB each side spends in its own process (the daemon's share is the same for both):
  // what decides the throughput when the machine is busy
  const oursCpu: number[] = [];
  const peerCpu: number[] = [];
  try {
    const oursOnce = async (i: number) => {
      const v = await c.volumeCreateXML(pool, volumeXml(`ours-${i}.img`, 'raw', SIZE), 0);
      await run('sync');
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      // as the storage service's upload job does: its file source, progress at most every 200 ms
      let last = 0;
      let reports = 0;
      const onProgress = () => {
        const now = Date.now();
        if (now - last < 200) return;
        last = now;
        reports++;
      };
      await c.volumeUploadFrom(v, fileChunks(file), BigInt(SIZE), {
        onProgress,
        signal: new AbortController().signal,
      });
      ours.push(SIZE / 2 ** 20 / ((performance.now() - t0) / 1000));
      const cpu = process.cpuUsage(cpu0);
      oursCpu.push((cpu.user + cpu.system) / 1e6 / (SIZE / 2 ** 30));
      if (reports === 0) throw new Error('no progress reported');
      await c.volumeDelete(v, 0);
    };
    const virshOnce = async (i: number) => {
      const v = await c.volumeCreateXML(pool, volumeXml(`virsh-${i}.img`, 'raw', SIZE), 0);
      await run('sync');
      const t0 = performance.now();
      // /usr/bin/time reports virsh's own CPU (its fork costs ~1 ms of the ~3 s timed)
      const { stderr } = await run('/usr/bin/time', [
        '-f',
        'cpu %U %S',
        'virsh',
        '-c',
        URI,
        'vol-upload',
        '--pool',
        POOL,
        `virsh-${i}.img`,
        file,
      ]);
      peer.push(SIZE / 2 ** 20 / ((performance.now() - t0) / 1000));
      const m = /cpu ([\d.]+) ([\d.]+)/.exec(stderr);
      if (m) peerCpu.push((Number(m[1]) + Number(m[2])) / (SIZE / 2 ** 30));
      await c.volumeDelete(v, 0);
    };
    // alternating who goes first, each after a sync: neither pays for the other's dirty pages
    for (let i = 0; i < RUNS; i++) {
      if (i % 2 === 0) {
        await oursOnce(i);
        await virshOnce(i);
      } else {
        await virshOnce(i);
        await oursOnce(i);
      }
    }
  } finally {
    for (const v of await c.listAllVolumes(pool, 0).catch(() => []))
      await c.volumeDelete(v, 0).catch(() => undefined);
    await c.storagePoolDestroy(pool).catch(() => undefined);
    await c.storagePoolUndefine(pool).catch(() => undefined);
    await c.close();
    await rm(dir, { recursive: true, force: true });
    await rm(poolDir, { recursive: true, force: true });
  }
  const o = median(ours);
  const p = median(peer);
  report({
    name: 'volume-upload',
    unit: 'MiB/s',
    ours: o,
    peer: p,
    peerName: 'virsh vol-upload',
    ratio: o / p,
    goal: 'ratio >= 0.95 (throughput)',
    met: o / p >= 0.95,
    runs: RUNS,
    extra: {
      sizeMiB: SIZE / 2 ** 20,
      oursRuns: ours.map(Math.round),
      peerRuns: peer.map(Math.round),
      oursCpuSecondsPerGiB: median(oursCpu),
      peerCpuSecondsPerGiB: median(peerCpu),
      loadAverage: loadavg()[0],
    },
  });
}
