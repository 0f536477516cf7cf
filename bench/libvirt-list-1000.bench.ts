// 1,000 domains on the test driver: list them all and fetch each one's XML. Ours (XML calls pipelined on
// one connection) against python3-libvirt (Debian's binding of the C library) doing the same in the same
// run, and against a virsh loop. Test-driver state is per connection, so each client defines its 1,000
// domains on its own connection first. virsh cannot see another connection's test domains: its loop is
// timed on 50 `virsh dumpxml` calls of the driver's built-in domain and extrapolated to 1,000 (+1 list).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openConnection } from '../main/libvirt/index';
import { median, report } from './report';

const run = promisify(execFile);
const URI = 'test+unix:///default';
const N = 1000;
const RUNS = 7;
const VIRSH_SAMPLE = 50;
const xml = (i: number) =>
  `<domain type='test'><name>kvmdesk-test-bench-${i}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`;

const PY = `
import json, sys, time, libvirt
N, RUNS = int(sys.argv[1]), int(sys.argv[2])
c = libvirt.open('${URI}')
for i in range(N):
    c.defineXML("<domain type='test'><name>kvmdesk-test-bench-%d</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>" % i)
times = []
for _ in range(RUNS):
    t0 = time.perf_counter()
    doms = c.listAllDomains(0)
    xmls = [d.XMLDesc(0) for d in doms]
    times.append((time.perf_counter() - t0) * 1000)
    assert len(xmls) == N + 1
print(json.dumps(times))
`;

export default async function bench(): Promise<void> {
  const conn = await openConnection(URI);
  await Promise.all(Array.from({ length: N }, (_, i) => conn.domainDefineXML(xml(i))));
  const ours: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const doms = await conn.listAllDomains();
    const xmls = await Promise.all(doms.map((d) => conn.domainGetXML(d)));
    ours.push(performance.now() - t0);
    if (xmls.length !== N + 1) throw new Error(`expected ${N + 1} domains, got ${xmls.length}`);
  }
  await conn.close();

  const script = join(tmpdir(), 'kvmdesk-bench-list.py');
  writeFileSync(script, PY);
  const { stdout } = await run('/usr/bin/python3', [script, String(N), String(RUNS)], { maxBuffer: 1 << 20 });
  const peer = JSON.parse(stdout) as number[];

  const t0 = performance.now();
  for (let i = 0; i < VIRSH_SAMPLE; i++) await run('virsh', ['-c', URI, 'dumpxml', 'test']);
  const perVirsh = (performance.now() - t0) / VIRSH_SAMPLE;
  const virshLoop = perVirsh * (N + 1);

  const oursMs = median(ours);
  const peerMs = median(peer);
  const ratio = oursMs / peerMs;
  const vsVirsh = virshLoop / oursMs;
  report({
    name: 'libvirt-list-1000',
    unit: 'ms',
    ours: oursMs,
    peer: peerMs,
    peerName: 'python3-libvirt',
    ratio,
    goal: 'ratio <= 1.2 and >= 20x faster than a virsh loop',
    met: ratio <= 1.2 && vsVirsh >= 20,
    runs: RUNS,
    extra: {
      virshLoopMs: Math.round(virshLoop),
      virshLoopNote: `extrapolated from ${VIRSH_SAMPLE} virsh dumpxml calls (${perVirsh.toFixed(1)} ms each) to ${N + 1}`,
      timesFasterThanVirsh: Math.round(vsVirsh),
    },
  });
}
