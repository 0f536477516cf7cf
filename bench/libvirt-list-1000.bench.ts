// 1,000 domains on the test driver: list them all and fetch each one's XML. Ours (XML calls pipelined on
// one connection) against python3-libvirt (Debian's binding of the C library) doing the same in the same
// run, and against a virsh loop. test:///default keeps one state while any connection to it is open, so
// the python peer (connected while ours is) sees the 1,000 domains ours defined. virsh is timed on 50
// `virsh dumpxml` calls (a new connection each, as a shell loop would do) and extrapolated to 1,000 + 1.
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
c = libvirt.open('${URI}')
print('ready')
for _ in sys.stdin:
    t0 = time.perf_counter()
    doms = c.listAllDomains(0)
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
  const ours: number[] = [];
  const peer: number[] = [];
  // alternate ours and the peer's runs so both see the same load on this shared machine
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const doms = await conn.listAllDomains();
    const xmls = await Promise.all(doms.map((d) => conn.domainGetXML(d)));
    ours.push(performance.now() - t0);
    if (xmls.length !== N + 1) throw new Error(`expected ${N + 1} domains, got ${xmls.length}`);
    peer.push(await py.run());
  }
  py.close();
  await conn.close();

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
