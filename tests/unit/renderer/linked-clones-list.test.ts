// The list's linked-clone marks, pure: each base's clones counted over all guests of its connection
// (also those a search hides), by uuid, and never across connections.
import { describe, expect, it } from 'vitest';
import type { VmSummary } from '../../../preload/contract';
import {
  baseBadge,
  cloneBadgeTitle,
  guestKey,
  linkedClonesByBase,
} from '../../../renderer/features/vm-list/linked-clones';
import { guest, URI } from './fake-bridge';

const byUuid = (...vms: VmSummary[]) => Object.fromEntries(vms.map((v) => [v.uuid, v]));

describe('the list’s “base of N linked clones”', () => {
  const base = guest('base');
  const other = guest('other');
  const b = guest('web-b', { linkedCloneOf: { uuid: base.uuid, name: 'base' } });
  const a = guest('web-a', { linkedCloneOf: { uuid: base.uuid, name: 'base' } });
  const full = guest('base-full');

  it('counts each base’s linked clones, names sorted, and marks nobody else', () => {
    const map = linkedClonesByBase({ [URI]: byUuid(base, other, b, a, full) });
    expect(map.get(guestKey(base))).toEqual(['web-a', 'web-b']);
    expect(map.has(guestKey(other))).toBe(false);
    expect(map.has(guestKey(a))).toBe(false);
    expect(map.size).toBe(1);
  });

  it('does not count a clone on another connection, nor one whose base is gone', () => {
    const remote = 'qemu+ssh://far/system';
    const far = {
      ...guest('far-clone', { linkedCloneOf: { uuid: base.uuid, name: 'base' } }),
      connection: remote,
    };
    const orphan = guest('orphan', {
      linkedCloneOf: { uuid: '0000dead-0000-0000-0000-000000000000', name: 'gone' },
    });
    const map = linkedClonesByBase({ [URI]: byUuid(base, a, orphan), [remote]: byUuid(far) });
    expect(map.get(guestKey(base))).toEqual(['web-a']);
    expect(map.size).toBe(1);
  });

  it('says it in a short badge, with the clones and the consequence in the tooltip', () => {
    expect(baseBadge(['web-a'])).toEqual({
      label: 'base of 1',
      title: expect.stringMatching(/^Base of 1 linked clone \(web-a\): they read its disks/),
    });
    expect(baseBadge(['web-a', 'web-b']).title).toMatch(/^Base of 2 linked clones \(web-a, web-b\)/);
    expect(cloneBadgeTitle('base')).toBe(
      'Linked clone of “base”: it reads that guest’s disks and writes only its own changes.',
    );
  });
});
