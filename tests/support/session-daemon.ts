// A second libvirt daemon on this machine for a test: a user made for the test (kvmdesk-test-*), with
// its own home and runtime dir under /tmp, running its own session libvirtd (qemu:///session as that
// user). The backend, as root, reaches it through the socket= URI parameter. It is the one daemon a test
// may kill: the host's own libvirtd is never touched. Making a user disturbs the host, so callers run it
// only with CI=true or KVMDESK_DISTURB_HOST=1 (SESSION_DAEMON_OK says whether it can run at all).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const LIBVIRTD = '/usr/sbin/libvirtd';
export const SESSION_DAEMON_OK = existsSync(LIBVIRTD) && process.getuid?.() === 0;

export interface SessionDaemon {
  user: string;
  uid: number;
  /** qemu:///session?socket=… : that user's session daemon, reached from here */
  uri: string;
  socket: string;
  child: ChildProcess;
  /** SIGKILLs the daemon (as a crash would); resolves once it has exited */
  kill(): Promise<void>;
  /** kills the daemon if alive, removes the user, its home and runtime dir */
  remove(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

/** Makes the user and starts its daemon; resolves once the daemon's socket answers (or throws, cleaned). */
export async function startSessionDaemon(tag: string, timeoutMs = 30_000): Promise<SessionDaemon> {
  const user = `kvmdesk-test-${tag}`.slice(0, 31);
  const dir = mkdtempSync('/tmp/kvmdesk-test-session-');
  chmodSync(dir, 0o755);
  const home = join(dir, 'home');
  const run = join(dir, 'run');
  let child: ChildProcess | undefined;
  const remove = async () => {
    if (child) {
      child.kill('SIGKILL');
      await exited(child);
    }
    try {
      execFileSync('userdel', [user], { stdio: 'ignore' });
    } catch {
      // never made, or already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync('useradd', ['--home-dir', home, '--create-home', '--shell', '/usr/sbin/nologin', user], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    mkdirSync(run, { mode: 0o700 });
    chownSync(run, uid, gid);
    const socket = join(run, 'libvirt', 'libvirt-sock');
    // no --timeout: it stays until killed; the environment a login of that user would give it
    child = spawn(LIBVIRTD, [], {
      uid,
      gid,
      cwd: home,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { HOME: home, USER: user, XDG_RUNTIME_DIR: run, PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    });
    let log = '';
    child.stderr?.on('data', (d) => {
      log = (log + d).slice(-4000);
    });
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(socket)) {
      if (child.exitCode !== null) throw new Error(`session libvirtd exited (${child.exitCode}): ${log}`);
      if (Date.now() > deadline) throw new Error(`session libvirtd made no socket at ${socket}: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const c = child;
    return {
      user,
      uid,
      uri: `qemu:///session?socket=${socket}`,
      socket,
      child: c,
      kill: async () => {
        c.kill('SIGKILL');
        await exited(c);
      },
      remove,
    };
  } catch (err) {
    await remove();
    throw err;
  }
}
