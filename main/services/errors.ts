// Every failure that leaves the api is an ApiError: a code the UI can switch on and a message for the
// user. libvirt's own message is kept (it is usually the clearest thing to show); stacks never cross.

import type { ApiError, ErrorCode } from '../../preload/contract';
import { LibvirtError, ErrorCode as VirErr } from '../libvirt/errors';

/** Thrown by services and handlers to answer with a specific ApiError. */
export class ApiFailure extends Error {
  override name = 'ApiFailure';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: ApiError['detail'],
  ) {
    super(message);
  }
  toApiError(): ApiError {
    return this.detail
      ? { code: this.code, message: this.message, detail: this.detail }
      : { code: this.code, message: this.message };
  }
}

/** True when libvirt says the object is gone (domain, network, pool, volume). */
export function isNotFound(err: unknown): boolean {
  if (!(err instanceof LibvirtError) || err.kind !== 'LIBVIRT') return false;
  const c = err.code;
  return (
    c === VirErr.NO_DOMAIN ||
    c === VirErr.NO_NETWORK ||
    c === VirErr.NO_STORAGE_POOL ||
    c === VirErr.NO_STORAGE_VOL
  );
}

// libvirt: "network 'default' is not active" (VIR_ERR_OPERATION_INVALID) when a guest's NAT network is down
const NETWORK_INACTIVE = /network '([^']+)' is not active/;

// a full disk, as libvirt passes on qemu-img's words ("…/x.qcow2: Could not write qcow2 header: No space
// left on device", "Could not create snapshot 's1': -28 (No space left on device)") or as errno ENOSPC
const NO_SPACE = /No space left on device|\bENOSPC\b/;
const NO_SPACE_FILE = /(\/[^\s:'"]+): [^:]*: No space left on device/;

/** the user's words for a full disk; libvirt's own text stays in detail.libvirtMessage */
export function noSpaceMessage(raw: string): string {
  const file = NO_SPACE_FILE.exec(raw)?.[1];
  return file
    ? `The storage is full: there is no space left where ${file} was to be written. Free some space in its storage pool, then try again.`
    : 'The storage is full: there is no space left on the disk that holds the guest’s files. Free some space in its storage pool, then try again.';
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.toApiError();
  if (err instanceof LibvirtError) {
    const detail = { libvirtCode: err.code, libvirtDomain: err.domain };
    if (err.kind === 'LIBVIRT' && NO_SPACE.test(err.message))
      return {
        code: 'LIBVIRT',
        message: noSpaceMessage(err.message),
        detail: { ...detail, libvirtMessage: err.message, noSpace: true },
      };
    const net = NETWORK_INACTIVE.exec(err.message);
    if (net)
      return { code: 'NETWORK_INACTIVE', message: err.message, detail: { ...detail, network: net[1] } };
    if (err.kind === 'TIMEOUT') return { code: 'LIBVIRT', message: err.message, detail };
    if (err.kind === 'DISCONNECTED') {
      return {
        code: 'DISCONNECTED',
        message: 'The connection to libvirt was lost; KVM Desk is reconnecting.',
        detail,
      };
    }
    if (isNotFound(err)) return { code: 'NOT_FOUND', message: err.message, detail };
    if (err.code === VirErr.DOM_EXIST || err.code === VirErr.NETWORK_EXIST) {
      return { code: 'NAME_TAKEN', message: err.message, detail };
    }
    if (err.kind === 'CONNECT') return { code: 'DISCONNECTED', message: err.message, detail };
    if (
      err.code === VirErr.ACCESS_DENIED ||
      err.code === VirErr.AUTH_FAILED ||
      err.code === VirErr.OPERATION_DENIED
    ) {
      return { code: 'PERMISSION', message: err.message, detail };
    }
    return { code: 'LIBVIRT', message: err.message, detail };
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') {
    return { code: 'PERMISSION', message: `Permission denied: ${(err as Error).message}` };
  }
  if (code === 'ENOSPC' || (err instanceof Error && NO_SPACE.test(err.message)))
    return { code: 'LIBVIRT', message: noSpaceMessage((err as Error).message), detail: { noSpace: true } };
  // anything else is our bug: say so plainly, log the stack on the server side only
  console.error('internal error in the api:', err);
  return {
    code: 'INTERNAL',
    message: `Something went wrong inside KVM Desk: ${(err as Error)?.message ?? String(err)}`,
  };
}
