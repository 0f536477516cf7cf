// The Overview's edits: rename, title/description, OS and autostart. Each changes the domain in place
// through libvirt's own call for it (virDomainRename, virDomainSetMetadata, virDomainSetAutostart), so
// nothing else of its XML is touched. The UI learns the result from the events that follow (metadata
// change; UNDEFINED(renamed) + DEFINED(renamed)); autostart has no event, so that guest is refetched.

import type { OsEntry } from '../../../preload/contract';
import { descriptionProblem, guestNameProblem, titleProblem } from '../../../preload/guest-fields';
import type { DomainRef, LibvirtConnectionApi } from '../../libvirt/facade';
import { DeviceModifyFlags, DomainXMLFlags } from '../../libvirt/facade';
import {
  KVMDESK_NS,
  KVMDESK_PREFIX,
  kvmDeskMetadataElement,
  readKvmDeskMetadata,
} from '../../model/domain-metadata';
import { ApiFailure } from '../errors';
import { lookupGuest } from '../vms';

/** virDomainMetadataType */
const METADATA = { DESCRIPTION: 0, TITLE: 1, ELEMENT: 2 } as const;

/** where an edit goes: the running guest and its definition, or the one it has */
async function editFlags(c: LibvirtConnectionApi, dom: DomainRef): Promise<number> {
  const [active, persistent] = await Promise.all([c.domainIsActive(dom), c.domainIsPersistent(dom)]);
  if (!active) return DeviceModifyFlags.CONFIG;
  return DeviceModifyFlags.LIVE | (persistent ? DeviceModifyFlags.CONFIG : 0);
}

/**
 * Renames a shut-off guest (libvirt renames only inactive, persistent domains). The name follows the
 * wizard's rule; another guest's name is NAME_TAKEN. The same name is nothing to do.
 */
export async function renameGuest(c: LibvirtConnectionApi, uuid: string, name: string): Promise<void> {
  const dom = await lookupGuest(c, uuid);
  if (name === dom.name) return;
  const others = new Set((await c.listAllDomains(0)).filter((d) => d.uuid !== dom.uuid).map((d) => d.name));
  const problem = guestNameProblem(name, others);
  if (problem) {
    const code = others.has(name) ? 'NAME_TAKEN' : 'INVALID_INPUT';
    throw new ApiFailure(code, problem.message, {
      field: 'name',
      ...(problem.refused && { refused: problem.refused }),
    });
  }
  const [active, persistent] = await Promise.all([c.domainIsActive(dom), c.domainIsPersistent(dom)]);
  // libvirt's own words are "cannot rename active domain" (VIR_ERR_OPERATION_INVALID): say what to do
  if (active)
    throw new ApiFailure(
      'WRONG_STATE',
      `Shut ${dom.name} off to rename it: a guest can be renamed only while it is off.`,
      {
        field: 'name',
      },
    );
  if (!persistent)
    throw new ApiFailure(
      'WRONG_STATE',
      `${dom.name} is temporary (transient): make it permanent to rename it.`,
      {
        field: 'name',
      },
    );
  await c.domainRename(dom, name, 0);
}

export interface InfoEdit {
  title?: string;
  description?: string;
  osId?: string;
}

/** finds an osinfo-db entry by its short id, for the OS edit */
export type OsById = (id: string) => Promise<OsEntry | undefined>;

/**
 * Sets the title and description (libvirt's <title>/<description>; '' removes one) and the OS in KVM
 * Desk's metadata, live and persistent where the guest has both. Everything is checked before anything
 * changes.
 */
export async function setGuestInfo(
  c: LibvirtConnectionApi,
  uuid: string,
  edit: InfoEdit,
  osById: OsById,
): Promise<void> {
  const dom = await lookupGuest(c, uuid);
  const titleWrong = edit.title === undefined ? undefined : titleProblem(edit.title);
  if (titleWrong) throw new ApiFailure('INVALID_INPUT', titleWrong, { field: 'title' });
  const descriptionWrong = edit.description === undefined ? undefined : descriptionProblem(edit.description);
  if (descriptionWrong) throw new ApiFailure('INVALID_INPUT', descriptionWrong, { field: 'description' });
  const os = edit.osId === undefined ? undefined : await osById(edit.osId);
  if (edit.osId !== undefined && !os)
    throw new ApiFailure('INVALID_INPUT', `KVM Desk does not know the operating system "${edit.osId}".`, {
      field: 'osId',
    });

  const flags = await editFlags(c, dom);
  // an empty text is sent as none: libvirt then removes the element
  if (edit.title !== undefined)
    await c.domainSetMetadata(dom, METADATA.TITLE, edit.title || undefined, undefined, undefined, flags);
  if (edit.description !== undefined)
    await c.domainSetMetadata(
      dom,
      METADATA.DESCRIPTION,
      edit.description || undefined,
      undefined,
      undefined,
      flags,
    );
  if (os) {
    // the rest of KVM Desk's metadata (the install source, started-since-install) stays as it is
    const persistent = (flags & DeviceModifyFlags.CONFIG) !== 0;
    const xml = await c.domainGetXML(dom, persistent ? DomainXMLFlags.INACTIVE : 0);
    const meta = { ...readKvmDeskMetadata(xml), osId: os.id, osName: os.name, osFamily: os.family };
    await c.domainSetMetadata(
      dom,
      METADATA.ELEMENT,
      kvmDeskMetadataElement(meta),
      KVMDESK_PREFIX,
      KVMDESK_NS,
      flags,
    );
  }
}

/** the guest list to refetch after a change libvirt sends no event for */
export interface GuestRefresh {
  refresh(dom: DomainRef): Promise<void>;
}

/** Autostart on or off. libvirt emits no event for it, so the guest list refetches this guest itself. */
export async function setGuestAutostart(
  c: LibvirtConnectionApi,
  uuid: string,
  enabled: boolean,
  store: GuestRefresh,
): Promise<void> {
  const dom = await lookupGuest(c, uuid);
  if (!(await c.domainIsPersistent(dom)))
    throw new ApiFailure(
      'WRONG_STATE',
      `${dom.name} is temporary (transient): make it permanent to start it with the host.`,
      { field: 'enabled' },
    );
  await c.domainSetAutostart(dom, enabled);
  await store.refresh(dom);
}
