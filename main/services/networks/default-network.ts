// The wizard's answers about networks: start one (a guest's start fails with NETWORK_INACTIVE while its
// network is down), and create the usual NAT network 'default' when a host has none.
import type { LibvirtConnectionApi, NetworkRef } from '../../libvirt/facade';
import { buildXml, h } from '../../model/xml';
import { ApiFailure, isNotFound } from '../errors';

export async function lookupNetwork(c: LibvirtConnectionApi, name: string): Promise<NetworkRef | undefined> {
  try {
    return await c.lookupNetworkByName(name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function startNetwork(c: LibvirtConnectionApi, name: string): Promise<void> {
  const net = await lookupNetwork(c, name);
  if (!net)
    throw new ApiFailure('NOT_FOUND', `There is no network named '${name}'.`, {
      field: 'name',
      network: name,
    });
  if (await c.networkIsActive(net)) return;
  await c.networkCreate(net);
}

/** A NAT network like libvirt's stock 'default' (the bridge name is left to libvirt: virbrN). */
export function natNetworkXml(name: string, subnet = '192.168.122'): string {
  return buildXml(
    h(
      'network',
      {},
      h('name', {}, name),
      h('forward', { mode: 'nat' }),
      h('bridge', { stp: 'on', delay: '0' }),
      h(
        'ip',
        { address: `${subnet}.1`, netmask: '255.255.255.0' },
        h('dhcp', {}, h('range', { start: `${subnet}.2`, end: `${subnet}.254` })),
      ),
    ),
  );
}

/** Defines (when missing), starts and autostarts a NAT network; an existing one is only started. */
export async function ensureNatNetwork(
  c: LibvirtConnectionApi,
  name: string,
  subnet?: string,
): Promise<void> {
  let net = await lookupNetwork(c, name);
  if (!net) net = await c.networkDefineXML(natNetworkXml(name, subnet));
  if (!(await c.networkIsActive(net))) await c.networkCreate(net);
  await c.networkSetAutostart(net, true).catch(() => undefined);
}

export function createDefaultNetwork(c: LibvirtConnectionApi): Promise<void> {
  return ensureNatNetwork(c, 'default', '192.168.122');
}
