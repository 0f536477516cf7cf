// The guests whose disks are overlays on a guest's disks (its linked clones): found from each other
// guest's pool volumes' backing files (the inactive XML of a shut-off guest does not list its chain)
// and, for running guests, the live XML's <backingStore>. Deleting a source is refused while any exists,
// and so is starting it: a running source writes to the disks its clones read, which breaks them.
import { type DomainRef, DomainXMLFlags, type LibvirtConnectionApi } from '../../libvirt/facade';
import { backingFilesOf, parseDomainXml } from '../../model/domain-xml';
import { find, parseXml } from '../../model/xml';

async function filesOf(c: LibvirtConnectionApi, xml: string): Promise<{ path: string; backing?: string }[]> {
  const out: { path: string; backing?: string }[] = [];
  for (const d of parseDomainXml(xml).disks) {
    if (d.device !== 'disk' || !d.path) continue;
    try {
      const vol = d.volume
        ? await c.lookupVolumeByName(await c.lookupStoragePoolByName(d.volume.pool), d.volume.name)
        : await c.lookupVolumeByPath(d.path);
      const volXml = parseXml(await c.volumeGetXML(vol, 0)).documentElement!;
      const backing = find(volXml, 'backingStore/path')?.textContent?.trim() || undefined;
      out.push({ path: await c.volumeGetPath(vol), ...(backing ? { backing } : {}) });
    } catch {
      // not a pool volume (or gone meanwhile): its path alone
      if (d.path.startsWith('/')) out.push({ path: d.path });
    }
  }
  return out;
}

/** the names of the guests with a disk whose backing file is one of `dom`'s disks */
export async function linkedClonesOf(c: LibvirtConnectionApi, dom: DomainRef): Promise<string[]> {
  const mine = new Set(
    (await filesOf(c, await c.domainGetXML(dom, DomainXMLFlags.INACTIVE))).map((f) => f.path),
  );
  if (!mine.size) return [];
  // every other guest at once: one start of a base guest should not wait for a guest-by-guest walk
  const clones = await Promise.all(
    (await c.listAllDomains(0))
      .filter((other) => other.uuid !== dom.uuid)
      .map(async (other) => {
        try {
          const [inactive, live] = await Promise.all([
            c.domainGetXML(other, DomainXMLFlags.INACTIVE),
            c.domainGetXML(other, 0),
          ]);
          const backing = [
            ...(await filesOf(c, inactive)).flatMap((f) => (f.backing ? [f.backing] : [])),
            ...backingFilesOf(live),
          ];
          return backing.some((b) => mine.has(b)) ? other.name : undefined;
        } catch {
          return undefined; // it went away meanwhile
        }
      }),
  );
  return clones.filter((n): n is string => n !== undefined);
}
