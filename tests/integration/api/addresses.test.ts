// Guest addresses on a real TCG guest (qemu:///system): iPXE's ISO asks for DHCP seconds after boot on
// a NAT test network (dnsmasq, as on libvirt's `default`); the service finds the address from the lease source, equal to
// `virsh domifaddr --source lease`; the guest agent is reported unavailable (no channel), not an
// error; the answer is kept while the guest runs and forgotten when it stops. Run under the guest lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestNetwork,
  defineTestGuest,
  IPXE_ISO,
  removeTestGuest,
  type TestNetwork,
  virsh,
  waitFor,
} from '../../../e2e/browser/test-guests';
import type { GuestAddresses } from '../../../preload/addresses';
import { startTestBackend, type TestBackend, URI } from './backend';

const NAME = `kvmdesk-test-addresses-${process.pid}`;
const NET = `kvmdesk-test-addr-${process.pid}`;
let t: TestBackend;
let net: TestNetwork | undefined;
let uuid: string;

beforeAll(async () => {
  net = await createTestNetwork(NET, { dhcp: true, nat: true });
  t = await startTestBackend();
  ({ uuid } = await defineTestGuest(NAME, { iso: IPXE_ISO, network: NET, start: true }));
  await waitFor(
    'the guest running in the list',
    () => t.backend.ctx.connections.get(URI).store.get(uuid)?.state === 'running',
  );
}, 60_000);

afterAll(async () => {
  await removeTestGuest(NAME);
  await net?.remove();
  await t?.stop();
});

/** `virsh domifaddr --source lease` as [mac, address/prefix] pairs */
async function virshLeases(): Promise<[string, string][]> {
  const out = await virsh('domifaddr', NAME, '--source', 'lease');
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols.length === 4 && /^vnet/.test(cols[0]))
    .map((cols) => [cols[1], cols[3]]);
}

describe('a guest that asks for DHCP on a libvirt network', () => {
  let found: GuestAddresses;

  it('gets its address from the lease source, as virsh domifaddr shows it; the agent is unavailable', async () => {
    const ref = { connection: URI, uuid };
    const first = await t.ok('addresses.get', ref);
    expect(first.state).toBe('running');
    expect(first.sources[0]).toEqual({
      source: 'agent',
      status: 'unavailable',
      message: 'This guest has no guest agent channel.',
    });
    const started = Date.now();
    // no lease event in libvirt 9.0: asked again as the page would, until known
    found = (await waitFor(
      'a DHCP lease',
      async () => {
        const a = await t.ok('addresses.get', ref);
        return a.known ? a : undefined;
      },
      60_000,
    ))!;
    console.log(`lease found ${Date.now() - started} ms after the first ask`);
    const [nic] = found.nics;
    expect(nic).toMatchObject({ type: 'network', network: NET, device: expect.stringMatching(/^vnet\d+$/) });
    expect(nic.addresses).toHaveLength(1);
    const [a] = nic.addresses;
    expect(a).toMatchObject({ family: 'ipv4', source: 'lease', linkLocal: false, prefix: 24 });
    expect(a.address.startsWith('10.214.')).toBe(true);
    expect(await virshLeases()).toEqual([[nic.mac, `${a.address}/${a.prefix}`]]);
    expect(found.sources).toEqual([
      { source: 'agent', status: 'unavailable', message: 'This guest has no guest agent channel.' },
      { source: 'lease', status: 'found' },
      { source: 'arp', status: 'not-asked', message: 'Every adapter has an address.' },
    ]);
    expect(found.sshUser).toMatch(/\S/);
  }, 70_000);

  it('keeps the answer while the guest runs, asks again on refresh, and forgets it when the guest stops', async () => {
    const ref = { connection: URI, uuid };
    expect(t.backend.ctx.addresses.has(URI, uuid)).toBe(true);
    expect(await t.ok('addresses.get', ref)).toEqual(found);
    const again = await t.ok('addresses.refresh', ref);
    expect(again.askedAt).toBeGreaterThan(found.askedAt);
    expect(again.nics).toEqual(found.nics);
    await virsh('destroy', NAME);
    await waitFor('forgotten after the stop', () => !t.backend.ctx.addresses.has(URI, uuid));
    expect(await t.ok('addresses.get', ref)).toMatchObject({ state: 'off', nics: [], known: false });
  });
});
