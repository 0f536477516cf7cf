// Trivial call round trip (virConnectGetVersion) on one connection, median of many sequential calls:
// ours against python3-libvirt (the C library), through the same daemon, in the same run, alternating
// blocks of 100; each side times each call itself (performance.now / time.perf_counter).
import { openConnection } from '../main/libvirt/index';
import { PythonPeer } from './libvirt-peer';
import { median, report } from './report';

const URI = 'test+unix:///default';
const CALLS = 3000;
const WARMUP = 300;
const BLOCKS = 30;

const PY = `
import json, sys, time, libvirt
c = libvirt.open('${URI}')
for _ in range(${WARMUP}): c.getVersion()
print('ready')
for line in sys.stdin:
    t = []
    for _ in range(int(line)):
        t0 = time.perf_counter(); c.getVersion(); t.append((time.perf_counter() - t0) * 1e6)
    t.sort()
    print(json.dumps(t[len(t) // 2]))
`;

export default async function bench(): Promise<void> {
  const conn = await openConnection(URI);
  for (let i = 0; i < WARMUP; i++) await conn.getVersion();
  const py = new PythonPeer(PY);
  await py.ready();
  // blocks of calls, alternating ours and the peer's, so both see the same load on this shared machine
  const ourMedians: number[] = [];
  const peerMedians: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const times: number[] = [];
    for (let i = 0; i < CALLS / BLOCKS; i++) {
      const t0 = performance.now();
      await conn.getVersion();
      times.push((performance.now() - t0) * 1000);
    }
    ourMedians.push(median(times));
    peerMedians.push(await py.run(String(CALLS / BLOCKS)));
  }
  py.close();
  await conn.close();
  const ours = median(ourMedians);
  const peer = median(peerMedians);
  const ratio = ours / peer;
  report({
    name: 'libvirt-roundtrip',
    unit: 'us',
    ours,
    peer,
    peerName: 'python3-libvirt',
    ratio,
    goal: 'ratio <= 1.0',
    met: ratio <= 1.0,
    runs: CALLS,
  });
}
