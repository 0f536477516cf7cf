// Opens a byte stream to a guest's VNC server: a TCP or unix socket on this host, or an ssh tunnel to a
// remote one. Resolves once bytes can flow; the stream is paused so nothing is lost before it is piped.
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { type SshEndpoint, sshTunnelArgs } from './ssh-tunnel';
import type { VncTarget } from './vnc-target';

export function dialVnc(target: VncTarget, ssh?: SshEndpoint, timeoutMs = 10_000): Promise<Duplex> {
  if (ssh) return Promise.resolve(dialOverSsh(target, ssh));
  return new Promise((resolve, reject) => {
    const socket: Socket =
      target.kind === 'tcp'
        ? connect({ host: target.host, port: target.port })
        : connect({ path: target.path });
    socket.pause();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("The guest's display did not answer in time."));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true); // key presses and small updates must not wait for Nagle
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`The guest's display could not be reached: ${err.message}`));
    });
  });
}

function dialOverSsh(target: VncTarget, ssh: SshEndpoint): Duplex {
  const child = spawn('ssh', sshTunnelArgs(ssh, target), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr = (stderr + s).slice(-2000);
  });
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  stream.pause();
  child.on('exit', (code) => {
    if (code) stream.destroy(new Error(`ssh to ${ssh.host} ended (${code}): ${stderr.trim()}`));
  });
  child.on('error', (err) => stream.destroy(err));
  stream.on('close', () => child.kill());
  return stream;
}
