// The XML view and the experts' XML editor: the guest's domain XML as saved (or as it runs), and a whole
// definition defined with libvirt's VALIDATE flag (its schema check), so invalid XML is refused with
// libvirt's own message and nothing is written. The editor's starting version is checked first (another
// tool may have redefined the guest since), and the name and uuid may not change through it.
import type { DefineXmlArgs, GuestXml } from '../../../preload/contract';
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import { DefineFlags, DomainXMLFlags } from '../../libvirt/facade';
import { xmlIdentityProblem } from '../../model/guest-devices';
import { ApiFailure } from '../errors';
import { lookupGuest } from '../vms';
import { definitionToEdit, SAVED_XML } from './saved-definition';
import { definitionVersion } from './version';

export async function guestXml(c: LibvirtConnectionApi, uuid: string, live = false): Promise<GuestXml> {
  const dom = await lookupGuest(c, uuid);
  const saved = await c.domainGetXML(dom, SAVED_XML);
  const version = definitionVersion(saved);
  if (!live) return { xml: saved, version };
  return { xml: await c.domainGetXML(dom, DomainXMLFlags.SECURE), version };
}

export async function defineGuestXml(c: LibvirtConnectionApi, args: DefineXmlArgs): Promise<GuestXml> {
  const { dom } = await definitionToEdit(c, args.uuid, args.version);
  const problem = xmlIdentityProblem(args.xml, { uuid: args.uuid, name: dom.name });
  if (problem) throw new ApiFailure('INVALID_INPUT', problem, { field: 'xml' });
  // libvirt's refusal (schema, unknown model, ...) reaches the editor as LIBVIRT with its message
  await c.domainDefineXML(args.xml, DefineFlags.VALIDATE);
  return guestXml(c, args.uuid);
}
