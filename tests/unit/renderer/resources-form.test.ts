import { describe, expect, it } from 'vitest';
import {
  draftOf,
  osMinimumNote,
  resourceEdits,
  resourceProblems,
} from '../../../renderer/features/vm-details/hardware/resources-form';

const saved = { vcpus: 1, maxVcpus: 2, memoryKiB: 256 * 1024, maxMemoryKiB: 512 * 1024 };
const host = { cpus: 4, memoryKiB: 8 * 1024 * 1024 };

describe('the processors-and-memory editor', () => {
  it('starts from the saved values, in MiB', () => {
    expect(draftOf(saved)).toEqual({ vcpus: 1, maxVcpus: 2, memoryMiB: 256, maxMemoryMiB: 512 });
    expect(resourceProblems(draftOf(saved), host)).toEqual({});
    expect(resourceEdits(saved, draftOf(saved))).toEqual([]);
  });

  it('says what is wrong with each field, in the user’s words', () => {
    expect(resourceProblems({ vcpus: 3, maxVcpus: 2, memoryMiB: 600, maxMemoryMiB: 512 }, host)).toEqual({
      vcpus: 'At most the maximum (2).',
      memoryMiB: 'At most the maximum (512 MiB).',
    });
    expect(resourceProblems({ vcpus: 1, maxVcpus: 8, memoryMiB: 256, maxMemoryMiB: 9000 }, host)).toEqual({
      maxVcpus: 'This host has 4 processors: at most 4.',
      maxMemoryMiB: 'This host has 8192 MiB: at most that much.',
    });
    expect(resourceProblems({ vcpus: '', maxVcpus: 0, memoryMiB: '', maxMemoryMiB: 512 }, host)).toEqual({
      vcpus: 'Enter a whole number of processors, at least 1.',
      maxVcpus: 'Enter a whole number of processors, at least 1.',
      memoryMiB: 'Enter the memory in MiB, at least 1.',
    });
  });

  it('makes one edit per family that changed', () => {
    expect(resourceEdits(saved, { vcpus: 2, maxVcpus: 2, memoryMiB: 256, maxMemoryMiB: 512 })).toEqual([
      { kind: 'vcpus', current: 2, maximum: 2 },
    ]);
    expect(resourceEdits(saved, { vcpus: 1, maxVcpus: 2, memoryMiB: 384, maxMemoryMiB: 512 })).toEqual([
      { kind: 'memory', currentKiB: 384 * 1024, maximumKiB: 512 * 1024 },
    ]);
  });
});

describe("the OS's minimums beside the fields", () => {
  const min = { osName: 'Debian 11', minMemoryMiB: 1024, minVcpus: 1 };
  it('says them, and warns (without refusing) below them', () => {
    const d = draftOf(saved); // 256 MiB
    expect(osMinimumNote(d, min)).toEqual({
      note: 'Debian 11 needs at least 1024 MiB of memory and 1 processor.',
      warning: "Below Debian 11's minimum: it may not start or may be slow.",
    });
    expect(resourceProblems(d, host)).toEqual({}); // a warning only: Save stays possible
    expect(osMinimumNote({ ...d, memoryMiB: 2048, maxMemoryMiB: 2048 }, min)).toEqual({
      note: 'Debian 11 needs at least 1024 MiB of memory and 1 processor.',
    });
  });
  it('says nothing for an OS without minimums, or none known', () => {
    expect(osMinimumNote(draftOf(saved), undefined)).toEqual({});
    expect(osMinimumNote(draftOf(saved), { osName: 'Other' })).toEqual({});
  });
});
