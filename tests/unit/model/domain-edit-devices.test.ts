import { describe, expect, it } from 'vitest';
import {
  addGuestAgentChannel,
  addRng,
  addTpm,
  addUsbTablet,
  removeGuestAgentChannel,
  removeRng,
  removeTpm,
  removeUsbTablet,
  type SoundModel,
  setSoundModel,
  setVideoModel,
  setWatchdog,
  type VideoModel,
} from '../../../main/model/domain-edit';
import { attr, child, findAll, type XmlElement } from '../../../main/model/xml';
import { expectOnlyChanged, previousElement, rootOf } from '../../support/domain-xml-diff';
import { expectValidDomain } from '../../support/virt-xml-validate';
import { FIXTURES, fixture } from './domain-edit-fixtures';

const devices =
  (name: string, keep: (e: XmlElement) => boolean = () => true) =>
  (r: XmlElement) =>
    findAll(r, `devices/${name}`).filter(keep);

/** A device that can be added and removed: both ways only it changes, and it lands in libvirt's spot. */
interface Toggle {
  what: string;
  pick: (r: XmlElement) => XmlElement[];
  add: (xml: string) => string;
  remove: (xml: string) => string;
  /** the element a new one follows in these fixtures, when it is the first of its kind */
  after: string[];
  refusedTwice: RegExp;
  check: (el: XmlElement) => void;
}

const isTablet = (i: XmlElement) => attr(i, 'type') === 'tablet' && (attr(i, 'bus') ?? 'usb') === 'usb';
const isAgent = (c: XmlElement) => attr(child(c, 'target'), 'name') === 'org.qemu.guest_agent.0';

const TOGGLES: Toggle[] = [
  {
    what: 'TPM 2.0',
    pick: devices('tpm'),
    add: addTpm,
    remove: removeTpm,
    after: ['input', 'tpm'],
    refusedTwice: /already has a TPM/,
    check: (t) => {
      expect(attr(t, 'model')).toBe('tpm-crb');
      expect([attr(child(t, 'backend'), 'type'), attr(child(t, 'backend'), 'version')]).toEqual([
        'emulator',
        '2.0',
      ]);
    },
  },
  {
    what: 'USB tablet',
    pick: devices('input', isTablet),
    add: addUsbTablet,
    remove: removeUsbTablet,
    after: ['input', 'channel', 'console'],
    refusedTwice: /already has a USB tablet/,
    check: (i) => expect(attr(i, 'bus')).toBe('usb'),
  },
  {
    what: 'guest agent channel',
    pick: devices('channel', isAgent),
    add: addGuestAgentChannel,
    remove: removeGuestAgentChannel,
    after: ['channel', 'console'],
    refusedTwice: /already has a guest agent channel/,
    check: (c) => {
      expect(attr(c, 'type')).toBe('unix');
      expect(attr(child(c, 'target'), 'type')).toBe('virtio');
    },
  },
  {
    what: 'random number generator',
    pick: devices('rng'),
    add: addRng,
    remove: removeRng,
    after: ['memballoon', 'watchdog', 'video', 'rng'],
    refusedTwice: /already has a random number generator/,
    check: (r) => {
      expect(attr(r, 'model')).toBe('virtio');
      expect(child(r, 'backend')?.textContent).toBe('/dev/urandom');
    },
  },
];

describe.each(FIXTURES)('devices of $name', ({ xml }) => {
  for (const t of TOGGLES) {
    it(`adds and removes a ${t.what}, each time only it changes`, () => {
      const had = t.pick(rootOf(xml)).length > 0;
      const without = had ? t.remove(xml) : xml;
      if (had) {
        const { after } = expectOnlyChanged(xml, without, t.pick);
        expect(after).toEqual([]);
        expectValidDomain(without);
      } else {
        expect(() => t.remove(xml)).toThrow(/This guest has no/);
      }
      const withIt = t.add(without);
      const { before, after } = expectOnlyChanged(without, withIt, t.pick);
      expect(before).toEqual([]);
      expect(after.length).toBeGreaterThan(0);
      const [el] = t.pick(rootOf(withIt));
      t.check(el);
      expect(t.after).toContain(previousElement(el)?.tagName);
      expect(() => t.add(withIt)).toThrow(t.refusedTwice);
      expectValidDomain(withIt);
    });
  }

  for (const model of ['virtio', 'qxl', 'vga', 'bochs', 'none'] as VideoModel[]) {
    it(`changes the video card to ${model}`, () => {
      const after = setVideoModel(xml, model);
      expectOnlyChanged(xml, after, devices('video'));
      const [video] = devices('video')(rootOf(after));
      expect(attr(child(video, 'model'), 'type')).toBe(model);
      expectValidDomain(after);
    });
  }

  for (const model of ['ich9', 'ich6', 'none'] as SoundModel[]) {
    it(`changes the sound card to ${model}`, () => {
      const after = setSoundModel(xml, model);
      expectOnlyChanged(xml, after, devices('sound'));
      const sounds = devices('sound')(rootOf(after));
      expect(sounds.map((s) => attr(s, 'model'))).toEqual(model === 'none' ? [] : [model]);
      expectValidDomain(after);
    });
  }

  it('adds, changes and removes a watchdog', () => {
    const added = setWatchdog(setWatchdog(xml, 'none'), { model: 'i6300esb', action: 'poweroff' });
    expectOnlyChanged(xml, added, devices('watchdog'));
    const [w] = devices('watchdog')(rootOf(added));
    expect([attr(w, 'model'), attr(w, 'action')]).toEqual(['i6300esb', 'poweroff']);
    expect(previousElement(w)?.tagName).not.toBe('emulator');
    expectValidDomain(added);
    const reset = setWatchdog(added, { model: 'i6300esb', action: 'reset' });
    expect(devices('watchdog')(rootOf(reset)).map((x) => attr(x, 'action'))).toEqual(['reset']);
    const none = setWatchdog(reset, 'none');
    expect(devices('watchdog')(rootOf(none))).toEqual([]);
    expectOnlyChanged(xml, none, devices('watchdog'));
    expectValidDomain(none);
  });

  it('refuses unknown models and actions, in the user’s words', () => {
    expect(() => setVideoModel(xml, 'cirrus' as VideoModel)).toThrow(/"cirrus" is not a video card/);
    expect(() => setSoundModel(xml, 'ac97' as SoundModel)).toThrow(/"ac97" is not a sound card/);
    expect(() => setWatchdog(xml, { model: 'i6300esb', action: 'explode' as 'reset' })).toThrow(
      /"explode" is not a watchdog action/,
    );
  });
});

describe('the iTCO watchdog (Q35 only; libvirt 9.1 and later)', () => {
  it('replaces an i6300esb on Q35, dropping its PCI address', () => {
    const xml = fixture('fx1.dumpxml');
    const after = setWatchdog(xml, { model: 'itco', action: 'reset' });
    expectOnlyChanged(xml, after, devices('watchdog'));
    const [w] = devices('watchdog')(rootOf(after));
    expect(attr(w, 'model')).toBe('itco');
    expect(child(w, 'address')).toBeUndefined();
    // not validated: libvirt 9.0's schema does not know itco yet
  });

  it('is refused on a pc (i440FX) guest', () => {
    expect(() => setWatchdog(fixture('fx2.dumpxml'), { model: 'itco', action: 'reset' })).toThrow(
      'The iTCO watchdog is part of the Q35 chipset; this guest is not Q35: use i6300esb.',
    );
  });
});

describe('TPM models by architecture', () => {
  it('uses tpm-tis on Arm and tpm-spapr on POWER', () => {
    const arm = fixture('fx2.print').replace('arch="x86_64" machine="pc"', 'arch="aarch64" machine="virt"');
    expect(attr(devices('tpm')(rootOf(addTpm(arm)))[0], 'model')).toBe('tpm-tis');
    const ppc = fixture('fx2.print').replace(
      'arch="x86_64" machine="pc"',
      'arch="ppc64le" machine="pseries"',
    );
    expect(attr(devices('tpm')(rootOf(addTpm(ppc)))[0], 'model')).toBe('tpm-spapr');
  });
});

describe('no video card', () => {
  it('is refused while a guest has two, and keeps heads and primary otherwise', () => {
    const two = fixture('fx1.print').replace(
      '<video>\n      <model type="virtio"/>\n    </video>',
      '<video>\n      <model type="virtio" heads="2" primary="yes"/>\n    </video>\n    <video>\n      <model type="virtio"/>\n    </video>',
    );
    expect(() => setVideoModel(two, 'none')).toThrow(
      'This guest has 2 video cards; remove the others to have none.',
    );
    const qxl = setVideoModel(two, 'qxl');
    const [first, second] = devices('video')(rootOf(qxl));
    expect([
      attr(child(first, 'model'), 'type'),
      attr(child(first, 'model'), 'heads'),
      attr(child(first, 'model'), 'primary'),
    ]).toEqual(['qxl', '2', 'yes']);
    expect(attr(child(second, 'model'), 'type')).toBe('virtio');
    expectValidDomain(qxl);
  });
});
