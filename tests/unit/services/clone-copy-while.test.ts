// When a clone may copy its source's disks (virt-clone's rule), as the backend decides before the job.
import { describe, expect, it } from 'vitest';
import { DomainState } from '../../../main/libvirt/facade';
import { copyWhile } from '../../../main/services/clones/source';

const full = { mode: 'full' as const };

describe('copying a source’s disks', () => {
  it('a shut-off source: either kind, nothing to pause', () => {
    expect(copyWhile(DomainState.SHUTOFF, { mode: 'linked' }, false, 'web')).toEqual({
      active: false,
      pause: false,
    });
    expect(copyWhile(DomainState.SHUTOFF, full, false, 'web')).toEqual({ active: false, pause: false });
  });

  it('a running source: a full copy only when the user lets KVM Desk pause it, on this machine', () => {
    expect(copyWhile(DomainState.RUNNING, { ...full, pauseSource: true }, true, 'web')).toEqual({
      active: true,
      pause: true,
    });
    expect(() => copyWhile(DomainState.RUNNING, full, true, 'web')).toThrow(
      'Shut down “web”, or let KVM Desk pause it during the copy',
    );
    expect(() => copyWhile(DomainState.RUNNING, { ...full, pauseSource: true }, false, 'web')).toThrow(
      'on a remote host KVM Desk copies the disks of a shut-off guest only',
    );
  });

  it('a paused source: copied as it is (not resumed after); never a linked clone of an active guest', () => {
    expect(copyWhile(DomainState.PAUSED, full, true, 'web')).toEqual({ active: true, pause: false });
    for (const state of [DomainState.RUNNING, DomainState.PAUSED])
      expect(() => copyWhile(state, { mode: 'linked', pauseSource: true }, true, 'web')).toThrow(
        /^Shut down “web” first: a linked clone reads its disks as they are/,
      );
  });
});
