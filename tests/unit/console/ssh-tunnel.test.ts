import { describe, expect, it } from 'vitest';
import { sshEndpointFromUri, sshTunnelArgs } from '../../../main/services/console/ssh-tunnel';

describe('reaching a remote guest display through ssh', () => {
  it('is not used for local connections', () => {
    expect(sshEndpointFromUri('qemu:///system')).toBeUndefined();
    expect(sshEndpointFromUri('test+unix:///default')).toBeUndefined();
    expect(sshEndpointFromUri('not a uri')).toBeUndefined();
  });

  it("asks the remote sshd to dial the display (ssh -W) with the connection's own ssh options", () => {
    const ssh = sshEndpointFromUri(
      'qemu+ssh://ann@vmhost.example:2222/system?keyfile=/home/ann/.ssh/id&no_verify=1',
    )!;
    const args = sshTunnelArgs(ssh, { kind: 'tcp', host: '127.0.0.1', port: 5901 });
    expect(args.slice(-4)).toEqual(['-W', '127.0.0.1:5901', '--', 'vmhost.example']);
    const opts = args.join(' ');
    expect(opts).toContain('-p 2222');
    expect(opts).toContain('-l ann');
    expect(opts).toContain('-i /home/ann/.ssh/id');
    expect(opts).toContain('BatchMode=yes');
    expect(opts).toContain('StrictHostKeyChecking=no');
    expect(args).not.toContain('-L'); // nothing listens anywhere
    expect(opts).not.toContain('virt-ssh-helper');
  });

  it('brackets an IPv6 display address', () => {
    const ssh = sshEndpointFromUri('qemu+ssh://vmhost/system')!;
    expect(sshTunnelArgs(ssh, { kind: 'tcp', host: '::1', port: 5900 })).toContain('[::1]:5900');
  });

  it('bridges a unix-socket display with netcat on the remote side, quoted for its shell', () => {
    const ssh = sshEndpointFromUri('qemu+ssh://vmhost/system')!;
    const args = sshTunnelArgs(ssh, { kind: 'unix', path: "/run/it's.sock" });
    expect(args.slice(-3)).toEqual(['--', 'vmhost', `nc -U '/run/it'\\''s.sock'`]);
  });
});
