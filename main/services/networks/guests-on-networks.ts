// Which guests use which network, and whose MAC a DHCP lease is: every guest of the connection is read
// (its saved and, when running, its live definition: a NIC added live or only for the next start counts),
// as the delete refusals and the lease table need the truth, not the guest list's summary.
import { DomainXMLFlags, type LibvirtConnectionApi } from '../../libvirt/facade';
import { parseDomainXml } from '../../model/domain-xml';
import { isNotFound } from '../errors';

export interface GuestNetworkUse {
  /** network name -> guest names using it, and those of them running */
  users: Map<string, { guests: Set<string>; running: Set<string> }>;
  /** lower-case MAC -> guest name */
  macs: Map<string, string>;
}

export async function guestNetworkUse(c: LibvirtConnectionApi): Promise<GuestNetworkUse> {
  const use: GuestNetworkUse = { users: new Map(), macs: new Map() };
  const all = await c.listAllDomains(0);
  await Promise.all(
    all.map(async (dom) => {
      const running = dom.id > 0;
      const xmls = await Promise.all([
        c.domainGetXML(dom, DomainXMLFlags.INACTIVE),
        running ? c.domainGetXML(dom, 0) : undefined,
      ]).catch((err) => {
        if (isNotFound(err)) return []; // gone meanwhile
        throw err;
      });
      for (const xml of xmls) {
        if (!xml) continue;
        for (const nic of parseDomainXml(xml).nics) {
          if (nic.mac) use.macs.set(nic.mac.toLowerCase(), dom.name);
          if (nic.type !== 'network' || !nic.source) continue;
          const u = use.users.get(nic.source) ?? { guests: new Set<string>(), running: new Set<string>() };
          use.users.set(nic.source, u);
          u.guests.add(dom.name);
          if (running) u.running.add(dom.name);
        }
      }
    }),
  );
  return use;
}
