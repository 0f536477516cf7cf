// The machine-wide guest lock (/tmp/kvmdesk-guest.lock): one TCG guest at a time on this host, since a
// running TCG guest keeps a whole core busy. `npm run test:integration` and `test:e2e` already run under
// `flock` on it; a test file run on its own takes it here.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const GUEST_LOCK = '/tmp/kvmdesk-guest.lock';

function ancestorHoldsLock(): boolean {
  let pid = process.ppid;
  for (let i = 0; i < 32 && pid > 1; i++) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (/(^|\/)flock$/.test(cmd[0] ?? '') && cmd.includes(GUEST_LOCK)) return true;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * Takes the lock unless an ancestor `flock` holds it; resolves to release(). The holder is `cat` reading
 * our pipe: it ends (and the lock with it) when release() closes the pipe or when this process dies, so
 * a crashed test never leaves the lock taken (a sleeping child would).
 */
export async function takeGuestLock(timeoutMs = 20 * 60_000): Promise<() => void> {
  if (process.env.KVMDESK_GUEST_LOCKED === '1' || ancestorHoldsLock()) return () => {};
  const child = spawn(
    'flock',
    ['-w', String(Math.ceil(timeoutMs / 1000)), GUEST_LOCK, '-c', 'echo locked; exec cat'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`could not take ${GUEST_LOCK} (flock exited ${code})`)));
  });
  child.unref();
  (child.stdout as unknown as { unref(): void }).unref();
  (child.stdin as unknown as { unref(): void }).unref();
  return () => child.stdin.end();
}
