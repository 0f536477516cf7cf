// Memory: the browser shell's backend as users run it (the compiled out/serve/serve.js under plain node,
// not tsx) holding 1,000 guests of a test-driver file: its RSS after the first listing (app.snapshot
// answered over its api socket), and above the same backend with no guest (an empty test-driver file).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { report } from './report';

const ROOT = join(import.meta.dirname, '..');

function driverXml(n: number): string {
  const file = join(tmpdir(), `kvmdesk-bench-rss-${n}.xml`);
  const domains = Array.from(
    { length: n },
    (_, i) =>
      `<domain type='test'><name>kvmdesk-bench-${i}</name><memory>1048576</memory><vcpu>2</vcpu><os><type arch='x86_64'>hvm</type></os></domain>`,
  );
  writeFileSync(file, `<node>\n<memory>16777216</memory>\n${domains.join('\n')}\n</node>\n`);
  return file;
}

/** starts serve on the file, waits for the first listing, answers its RSS in MiB and the guest count */
async function rssOf(file: string): Promise<{ mib: number; guests: number }> {
  const proc: ChildProcess = spawn(process.execPath, ['out/serve/serve.js', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, KVMDESK_URI: `test+unix://${file}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (d: Buffer) => {
        out += d;
        const m = /KVM Desk: (http\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      proc.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const u = new URL(url);
    const ws = new WebSocket(`ws://${u.host}/api?token=${u.searchParams.get('token')}`);
    const guests = await new Promise<number>((resolve, reject) => {
      ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'app.snapshot', args: {} })));
      ws.on('message', (d) => {
        const msg = JSON.parse(String(d)) as {
          id?: number;
          result?: { ok: boolean; value: { vms: unknown[] } };
        };
        if (msg.id === 1) resolve(msg.result!.value.vms.length);
      });
      ws.once('error', reject);
    });
    ws.close();
    await new Promise((r) => setTimeout(r, 1000)); // the answer's buffers are let go
    const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    return { mib: Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024, guests };
  } finally {
    proc.kill('SIGTERM');
  }
}

export default async function bench(): Promise<void> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', 'web'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const full = driverXml(1000);
  const empty = driverXml(0);
  try {
    const bare = await rssOf(empty);
    const loaded = await rssOf(full);
    if (loaded.guests !== 1000) throw new Error(`listed ${loaded.guests} guests`);
    const above = loaded.mib - bare.mib;
    report({
      name: 'serve-rss-1000',
      unit: 'MiB',
      ours: loaded.mib,
      goal: 'serve (compiled, plain node) < 200 MiB with 1,000 guests, < 50 MiB above none',
      met: loaded.mib < 200 && above < 50,
      runs: 1,
      extra: {
        timed: 'VmRSS of `node out/serve/serve.js` after app.snapshot answered (1 s later)',
        noGuestsMiB: Math.round(bare.mib),
        aboveNoGuestsMiB: Math.round(above),
      },
    });
  } finally {
    rmSync(full, { force: true });
    rmSync(empty, { force: true });
  }
}
