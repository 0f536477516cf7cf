// Picks and opens the byte pipe to a libvirt daemon from a connection URI:
//   qemu:///system, test:///default, test+unix:///default -> the system daemon's unix socket
//   qemu:///session -> the user's daemon socket, starting the session daemon when it is not running
//   qemu+ssh://[user@]host[:port]/system -> the system `ssh`, running virt-ssh-helper (or nc -U) remotely
// Also works out the URI the daemon itself must be given (transport and host removed).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { LibvirtError } from './errors.js';
import type { DirectReads } from './framing.js';
import type { ParsedUri } from './uri.js';

export { type ParsedUri, parseUri } from './uri.js';

const RUN_DIR = '/var/run/libvirt';

/** The socket of the system daemon that serves this driver. */
export function systemSocketPath(driver: string, readOnly: boolean): string {
  const suffix = readOnly ? '-ro' : '';
  // modular daemons (virtqemud) serve qemu; everything else goes through libvirtd or virtproxyd's libvirt-sock
  if (driver === 'qemu' && existsSync(`${RUN_DIR}/virtqemud-sock`))
    return `${RUN_DIR}/virtqemud-sock${suffix}`;
  return `${RUN_DIR}/libvirt-sock${suffix}`;
}

export function sessionRuntimeDir(): string {
  const xdg = process.env.XDG_RUNTIME_DIR;
  return xdg ? join(xdg, 'libvirt') : join(homedir(), '.cache', 'libvirt');
}

export interface OpenTransportOptions {
  readOnly?: boolean;
  /** ms to wait for an autostarted session daemon's socket (default 15 s) */
  sessionStartTimeoutMs?: number;
}

export async function openTransport(p: ParsedUri, o: OpenTransportOptions = {}): Promise<Duplex> {
  if (p.transport === 'ssh') return openSsh(p, !!o.readOnly);
  const explicit = p.params.get('socket');
  if (explicit) return connectUnix(explicit, p);
  if (p.path === '/session') return openSession(p, o.sessionStartTimeoutMs ?? 15000);
  return connectUnix(systemSocketPath(p.driver, !!o.readOnly), p);
}

/** the one buffer a unix socket reads into: as large as libuv's default read, so no more syscalls */
const READ_BUFFER = 64 * 1024;

/**
 * A unix socket whose reads land in one reused buffer (net's `onread` option): no 64 KiB buffer allocated
 * and resized per read and no stream 'data' event, a few µs of every call's round trip.
 */
export function connectUnix(path: string, p: Pick<ParsedUri, 'uri' | 'path'>): Promise<Socket & DirectReads> {
  return new Promise((resolve, reject) => {
    const readBuf = Buffer.allocUnsafe(READ_BUFFER);
    let receiver: ((chunk: Buffer) => void) | undefined;
    const early: Buffer[] = []; // libvirt speaks only when spoken to; kept in case bytes beat the receiver
    const sock = createConnection({
      path,
      onread: {
        buffer: readBuf,
        callback: (n) => {
          const chunk = readBuf.subarray(0, n);
          if (receiver) receiver(chunk);
          else early.push(Buffer.from(chunk));
          return true;
        },
      },
    }) as Socket & DirectReads;
    sock.setReceiver = (onChunk) => {
      receiver = onChunk;
      for (const c of early.splice(0)) onChunk(c);
    };
    const onError = (err: NodeJS.ErrnoException) => {
      sock.destroy();
      reject(socketError(err, path, p));
    };
    sock.once('error', onError);
    sock.once('connect', () => {
      sock.off('error', onError);
      resolve(sock);
    });
  });
}

function socketError(
  err: NodeJS.ErrnoException,
  path: string,
  p: Pick<ParsedUri, 'uri' | 'path'>,
): LibvirtError {
  const code = err.code;
  if (code === 'EACCES' || code === 'EPERM') {
    return new LibvirtError(
      'CONNECT',
      `Permission denied on ${path}: add yourself to the libvirt group, or use qemu:///session.`,
      { code: 88, cause: err },
    );
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    const hint =
      p.path === '/session'
        ? 'The session daemon did not start.'
        : 'Start it with "sudo systemctl start libvirtd" (or virtqemud), or use qemu:///session.';
    return new LibvirtError('CONNECT', `libvirt is not running: no daemon answers on ${path}. ${hint}`, {
      code: 38,
      cause: err,
    });
  }
  return new LibvirtError('CONNECT', `Cannot reach libvirt at ${path}: ${err.message}`, {
    code: 38,
    cause: err,
  });
}

// --- session daemon ---

function sessionCandidates(): { socket: string; daemon: string }[] {
  const dir = sessionRuntimeDir();
  return [
    { socket: join(dir, 'virtqemud-sock'), daemon: 'virtqemud' },
    { socket: join(dir, 'libvirt-sock'), daemon: 'libvirtd' },
  ];
}

function findDaemon(name: string): string | undefined {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin']) {
    const f = join(dir, name);
    if (existsSync(f)) return f;
  }
  return undefined;
}

async function openSession(p: ParsedUri, timeoutMs: number): Promise<Socket> {
  for (const c of sessionCandidates()) {
    if (!existsSync(c.socket)) continue;
    try {
      return await connectUnix(c.socket, p);
    } catch {
      // a stale socket from a daemon that exited: try the next, then start one
    }
  }
  // As libvirt's own client does: start the user's daemon with an idle timeout, then wait for its socket.
  // The monolithic libvirtd is preferred where it is installed (Debian 12 ships it as the default).
  const pick = ['libvirtd', 'virtqemud']
    .map((d) => ({ daemon: d, path: findDaemon(d) }))
    .find((d) => d.path !== undefined);
  if (!pick?.path) {
    throw new LibvirtError(
      'CONNECT',
      'No libvirt daemon is installed (looked for libvirtd and virtqemud). On Debian or Ubuntu: ' +
        'sudo apt-get install libvirt-daemon-system qemu-system-x86 qemu-utils ovmf swtpm osinfo-db',
      { code: 38 },
    );
  }
  const socket = sessionCandidates().find((c) => c.daemon === pick.daemon)!.socket;
  const child = spawn(pick.path, ['--timeout=120'], { detached: true, stdio: 'ignore', env: process.env });
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  child.on('error', () => {
    exited = -1;
  });
  child.unref();
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    if (existsSync(socket)) {
      try {
        return await connectUnix(socket, p);
      } catch (err) {
        lastErr = err;
      }
    } else if (exited !== null && exited !== 0) {
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new LibvirtError(
    'CONNECT',
    `The session daemon (${pick.daemon}) did not start: no socket at ${socket}.` +
      (exited !== null ? ` It exited with status ${exited}.` : ''),
    { code: 38, cause: lastErr },
  );
}

// --- ssh ---

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The remote command, as libvirt's `proxy` URI parameter chooses it: `native` runs virt-ssh-helper,
 * `netcat` runs nc -U on the daemon's socket, `auto` (default) uses virt-ssh-helper when the host has it.
 */
export function remoteCommand(p: ParsedUri, readOnly: boolean): string {
  const socket =
    p.params.get('socket') ??
    (p.path === '/session' ? '$XDG_RUNTIME_DIR/libvirt/libvirt-sock' : systemSocketGuess(readOnly));
  const nc = `exec ${p.params.get('netcat') ?? 'nc'} -U ${socket.startsWith('$') ? `"${socket}"` : shellQuote(socket)}`;
  const helper = `exec virt-ssh-helper${readOnly ? ' -r' : ''} ${shellQuote(p.daemonUri)}`;
  const proxy = p.params.get('proxy') ?? 'auto';
  if (proxy === 'netcat') return nc;
  if (proxy === 'native') return helper;
  return `if command -v virt-ssh-helper >/dev/null 2>&1; then ${helper}; else ${nc}; fi`;
}

function systemSocketGuess(readOnly: boolean): string {
  // the remote host's layout is unknown here; libvirt-sock is served by libvirtd and by virtproxyd
  return `${RUN_DIR}/libvirt-sock${readOnly ? '-ro' : ''}`;
}

export function sshArgs(p: ParsedUri, readOnly: boolean): string[] {
  const args = ['-T', '-e', 'none', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30'];
  if (p.port) args.push('-p', String(p.port));
  if (p.user) args.push('-l', p.user);
  const keyfile = p.params.get('keyfile');
  if (keyfile) args.push('-i', keyfile, '-o', 'IdentitiesOnly=yes');
  if (p.params.get('no_verify') === '1') args.push('-o', 'StrictHostKeyChecking=no');
  const knownHosts = p.params.get('known_hosts');
  if (knownHosts) args.push('-o', `UserKnownHostsFile=${knownHosts}`);
  args.push('--', p.host, `sh -c ${shellQuote(p.params.get('command') ?? remoteCommand(p, readOnly))}`);
  return args;
}

function openSsh(p: ParsedUri, readOnly: boolean): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', sshArgs(p, readOnly), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    const duplex = Duplex.from({ readable: child.stdout, writable: child.stdin });
    const sshError = (what: string) =>
      new LibvirtError(
        'CONNECT',
        `ssh to ${p.host} failed: ${what}${stderr.trim() ? ` (${stderr.trim()})` : ''}`,
        {
          code: 85,
        },
      );
    let settled = false;
    child.once('error', (err) => {
      if (!settled) {
        settled = true;
        reject(sshError(err.message));
      } else duplex.destroy(err);
    });
    child.once('exit', (code) => {
      if (!settled) {
        settled = true;
        reject(sshError(`ssh exited with status ${code}`));
      } else duplex.destroy();
    });
    // ssh gives no signal that the remote end is up; the first RPC call answers that. Hand the pipe over now
    // and let an early exit (auth failure, unknown host) surface through the first call.
    child.once('spawn', () => {
      settled = true;
      (duplex as Duplex & { sshStderr?: () => string }).sshStderr = () => stderr.trim();
      duplex.once('close', () => child.kill());
      resolve(duplex);
    });
  });
}
