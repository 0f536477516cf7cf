// Saved state (libvirt's managed save, VirtualBox's "Save the machine state"): the guest's memory goes to
// a file libvirt keeps beside its definition and the guest stops; the next Start resumes from it exactly
// where it was, and then libvirt removes the file. Discarding it makes the next Start boot afresh.
import type { DomainRef, LibvirtConnectionApi } from '../libvirt/facade';
import { ApiFailure } from './errors';
import { lookupGuest } from './vms';

export const TRANSIENT_CANNOT_SAVE = 'A transient guest cannot keep a saved state: make it permanent first.';

/** saves and stops the guest; the lifecycle event (stopped, saved) updates the list */
export async function saveState(c: LibvirtConnectionApi, uuid: string): Promise<void> {
  const dom = await lookupGuest(c, uuid);
  // libvirt refuses too, but in its own words ("cannot do managed save for transient domain")
  if (!(await c.domainIsPersistent(dom))) throw new ApiFailure('INVALID_INPUT', TRANSIENT_CANNOT_SAVE);
  await c.domainManagedSave(dom, 0);
}

/**
 * Removes the saved state; libvirt sends no event for it, so the caller refreshes the guest from the
 * returned ref. A guest without one is left as it is (a second click, another tool was first).
 */
export async function discardSavedState(c: LibvirtConnectionApi, uuid: string): Promise<DomainRef> {
  const dom = await lookupGuest(c, uuid);
  if (await c.domainHasManagedSaveImage(dom)) await c.domainManagedSaveRemove(dom);
  return dom;
}
