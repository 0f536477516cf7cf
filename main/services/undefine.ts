// Undefining a guest with everything libvirt keeps beside its XML (managed save, snapshot metadata,
// NVRAM, TPM state), for deleting and for a failed create's undo. A driver refuses flags it does not
// know (TPM before libvirt 8.9): each refusal retries with fewer, down to none.
import { LibvirtError, ErrorCode as VirErr } from '../libvirt/errors';
import { type DomainRef, type LibvirtConnectionApi, UndefineFlags } from '../libvirt/facade';

const FULL_UNDEFINE =
  UndefineFlags.MANAGED_SAVE | UndefineFlags.SNAPSHOTS_METADATA | UndefineFlags.NVRAM | UndefineFlags.TPM;

/** the flags tried, in order: fewer each time a driver refuses one it does not know */
export const UNDEFINE_FALLBACKS = [
  FULL_UNDEFINE,
  FULL_UNDEFINE & ~UndefineFlags.TPM,
  UndefineFlags.MANAGED_SAVE | UndefineFlags.SNAPSHOTS_METADATA,
  UndefineFlags.MANAGED_SAVE,
  0,
];

function refusedFlag(err: unknown): boolean {
  return (
    err instanceof LibvirtError &&
    err.kind === 'LIBVIRT' &&
    [
      VirErr.INVALID_ARG,
      VirErr.ARGUMENT_UNSUPPORTED,
      VirErr.NO_SUPPORT,
      VirErr.OPERATION_UNSUPPORTED,
    ].includes(err.code as never)
  );
}

export async function undefineGuest(
  c: Pick<LibvirtConnectionApi, 'domainUndefine'>,
  dom: DomainRef,
): Promise<void> {
  let last: unknown;
  for (const flags of UNDEFINE_FALLBACKS) {
    try {
      return await c.domainUndefine(dom, flags);
    } catch (err) {
      if (!refusedFlag(err)) throw err;
      last = err;
    }
  }
  throw last;
}
