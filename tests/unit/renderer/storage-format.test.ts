import { describe, expect, it } from 'vitest';
import { hostHash, hostRoute } from '../../../preload/routes';
import type { StoragePool } from '../../../preload/storage';
import { formatBytes, poolUse, sizeFromGiB } from '../../../renderer/features/hosts/storage/storage-format';

const pool: StoragePool = {
  connection: 'qemu:///system',
  name: 'p',
  uuid: 'u',
  type: 'dir',
  state: 'running',
  autostart: true,
  capacityBytes: 100 * 1024 ** 3,
  allocationBytes: 25 * 1024 ** 3,
  availableBytes: 75 * 1024 ** 3,
};

describe('storage panel helpers', () => {
  it('says sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5081088)).toBe('4.8 MiB');
    expect(formatBytes(252 * 1024 ** 3)).toBe('252 GiB');
  });
  it("shows a running pool's use as a bar and a line; a stopped pool has none", () => {
    expect(poolUse(pool)).toEqual({ percent: 25, line: '75.0 GiB free of 100 GiB' });
    expect(poolUse({ ...pool, state: 'inactive' })).toBeUndefined();
  });
  it('checks a size in GiB against the free space', () => {
    expect(sizeFromGiB('2')).toEqual({ bytes: 2 * 1024 ** 3 });
    expect(sizeFromGiB('0').problem).toBe('Enter a size in GiB');
    expect(sizeFromGiB(80, pool.availableBytes).problem).toBe('Only 75.0 GiB free in this pool');
  });
  it("round-trips a host page's route, any connection URI", () => {
    const r = { connection: 'qemu+ssh://root@lab:2222/system', tab: 'storage' };
    expect(hostRoute(hostHash(r))).toEqual(r);
    expect(hostRoute('#/vm/x/y')).toBeNull();
  });
});
