// LibvirtError: libvirt's own errors (virErrorNumber + virErrorDomain, decoded from remote_error) and the
// client's own failures (DISCONNECTED, TIMEOUT, ...) in one class, told apart by `kind`.
import type { XdrReader } from './xdr.js';

/** virErrorNumber values from include/libvirt/virterror.h (the ones worth naming) */
export const ErrorCode = {
  OK: 0,
  INTERNAL_ERROR: 1,
  NO_SUPPORT: 3,
  NO_CONNECT: 5,
  INVALID_CONN: 6,
  INVALID_DOMAIN: 7,
  INVALID_ARG: 8,
  OPERATION_FAILED: 9,
  XML_ERROR: 27,
  XML_DETAIL: 35,
  DOM_EXIST: 28,
  OPERATION_DENIED: 29,
  OPEN_FAILED: 30,
  READ_FAILED: 31,
  INVALID_NETWORK: 36,
  NETWORK_EXIST: 37,
  SYSTEM_ERROR: 38,
  RPC: 39,
  NO_DOMAIN: 42,
  NO_NETWORK: 43,
  INVALID_MAC: 44,
  AUTH_FAILED: 45,
  INVALID_STORAGE_POOL: 46,
  INVALID_STORAGE_VOL: 47,
  NO_STORAGE_POOL: 49,
  NO_STORAGE_VOL: 50,
  OPERATION_INVALID: 55,
  CONFIG_UNSUPPORTED: 67,
  OPERATION_TIMEOUT: 68,
  INVALID_DOMAIN_SNAPSHOT: 71,
  NO_DOMAIN_SNAPSHOT: 72,
  INVALID_STREAM: 73,
  ARGUMENT_UNSUPPORTED: 74,
  OPERATION_ABORTED: 78,
  NO_DOMAIN_METADATA: 80,
  OPERATION_UNSUPPORTED: 84,
  AGENT_UNRESPONSIVE: 86,
  RESOURCE_BUSY: 87,
  ACCESS_DENIED: 88,
  STORAGE_VOL_EXIST: 90,
  XML_INVALID_SCHEMA: 92,
  AUTH_UNAVAILABLE: 94,
  NO_HOSTNAME: 108,
  MULTIPLE_DOMAINS: 110,
} as const;

/** virErrorDomain values (where an error came from) */
export const ErrorDomain = {
  NONE: 0,
  RPC: 7,
  QEMU: 10,
  REMOTE: 13,
  STORAGE: 18,
  NETWORK: 19,
  DOMAIN: 20,
} as const;

/**
 * - LIBVIRT: the daemon answered with an error; `code`/`domain` are libvirt's numbers.
 * - DISCONNECTED: the connection to the daemon is gone (or was never there); the call did not complete.
 * - TIMEOUT: the caller's timeout passed; the call may still complete on the server.
 * - CONNECT: opening the connection failed (no socket, permission denied, auth refused, bad URI).
 * - PROTOCOL: the peer sent something this client cannot accept (malformed or oversized packet).
 */
export type LibvirtErrorKind = 'LIBVIRT' | 'DISCONNECTED' | 'TIMEOUT' | 'CONNECT' | 'PROTOCOL';

export class LibvirtError extends Error {
  override name = 'LibvirtError';
  readonly kind: LibvirtErrorKind;
  /** virErrorNumber */
  readonly code: number;
  /** virErrorDomain */
  readonly domain: number;
  readonly level: number;
  /** extra strings libvirt attached (str1..3), for the log */
  readonly extra: string[];

  constructor(
    kind: LibvirtErrorKind,
    message: string,
    opts: { code?: number; domain?: number; level?: number; extra?: string[]; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.kind = kind;
    this.code = opts.code ?? defaultCode[kind];
    this.domain = opts.domain ?? ErrorDomain.RPC;
    this.level = opts.level ?? 2;
    this.extra = opts.extra ?? [];
  }

  static disconnected(message = 'The connection to libvirt was lost.', cause?: unknown): LibvirtError {
    return new LibvirtError('DISCONNECTED', message, { cause });
  }

  static timeout(what: string, ms: number): LibvirtError {
    return new LibvirtError('TIMEOUT', `libvirt did not answer ${what} within ${ms} ms.`);
  }
}

const defaultCode: Record<LibvirtErrorKind, number> = {
  LIBVIRT: ErrorCode.INTERNAL_ERROR,
  DISCONNECTED: ErrorCode.RPC,
  TIMEOUT: ErrorCode.OPERATION_TIMEOUT,
  CONNECT: ErrorCode.NO_CONNECT,
  PROTOCOL: ErrorCode.RPC,
};

/** Decodes remote_error (virNetMessageError) from an error reply or stream. */
export function decodeRemoteError(r: XdrReader): LibvirtError {
  const code = r.int();
  const domain = r.int();
  const message = r.optString();
  const level = r.int();
  r.optional(skipDomain);
  const extra = [r.optString(), r.optString(), r.optString()].filter((s): s is string => s !== undefined);
  // int1, int2 and net follow; nothing in them is worth keeping
  return new LibvirtError('LIBVIRT', message ?? `libvirt error ${code}`, { code, domain, level, extra });
}

function skipDomain(r: XdrReader): void {
  r.string();
  r.fixedOpaque(16);
  r.int();
}
