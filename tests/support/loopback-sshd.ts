// A private sshd on 127.0.0.1 for a test: it stands in for a remote libvirt host (Debian's
// openssh-server, its own config and host key, key-only login with a key made for the test). Starting
// it needs root (sshd's privilege separation), hence CAN_SSHD.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const SSHD = '/usr/sbin/sshd';
export const CAN_SSHD = existsSync(SSHD) && process.getuid?.() === 0;

export interface LoopbackSshd {
  port: number;
  child: ChildProcess;
  /** qemu+ssh://root@127.0.0.1:<port>/system with the client key, no host-key check, known_hosts in dir */
  uri: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * Starts the sshd, resolved once it listens. Its files go to dir (the caller's, made and removed by it):
 * host_key, client_key (its public half authorized for root), sshd_config, sshd.pid; the client's
 * known_hosts is to go there too. The caller kills the child.
 */
export async function startLoopbackSshd(dir: string): Promise<LoopbackSshd> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  await run('cp', [join(dir, 'client_key.pub'), join(dir, 'authorized_keys')]);
  const port = await freePort();
  await writeFile(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'AllowTcpForwarding yes',
      '',
    ].join('\n'),
  );
  await mkdir('/run/sshd', { recursive: true }); // sshd's privilege separation directory
  const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
      if (err.includes('Server listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sshd exited ${code}: ${err}`)));
  });
  const uri = `qemu+ssh://root@127.0.0.1:${port}/system?keyfile=${join(dir, 'client_key')}&no_verify=1&known_hosts=${join(dir, 'known_hosts')}`;
  return { port, child, uri };
}
