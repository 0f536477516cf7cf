import { describe, expect, it } from 'vitest';
import {
  type CreateContext,
  type FileCheck,
  generateName,
  validateCreateSpec,
} from '../../../main/model/validate-create';
import type { CreateVmSpec } from '../../../preload/contract';

const GiB = 1024 ** 3;

const files: Record<string, FileCheck> = {
  '/isos/debian.iso': { exists: true, isFile: true, readableByQemu: true },
  '/isos/virtio-win.iso': { exists: true, isFile: true, readableByQemu: true },
  '/isos': { exists: true, isFile: false, readableByQemu: true, reason: 'it is a folder' },
  '/root/win11.iso': {
    exists: true,
    isFile: true,
    readableByQemu: false,
    reason: '/root is private to root',
  },
  '/images/old.qcow2': { exists: true, isFile: true, readableByQemu: true },
};

function ctx(over: Partial<CreateContext> = {}): CreateContext {
  return {
    hostMemoryKiB: 8 * 1024 * 1024,
    hostCpus: 2,
    poolFreeBytes: 50 * GiB,
    poolName: 'default',
    existingNames: new Set(['web', 'debian11-20261127']),
    os: {
      memoryMiB: 1024,
      vcpus: 2,
      diskGiB: 20,
      minMemoryMiB: 1024,
      minVcpus: 2,
      minDiskGiB: 10,
      source: 'x',
    },
    osName: 'Debian 11',
    systemConnection: true,
    fileCheck: (p) => files[p] ?? { exists: false, isFile: false, readableByQemu: false },
    host: { efi: true, secureBoot: true, tpmEmulator: true },
    ...over,
  };
}

function spec(over: Partial<CreateVmSpec> = {}): CreateVmSpec {
  return {
    connection: 'qemu:///system',
    name: 'debian-test',
    osId: 'debian11',
    source: { kind: 'iso', path: '/isos/debian.iso' },
    memoryMiB: 2048,
    vcpus: 2,
    diskGiB: 20,
    firmware: 'bios',
    tpm: false,
    network: { kind: 'nat', name: 'default' },
    startAfterCreate: true,
    ...over,
  };
}

const messages = (s: Partial<CreateVmSpec>, c: Partial<CreateContext> = {}) =>
  validateCreateSpec(spec(s), ctx(c)).map((p) => `${p.severity} ${p.field}: ${p.message}`);

describe('checking a new guest before creating it', () => {
  it('accepts a sound spec', () => {
    expect(messages({})).toEqual([]);
  });

  it('asks for a name', () => {
    expect(messages({ name: '  ' })).toEqual(['error name: Give the guest a name.']);
  });

  it('says the name is taken', () => {
    expect(messages({ name: 'web' })).toEqual([
      'error name: A guest named "web" already exists. Choose another name.',
    ]);
  });

  it('names the characters a guest name cannot have, and the allowed ones', () => {
    expect(messages({ name: 'my vm/2' })).toEqual([
      "error name: A guest name can't contain spaces or /. Use letters, digits, dots (.), hyphens (-) and underscores (_).",
    ]);
    // the refused characters bare, for the UI's chips: '"' is not quoted into '"""'
    const quote = validateCreateSpec(spec({ name: 'a<b>&"\'' }), ctx()).find((p) => p.field === 'name');
    expect(quote?.message).toBe(
      "A guest name can't contain < > & \" '. Use letters, digits, dots (.), hyphens (-) and underscores (_).",
    );
    expect(quote?.refused).toEqual(['<', '>', '&', '"', "'"]);
    expect(messages({ name: '-x' })).toEqual([
      'error name: A guest name must start with a letter, a digit or an underscore.',
    ]);
    expect(messages({ name: 'a'.repeat(65) })).toEqual([
      'error name: A guest name can be at most 64 characters long.',
    ]);
  });

  it('checks memory against zero, the host and the OS minimum', () => {
    expect(messages({ memoryMiB: 0 })).toEqual(['error memoryMiB: Give the guest some memory.']);
    expect(messages({ memoryMiB: 9000 })).toEqual([
      "error memoryMiB: Memory must be at most 8 GiB, the host's RAM.",
    ]);
    expect(messages({ memoryMiB: 512 })).toEqual([
      'warning memoryMiB: Debian 11 needs at least 1 GiB of memory; it may not install or run with less.',
    ]);
  });

  it('checks vCPUs against zero, the host and the OS minimum', () => {
    expect(messages({ vcpus: 0 })).toEqual(['error vcpus: Give the guest at least one vCPU.']);
    expect(messages({ vcpus: 1.5 })).toEqual(['error vcpus: Give the guest at least one vCPU.']);
    expect(messages({ vcpus: 3 })).toEqual(['error vcpus: At most 2 vCPUs: the host has 2 CPUs.']);
    expect(messages({ vcpus: 2 }, { hostCpus: 1 })).toEqual([
      'error vcpus: At most 1 vCPU: the host has 1 CPU.',
    ]);
    expect(messages({ vcpus: 1 })).toEqual([
      'warning vcpus: Debian 11 needs at least 2 vCPUs; it may run slowly with fewer.',
    ]);
  });

  it('checks the disk against zero, the pool and the OS minimum', () => {
    expect(messages({ diskGiB: 0 })).toEqual(['error diskGiB: Give the disk a size.']);
    expect(messages({ diskGiB: 60 }, { poolFreeBytes: 12.34 * GiB })).toEqual([
      'error diskGiB: The disk can be at most 12.3 GiB, the free space in storage pool "default".',
    ]);
    expect(messages({ diskGiB: 5 })).toEqual([
      'warning diskGiB: Debian 11 needs a disk of at least 10 GiB; it may not install on less.',
    ]);
    expect(
      messages({ pool: 'fast-ssd' }, { poolName: 'fast-ssd', poolExists: false, poolFreeBytes: undefined }),
    ).toEqual(['error pool: There is no storage pool named "fast-ssd". Choose another pool.']);
    // the default pool is made when missing
    expect(messages({}, { poolExists: false, poolFreeBytes: undefined })).toEqual([]);
    // importing an existing disk allocates nothing
    expect(messages({ diskGiB: 0, source: { kind: 'import', path: '/images/old.qcow2' } })).toEqual([]);
  });

  it('says which ISO path is wrong and why', () => {
    expect(messages({ source: { kind: 'iso', path: '' } })).toEqual([
      'error source.path: Choose an ISO image.',
    ]);
    expect(messages({ source: { kind: 'iso', path: 'debian.iso' } })).toEqual([
      'error source.path: Give the full path of an ISO image (starting with /).',
    ]);
    expect(messages({ source: { kind: 'iso', path: '/isos/missing.iso' } })).toEqual([
      'error source.path: /isos/missing.iso does not exist.',
    ]);
    expect(messages({ source: { kind: 'iso', path: '/isos' } })).toEqual([
      'error source.path: /isos is not a file: it is a folder.',
    ]);
    expect(messages({ source: { kind: 'iso', path: '/root/win11.iso' } })).toEqual([
      "error source.path: /root/win11.iso can't be read by the hypervisor (user libvirt-qemu): /root is private to root. Move it to a readable place such as /var/lib/libvirt/images.",
    ]);
  });

  it('checks the virtio-win ISO, kernel boot files and import images the same way', () => {
    expect(messages({ virtioWinIso: '/isos/nope.iso' })).toEqual([
      'error virtioWinIso: /isos/nope.iso does not exist.',
    ]);
    expect(messages({ virtioWinIso: '/isos/virtio-win.iso' })).toEqual([]);
    expect(
      messages({ source: { kind: 'kernel', kernel: '/boot/vmlinuz', initrd: '/isos/debian.iso' } }),
    ).toEqual(['error source.path: /boot/vmlinuz does not exist.']);
    expect(messages({ source: { kind: 'import', path: '' } })).toEqual([
      'error source.path: Choose a disk image to import.',
    ]);
  });

  it('needs a network for network boot, and a bridge name', () => {
    expect(messages({ source: { kind: 'pxe' }, network: { kind: 'none' } })).toEqual([
      'error network: Network boot needs a network: choose NAT or a bridge.',
    ]);
    expect(messages({ network: { kind: 'bridge', name: '' } })).toEqual([
      'error network: Name the bridge (for example br0).',
    ]);
  });

  it('checks firmware and TPM against what the host offers', () => {
    const bare = { host: { efi: false, secureBoot: false, tpmEmulator: false } };
    expect(messages({ firmware: 'uefi', tpm: true }, bare)).toEqual([
      'error firmware: This host has no UEFI firmware for guests (the ovmf package). Choose BIOS.',
      'error tpm: This host cannot emulate a TPM (the swtpm package is missing). Turn the TPM off.',
    ]);
    expect(
      messages({ firmware: 'uefi-secure' }, { host: { efi: true, secureBoot: false, tpmEmulator: true } }),
    ).toEqual([
      "error firmware: This host's UEFI firmware has no Secure Boot. Choose UEFI without Secure Boot.",
    ]);
  });
});

describe('generating a name', () => {
  const day = new Date('2026-11-27T10:00:00Z');
  it('uses the OS short id and the date, and stays unique', () => {
    expect(generateName('win11', new Set(), day)).toBe('win11-20261127');
    expect(generateName('debian11', new Set(['debian11-20261127']), day)).toBe('debian11-20261127-2');
    expect(generateName('debian11', new Set(['debian11-20261127', 'debian11-20261127-2']), day)).toBe(
      'debian11-20261127-3',
    );
    expect(generateName(undefined, new Set(), day)).toBe('guest-20261127');
    expect(generateName('ubuntu22.10', new Set(), day)).toBe('ubuntu22.10-20261127');
  });
});
