// Which consoles a guest has, read from its domain XML: its graphical displays (by type) and whether it
// has a text console libvirt can stream (DOMAIN_OPEN_CONSOLE: a <serial> or <console> on a pty).
import type { ConsoleDevices } from '../../../preload/contract';
import { attr, findAll, parseXml } from '../../model/xml';

export function consoleDevicesFromXml(xml: string): ConsoleDevices {
  const doc = parseXml(xml);
  const graphics = findAll(doc, 'domain/devices/graphics')
    .map((g) => attr(g, 'type') ?? '')
    .filter(Boolean);
  // libvirt streams only pty character devices (qemuDomainOpenConsole: "not using a PTY" otherwise);
  // a <serial> or <console> without a type attribute is a pty too
  const serial = [...findAll(doc, 'domain/devices/console'), ...findAll(doc, 'domain/devices/serial')].some(
    (e) => (attr(e, 'type') ?? 'pty') === 'pty',
  );
  return { graphics, serial };
}
