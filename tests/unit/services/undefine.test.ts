// Undefining with the flag fallback (services/undefine.ts), as deleting and a failed create's undo do:
// a libvirt before 8.9 refuses VIR_DOMAIN_UNDEFINE_TPM with VIR_ERR_INVALID_ARG ("unsupported flags").
import { describe, expect, it } from 'vitest';
import { ErrorCode, LibvirtError } from '../../../main/libvirt/errors';
import { type DomainRef, UndefineFlags } from '../../../main/libvirt/facade';
import { UNDEFINE_FALLBACKS, undefineGuest } from '../../../main/services/undefine';

const dom: DomainRef = {
  name: 'kvmdesk-test-undefine',
  uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f',
  id: -1,
};

/** a connection whose driver refuses the given flags; it records every call's flags */
function refusing(refused: number, other?: LibvirtError) {
  const calls: number[] = [];
  const undefined_: number[] = [];
  return {
    calls,
    undefined_,
    async domainUndefine(_dom: DomainRef, flags = 0): Promise<void> {
      calls.push(flags);
      if (other) throw other;
      if (flags & refused)
        throw new LibvirtError(
          'LIBVIRT',
          `unsupported flags (0x${refused.toString(16)}) in function qemuDomainUndefineFlags`,
          {
            code: ErrorCode.INVALID_ARG,
          },
        );
      undefined_.push(flags);
    },
  };
}

describe('undefineGuest', () => {
  it('asks for everything first: managed save, snapshot metadata, NVRAM and TPM state', async () => {
    const c = refusing(0);
    await undefineGuest(c, dom);
    expect(c.calls).toEqual([
      UndefineFlags.MANAGED_SAVE | UndefineFlags.SNAPSHOTS_METADATA | UndefineFlags.NVRAM | UndefineFlags.TPM,
    ]);
  });

  it('on a libvirt that refuses the TPM flag, undefines without it (keeping NVRAM and the rest)', async () => {
    const c = refusing(UndefineFlags.TPM);
    await undefineGuest(c, dom);
    expect(c.calls).toHaveLength(2);
    expect(c.undefined_).toEqual([
      UndefineFlags.MANAGED_SAVE | UndefineFlags.SNAPSHOTS_METADATA | UndefineFlags.NVRAM,
    ]);
  });

  it('goes down to no flags at all for a driver that knows none', async () => {
    const c = refusing(~0);
    await undefineGuest(c, dom);
    expect(c.calls).toEqual(UNDEFINE_FALLBACKS);
    expect(c.undefined_).toEqual([0]);
  });

  it('does not retry an error that is not about flags', async () => {
    const gone = new LibvirtError('LIBVIRT', 'Domain not found', { code: ErrorCode.NO_DOMAIN });
    const c = refusing(0, gone);
    await expect(undefineGuest(c, dom)).rejects.toBe(gone);
    expect(c.calls).toHaveLength(1);
  });
});
