// For a remote libvirt (qemu+ssh://user@host:port/system?keyfile=...), the guest's VNC server listens on
// the remote host, usually on its loopback. We reach it with exactly the ssh options the libvirt
// connection uses (same user, port, key, host-key policy: main/libvirt/transport.ts sshArgs), asking the
// remote sshd to dial the display for us (`ssh -W`), so no port is opened on either side. A unix-socket
// display is bridged by netcat on the remote side instead, as libvirt's own ssh transport does.
import { type ParsedUri, parseUri, sshArgs } from '../../libvirt/transport';
import type { VncTarget } from './vnc-target';

export type SshEndpoint = ParsedUri;

/** The parsed URI when the connection goes over ssh, else undefined (local connections dial directly). */
export function sshEndpointFromUri(uri: string): SshEndpoint | undefined {
  try {
    const p = parseUri(uri);
    return p.transport === 'ssh' ? p : undefined;
  } catch {
    return undefined;
  }
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** argv (without the leading "ssh") that connects stdin/stdout to the guest's display on the remote host. */
export function sshTunnelArgs(ssh: SshEndpoint, target: VncTarget): string[] {
  const base = sshArgs(ssh, false);
  const options = base.slice(0, base.indexOf('--'));
  if (target.kind === 'tcp') {
    const host = target.host.includes(':') ? `[${target.host}]` : target.host;
    return [...options, '-W', `${host}:${target.port}`, '--', ssh.host];
  }
  const nc = ssh.params.get('netcat') ?? 'nc';
  return [...options, '--', ssh.host, `${nc} -U ${quote(target.path)}`];
}
