import { describe, expect, it } from 'vitest';
import { LibvirtError } from '../../../main/libvirt/errors.js';
import { remoteCommand, sshArgs } from '../../../main/libvirt/transport.js';
import { isLocalUri, isSystemUri, parseUri } from '../../../main/libvirt/uri.js';

describe('connection URIs', () => {
  it('sends the daemon the URI without transport or host', () => {
    expect(parseUri('qemu:///system').daemonUri).toBe('qemu:///system');
    expect(parseUri('test+unix:///default').daemonUri).toBe('test:///default');
    expect(parseUri('test:///default').daemonUri).toBe('test:///default');
    const ssh = parseUri('qemu+ssh://alice@example.org:2222/system?keyfile=/k&no_verify=1');
    expect(ssh).toMatchObject({
      transport: 'ssh',
      host: 'example.org',
      port: 2222,
      user: 'alice',
      path: '/system',
    });
    expect(ssh.daemonUri).toBe('qemu:///system');
  });

  it('says what to use for an unknown scheme or a host without a transport', () => {
    expect(() => parseUri('vmware://x/')).toThrow(/Unknown libvirt URI scheme "vmware".*qemu:\/\/\/system/);
    expect(() => parseUri('qemu+tls://host/system')).toThrow(LibvirtError);
    expect(() => parseUri('qemu://host/system')).toThrow(/qemu\+ssh:\/\/host\/system/);
    expect(() => parseUri('not a uri')).toThrow(/not a libvirt URI/);
  });

  it('runs virt-ssh-helper remotely, falling back to nc -U on the daemon socket', () => {
    const p = parseUri('qemu+ssh://root@127.0.0.1:2222/system?keyfile=/tmp/k&no_verify=1');
    const args = sshArgs(p, false);
    expect(args).toEqual(expect.arrayContaining(['-p', '2222', '-l', 'root', '-i', '/tmp/k', '127.0.0.1']));
    const cmd = remoteCommand(p, false);
    expect(cmd).toContain("virt-ssh-helper 'qemu:///system'");
    expect(cmd).toContain("nc -U '/var/run/libvirt/libvirt-sock'");
  });
});

describe('one rule for "this machine" and "the system daemon"', () => {
  it('local means no host part and the unix transport; everything else is remote, localhost over ssh included', () => {
    for (const uri of ['qemu:///system', 'qemu:///session', 'qemu+unix:///system', 'test:///default'])
      expect(isLocalUri(uri), uri).toBe(true);
    for (const uri of [
      'qemu+ssh://localhost/system',
      'qemu+ssh://root@127.0.0.1:2222/system',
      'qemu://server/system',
      'qemu+tls://server/system',
      'not a uri',
    ])
      expect(isLocalUri(uri), uri).toBe(false);
  });

  it('system is the /system path, local or over ssh; a session is not', () => {
    expect(isSystemUri('qemu:///system')).toBe(true);
    expect(isSystemUri('qemu+ssh://alice@host/system?keyfile=/k')).toBe(true);
    expect(isSystemUri('qemu:///session')).toBe(false);
    expect(isSystemUri('qemu+ssh://host/session')).toBe(false);
    expect(isSystemUri('garbage')).toBe(false);
  });
});
