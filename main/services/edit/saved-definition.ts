// What every edit of a guest's definition starts from: the guest, its saved definition (SECURE: what is
// defined again must keep a VNC password and the like), and the check that the editor's version is still
// the saved one (another tool may have redefined the guest since).
import type { DomainRef, LibvirtConnectionApi } from '../../libvirt/facade';
import { DomainXMLFlags } from '../../libvirt/facade';
import { ApiFailure } from '../errors';
import { lookupGuest } from '../vms';
import { definitionVersion } from './version';

export const SAVED_XML = DomainXMLFlags.INACTIVE | DomainXMLFlags.SECURE;

export const CHANGED_ELSEWHERE =
  'This guest was changed elsewhere (another tool redefined it) since these details were read. ' +
  'Nothing was saved: reload the details and make the change again.';

/** the guest and its saved definition; refused when it has none, or when `version` is no longer it */
export async function definitionToEdit(
  c: LibvirtConnectionApi,
  uuid: string,
  version: string | undefined,
): Promise<{ dom: DomainRef; saved: string }> {
  const dom = await lookupGuest(c, uuid);
  if (!(await c.domainIsPersistent(dom)))
    throw new ApiFailure(
      'INVALID_INPUT',
      'A transient guest has no saved definition to change: make it permanent first.',
    );
  const saved = await c.domainGetXML(dom, SAVED_XML);
  if (version !== undefined && version !== definitionVersion(saved))
    throw new ApiFailure('CHANGED_ELSEWHERE', CHANGED_ELSEWHERE);
  return { dom, saved };
}
