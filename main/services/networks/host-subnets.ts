// What a new network's subnet must not collide with, and the host bridges a bridge network can join.
// On this machine: the routing table (`ip -j route`, else /proc/net/route) and /sys/class/net/*/bridge.
// On a remote host only libvirt's own networks are known (libvirt 9.0's interface API, virtinterfaced,
// lists interfaces but not their routes), so there the dialog says the host's bridges are not listed.
import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { formatCidr } from '../../../preload/network-fields';
import type { NetworkCreateInfo } from '../../../preload/networks';
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import { isLocalUri } from '../../libvirt/uri';
import { parseIpJsonRoutes, parseProcNetRoute, suggestSubnet } from '../../model/network-subnet';
import { networkFacts, subnetOf } from '../../model/network-xml';

const run = promisify(execFile);

async function localRoutes(): Promise<{ subnet: string; dev: string }[]> {
  try {
    const { stdout } = await run('ip', ['-j', '-4', 'route', 'show', 'table', 'all'], { timeout: 3000 });
    const routes = parseIpJsonRoutes(stdout);
    if (routes.length) return routes;
  } catch {
    // no iproute2: the kernel's own table
  }
  return parseProcNetRoute(await readFile('/proc/net/route', 'utf8').catch(() => ''));
}

/** the subnets used by the connection's networks (each once, by name) and, locally, the host's routes */
export async function takenSubnets(
  c: LibvirtConnectionApi,
  connection: string,
): Promise<{ subnet: string; by: string }[]> {
  const nets = await c.listAllNetworks(0);
  const facts = await Promise.all(
    nets.map(async (n) => ({ name: n.name, f: networkFacts(await c.networkGetXML(n, 0)) })),
  );
  const taken: { subnet: string; by: string }[] = [];
  const bridges = new Set<string>();
  for (const { name, f } of facts) {
    if (f.bridge) bridges.add(f.bridge);
    const s = f.ipv4 && subnetOf(f.ipv4);
    if (s) taken.push({ subnet: formatCidr(s), by: `the network '${name}'` });
  }
  if (isLocalUri(connection)) {
    for (const r of await localRoutes()) {
      if (bridges.has(r.dev)) continue; // an active libvirt network's own route, listed above by name
      taken.push({ subnet: r.subnet, by: r.dev ? `the host's ${r.dev}` : "the host's routes" });
    }
  }
  return taken;
}

/** this machine's Linux bridges (/sys/class/net/<if>/bridge exists), less those libvirt's networks made */
async function localBridges(exclude: Set<string>): Promise<string[]> {
  const ifs = await readdir('/sys/class/net').catch(() => [] as string[]);
  const found = await Promise.all(
    ifs.map(async (i) => ((await stat(`/sys/class/net/${i}/bridge`).catch(() => undefined)) ? i : undefined)),
  );
  return found.filter((b): b is string => b !== undefined && !exclude.has(b)).sort();
}

export async function networkCreateInfo(
  c: LibvirtConnectionApi,
  connection: string,
): Promise<NetworkCreateInfo> {
  const taken = await takenSubnets(c, connection);
  const suggestedSubnet = suggestSubnet(taken.map((t) => t.subnet));
  if (!isLocalUri(connection))
    return {
      suggestedSubnet,
      taken,
      bridges: [],
      bridgesNote: "This host's bridges are not listed: type the bridge's name.",
    };
  const libvirtBridges = new Set<string>();
  for (const n of await c.listAllNetworks(0)) {
    const b = networkFacts(await c.networkGetXML(n, 0)).bridge;
    if (b) libvirtBridges.add(b);
  }
  const bridges = await localBridges(libvirtBridges);
  return {
    suggestedSubnet,
    taken,
    bridges,
    ...(bridges.length === 0 && {
      bridgesNote:
        'This host has no Linux bridge: make one (e.g. br0 with NetworkManager) to put guests on the LAN.',
    }),
  };
}
