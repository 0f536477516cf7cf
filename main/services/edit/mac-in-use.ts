// A MAC address the user typed for a new network adapter must be unique on the host: two guests with the
// same MAC on one network break each other's traffic, and libvirt checks only within one guest. Every
// guest of the connection is read (its saved and, when running, its live definition), as virt-install
// does; only an explicit MAC pays for it (a generated one is libvirt's and unique).
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import { DomainXMLFlags } from '../../libvirt/facade';
import { parseDomainXml } from '../../model/domain-xml';
import { isNotFound } from '../errors';

/** the name of a guest of this connection that has a network adapter with this MAC, if any */
export async function guestUsingMac(c: LibvirtConnectionApi, mac: string): Promise<string | undefined> {
  const want = mac.toLowerCase();
  const all = await c.listAllDomains(0);
  const users = await Promise.all(
    all.map(async (dom) => {
      const xmls = await Promise.all([
        c.domainGetXML(dom, DomainXMLFlags.INACTIVE),
        dom.id > 0 ? c.domainGetXML(dom, 0) : undefined,
      ]).catch((err) => {
        if (isNotFound(err)) return []; // gone meanwhile
        throw err;
      });
      const has = xmls.some((x) => x && parseDomainXml(x).nics.some((n) => n.mac.toLowerCase() === want));
      return has ? dom.name : undefined;
    }),
  );
  return users.find((u) => u !== undefined);
}
