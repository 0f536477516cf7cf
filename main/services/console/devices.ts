// Which consoles a guest has, read from its domain XML: its graphical displays (by type) and whether it
// has a text console libvirt can stream (DOMAIN_OPEN_CONSOLE: a <serial> or <console> on a pty).
import type { ConsoleDevices } from '../../../preload/contract';
import { isStreamableConsole } from '../../model/domain-scan';
import { attr, findAll, parseXml } from '../../model/xml';

export function consoleDevicesFromXml(xml: string): ConsoleDevices {
  const doc = parseXml(xml);
  const graphics = findAll(doc, 'domain/devices/graphics')
    .map((g) => attr(g, 'type') ?? '')
    .filter(Boolean);
  const serial = [...findAll(doc, 'domain/devices/console'), ...findAll(doc, 'domain/devices/serial')].some(
    (e) => isStreamableConsole(attr(e, 'type')),
  );
  return { graphics, serial };
}
