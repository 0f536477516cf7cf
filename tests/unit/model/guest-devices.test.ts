// The Devices card's facts from guests made by virt-install and re-read by libvirt, and the XML editor's
// guard on the name and uuid.
import { describe, expect, it } from 'vitest';
import { addTpm, removeUsbTablet, setSoundModel, setWatchdog } from '../../../main/model/domain-edit';
import { devicesOf, xmlIdentityProblem } from '../../../main/model/guest-devices';
import { fixture } from './domain-edit-fixtures';

describe('the smaller devices of a saved definition', () => {
  it('reads a q35 guest full of extras: TPM 2.0, virtio video, ich9, tablet, agent, RNG, watchdog', () => {
    expect(devicesOf(fixture('fx1.dumpxml'))).toEqual({
      tpm: { model: 'tpm-crb', version: '2.0' },
      video: 'virtio',
      sound: 'ich9',
      tablet: true,
      guestAgent: true,
      rng: true,
      watchdog: { model: 'i6300esb', action: 'reset' },
    });
  });

  it('reads a plain pc guest: no TPM, agent, RNG or watchdog', () => {
    expect(devicesOf(fixture('fx2.dumpxml'))).toEqual({
      video: 'vga',
      sound: 'ich6',
      tablet: true,
      guestAgent: false,
      rng: false,
    });
  });

  it('follows the edits: each add and remove shows', () => {
    let xml = fixture('fx2.dumpxml');
    xml = addTpm(xml);
    xml = setWatchdog(xml, { model: 'i6300esb', action: 'poweroff' });
    xml = removeUsbTablet(setSoundModel(xml, 'none'));
    expect(devicesOf(xml)).toMatchObject({
      tpm: { model: 'tpm-crb', version: '2.0' },
      sound: undefined,
      tablet: false,
      watchdog: { model: 'i6300esb', action: 'poweroff' },
    });
  });

  it('a virtio tablet is not a USB tablet', () => {
    const xml = `<domain><devices><input type='tablet' bus='virtio'/></devices></domain>`;
    expect(devicesOf(xml).tablet).toBe(false);
  });
});

describe('what the XML editor may define', () => {
  const guest = { uuid: '1b3a4c5d-0000-4000-8000-00000000f002', name: 'kvmdesk-test-fx2' };
  const xml = fixture('fx2.dumpxml');

  it('the same guest with another change passes', () => {
    expect(xmlIdentityProblem(xml.replace("model='ich6'", "model='ich9'"), guest)).toBeUndefined();
    expect(xmlIdentityProblem(xml, { ...guest, uuid: guest.uuid.toUpperCase() })).toBeUndefined();
  });

  it('another uuid or name is refused, saying why', () => {
    expect(
      xmlIdentityProblem(xml.replace(guest.uuid, '1b3a4c5d-0000-4000-8000-0000000000ff'), guest),
    ).toMatch(/The <uuid> must stay 1b3a4c5d-0000-4000-8000-00000000f002/);
    expect(xmlIdentityProblem(xml.replace(/<uuid>[^<]*<\/uuid>/, ''), guest)).toMatch(/Keep the <uuid>/);
    expect(xmlIdentityProblem(xml.replace('<name>kvmdesk-test-fx2<', '<name>other<'), guest)).toMatch(
      /The <name> must stay kvmdesk-test-fx2: rename the guest on its Overview tab/,
    );
  });

  it('text that is not a domain is refused', () => {
    expect(xmlIdentityProblem('<domain><name>x</name', guest)).toMatch(/could not be read/);
    expect(xmlIdentityProblem('<network/>', guest)).toMatch(/one <domain> element/);
  });
});
