// The smaller devices, added, changed and removed in place in <devices>: TPM, video, sound, USB tablet,
// the guest agent's channel, a random number generator and a watchdog.
//
// Exports:
//   addTpm(xml): string / removeTpm(xml): string             TPM 2.0 emulated by swtpm (tpm-crb on x86,
//                                                           tpm-tis on Arm, tpm-spapr on POWER)
//   VideoModel; setVideoModel(xml, model): string          the first <video>'s model; 'none': no video card
//   SoundModel; setSoundModel(xml, model): string          the first <sound>'s model; 'none' removes sound
//   addUsbTablet(xml) / removeUsbTablet(xml)               <input type='tablet' bus='usb'>: the pointer
//                                                           follows the host's without grabbing it
//   addGuestAgentChannel(xml) / removeGuestAgentChannel(xml)   the org.qemu.guest_agent.0 unix channel
//   addRng(xml) / removeRng(xml)                           virtio-rng fed from the host's /dev/urandom
//   Watchdog; setWatchdog(xml, watchdog|'none'): string     <watchdog model action>
import { addDevice, archOf, DomainEditError, devicesNamed, editDomain, isQ35 } from './domain-edit-core';
import { attr, child, children, h, insertTreeAfter, removeElement, setAttr, type XmlElement } from './xml';

function refuseTwice(existing: XmlElement[], what: string): void {
  if (existing.length > 0) throw new DomainEditError(`This guest already has ${what}.`);
}

function removeAll(existing: XmlElement[], what: string): void {
  if (existing.length === 0) throw new DomainEditError(`This guest has no ${what}.`);
  for (const e of existing) removeElement(e);
}

function tpmModel(arch: string): string {
  if (arch === 'x86_64' || arch === 'i686') return 'tpm-crb';
  if (arch.startsWith('ppc64')) return 'tpm-spapr';
  // libvirt turns tpm-tis into QEMU's sysbus tpm-tis-device on Arm's virt machine
  return 'tpm-tis';
}

export function addTpm(xml: string): string {
  return editDomain(xml, (root) => {
    refuseTwice(devicesNamed(root, 'tpm'), 'a TPM');
    addDevice(
      root,
      h('tpm', { model: tpmModel(archOf(root)) }, h('backend', { type: 'emulator', version: '2.0' })),
    );
  });
}

/** The TPM's state (swtpm's files) stays on the host until the guest is undefined with --tpm. */
export function removeTpm(xml: string): string {
  return editDomain(xml, (root) => removeAll(devicesNamed(root, 'tpm'), 'TPM'));
}

export type VideoModel = 'virtio' | 'qxl' | 'vga' | 'bochs' | 'none';
const VIDEO_MODELS: readonly VideoModel[] = ['virtio', 'qxl', 'vga', 'bochs', 'none'];

export function setVideoModel(xml: string, model: VideoModel): string {
  if (!VIDEO_MODELS.includes(model)) {
    throw new DomainEditError(`"${model}" is not a video card: choose ${VIDEO_MODELS.join(', ')}.`);
  }
  return editDomain(xml, (root) => {
    const videos = devicesNamed(root, 'video');
    // libvirt: "A 'none' video must be the only video device"
    if (model === 'none' && videos.length > 1) {
      throw new DomainEditError(
        `This guest has ${videos.length} video cards; remove the others to have none.`,
      );
    }
    const video = videos[0];
    if (!video) {
      addDevice(root, h('video', {}, h('model', { type: model })));
      return;
    }
    const old = child(video, 'model');
    // a model's sizes (vram, ram, vgamem) and <acceleration> are the old card's; libvirt fills the new
    // card's defaults. heads and primary say how the guest uses it, and stay.
    const fresh = h('model', {
      type: model,
      heads: model === 'none' ? undefined : attr(old, 'heads'),
      primary: attr(old, 'primary'),
    });
    if (old) removeElement(old);
    // vhost-user (<driver name>) is virtio-gpu's; a 'none' card has no PCI address to keep
    if (model !== 'virtio') for (const d of children(video, 'driver')) removeElement(d);
    if (model === 'none') for (const a of children(video, 'address')) removeElement(a);
    // first, where libvirt writes <model>
    insertTreeAfter(video, fresh, undefined);
  });
}

export type SoundModel = 'ich9' | 'ich6' | 'none';

export function setSoundModel(xml: string, model: SoundModel): string {
  if (!['ich9', 'ich6', 'none'].includes(model)) {
    throw new DomainEditError(`"${model}" is not a sound card: choose ich9, ich6 or none.`);
  }
  return editDomain(xml, (root) => {
    const sounds = devicesNamed(root, 'sound');
    if (model === 'none') {
      for (const s of sounds) removeElement(s);
      return;
    }
    // both are Intel HD Audio controllers: their <codec> children stay meaningful
    if (sounds[0]) setAttr(sounds[0], 'model', model);
    else addDevice(root, h('sound', { model }));
  });
}

const isUsbTablet = (i: XmlElement) => attr(i, 'type') === 'tablet' && (attr(i, 'bus') ?? 'usb') === 'usb';

export function addUsbTablet(xml: string): string {
  return editDomain(xml, (root) => {
    refuseTwice(devicesNamed(root, 'input').filter(isUsbTablet), 'a USB tablet');
    const usb = devicesNamed(root, 'controller').filter((c) => attr(c, 'type') === 'usb');
    if (usb.length > 0 && usb.every((c) => attr(c, 'model') === 'none')) {
      throw new DomainEditError('This guest has no USB controller, so it cannot have a USB tablet.');
    }
    addDevice(root, h('input', { type: 'tablet', bus: 'usb' }));
  });
}

export function removeUsbTablet(xml: string): string {
  return editDomain(xml, (root) => removeAll(devicesNamed(root, 'input').filter(isUsbTablet), 'USB tablet'));
}

const GUEST_AGENT = 'org.qemu.guest_agent.0';
const isGuestAgent = (c: XmlElement) => attr(child(c, 'target'), 'name') === GUEST_AGENT;

export function addGuestAgentChannel(xml: string): string {
  return editDomain(xml, (root) => {
    refuseTwice(devicesNamed(root, 'channel').filter(isGuestAgent), 'a guest agent channel');
    // libvirt picks the socket's path and adds the virtio-serial controller it needs
    addDevice(
      root,
      h(
        'channel',
        { type: 'unix' },
        h('source', { mode: 'bind' }),
        h('target', { type: 'virtio', name: GUEST_AGENT }),
      ),
    );
  });
}

export function removeGuestAgentChannel(xml: string): string {
  return editDomain(xml, (root) =>
    removeAll(devicesNamed(root, 'channel').filter(isGuestAgent), 'guest agent channel'),
  );
}

export function addRng(xml: string): string {
  return editDomain(xml, (root) => {
    refuseTwice(devicesNamed(root, 'rng'), 'a random number generator');
    addDevice(root, h('rng', { model: 'virtio' }, h('backend', { model: 'random' }, '/dev/urandom')));
  });
}

export function removeRng(xml: string): string {
  return editDomain(xml, (root) => removeAll(devicesNamed(root, 'rng'), 'random number generator'));
}

export interface Watchdog {
  /** i6300esb: a PCI card any machine takes; itco: Q35's own (libvirt 9.1 and later) */
  model: 'i6300esb' | 'itco';
  /** what happens when the guest stops feeding it */
  action: 'reset' | 'shutdown' | 'poweroff' | 'pause' | 'none' | 'dump' | 'inject-nmi';
}

const WATCHDOG_ACTIONS: readonly Watchdog['action'][] = [
  'reset',
  'shutdown',
  'poweroff',
  'pause',
  'none',
  'dump',
  'inject-nmi',
];

export function setWatchdog(xml: string, watchdog: Watchdog | 'none'): string {
  if (watchdog !== 'none') {
    if (watchdog.model !== 'i6300esb' && watchdog.model !== 'itco') {
      throw new DomainEditError(`"${watchdog.model}" is not a watchdog: choose i6300esb or itco.`);
    }
    if (!WATCHDOG_ACTIONS.includes(watchdog.action)) {
      throw new DomainEditError(
        `"${watchdog.action}" is not a watchdog action: choose ${WATCHDOG_ACTIONS.join(', ')}.`,
      );
    }
  }
  return editDomain(xml, (root) => {
    const existing = devicesNamed(root, 'watchdog');
    if (watchdog === 'none') {
      for (const w of existing) removeElement(w);
      return;
    }
    if (watchdog.model === 'itco' && !isQ35(root)) {
      throw new DomainEditError(
        'The iTCO watchdog is part of the Q35 chipset; this guest is not Q35: use i6300esb.',
      );
    }
    const w = existing[0];
    if (!w) {
      addDevice(root, h('watchdog', { model: watchdog.model, action: watchdog.action }));
      return;
    }
    // an i6300esb's PCI address means nothing to the chipset's iTCO, and back
    if (attr(w, 'model') !== watchdog.model) for (const a of children(w, 'address')) removeElement(a);
    setAttr(w, 'model', watchdog.model);
    setAttr(w, 'action', watchdog.action);
  });
}
