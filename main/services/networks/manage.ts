// The Networks panel's calls on one connection: list with facts and users, create (NAT, routed, open,
// isolated, bridge), start/stop/autostart/delete. Stop is refused while running guests use the network and
// delete while any guest does, naming them: a guest on a deleted network cannot start again.

import {
  bridgeNameProblem,
  dhcpRangeProblem,
  networkNameProblem,
  subnetProblem,
} from '../../../preload/network-fields';
import type { CreateNetworkArgs, NetworkInfo } from '../../../preload/networks';
import type { LibvirtConnectionApi, NetworkRef } from '../../libvirt/facade';
import { buildNetworkXml, networkFacts } from '../../model/network-xml';
import { ApiFailure } from '../errors';
import { lookupNetwork } from './default-network';
import { type GuestNetworkUse, guestNetworkUse } from './guests-on-networks';
import { takenSubnets } from './host-subnets';

async function infoOf(
  c: LibvirtConnectionApi,
  connection: string,
  net: NetworkRef,
  use: GuestNetworkUse,
): Promise<NetworkInfo> {
  const [active, persistent, autostart, xml] = await Promise.all([
    c.networkIsActive(net),
    c.networkIsPersistent(net).catch(() => true),
    c.networkGetAutostart(net).catch(() => false),
    c.networkGetXML(net, 0),
  ]);
  const f = networkFacts(xml);
  const u = use.users.get(net.name);
  return {
    connection,
    name: net.name,
    uuid: net.uuid,
    active,
    persistent,
    autostart,
    forward: f.forward,
    mode: f.mode,
    bridge: f.bridge,
    ...(f.ipv4 && { ipv4: f.ipv4 }),
    ...(f.dhcp && { dhcp: f.dhcp }),
    guests: [...(u?.guests ?? [])].sort(),
    runningGuests: [...(u?.running ?? [])].sort(),
  };
}

const NOBODY: GuestNetworkUse = { users: new Map(), macs: new Map() };

/** `withGuests`: who uses each network, from every guest's XML (the panel); without, the wizard's cheap list */
export async function listNetworks(
  c: LibvirtConnectionApi,
  connection: string,
  withGuests = false,
): Promise<NetworkInfo[]> {
  const [nets, use] = await Promise.all([c.listAllNetworks(0), withGuests ? guestNetworkUse(c) : NOBODY]);
  const infos = await Promise.all(nets.map((n) => infoOf(c, connection, n, use)));
  return infos.sort((a, b) => a.name.localeCompare(b.name));
}

async function requireNetwork(c: LibvirtConnectionApi, name: string): Promise<NetworkRef> {
  const net = await lookupNetwork(c, name);
  if (!net)
    throw new ApiFailure('NOT_FOUND', `There is no network named '${name}'.`, {
      field: 'name',
      network: name,
    });
  return net;
}

function names(list: Iterable<string>): string {
  const all = [...list].sort().map((n) => `'${n}'`);
  return all.length > 1 ? `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}` : all[0];
}

export async function stopNetwork(c: LibvirtConnectionApi, name: string): Promise<void> {
  const net = await requireNetwork(c, name);
  if (!(await c.networkIsActive(net))) return;
  const running = (await guestNetworkUse(c)).users.get(name)?.running;
  if (running?.size)
    throw new ApiFailure(
      'WRONG_STATE',
      `The network '${name}' cannot stop while ${names(running)} ${running.size > 1 ? 'run' : 'runs'} on it: shut ${running.size > 1 ? 'them' : 'it'} down first.`,
      { network: name, guests: [...running].sort() },
    );
  await c.networkDestroy(net);
}

export async function setNetworkAutostart(
  c: LibvirtConnectionApi,
  name: string,
  enabled: boolean,
): Promise<void> {
  const net = await requireNetwork(c, name);
  if (!(await c.networkIsPersistent(net)))
    throw new ApiFailure(
      'WRONG_STATE',
      `The network '${name}' is transient (made with net-create): it cannot autostart.`,
    );
  await c.networkSetAutostart(net, enabled);
}

export async function deleteNetwork(c: LibvirtConnectionApi, name: string): Promise<void> {
  const net = await requireNetwork(c, name);
  const guests = (await guestNetworkUse(c)).users.get(name)?.guests;
  if (guests?.size)
    throw new ApiFailure(
      'WRONG_STATE',
      `The network '${name}' cannot be deleted while ${names(guests)} ${guests.size > 1 ? 'use' : 'uses'} it: remove ${guests.size > 1 ? 'their' : 'its'} network adapter first.`,
      { network: name, guests: [...guests].sort() },
    );
  if (await c.networkIsActive(net)) await c.networkDestroy(net);
  if (await c.networkIsPersistent(net).catch(() => false)) await c.networkUndefine(net);
}

/** every problem of a create request in the user's words, by field (empty: it can be made) */
export async function createProblems(
  c: LibvirtConnectionApi,
  connection: string,
  args: CreateNetworkArgs,
): Promise<{ field: string; message: string }[]> {
  const problems: { field: string; message: string }[] = [];
  const existing = new Set((await c.listAllNetworks(0)).map((n) => n.name));
  const nameProblem = networkNameProblem(args.name, existing);
  if (nameProblem) problems.push({ field: 'name', message: nameProblem });
  if (args.mode === 'bridge') {
    const p = bridgeNameProblem(args.bridge ?? '');
    if (p) problems.push({ field: 'bridge', message: p });
    return problems;
  }
  const taken = await takenSubnets(c, connection);
  const subnet = args.subnet ?? '';
  const p = subnetProblem(subnet, taken);
  if (p) problems.push({ field: 'subnet', message: p });
  else if (args.dhcp) {
    const d = dhcpRangeProblem(subnet, args.dhcp.start, args.dhcp.end);
    if (d) problems.push({ field: 'dhcp', message: d });
  }
  return problems;
}

/** defines the network, then starts and autostarts it as asked; a failed start undefines it again */
export async function createNetwork(
  c: LibvirtConnectionApi,
  connection: string,
  args: CreateNetworkArgs,
): Promise<NetworkInfo> {
  const [first] = await createProblems(c, connection, args);
  if (first)
    throw new ApiFailure(
      first.field === 'name' && /already exists/.test(first.message) ? 'NAME_TAKEN' : 'INVALID_INPUT',
      first.message,
      {
        field: first.field,
      },
    );
  const net = await c.networkDefineXML(
    buildNetworkXml({
      name: args.name,
      mode: args.mode,
      subnet: args.mode === 'bridge' ? undefined : args.subnet,
      dhcp: args.mode === 'bridge' ? undefined : args.dhcp,
      bridge: args.bridge,
    }),
  );
  try {
    if (args.start !== false) await c.networkCreate(net);
    if (args.autostart) await c.networkSetAutostart(net, true);
  } catch (err) {
    // nothing half-made: a network that cannot start (a bridge that is gone, a subnet taken meanwhile) goes
    await c.networkDestroy(net).catch(() => undefined);
    await c.networkUndefine(net).catch(() => undefined);
    throw err;
  }
  return infoOf(c, connection, net, NOBODY); // a new network has no guests yet
}
