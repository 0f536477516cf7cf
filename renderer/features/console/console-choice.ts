// Which console a guest's console pane shows, from the consoles the guest has: its VNC display (noVNC),
// else its serial console (a terminal) with a line saying why, else a message saying how to add one.
// Pure, so the choice is unit-tested without a guest.
import type { ConsoleDevices } from '../../../preload/contract';

export type ConsoleChoice =
  /** noVNC; `serial`: the guest has a serial console too (a toggle offers it) */
  | { kind: 'vnc'; serial: boolean }
  /** the terminal; `note` says why it is not the screen (absent when the user chose it over the screen) */
  | { kind: 'serial'; display: boolean; note?: string }
  /** nothing to show: `message` says so, `hint` and `command` how to add a display */
  | { kind: 'none'; message: string; hint: string; command: string };

/** The command that gives a guest a VNC display (shown when it has no console at all). */
export function addDisplayCommand(name: string): string {
  const quoted = /^[A-Za-z0-9._-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
  return `virt-xml ${quoted} --add-device --graphics vnc`;
}

/**
 * devices undefined: not known (the call failed, or an older backend): the VNC console, as before, which
 * says itself why it cannot connect. preferSerial: the user picked the serial console of a guest with both.
 */
export function chooseConsole(
  devices: ConsoleDevices | undefined,
  name: string,
  preferSerial = false,
): ConsoleChoice {
  if (!devices) return { kind: 'vnc', serial: false };
  const vnc = devices.graphics.includes('vnc');
  const other = devices.graphics.find((g) => g !== 'vnc');
  if (vnc && !(preferSerial && devices.serial)) return { kind: 'vnc', serial: devices.serial };
  if (vnc) return { kind: 'serial', display: true };
  const why = other
    ? `This guest's display is ${other.toUpperCase()}, which KVM Desk cannot show`
    : 'This guest has no display';
  if (devices.serial) return { kind: 'serial', display: false, note: `${why}: this is its serial console.` };
  return {
    kind: 'none',
    message: `${why}.`,
    hint: `It has no ${other ? 'VNC display' : 'display'} and no serial console; add one with virt-manager or`,
    command: addDisplayCommand(name),
  };
}
