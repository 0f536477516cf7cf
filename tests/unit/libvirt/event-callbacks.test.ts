// Event callbacks of different object types may carry the same id: libvirtd counts each type's
// callbacks apart, so a fresh daemon answers 1 to the first domain registration and 1 to the first
// network one. Keyed by id alone, the network registration hid every domain event (the guest list
// stopped following virsh after a libvirtd restart). A scripted daemon that gives id 1 to each family.
import type { Server } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { type LibvirtConnection, openConnection } from '../../../main/libvirt/index.js';
import type { XdrWriter } from '../../../main/libvirt/xdr.js';
import { frame, PROG, peer, reply } from './scripted-peer.js';

const REGISTER = { domain: 316, network: 313, pool: 368 };
const EVENT = { domainLifecycle: 318, networkLifecycle: 315 };
const MESSAGE = 2;

const servers: Server[] = [];
const conns: LibvirtConnection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) await c.close();
  for (const s of servers.splice(0)) s.close();
});

const uuid = (n: number) => new Uint8Array(16).fill(n);
const object = (name: string, n: number) => (w: XdrWriter) => w.string(name).fixedOpaque(uuid(n), 16);

it('delivers domain and network events that share a callback id each to its own listeners', async () => {
  const p = await peer((c, sock) => {
    if (c.prog !== PROG) return;
    if (Object.values(REGISTER).includes(c.proc)) sock.write(reply(c, (w) => w.int(1)));
    else if (c.proc === 66)
      sock.write(reply(c, (w) => w.array([0], (x, t) => x.int(t)))); // auth none
    else if (c.proc === 60)
      sock.write(reply(c, (w) => w.int(0))); // no keepalive
    else sock.write(reply(c));
  });
  servers.push(p.server);
  const conn = await openConnection(`test+unix:///default?socket=${p.path}`, { reconnect: false });
  conns.push(conn);
  const domains: string[] = [];
  const networks: string[] = [];
  conn.on('domainLifecycle', (e) => domains.push(`${e.dom.name} ${e.eventName}`));
  conn.on('networkLifecycle', (e) => networks.push(`${e.net.name} ${e.eventName}`));
  await conn.eventsReady();

  const sock = p.socks[0];
  sock.write(
    frame(PROG, EVENT.domainLifecycle, MESSAGE, 0, 0, (w) => {
      w.int(1);
      object('web', 1)(w);
      w.int(-1).int(0).int(0); // id, DEFINED, ADDED
    }),
  );
  sock.write(
    frame(PROG, EVENT.networkLifecycle, MESSAGE, 0, 0, (w) => {
      w.int(1);
      object('lan', 2)(w);
      w.int(2).int(0); // STARTED
    }),
  );
  await expect.poll(() => [...domains, ...networks]).toHaveLength(2);
  expect(domains).toEqual(['web defined']);
  expect(networks).toEqual(['lan started']);
});
