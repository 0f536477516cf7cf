// The first in-place edits (domain-edit.ts: CD media, boot order, KVM Desk's metadata) on the same guests
// made by virt-install and libvirt as the hardware edits.
import { describe, expect, it } from 'vitest';
import { setBootOrder, setCdromMedia, setKvmDeskMetadata } from '../../../main/model/domain-edit';
import { readKvmDeskMetadata } from '../../../main/model/domain-xml';
import { attr, child, children, findAll, type XmlElement } from '../../../main/model/xml';
import { expectOnlyChanged, rootOf } from '../../support/domain-xml-diff';
import { expectValidDomain } from '../../support/virt-xml-validate';
import { FIXTURES } from './domain-edit-fixtures';

const cdroms = (r: XmlElement) => findAll(r, 'devices/disk').filter((d) => attr(d, 'device') === 'cdrom');

describe.each(FIXTURES)('media, boot order and metadata of $name', ({ xml }) => {
  const dev = attr(child(cdroms(rootOf(xml))[0], 'target'), 'dev')!;

  it('inserts and ejects a CD, changing only that drive', () => {
    const inserted = setCdromMedia(xml, dev, '/isos/virtio-win & co.iso');
    expectOnlyChanged(xml, inserted, cdroms);
    expect(attr(child(cdroms(rootOf(inserted))[0], 'source'), 'file')).toBe('/isos/virtio-win & co.iso');
    expectValidDomain(inserted);
    const ejected = setCdromMedia(inserted, dev, undefined);
    expect(child(cdroms(rootOf(ejected))[0], 'source')).toBeUndefined();
    expectValidDomain(ejected);
  });

  it('sets the boot order inside <os> alone', () => {
    const after = setBootOrder(xml, ['cdrom', 'hd']);
    expectOnlyChanged(xml, after, (r) => children(r, 'os'));
    expect(findAll(rootOf(after), 'os/boot').map((b) => attr(b, 'dev'))).toEqual(['cdrom', 'hd']);
    expectValidDomain(after);
  });

  it('adds KVM Desk’s metadata next to libosinfo’s', () => {
    const after = setKvmDeskMetadata(xml, { osId: 'debian12', installKind: 'iso', installSource: '/a.iso' });
    expectOnlyChanged(xml, after, (r) => children(child(r, 'metadata')).filter((m) => m.localName === 'vm'));
    expect(readKvmDeskMetadata(after)?.osId).toBe('debian12');
    expectValidDomain(after);
  });
});
