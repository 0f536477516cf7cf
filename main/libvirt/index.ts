// Public entry of the libvirt client: open a connection by URI, get the typed facade.
import { LibvirtConnection } from './connection.js';
import type { OpenOptions } from './facade.js';

export { LibvirtConnection } from './connection.js';
export { ErrorCode, ErrorDomain, LibvirtError, type LibvirtErrorKind } from './errors.js';
export * from './facade.js';
export { isLocalUri, type ParsedUri, parseUri } from './uri.js';

/**
 * Opens a connection: qemu:///system, qemu:///session, qemu+ssh://[user@]host[:port]/system,
 * test:///default (through the daemon, for tests). Rejects with a LibvirtError of kind CONNECT whose
 * message says what to do.
 */
export function openConnection(uri: string, opts?: OpenOptions): Promise<LibvirtConnection> {
  return LibvirtConnection.open(uri, opts);
}
