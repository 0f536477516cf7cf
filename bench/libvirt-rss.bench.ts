// Memory: RSS of a process holding 1,000 listed domains and their XML, above the same process before it
// connected (module loaded, nothing fetched). Measured in a fresh child process with a forced GC.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { report } from './report';

const run = promisify(execFile);
const CHILD = `
import { openConnection } from ${JSON.stringify(join(import.meta.dirname, '../main/libvirt/index.ts'))};
const gc = globalThis.gc;
gc(); gc();
const before = process.memoryUsage().rss;
const conn = await openConnection('test+unix:///default');
await Promise.all(Array.from({ length: 1000 }, (_, i) => conn.domainDefineXML(
  "<domain type='test'><name>kvmdesk-test-rss-" + i + "</name><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>")));
const doms = await conn.listAllDomains();
const held = await Promise.all(doms.map(async (d) => ({ dom: d, xml: await conn.domainGetXML(d) })));
gc(); gc();
const after = process.memoryUsage().rss;
console.log(JSON.stringify({ before, after, count: held.length, xmlBytes: held.reduce((n, h) => n + h.xml.length, 0) }));
await conn.close();
`;

export default async function bench(): Promise<void> {
  const file = join(tmpdir(), 'kvmdesk-bench-rss.mts');
  writeFileSync(file, CHILD);
  const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
    cwd: join(import.meta.dirname, '..'),
  });
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    before: number;
    after: number;
    count: number;
    xmlBytes: number;
  };
  const mb = (r.after - r.before) / 1024 / 1024;
  report({
    name: 'libvirt-rss-1000',
    unit: 'MB',
    ours: mb,
    goal: 'under 50 MB above the bare process',
    met: mb < 50,
    runs: 1,
    extra: {
      domains: r.count,
      xmlKiB: Math.round(r.xmlBytes / 1024),
      bareRssMB: Math.round(r.before / 1048576),
    },
  });
}
