import { describe, expect, it } from 'vitest';
import { sshEndpointFromUri, sshTunnelArgs } from '../../../main/services/console/ssh-tunnel';

describe('reaching a remote guest display through ssh', () => {
  it('takes user, port, key and host-key policy from the libvirt URI', () => {
    expect(sshEndpointFromUri('qemu+ssh://ann@vmhost.example:2222/system?keyfile=/home/ann/.ssh/id_ed25519&no_verify=1')).toEqual(
      { host: 'vmhost.example', user: 'ann', port: 2222, keyfile: '/home/ann/.ssh/id_ed25519', noVerify: true },
    );
    expect(sshEndpointFromUri('qemu+ssh://vmhost/system')).toEqual({ host: 'vmhost', noVerify: false });
  });

  it('is not used for local connections', () => {
    expect(sshEndpointFromUri('qemu:///system')).toBeUndefined();
    expect(sshEndpointFromUri('test+unix:///default')).toBeUndefined();
    expect(sshEndpointFromUri('qemu+tcp://host/system')).toBeUndefined();
  });

  it('asks the remote sshd to dial the display (ssh -W), never opening a port', () => {
    const ssh = sshEndpointFromUri('qemu+ssh://ann@vmhost:2222/system?keyfile=/k')!;
    expect(sshTunnelArgs(ssh, { kind: 'tcp', host: '127.0.0.1', port: 5901 })).toEqual([
      '-T', '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes',
      '-p', '2222', '-l', 'ann', '-i', '/k',
      '-W', '127.0.0.1:5901', '--', 'vmhost',
    ]);
    const v6 = sshTunnelArgs({ host: 'h', noVerify: true }, { kind: 'tcp', host: '::1', port: 5900 });
    expect(v6).toContain('[::1]:5900');
    expect(v6.join(' ')).toContain('StrictHostKeyChecking=no');
    expect(v6).not.toContain('-L');
  });

  it('bridges a unix-socket display with netcat on the remote side, quoted for its shell', () => {
    const args = sshTunnelArgs({ host: 'h', noVerify: false }, { kind: 'unix', path: "/run/it's.sock" });
    expect(args.slice(-5)).toEqual(['--', 'h', 'nc', '-U', `'/run/it'\\''s.sock'`]);
  });
});
