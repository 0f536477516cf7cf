import { describe, expect, it } from 'vitest';
import { disksForDetails, nicsForDetails } from '../../../main/model/next-start-devices';
import type { DiskInfo, NicInfo } from '../../../preload/contract';

const disk = (target: string, path?: string): DiskInfo => ({
  target,
  device: 'disk',
  path,
  readonly: false,
  deletable: true,
});

describe('a running guest’s drives and NICs with what waits for the next start', () => {
  it('marks a drive removed from the saved definition, and one only saved as added', () => {
    const live = [disk('vda', '/a.qcow2'), disk('vdb', '/b.qcow2')];
    const saved = [disk('vda', '/a.qcow2'), disk('sda', '/c.qcow2')];
    expect(disksForDetails(live, saved).map((d) => [d.target, d.nextStart])).toEqual([
      ['vda', undefined],
      ['vdb', 'removed'],
      ['sda', 'added'],
    ]);
  });

  it('treats a new disc in the same drive as the same drive', () => {
    expect(disksForDetails([disk('sda', '/x.iso')], [disk('sda', '/y.iso')])[0]!.nextStart).toBeUndefined();
  });

  it('matches NICs by MAC, whatever its case', () => {
    const nic = (mac: string): NicInfo => ({ mac, type: 'network' });
    const out = nicsForDetails(
      [nic('52:54:00:AA:00:01'), nic('52:54:00:aa:00:02')],
      [nic('52:54:00:aa:00:01')],
    );
    expect(out.map((n) => n.nextStart)).toEqual([undefined, 'removed']);
  });
});
