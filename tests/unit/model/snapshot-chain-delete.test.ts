import { describe, expect, it } from 'vitest';
import { chainFilesToDelete } from '../../../main/model/snapshot-chain-delete';

describe('the chain files that go with a deleted disk', () => {
  const disk = '/p/vm.qcow2';
  const s1 = '/p/vm.s1.qcow2';
  const s2 = '/p/vm.s2.qcow2';
  const base = '/p/template.qcow2';

  it('two snapshots: both overlays and the disk as it was', () => {
    expect(chainFilesToDelete([s2, s1, disk], [s1, s2])).toEqual([s1, disk]);
  });
  it('a disk made on a template: the template stays', () => {
    expect(chainFilesToDelete([s1, disk, base], [s1])).toEqual([disk]);
  });
  it('no snapshot layer on top: nothing more than the disk itself', () => {
    expect(chainFilesToDelete([disk, base], [])).toEqual([]);
    expect(chainFilesToDelete([disk, base], [s1])).toEqual([]);
    expect(chainFilesToDelete([disk], [])).toEqual([]);
  });
  it('a top made by KVM Desk over a user file over one of ours again: stops at the user file', () => {
    expect(chainFilesToDelete([s2, disk, s1, base], [s1, s2])).toEqual([disk]);
  });
});
