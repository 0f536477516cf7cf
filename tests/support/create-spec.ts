// The smallest guest a create test asks for: 256 MiB, one vCPU, a 1 GiB disk, BIOS, no TPM, no network,
// not started; a test names it, says where it boots from and changes what it tests. No libvirt here, so
// unit tests use it too (the create integration tests through ./integration/create/support).
import type { CreateVmSpec } from '../../preload/contract';

export function testSpec(
  name: string,
  source: CreateVmSpec['source'],
  over: Partial<CreateVmSpec> = {},
): CreateVmSpec {
  return {
    connection: 'qemu:///system',
    name,
    source,
    memoryMiB: 256,
    vcpus: 1,
    diskGiB: 1,
    firmware: 'bios',
    tpm: false,
    network: { kind: 'none' },
    startAfterCreate: false,
    ...over,
  };
}
