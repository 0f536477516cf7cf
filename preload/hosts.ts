// The connections manager's types: hosts added over ssh, the Test's answer, and the saved list's
// per-connection choices. Types only (contract.ts re-exports them).
import type { ConnectionId } from './contract';

/** the Add-host dialog's fields, turned into qemu+ssh://[user@]host[:port]/system|session by main */
export interface SshHostArgs {
  host: string;
  /** empty: ssh's own choice (~/.ssh/config, else your user name) */
  user?: string;
  /** empty: 22 */
  port?: number;
  daemon: 'system' | 'session';
}

export interface AddHostArgs extends SshHostArgs {
  label?: string;
  /** default true */
  connectAtStart?: boolean;
}

export interface HostUri {
  /** absent while a field has a problem */
  uri?: string;
  problems: { field: 'host' | 'user' | 'port'; message: string }[];
}

export type HostTestFailureKind =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'permission-denied'
  | 'connection-refused'
  | 'unknown-host'
  | 'timeout'
  | 'no-proxy'
  | 'libvirt-not-running'
  | 'libvirt'
  | 'other';

export type HostTestResult =
  | { ok: true; uri: string; hostname: string; libvirtVersion: string; guests: number; ms: number }
  | {
      ok: false;
      uri: string;
      kind: HostTestFailureKind;
      /** one sentence for the user */
      message: string;
      /** what to run in a terminal (host key: ssh once, to check and accept it) */
      command?: string;
      /** ssh's (or libvirt's) own words */
      said: string;
      ms: number;
    };

export interface ConnectionArgs {
  connection: ConnectionId;
}
