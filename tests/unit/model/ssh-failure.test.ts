// ssh's own messages, captured from OpenSSH 9.2 (Debian 12) against the loopback sshd
// (tests/support/loopback-sshd.ts) with BatchMode=yes: each is classified and answered in the user's words.
import { describe, expect, it } from 'vitest';
import { classifySshFailure } from '../../../main/model/ssh-failure';

const T = { host: '127.0.0.1', user: 'root', port: 42222 };

describe('classifySshFailure', () => {
  it('an unknown host key: never accepted, the command to check and accept it', () => {
    const f = classifySshFailure('Host key verification failed.\n', T, 255);
    expect(f.kind).toBe('host-key-unknown');
    expect(f.command).toBe('ssh -p 42222 root@127.0.0.1');
    expect(f.message).toMatch(/never accepts one by itself/);
    expect(classifySshFailure('Host key verification failed.', { host: 'srv' }).command).toBe('ssh srv');
  });

  it('a changed host key: the removal command ssh printed, and a warning', () => {
    const said = `@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
Offending ED25519 key in /tmp/cap/kh3:1
  remove with:
  ssh-keygen -f "/tmp/cap/kh3" -R "[127.0.0.1]:42222"
Host key for [127.0.0.1]:42222 has changed and you have requested strict checking.
Host key verification failed.`;
    const f = classifySshFailure(said, T, 255);
    expect(f.kind).toBe('host-key-changed');
    expect(f.command).toBe('ssh-keygen -f "/tmp/cap/kh3" -R "[127.0.0.1]:42222"');
    expect(f.sshSaid).not.toMatch(/^@+$/m);
  });

  it('a wrong user or key: permission denied', () => {
    const f = classifySshFailure('nosuchuser@127.0.0.1: Permission denied (publickey).', T, 255);
    expect(f.kind).toBe('permission-denied');
    expect(f.sshSaid).toBe('nosuchuser@127.0.0.1: Permission denied (publickey).');
  });

  it('a closed port, a name that does not resolve, a silent host', () => {
    expect(classifySshFailure('ssh: connect to host 127.0.0.1 port 1: Connection refused', T).kind).toBe(
      'connection-refused',
    );
    expect(
      classifySshFailure('ssh: Could not resolve hostname nosuch.invalid: Name or service not known', T).kind,
    ).toBe('unknown-host');
    expect(classifySshFailure('Connection to 10.255.255.1 port 22 timed out', T).kind).toBe('timeout');
    expect(classifySshFailure('Connection timed out during banner exchange', T).kind).toBe('timeout');
  });

  it('no virt-ssh-helper and no nc on the host', () => {
    expect(classifySshFailure('sh: 1: exec: nc: not found', T, 127).kind).toBe('no-proxy');
    expect(classifySshFailure('bash: line 1: nc: command not found', T).kind).toBe('no-proxy');
  });

  it('ssh got in, libvirt is not running there', () => {
    expect(
      classifySshFailure('nc: /var/run/libvirt/libvirt-sock: No such file or directory', T, 1).kind,
    ).toBe('libvirt-not-running');
    expect(
      classifySshFailure(
        "error: Failed to connect socket to '/var/run/libvirt/virtqemud-sock': No such file or directory",
        T,
      ).kind,
    ).toBe('libvirt-not-running');
  });

  it('anything else: ssh’s last line', () => {
    const f = classifySshFailure('kex_exchange_identification: read: Connection reset by peer', T, 255);
    expect(f).toMatchObject({ kind: 'other', message: expect.stringMatching(/Connection reset by peer/) });
  });
});
