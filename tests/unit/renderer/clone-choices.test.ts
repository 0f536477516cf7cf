// The clone dialog's rule, pure (virt-clone's: disks are copied while nothing writes to them).
import { describe, expect, it } from 'vitest';
import { cloneChoices, cloneStartProblem } from '../../../renderer/features/clone/clone-choices';

describe('what the clone dialog offers for the source’s state', () => {
  it('a shut-off guest: both kinds, linked first, no pause', () => {
    const off = cloneChoices({ name: 'web', state: 'shutoff' });
    expect(off).toEqual({ defaultMode: 'linked' });
    expect(cloneStartProblem(off, 'linked', false)).toBeUndefined();
    expect(cloneStartProblem(off, 'full', false)).toBeUndefined();
  });

  it('a running guest: a full copy with the pause offered; linked refused with the reason', () => {
    const running = cloneChoices({ name: 'web', state: 'running' });
    expect(running.defaultMode).toBe('full');
    expect(running.pauseOffer).toBe('Pause “web” during the copy and resume it after');
    expect(running.linkedRefused).toMatch(/^Needs “web” shut off: a running guest keeps writing/);
    expect(cloneStartProblem(running, 'full', true)).toBeUndefined();
    expect(cloneStartProblem(running, 'full', false)).toMatch(/let KVM Desk pause it, or shut it down first/);
    expect(cloneStartProblem(running, 'linked', true)).toBe(running.linkedRefused);
    expect(cloneChoices({ name: 'web', state: 'blocked' }).pauseOffer).toBeDefined();
  });

  it('a guest the user paused: a full copy as it is (nothing to pause or resume), no linked clone', () => {
    const paused = cloneChoices({ name: 'web', state: 'paused' });
    expect(paused.pauseOffer).toBeUndefined();
    expect(paused.defaultMode).toBe('full');
    expect(cloneStartProblem(paused, 'full', false)).toBeUndefined();
    expect(cloneStartProblem(paused, 'linked', false)).toMatch(/shut off/);
  });
});
