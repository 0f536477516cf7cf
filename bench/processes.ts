// Process helpers for the benchmarks that start whole programs: process groups, a line on their output,
// CPU time from /proc, a process's descendants and command line.
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const now = () => performance.timeOrigin + performance.now();

export function killGroup(p: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  try {
    if (p.pid) process.kill(-p.pid, signal);
  } catch {
    // gone already
  }
}

export async function stopGroup(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  killGroup(p);
  const t = setTimeout(() => killGroup(p, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

export function waitForLine(
  p: ChildProcess,
  re: RegExp,
  ms: number,
): Promise<{ match: RegExpExecArray; at: number }> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ${re} in ${ms} ms: ${out.slice(-2000)}`)), ms);
    const on = (d: Buffer) => {
      out += d.toString();
      const m = re.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ match: m, at: now() });
      }
    };
    p.stdout?.on('data', on);
    p.stderr?.on('data', on);
    p.once('exit', (code) => reject(new Error(`exited (${code}): ${out.slice(-2000)}`)));
  });
}

// CPU time of processes, ms (utime + stime from /proc/PID/stat, clock ticks of 10 ms)
export function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited
    }
  }
  return ticks * 10;
}

export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(d)]);
    } catch {
      // exited
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};
