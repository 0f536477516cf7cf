// 1,000 domains on the test driver: list them all and fetch each one's XML, two like-for-like pairs in one
// run, alternating: ours sequential (one call awaited after another) against python3-libvirt sequential
// (Debian's binding of the C library, a list comprehension of XMLDesc), and ours pipelined (every XML call
// in flight on one connection) against python3-libvirt with a thread pool of 8 (concurrent.futures, the
// C library's one connection shared, as it allows). Each side times its own calls only, after connecting
// and a warm-up run. test:///default keeps one state while any connection to it is open, so the python
// peer (connected while ours is) sees the 1,000 domains ours defined. Also a virsh loop for scale: 50
// `virsh dumpxml` calls (a new connection each, as a shell loop would do) extrapolated to 1,000 + 1.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openConnection } from '../main/libvirt/index';
import { PythonPeer } from './libvirt-peer';
import { median, report } from './report';

const run = promisify(execFile);
const URI = 'test+unix:///default';
const N = 1000;
const RUNS = 11;
const VIRSH_SAMPLE = 50;
const xml = (i: number) =>
  `<domain type='test'><name>kvmdesk-test-bench-${i}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`;

const PY = `
import json, sys, time, libvirt
from concurrent.futures import ThreadPoolExecutor
c = libvirt.open('${URI}')
pool = ThreadPoolExecutor(8)
print('ready')
for line in sys.stdin:
    t0 = time.perf_counter()
    doms = c.listAllDomains(0)
    if line.strip() == 'pool':
        xmls = list(pool.map(lambda d: d.XMLDesc(0), doms))
    else:
        xmls = [d.XMLDesc(0) for d in doms]
    ms = (time.perf_counter() - t0) * 1000
    assert len(xmls) == ${N + 1}
    print(json.dumps(ms))
`;

export default async function bench(): Promise<void> {
  const conn = await openConnection(URI);
  await Promise.all(Array.from({ length: N }, (_, i) => conn.domainDefineXML(xml(i))));
  const py = new PythonPeer(PY);
  await py.ready();
  const sequential = async () => {
    const t0 = performance.now();
    const doms = await conn.listAllDomains();
    const xmls: string[] = [];
    for (const d of doms) xmls.push(await conn.domainGetXML(d));
    if (xmls.length !== N + 1) throw new Error(`expected ${N + 1} domains, got ${xmls.length}`);
    return performance.now() - t0;
  };
  const pipelined = async () => {
    const t0 = performance.now();
    const doms = await conn.listAllDomains();
    const xmls = await Promise.all(doms.map((d) => conn.domainGetXML(d)));
    if (xmls.length !== N + 1) throw new Error(`expected ${N + 1} domains, got ${xmls.length}`);
    return performance.now() - t0;
  };
  // warm-up, both sides
  await sequential();
  await pipelined();
  await py.run('seq');
  await py.run('pool');
  const t = { seq: [] as number[], pyseq: [] as number[], pipe: [] as number[], pypool: [] as number[] };
  // alternate ours and the peer's runs so both see the same load on this shared machine
  for (let r = 0; r < RUNS; r++) {
    t.seq.push(await sequential());
    t.pyseq.push(await py.run('seq'));
    t.pipe.push(await pipelined());
    t.pypool.push(await py.run('pool'));
  }
  py.close();
  await conn.close();

  const t0 = performance.now();
  for (let i = 0; i < VIRSH_SAMPLE; i++) await run('virsh', ['-c', URI, 'dumpxml', 'test']);
  const perVirsh = (performance.now() - t0) / VIRSH_SAMPLE;
  const virshLoop = perVirsh * (N + 1);

  const seq = median(t.seq);
  const pyseq = median(t.pyseq);
  const pipe = median(t.pipe);
  const pypool = median(t.pypool);
  const vsVirsh = virshLoop / pipe;
  report({
    name: 'libvirt-list-1000-sequential',
    unit: 'ms',
    ours: seq,
    peer: pyseq,
    peerName: 'python3-libvirt, sequential',
    ratio: seq / pyseq,
    goal: 'ratio <= 1.1',
    met: seq / pyseq <= 1.1,
    runs: RUNS,
    extra: {
      oursTimed: 'listAllDomains + 1,001 domainGetXML, each awaited before the next (performance.now)',
      peerTimed: 'listAllDomains + [d.XMLDesc(0) for d in doms] (time.perf_counter)',
      oursRuns: t.seq.map(Math.round),
      peerRuns: t.pyseq.map(Math.round),
    },
  });
  report({
    name: 'libvirt-list-1000-pipelined',
    unit: 'ms',
    ours: pipe,
    peer: pypool,
    peerName: 'python3-libvirt, ThreadPoolExecutor(8)',
    ratio: pipe / pypool,
    goal: 'ratio <= 0.5 and >= 20x faster than a virsh loop',
    met: pipe / pypool <= 0.5 && vsVirsh >= 20,
    runs: RUNS,
    extra: {
      oursTimed: 'listAllDomains + 1,001 domainGetXML all in flight on one connection (Promise.all)',
      peerTimed: 'listAllDomains + pool.map(XMLDesc) over 8 threads sharing the connection',
      oursRuns: t.pipe.map(Math.round),
      peerRuns: t.pypool.map(Math.round),
      virshLoopMs: Math.round(virshLoop),
      virshLoopNote: `extrapolated from ${VIRSH_SAMPLE} virsh dumpxml calls (${perVirsh.toFixed(1)} ms each) to ${N + 1}`,
      timesFasterThanVirsh: Math.round(vsVirsh),
    },
  });
}
