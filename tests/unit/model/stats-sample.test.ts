// The numbers a Performance tab shows, from libvirt's bulk-stats parameters: rates from two readings,
// CPU % as virt-manager computes it, and no made-up numbers (missing fields, restarts, paused guests).
import { describe, expect, it } from 'vitest';
import {
  deriveSample,
  NO_BALLOON,
  NOT_REPORTED,
  readStats,
  type StatsReading,
} from '../../../main/model/stats-sample';

const S = 1_000_000_000n; // one second in ns

function params(over: Record<string, number | bigint> = {}) {
  return {
    'state.state': 1,
    'cpu.time': 10n * S,
    'vcpu.current': 2,
    'balloon.current': 1_048_576n,
    'balloon.rss': 300_000n,
    'block.count': 2,
    'block.0.rd.bytes': 1000n,
    'block.0.wr.bytes': 0n,
    'block.1.rd.bytes': 500n,
    'block.1.wr.bytes': 200n,
    'net.count': 1,
    'net.0.rx.bytes': 100n,
    'net.0.tx.bytes': 50n,
    ...over,
  };
}
const opts = { t: 1, hostCpus: 8 };

describe('a running guest sampled twice one second apart', () => {
  const a = readStats(params(), 0n);
  const b = readStats(
    params({
      'cpu.time': 11n * S, // one vCPU busy for the whole second, of two
      'block.0.rd.bytes': 5000n,
      'block.1.wr.bytes': 1200n,
      'net.0.rx.bytes': 2100n,
      'net.0.tx.bytes': 50n,
    }),
    S,
  );
  const s = deriveSample(b, a, opts);

  it('says half of its two vCPUs and an eighth of the host', () => {
    expect(s.state).toBe('running');
    expect(s.cpuPercent).toBeCloseTo(50);
    expect(s.hostCpuPercent).toBeCloseTo(12.5);
    expect(s.vcpus).toBe(2);
  });

  it('sums the disks and the network adapters per second', () => {
    expect(s.diskReadBps).toBe(4000);
    expect(s.diskWriteBps).toBe(1000);
    expect(s.netRxBps).toBe(2000);
    expect(s.netTxBps).toBe(0);
    expect(s.disks).toBe(2);
    expect(s.nics).toBe(1);
  });

  it('shows assigned memory and host RSS, and says the guest does not report its use', () => {
    expect(s.assignedKiB).toBe(1_048_576);
    expect(s.rssKiB).toBe(300_000);
    expect(s.usedKiB).toBeUndefined();
    expect(s.usedNote).toBe(NOT_REPORTED);
  });
});

describe('what is not known is not shown as a number', () => {
  it('has no rates on a guest’s first reading', () => {
    const s = deriveSample(readStats(params(), 0n), undefined, opts);
    expect(s.cpuPercent).toBeUndefined();
    expect(s.diskReadBps).toBeUndefined();
    expect(s.assignedKiB).toBe(1_048_576); // levels need no previous reading
  });

  it('clamps CPU % to 0..100 (a tick late by libvirt’s lock still reads as at most 100)', () => {
    const a = readStats(params(), 0n);
    const b = readStats(params({ 'cpu.time': 14n * S }), S); // 4 s of CPU in 1 s on 2 vCPUs
    expect(deriveSample(b, a, opts).cpuPercent).toBe(100);
    expect(deriveSample(b, a, { ...opts, hostCpus: 2 }).hostCpuPercent).toBe(100);
  });

  it('gives no rate when a counter went back (the guest restarted between readings)', () => {
    const a = readStats(params({ 'cpu.time': 50n * S, 'block.0.rd.bytes': 9000n }), 0n);
    const b = readStats(params({ 'cpu.time': 1n * S, 'block.0.rd.bytes': 100n }), S);
    const s = deriveSample(b, a, opts);
    expect(s.cpuPercent).toBeUndefined();
    expect(s.diskReadBps).toBeUndefined();
    expect(s.diskWriteBps).toBe(0); // the other counters are still fine
  });

  it('leaves out what libvirt did not send (no block or net group, no vcpu.current)', () => {
    const p = { 'state.state': 1, 'cpu.time': 10n * S };
    const s = deriveSample(readStats({ ...p, 'cpu.time': 11n * S }, S), readStats(p, 0n), opts);
    expect(s.cpuPercent).toBeUndefined(); // no vCPU count: no share of it
    expect(s.hostCpuPercent).toBeCloseTo(12.5);
    expect(s.diskReadBps).toBeUndefined();
    expect(s.netRxBps).toBeUndefined();
    expect(s.assignedKiB).toBeUndefined();
  });

  it('uses what the guest reports unused, or says it has no balloon', () => {
    const r = readStats(params({ 'balloon.unused': 48_576n }), 0n);
    expect(deriveSample(r, undefined, opts).usedKiB).toBe(1_000_000);
    const none = deriveSample(readStats(params(), 0n), undefined, { ...opts, hasBalloon: false });
    expect(none.usedNote).toBe(NO_BALLOON);
  });

  it('says paused or off, with no numbers at all', () => {
    const paused = deriveSample(readStats(params({ 'state.state': 3 }), S), readStats(params(), 0n), opts);
    expect(paused).toEqual({ t: 1, state: 'paused' });
    expect(deriveSample(readStats(params({ 'state.state': 5 }), S), undefined, opts)).toEqual({
      t: 1,
      state: 'off',
    });
  });

  it('keeps ns counters exact past 2^53 (a guest running for months)', () => {
    const big = 2n ** 60n;
    const a: StatsReading = { atNs: 0n, state: 1, cpuTimeNs: big, vcpus: 1 };
    const b: StatsReading = { atNs: S, state: 1, cpuTimeNs: big + S / 4n, vcpus: 1 };
    expect(deriveSample(b, a, opts).cpuPercent).toBeCloseTo(25);
  });
});
