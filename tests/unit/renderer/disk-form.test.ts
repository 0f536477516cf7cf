// The disk dialogs' rules, as the user types: a new disk's size, a grow (never a shrink), only the changed
// settings sent, a CD/DVD drive's bus for the machine.
import { describe, expect, it } from 'vitest';
import type { DiskInfo } from '../../../preload/contract';
import {
  cdromBusFor,
  changedSettings,
  gibOf,
  growProblem,
  newDiskSizeProblem,
} from '../../../renderer/features/vm-details/hardware/disk-form';

const GiB = 1024 ** 3;
const disk: DiskInfo = {
  target: 'vda',
  device: 'disk',
  bus: 'virtio',
  path: '/d.qcow2',
  readonly: false,
  deletable: true,
};

describe('a new disk’s size', () => {
  it('is more than 0 GiB and fits in the pool', () => {
    expect(newDiskSizeProblem('', 10 * GiB)).toBe('Enter a size in GiB.');
    expect(newDiskSizeProblem(0, 10 * GiB)).toBe('A disk must be more than 0 GiB.');
    expect(newDiskSizeProblem(-1, 10 * GiB)).toBe('A disk must be more than 0 GiB.');
    expect(newDiskSizeProblem(11, 10 * GiB)).toBe('The pool has 10 GiB free: the disk must fit in it.');
    expect(newDiskSizeProblem(10, 10 * GiB)).toBeUndefined();
    expect(newDiskSizeProblem(0.5, undefined)).toBeUndefined();
  });
});

describe('growing a disk', () => {
  it('refuses a smaller size with why, and the same size', () => {
    expect(growProblem(1, 2 * GiB)).toBe(
      'It is 2.0 GiB: a disk can only grow. Shrinking would cut off what the guest keeps at its end.',
    );
    expect(growProblem(2, 2 * GiB)).toBe('It is 2.0 GiB already.');
    expect(growProblem(2.5, 2 * GiB)).toBeUndefined();
    expect(growProblem('', 2 * GiB)).toBe('Enter a size in GiB.');
  });

  it('shows sizes in GiB with one decimal', () => {
    expect(gibOf(1.5 * GiB)).toBe(1.5);
    expect(gibOf(10 * GiB + 12345)).toBe(10);
  });
});

describe('disk settings', () => {
  it('sends only what changed; a mode not stated counts as the default', () => {
    const same = { bus: 'virtio', cache: 'default', discard: 'default', readonly: false } as const;
    expect(changedSettings(disk, same)).toEqual({});
    expect(changedSettings(disk, { ...same, bus: 'scsi', readonly: true })).toEqual({
      bus: 'scsi',
      readonly: true,
    });
    expect(changedSettings({ ...disk, cache: 'none' }, { ...same, cache: 'none', discard: 'unmap' })).toEqual(
      {
        discard: 'unmap',
      },
    );
  });
});

describe('a new CD/DVD drive’s bus', () => {
  it('is SATA on Q35, IDE on a PC until its four places are taken', () => {
    expect(cdromBusFor('pc-q35-7.2', [])).toBe('sata');
    expect(cdromBusFor('pc-i440fx-7.2', [])).toBe('ide');
    const ide = (t: string): DiskInfo => ({ ...disk, target: t, bus: 'ide' });
    expect(cdromBusFor('pc', ['hda', 'hdb', 'hdc', 'hdd'].map(ide))).toBe('sata');
  });
});
