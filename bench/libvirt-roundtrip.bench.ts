// Trivial call round trip (virConnectGetVersion) on one connection, median of many sequential calls:
// ours against python3-libvirt, through the same daemon, in the same run.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openConnection } from '../main/libvirt/index';
import { median, report } from './report';

const run = promisify(execFile);
const URI = 'test+unix:///default';
const CALLS = 3000;
const WARMUP = 300;

const PY = `
import json, sys, time, libvirt
calls, warm = int(sys.argv[1]), int(sys.argv[2])
c = libvirt.open('${URI}')
for _ in range(warm): c.getVersion()
t = []
for _ in range(calls):
    t0 = time.perf_counter(); c.getVersion(); t.append((time.perf_counter() - t0) * 1e6)
t.sort()
print(json.dumps(t[len(t) // 2]))
`;

export default async function bench(): Promise<void> {
  const conn = await openConnection(URI);
  for (let i = 0; i < WARMUP; i++) await conn.getVersion();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await conn.getVersion();
    times.push((performance.now() - t0) * 1000);
  }
  await conn.close();
  const script = join(tmpdir(), 'kvmdesk-bench-rtt.py');
  writeFileSync(script, PY);
  const { stdout } = await run('/usr/bin/python3', [script, String(CALLS), String(WARMUP)]);
  const ours = median(times);
  const peer = JSON.parse(stdout) as number;
  const ratio = ours / peer;
  report({
    name: 'libvirt-roundtrip',
    unit: 'us',
    ours,
    peer,
    peerName: 'python3-libvirt',
    ratio,
    goal: 'ratio <= 1.2',
    met: ratio <= 1.2,
    runs: CALLS,
  });
}
