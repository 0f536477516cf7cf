// The smaller devices as a domain XML says (VmDetails.devices, read from the saved definition), and the
// checks an expert's whole-XML edit must pass before libvirt sees it.
//
// Exports:
//   devicesOf(xml): GuestDevices                 TPM, video, sound, USB tablet, guest agent, RNG, watchdog
//   xmlIdentityProblem(xml, guest): string|undefined   why an edited XML may not be defined for this guest
import type { GuestDevices } from '../../preload/contract';
import { attr, child, children, parseXml, text, type XmlElement, XmlError } from './xml';

const GUEST_AGENT = 'org.qemu.guest_agent.0';

export function devicesOf(xml: string): GuestDevices {
  const devices = child(parseXml(xml).documentElement!, 'devices');
  const first = (name: string) => children(devices, name)[0];
  const tpm = first('tpm');
  const video = first('video');
  const sound = first('sound');
  const watchdog = first('watchdog');
  return {
    tpm: tpm && {
      model: attr(tpm, 'model') ?? 'tpm-tis',
      version: attr(child(tpm, 'backend'), 'version'),
    },
    // libvirt writes a model on every card it defined; a hand-written one without is QEMU's default
    video: video && (attr(child(video, 'model'), 'type') ?? 'default'),
    sound: sound && (attr(sound, 'model') ?? 'default'),
    tablet: children(devices, 'input').some(
      (i) => attr(i, 'type') === 'tablet' && (attr(i, 'bus') ?? 'usb') === 'usb',
    ),
    guestAgent: children(devices, 'channel').some((c) => attr(child(c, 'target'), 'name') === GUEST_AGENT),
    rng: children(devices, 'rng').length > 0,
    watchdog: watchdog && {
      model: attr(watchdog, 'model') ?? 'i6300esb',
      action: attr(watchdog, 'action') ?? 'reset',
    },
  };
}

/**
 * An XML editor defines a whole domain: with another <uuid> or <name> libvirt would make a second guest
 * (or take over another one), so the editor may not change either (rename has its own call).
 */
export function xmlIdentityProblem(xml: string, guest: { uuid: string; name: string }): string | undefined {
  let root: XmlElement | undefined;
  try {
    root = parseXml(xml).documentElement ?? undefined;
  } catch (err) {
    if (err instanceof XmlError) return err.message;
    throw err;
  }
  if (root?.tagName !== 'domain') return 'A guest’s definition is one <domain> element.';
  const uuid = text(child(root, 'uuid'))?.toLowerCase();
  if (uuid !== guest.uuid.toLowerCase())
    return uuid
      ? `The <uuid> must stay ${guest.uuid}: a new one would make another guest.`
      : `Keep the <uuid> element (${guest.uuid}): without it libvirt would make another guest.`;
  const name = text(child(root, 'name'));
  if (name !== guest.name)
    return `The <name> must stay ${guest.name}: rename the guest on its Overview tab (the XML editor cannot).`;
  return undefined;
}
