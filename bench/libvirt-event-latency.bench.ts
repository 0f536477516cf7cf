// Event latency: a state change made from outside with virsh -> our domainLifecycle listener runs.
// virsh runs as one interactive shell connected to qemu:///system (so its start-up is not counted); the
// clock starts when the command is written to it. The change is define/undefine of a simple guest
// (shared daemon state, no running guest needed, so no guest lock).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection } from '../main/libvirt/index';
import { median, percentile, report } from './report';

const URI = 'qemu:///system';
const NAME = `kvmdesk-test-bench-events-${process.pid}`;
const ROUNDS = 20;
const XML = `<domain type='qemu'><name>${NAME}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`;

export default async function bench(): Promise<void> {
  const file = join(tmpdir(), `${NAME}.xml`);
  writeFileSync(file, XML);
  const conn = await openConnection(URI);
  let waiting: { name: string; resolve: (t: number) => void } | null = null;
  conn.on('domainLifecycle', (e) => {
    if (e.dom.name === NAME && waiting && e.eventName === waiting.name) {
      const w = waiting;
      waiting = null;
      w.resolve(performance.now());
    }
  });
  await conn.eventsReady();
  const sh = spawn('virsh', ['-c', URI, '-q'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const step = (cmd: string, event: string) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} event for "${cmd}"`)), 10_000);
      waiting = {
        name: event,
        resolve: (t) => {
          clearTimeout(timer);
          resolve(t - t0);
        },
      };
      const t0 = performance.now();
      sh.stdin.write(`${cmd}\n`);
    });
  const times: number[] = [];
  try {
    await step(`define ${file}`, 'defined'); // warm-up: virsh connects lazily on its first command
    await step(`undefine ${NAME}`, 'undefined');
    for (let i = 0; i < ROUNDS; i++) {
      times.push(await step(`define ${file}`, 'defined'));
      times.push(await step(`undefine ${NAME}`, 'undefined'));
    }
  } finally {
    sh.stdin.end('quit\n');
    await conn.close();
  }
  const ours = median(times);
  report({
    name: 'libvirt-event-latency',
    unit: 'ms',
    ours,
    goal: 'median < 20 ms',
    met: ours < 20,
    runs: times.length,
    extra: {
      p90: Math.round(percentile(times, 90) * 100) / 100,
      note: 'virsh define/undefine in one virsh shell',
    },
  });
}
