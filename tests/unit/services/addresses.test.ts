// The address service's choices over a stand-in client: the agent asked only through a connected
// channel and given up on after its timeout, leases only for adapters on a libvirt network, ARP only
// for adapters still without an address, a failing source reported, a found answer kept until the
// guest stops, and concurrent asks joined.
import { describe, expect, it } from 'vitest';
import { LibvirtError, ErrorCode as VirErr } from '../../../main/libvirt/errors';
import { AGENT_TIMEOUT_MS, GuestAddressService } from '../../../main/services/addresses';
import type { Connections } from '../../../main/services/connections';
import { EventBus } from '../../../main/services/events';

const C = 'qemu:///system';
const U = '00000000-0000-4000-8000-000000000001';
const MAC1 = '52:54:00:00:00:01';
const MAC2 = '52:54:00:00:00:02';
const xml = (agent: string) => `<domain><devices>
  <interface type='network'><mac address='${MAC1}'/><source network='default'/><target dev='vnet0'/></interface>
  <interface type='bridge'><mac address='${MAC2}'/><source bridge='br0'/><target dev='vnet1'/></interface>
  ${agent}</devices></domain>`;
const CHANNEL = (state: string) =>
  `<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0' state='${state}'/></channel>`;
const lease = (mac: string, addr: string) => ({
  name: 'vnet0',
  hwaddr: mac,
  addrs: [{ type: 0, addr, prefix: 24 }],
});

function setup(o: { agent: string; answers: Record<number, () => Promise<unknown>> }) {
  const asked: { source: number; timeoutMs?: number }[] = [];
  const client = {
    connected: true,
    lookupDomainByUuid: async (uuid: string) => ({ uuid, name: 'kvmdesk-test-g', id: 1 }),
    domainGetXML: async () => xml(o.agent),
    domainGetState: async () => ({ state: 1, reason: 1 }),
    domainInterfaceAddresses: (_d: unknown, source: number, opts?: { timeoutMs?: number }) => {
      asked.push({ source, ...(opts?.timeoutMs && { timeoutMs: opts.timeoutMs }) });
      return (o.answers[source] ?? (async () => []))();
    },
  };
  const connections = { client: () => client } as unknown as Connections;
  const events = new EventBus();
  return { service: new GuestAddressService(connections, events), asked, events };
}

describe('the address service', () => {
  it('asks a connected agent with a short timeout, and no other source once every adapter has an address', async () => {
    const { service, asked } = setup({
      agent: CHANNEL('connected'),
      answers: {
        1: async () => [
          { name: 'lo', hwaddr: '00:00:00:00:00:00', addrs: [{ type: 0, addr: '127.0.0.1', prefix: 8 }] },
          lease(MAC1, '192.168.122.5'),
          lease(MAC2, '10.0.0.5'),
        ],
      },
    });
    const a = await service.get(C, U);
    expect(asked).toEqual([{ source: 1, timeoutMs: AGENT_TIMEOUT_MS }]);
    expect(a.nics.map((n) => n.addresses.map((x) => `${x.address} ${x.source}`))).toEqual([
      ['192.168.122.5 agent'],
      ['10.0.0.5 agent'],
    ]);
    expect(a.sources.map((s) => s.status)).toEqual(['found', 'not-asked', 'not-asked']);
  });

  it('skips an agent whose channel is not connected, then leases, then ARP for the bridge adapter', async () => {
    const { service, asked } = setup({
      agent: CHANNEL('disconnected'),
      answers: {
        0: async () => [lease(MAC1, '192.168.122.5')],
        2: async () => {
          throw new LibvirtError('LIBVIRT', 'internal error: wrong nlmsg len', {
            code: VirErr.INTERNAL_ERROR,
          });
        },
      },
    });
    const a = await service.get(C, U);
    expect(asked.map((x) => x.source)).toEqual([0, 2]);
    expect(a.sources).toEqual([
      { source: 'agent', status: 'unavailable', message: 'The guest agent is not running in the guest.' },
      { source: 'lease', status: 'found' },
      {
        source: 'arp',
        status: 'unavailable',
        message: "The host's ARP table could not be read: internal error: wrong nlmsg len",
      },
    ]);
    expect(a.known).toBe(true);
  });

  it('says an agent that times out did not answer, and keeps asking while nothing is known', async () => {
    const { service, asked } = setup({
      agent: CHANNEL('connected'),
      answers: {
        1: async () => {
          throw new LibvirtError('TIMEOUT', 'libvirt did not answer');
        },
      },
    });
    const a = await service.get(C, U);
    expect(a.sources[0]).toEqual({
      source: 'agent',
      status: 'unavailable',
      message: 'The guest agent did not answer within 3 s.',
    });
    expect(a.known).toBe(false);
    expect(service.has(C, U)).toBe(false);
    await service.get(C, U);
    expect(asked.filter((x) => x.source === 1)).toHaveLength(2);
  });

  it('keeps a found answer until the guest stops, and joins concurrent asks', async () => {
    const { service, asked, events } = setup({
      agent: '',
      answers: { 0: async () => [lease(MAC1, '192.168.122.5')] },
    });
    const [a, b] = await Promise.all([service.refresh(C, U), service.refresh(C, U)]);
    expect(a).toBe(b);
    const n = asked.length;
    expect(await service.get(C, U)).toBe(a);
    expect(asked).toHaveLength(n);
    events.emit('vm.lifecycle', { connection: C, uuid: U, event: 'stopped', detail: 'destroyed' });
    expect(service.has(C, U)).toBe(false);
    service.close();
  });
});
