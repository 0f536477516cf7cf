// A full clone's disk copy (services/clones/volumes.ts copyVolume) on a fake connection and fake
// timers: it ends when libvirt's copy ends, not at the progress poll's next half second (the clone
// bench's 1 GiB copy took 1.05 s for 0.55 s of copying), and a long copy still reports its progress.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LibvirtConnectionApi, PoolRef, VolumeRef } from '../../../main/libvirt/facade';
import type { SourceDisk } from '../../../main/services/clones/source';
import { copyVolume } from '../../../main/services/clones/volumes';

const pool: PoolRef = { name: 'default', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' };
const srcVol: VolumeRef = { pool: 'default', name: 'kvmdesk-test-src.qcow2', key: '/images/src.qcow2' };
const disk = {
  target: 'vda',
  copied: true,
  vol: srcVol,
  pool,
  file: '/images/src.qcow2',
  volFormat: 'qcow2',
  capacity: 2n ** 31n,
  allocation: 2n ** 30n,
} satisfies SourceDisk;

/** libvirt copying for `ms`, its new volume's allocation growing by 1 MiB per ms meanwhile */
function copying(ms: number) {
  const started = Date.now();
  const made: VolumeRef = { pool: 'default', name: 'kvmdesk-test-copy.qcow2', key: '/images/copy.qcow2' };
  const c = {
    volumeCreateXMLFrom: () => new Promise<VolumeRef>((r) => setTimeout(() => r(made), ms)),
    volumeGetPath: async (v: VolumeRef) => v.key,
    lookupVolumeByName: async () => made,
    volumeGetInfo: async () => ({
      type: 0,
      capacity: disk.capacity,
      allocation: BigInt(Date.now() - started) << 20n,
    }),
  };
  return c as unknown as LibvirtConnectionApi;
}

describe('copyVolume', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ends as soon as libvirt’s copy ends, between two progress polls', async () => {
    let ended = false;
    const copy = copyVolume(copying(550), disk, 'kvmdesk-test-copy.qcow2', () => {}).then((v) => {
      ended = true;
      return v;
    });
    await vi.advanceTimersByTimeAsync(551);
    expect(ended).toBe(true);
    expect((await copy).path).toBe('/images/copy.qcow2');
  });

  it('reports the copy’s allocation every half second while it runs', async () => {
    const heard: number[] = [];
    const copy = copyVolume(copying(1600), disk, 'kvmdesk-test-copy.qcow2', (b) => heard.push(b));
    await vi.advanceTimersByTimeAsync(2001); // past the poll after the end, whatever it does
    await copy;
    expect(heard.map((b) => Math.round(b / 2 ** 20 / 500))).toEqual([1, 2, 3]);
  });
});
