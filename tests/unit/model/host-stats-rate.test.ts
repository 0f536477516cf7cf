import { describe, expect, it } from 'vitest';
import { hostCpuOfCapabilities } from '../../../main/model/domain-caps';
import { guestsShare, hostCpuRate, hostMemory, readHostCpu } from '../../../main/model/host-stats-rate';

const S = 1_000_000_000n; // 1 s in ns

describe('the host CPU rate', () => {
  it('is kernel + user over all the time that passed, as virsh nodecpustats --percent counts', () => {
    const a = { kernel: 10n * S, user: 20n * S, idle: 100n * S, iowait: 2n * S };
    // 2 CPUs for 1 s: 2 s of CPU time, of which 0.25 kernel, 0.75 user, 0.9 idle, 0.1 iowait
    const b = {
      kernel: a.kernel + S / 4n,
      user: a.user + (3n * S) / 4n,
      idle: a.idle + (9n * S) / 10n,
      iowait: a.iowait + S / 10n,
    };
    const r = hostCpuRate(a, b);
    expect(r?.cpuPercent).toBeCloseTo(50, 6);
    expect(r?.iowaitPercent).toBeCloseTo(5, 6);
  });

  it('has no rate from one reading, from no time, or across a counter reset (a rebooted host)', () => {
    const a = { kernel: 5n * S, user: 5n * S, idle: 5n * S, iowait: 0n };
    expect(hostCpuRate(undefined, a)).toBeUndefined();
    expect(hostCpuRate(a, { ...a })).toBeUndefined();
    expect(hostCpuRate(a, { ...a, idle: S })).toBeUndefined();
  });

  it('keeps nanosecond precision past 2^53 (days of many CPUs)', () => {
    const big = 2n ** 60n;
    const a = { kernel: big, user: big, idle: big, iowait: big };
    const r = hostCpuRate(a, { kernel: big + 1n, user: big, idle: big + 3n, iowait: big });
    expect(r?.cpuPercent).toBe(25);
  });

  it('reads libvirt fields; a driver without kernel/user/idle has no reading', () => {
    expect(readHostCpu({ kernel: 1n, user: 2n, idle: 3n, iowait: 4n })).toEqual({
      kernel: 1n,
      user: 2n,
      idle: 3n,
      iowait: 4n,
    });
    expect(readHostCpu({ kernel: 1n, user: 2n, idle: 3n })?.iowait).toBe(0n);
    expect(readHostCpu({ utilization: 5n })).toBeUndefined();
  });
});

describe('the host memory', () => {
  it('counts used as free counts it: total less free, buffers and cache', () => {
    expect(hostMemory({ total: 16_000n, free: 4_000n, buffers: 1_000n, cached: 3_000n })).toEqual({
      memoryTotalKiB: 16_000,
      memoryFreeKiB: 4_000,
      memoryCacheKiB: 4_000,
      memoryUsedKiB: 8_000,
    });
  });
  it('says nothing it does not know', () => {
    expect(hostMemory({})).toEqual({ memoryTotalKiB: undefined, memoryFreeKiB: undefined });
  });
});

describe('the running guests’ share', () => {
  it('sums what is known, is unknown when nothing is, and never passes 100', () => {
    expect(guestsShare([10, undefined, 15.5])).toBe(25.5);
    expect(guestsShare([undefined])).toBeUndefined();
    expect(guestsShare([60, 70])).toBe(100);
  });
});

describe('the host CPU in libvirt’s capabilities', () => {
  it('is the host <cpu>’s model and vendor, not a guest’s', () => {
    const caps = `<capabilities><host><uuid>x</uuid><cpu><arch>x86_64</arch><model>Skylake-Client-IBRS</model>
      <vendor>Intel</vendor><feature name='vmx'/></cpu></host>
      <guest><arch name='x86_64'><domain type='qemu'/></arch><cpu><model>qemu64</model></cpu></guest></capabilities>`;
    expect(hostCpuOfCapabilities(caps)).toEqual({ model: 'Skylake-Client-IBRS', vendor: 'Intel' });
    expect(hostCpuOfCapabilities('<capabilities><host/></capabilities>')).toEqual({});
  });
});
