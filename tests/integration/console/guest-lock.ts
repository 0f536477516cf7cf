// The machine-wide guest lock (/tmp/kvmdesk-guest.lock): only one TCG guest at a time on this host.
// If this process already runs under `flock /tmp/kvmdesk-guest.lock ...` we hold it; otherwise a child
// `flock` takes it for us and keeps it until release().
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

export async function takeGuestLock(timeoutMs = 20 * 60_000): Promise<() => void> {
  if (process.env.KVMDESK_GUEST_LOCKED === '1' || ancestorHoldsLock()) return () => {};
  // The holder is `cat` reading our stdin: it ends (and the lock with it) when we close that pipe or
  // when this process dies for any reason, so a crashed test never leaves the lock taken.
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
  return () => {
    child.stdin.end();
  };
}
