// For a remote libvirt (qemu+ssh://user@host:port/system?keyfile=...), the guest's VNC server listens on
// the remote host, usually on its loopback. We reach it through ssh the same way the libvirt connection
// does (same user, port, key, host-key policy), asking the remote sshd to dial it for us (`ssh -W`), so no
// port is opened on either side. A unix-socket display is reached by running `nc -U` remotely instead.
import type { VncTarget } from './vnc-target';

export interface SshEndpoint {
  host: string;
  user?: string;
  port?: number;
  keyfile?: string;
  /** libvirt's no_verify=1: do not check the host key (the libvirt connection does the same) */
  noVerify: boolean;
}

/** The ssh part of a libvirt URI, or undefined for a URI that is not reached over ssh. */
export function sshEndpointFromUri(uri: string): SshEndpoint | undefined {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return undefined;
  }
  if (!/^[a-z0-9]+\+ssh:$/i.test(u.protocol) && !/^[a-z0-9]+\+libssh2?:$/i.test(u.protocol)) {
    return undefined;
  }
  if (!u.hostname) return undefined;
  const port = u.port ? Number(u.port) : undefined;
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    ...(u.username ? { user: decodeURIComponent(u.username) } : {}),
    ...(port ? { port } : {}),
    ...(u.searchParams.get('keyfile') ? { keyfile: u.searchParams.get('keyfile')! } : {}),
    noVerify: u.searchParams.get('no_verify') === '1',
  };
}

/** argv (without the leading "ssh") that connects stdin/stdout to the guest's display on the remote host. */
export function sshTunnelArgs(ssh: SshEndpoint, target: VncTarget): string[] {
  const args = ['-T', '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes'];
  if (ssh.port) args.push('-p', String(ssh.port));
  if (ssh.user) args.push('-l', ssh.user);
  if (ssh.keyfile) args.push('-i', ssh.keyfile);
  if (ssh.noVerify) args.push('-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null');
  if (target.kind === 'tcp') {
    const host = target.host.includes(':') ? `[${target.host}]` : target.host;
    args.push('-W', `${host}:${target.port}`, '--', ssh.host);
  } else {
    // `-W` only dials TCP; a unix socket is bridged by netcat on the remote side (as libvirt's own
    // ssh transport does for its socket). The path is quoted for the remote shell.
    args.push('--', ssh.host, 'nc', '-U', `'${target.path.replace(/'/g, `'\\''`)}'`);
  }
  return args;
}
