// A virtual network with a DHCP range on qemu:///system (libvirt runs dnsmasq for it) and its DHCP leases.
// No guest runs here, so the lease is put where libvirt keeps them: the bridge's .status file, in the
// JSON that libvirt's lease helper (dnsmasq's --dhcp-script) writes after a DHCP exchange.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorCode,
  ErrorDomain,
  IpAddrType,
  type LibvirtConnection,
  type NetworkRef,
  openConnection,
} from '../../../main/libvirt/index.js';
import { virsh, virshQuiet } from './helpers.js';

const URI = 'qemu:///system';
const NAME = `kvmdesk-test-dhcp-${process.pid}`;
const BRIDGE = `kvmdtl${process.pid % 100000}`;
const MAC = '52:54:00:7e:57:20';
let conn: LibvirtConnection;

async function cleanup() {
  await virshQuiet(URI, 'net-destroy', NAME);
  await virshQuiet(URI, 'net-undefine', NAME);
}

beforeAll(async () => {
  await cleanup();
  conn = await openConnection(URI);
});
afterAll(async () => {
  await conn?.close();
  await cleanup();
});

describe('DHCP leases of a network on qemu:///system', () => {
  let net: NetworkRef;

  it('defines and starts a network with a DHCP range; it has no leases yet', async () => {
    net = await conn.networkDefineXML(
      `<network><name>${NAME}</name><bridge name='${BRIDGE}'/>` +
        `<ip address='10.213.77.1' netmask='255.255.255.0'><dhcp><range start='10.213.77.10' end='10.213.77.50'/></dhcp></ip></network>`,
    );
    await conn.networkCreate(net);
    expect(await conn.networkIsActive(net)).toBe(true);
    expect(await virsh(URI, 'net-info', NAME)).toMatch(new RegExp(`Bridge:\\s+${BRIDGE}`));
    expect(await conn.networkGetDhcpLeases(net)).toEqual([]);
  });

  it('decodes a lease with every field, filtered by MAC', async () => {
    const expiry = Math.floor(Date.now() / 1000) + 3600;
    const lease = {
      'ip-address': '10.213.77.20',
      'mac-address': MAC,
      hostname: 'kvmdesk-guest',
      'client-id': `01:${MAC}`,
      'expiry-time': expiry,
    };
    writeFileSync(`/var/lib/libvirt/dnsmasq/${BRIDGE}.status`, JSON.stringify([lease]));
    const all = await conn.networkGetDhcpLeases(net);
    expect(all).toEqual([
      {
        iface: BRIDGE,
        expiryTime: BigInt(expiry),
        type: IpAddrType.IPV4,
        mac: MAC,
        ipaddr: '10.213.77.20',
        prefix: 24,
        hostname: 'kvmdesk-guest',
        clientid: `01:${MAC}`,
      },
    ]);
    expect(await conn.networkGetDhcpLeases(net, MAC)).toEqual(all);
    expect(await conn.networkGetDhcpLeases(net, '52:54:00:7e:57:21')).toEqual([]);
  });

  it("gets libvirt's error for a MAC that is not one", async () => {
    const err = await conn.networkGetDhcpLeases(net, 'not-a-mac').catch((e) => e);
    expect(err).toMatchObject({ kind: 'LIBVIRT', code: ErrorCode.INVALID_MAC, domain: ErrorDomain.NETWORK });
    expect(err.message).toMatch(/invalid MAC address: not-a-mac/);
  });

  it('stops and removes the network', async () => {
    await conn.networkDestroy(net);
    await conn.networkUndefine(net);
    expect((await conn.lookupNetworkByName(NAME).catch((e) => e)).code).toBe(ErrorCode.NO_NETWORK);
  });
});
