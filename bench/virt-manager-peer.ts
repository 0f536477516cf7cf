// The cold-start peer: Debian's virt-manager under Xvfb on a test-driver file, with a throwaway HOME; its
// rows count as shown at the first capture of the display (xwd, every 250 ms) whose list area is mostly
// white with row text on it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { now, stopGroup, waitForLine } from './processes';

const SAMPLE_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** the list area of virt-manager's window (at 0,0 under a bare Xvfb): rows = white with dark text */
export function rowsShown(display: string): boolean {
  const buf = execFileSync('xwd', ['-root', '-silent', '-display', display], { maxBuffer: 64 << 20 });
  const headerSize = buf.readUInt32BE(0);
  const width = buf.readUInt32BE(16);
  const bpp = buf.readUInt32BE(44);
  const bytesPerLine = buf.readUInt32BE(48);
  const ncolors = buf.readUInt32BE(76);
  if (bpp !== 32 && bpp !== 24) throw new Error(`xwd: ${bpp} bits per pixel`);
  const step = bpp / 8;
  const data = headerSize + ncolors * 12;
  let white = 0;
  let dark = 0;
  let total = 0;
  for (let y = 125; y < 540; y += 2) {
    for (let x = 50; x < Math.min(400, width); x += 2) {
      const o = data + y * bytesPerLine + x * step;
      const v = buf[o] + buf[o + 1] + buf[o + 2];
      total++;
      if (v > 720) white++;
      else if (v < 200) dark++;
    }
  }
  return white / total > 0.6 && dark / total > 0.003;
}

export async function virtManagerCold(
  xml: string,
  display: string,
): Promise<{ ms: number; showingManagerMs?: number; proc: ChildProcess; home: string }> {
  const home = mkdtempSync(join(tmpdir(), 'kvmdesk-bench-vmm-'));
  const t0 = now();
  const proc = spawn(
    'dbus-run-session',
    ['--', 'virt-manager', '--debug', '--no-fork', '-c', `test+unix://${xml}`],
    {
      env: {
        ...process.env,
        DISPLAY: display,
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        XDG_CACHE_HOME: join(home, '.cache'),
        XDG_DATA_HOME: join(home, '.local/share'),
        XDG_RUNTIME_DIR: home,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let showing: number | undefined;
  void waitForLine(proc, /Showing manager/, 60_000)
    .then((l) => {
      showing = l.at - t0;
    })
    .catch(() => undefined);
  let before = t0;
  for (;;) {
    const at = now();
    if (rowsShown(display)) return { ms: (before + at) / 2 - t0, showingManagerMs: showing, proc, home };
    if (at - t0 > 60_000) throw new Error('virt-manager showed no rows in 60 s');
    before = at;
    await sleep(Math.max(0, SAMPLE_MS - (now() - at)));
  }
}

export async function stopVirtManager(r: { proc: ChildProcess; home: string }): Promise<void> {
  await stopGroup(r.proc);
  rmSync(r.home, { recursive: true, force: true });
}

export function startXvfb(): { proc: ChildProcess; display: string } {
  let n = 90;
  while (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) n++;
  const display = `:${n}`;
  const proc = spawn('Xvfb', [display, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
    stdio: 'ignore',
  });
  return { proc, display };
}
